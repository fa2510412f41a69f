// Inspector hooks and custom precompiles, seen from bytecode.
import { describe, expect, it } from 'vitest';
import { bytesToBigInt, hexToBytes } from '../../src/evm/bytes.js';
import { keccak256 } from '../../src/evm/crypto/keccak.js';
import { EVM } from '../../src/evm/evm.js';
import type { CallEnter, CallExit, Inspector } from '../../src/evm/inspector.js';
import { CANCUN_PRECOMPILES } from '../../src/evm/precompiles/index.js';
import { definePrecompile, PrecompileHalt, PrecompileRegistry } from '../../src/evm/precompiles/registry.js';
import { Account } from '../../src/evm/state/account.js';

const CONTRACT = 0xc0den;
const CALLER = 0xca11e7n;

function evmWith(code: string, options: ConstructorParameters<typeof EVM>[0] = {}) {
  const evm = new EVM(options);
  const c = new Account();
  c.code = hexToBytes(code);
  evm.state.putAccount(CONTRACT, c);
  return evm;
}

describe('inspector hooks', () => {
  it('reports storage reads and writes, keccak preimages, logs, calls and steps', () => {
    // SSTORE(1, 0x2a); SLOAD(1); KECCAK256 of mem[0..32] holding 7; LOG1; CALL the identity precompile.
    const code =
      '0x602a600155' + // sstore(1, 42)
      '60015450' + // sload(1), pop
      '6007600052602060002050' + // mstore(0, 7); keccak256(0, 32); pop
      '60ff60206000a1' + // log1(0, 32, topic 0xff)
      '6000600060206000600060045af15000'; // call(gas, 4, 0, 0, 32, 0, 0); pop; stop
    const reads: [bigint, bigint, bigint][] = [];
    const writes: [bigint, bigint, bigint, bigint][] = [];
    const preimages: [Uint8Array, bigint][] = [];
    const enters: CallEnter[] = [];
    const exits: CallExit[] = [];
    const ops: number[] = [];
    let logs = 0;
    const inspector: Inspector = {
      step: (_f, op) => ops.push(op),
      storageRead: (a, k, v) => reads.push([a, k, v]),
      storageWrite: (a, k, p, v) => writes.push([a, k, p, v]),
      keccak: (input, hash) => preimages.push([input, hash]),
      log: () => logs++,
      callEnter: (c) => enters.push(c),
      callExit: (e) => exits.push(e),
    };
    const evm = evmWith(code, { inspector });
    const r = evm.runMessage({ caller: CALLER, to: CONTRACT, gas: 200_000 });
    expect(r.status).toBe('success');
    expect(writes).toEqual([[CONTRACT, 1n, 0n, 42n]]);
    expect(reads).toEqual([[CONTRACT, 1n, 42n]]);
    expect(preimages).toHaveLength(1);
    expect(bytesToBigInt(preimages[0][0])).toBe(7n);
    expect(preimages[0][1]).toBe(bytesToBigInt(keccak256(preimages[0][0])));
    expect(logs).toBe(1);
    expect(enters.map((e) => [e.kind, e.depth, e.to, e.isPrecompile])).toEqual([
      ['CALL', 0, CONTRACT, false],
      ['CALL', 1, 4n, true],
    ]);
    expect(exits.map((e) => e.status)).toEqual(['success', 'success']);
    expect(ops[0]).toBe(0x60);
    expect(ops.at(-1)).toBe(0x00);
  });

  it('a hook that throws leaves the state exactly as it was', () => {
    const evm = evmWith('0x602a60015560016001a0600060006000600060006000f0');
    const root = evm.state.stateRoot();
    evm.inspector = {
      log: () => {
        throw new Error('tracer failed');
      },
    };
    expect(() => evm.runMessage({ caller: CALLER, to: CONTRACT, gas: 200_000 })).toThrow('tracer failed');
    expect(evm.state.stateRoot()).toEqual(root);
    expect(evm.state.openCheckpointCount).toBe(0);
    // The EVM stays usable.
    evm.inspector = undefined;
    expect(evm.runMessage({ caller: CALLER, to: CONTRACT, gas: 200_000 }).status).toBe('success');
  });
});

describe('re-entrancy', () => {
  it('a hook that re-enters runMessage gets a typed error and the outer run is undone', () => {
    const evm = evmWith('0x602a600155');
    const root = evm.state.stateRoot();
    evm.inspector = {
      storageWrite: () => {
        evm.runMessage({ caller: CALLER, to: CONTRACT, gas: 100_000 });
      },
    };
    expect(() => evm.runMessage({ caller: CALLER, to: CONTRACT, gas: 100_000 })).toThrow(/already running/);
    expect(evm.state.stateRoot()).toEqual(root);
    evm.inspector = undefined;
    expect(evm.runMessage({ caller: CALLER, to: CONTRACT, gas: 100_000 }).status).toBe('success');
  });
});

describe('custom precompiles', () => {
  // Charges 100 gas per input byte, decided while it runs; returns the input reversed.
  const reverse = definePrecompile('reverse', (input, call) => {
    const gasUsed = 100 * input.length;
    if (gasUsed > call.gasLimit) throw new PrecompileHalt('out of gas');
    return { gasUsed, output: input.slice().reverse() };
  });
  const registry = () => new PrecompileRegistry(CANCUN_PRECOMPILES).register(0x100n, reverse);

  // mstore(0, 0x0102...); call(gasArg, 0x100, 0, 30, 2, 0, 32); returns [success, mem[0..32]]
  const caller = (gasArg: string) =>
    `0x61010260005260206000600260 1e6000610100${gasArg}f1600052602060 00f3`.replace(/ /g, '');

  it('runs with gas it decides itself, and the caller is charged exactly that', () => {
    const evm = evmWith(caller('61ffff'), { precompiles: registry() });
    const r = evm.runMessage({ caller: CALLER, to: CONTRACT, gas: 100_000 });
    expect(r.status).toBe('success');
    expect(bytesToBigInt(r.output)).toBe(1n);
    const withoutCall = evmWith(caller('61ffff'), {
      precompiles: new PrecompileRegistry(CANCUN_PRECOMPILES),
    });
    const r0 = withoutCall.runMessage({ caller: CALLER, to: CONTRACT, gas: 100_000 });
    // Same program calling an empty account: the difference is the precompile's 200 gas.
    expect(r.gasUsed - r0.gasUsed).toBe(200n);
  });

  it('halts out of gas when given less than it needs, consuming what it was given', () => {
    const evm = evmWith(caller('60c7'), { precompiles: registry() }); // 199 gas < 200
    const r = evm.runMessage({ caller: CALLER, to: CONTRACT, gas: 100_000 });
    expect(r.status).toBe('success');
    expect(bytesToBigInt(r.output)).toBe(0n);
  });

  it('is warm like the built-ins once registered (EIP-2929)', () => {
    expect(registry().addresses()).toContain(0x100n);
  });
});
