// The interception hooks cheatcodes are built on: replace a call's params, answer a call without
// running it, replace an outcome; checked from Solidity, against the same code run without hooks.
import { decodeFunctionResult, encodeFunctionData, hexToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import { EVM, type Immediate, type Inspector } from '../../src/evm/index.js';
import { compileContract } from '../chain/solc.js';

const SOURCE = `
pragma solidity ^0.8.20;
contract Callee {
  function who() external view returns (address) { return msg.sender; }
  function boom() external pure { revert("boom"); }
  function value() external pure returns (uint256) { return 7; }
}
contract Caller {
  Callee public callee;
  constructor() { callee = new Callee(); }
  function who() external view returns (address) { return callee.who(); }
  function tryBoom() external view returns (bool ok) { try callee.boom() { ok = true; } catch { ok = false; } }
  function value() external view returns (uint256) { return callee.value(); }
  function make() external returns (address) { return address(new Callee()); }
  function pay() external returns (bool ok) { (ok,) = address(0x5eed).call{value: 1}(""); }
}`;
const caller = compileContract(SOURCE, 'Caller');
const SENDER = 0x1111n;

function deploy(inspector?: Inspector): { evm: EVM; address: bigint } {
  const evm = new EVM({ inspector });
  const r = evm.runMessage({ caller: SENDER, to: null, data: hexToBytes(caller.bytecode), gas: 10_000_000 });
  expect(r.status).toBe('success');
  return { evm, address: r.createdAddress! };
}

function call(evm: EVM, to: bigint, fn: 'who' | 'tryBoom' | 'value' | 'make' | 'pay') {
  const r = evm.runMessage({
    caller: SENDER,
    to,
    data: hexToBytes(encodeFunctionData({ abi: caller.abi, functionName: fn })),
    gas: 10_000_000,
  });
  return {
    r,
    value:
      r.status === 'success'
        ? decodeFunctionResult({
            abi: caller.abi,
            functionName: fn,
            data: `0x${Buffer.from(r.output).toString('hex')}`,
          })
        : undefined,
  };
}

describe('EVM interception hooks', () => {
  it('interceptCall can rewrite the caller of a nested call (a prank)', () => {
    const { evm, address } = deploy();
    expect(BigInt(call(evm, address, 'who').value as string)).toBe(address);
    evm.inspector = {
      interceptCall: (p) => (p.depth === 1 ? { ...p, caller: 0xbeefn } : undefined),
    };
    expect(BigInt(call(evm, address, 'who').value as string)).toBe(0xbeefn);
  });

  it('interceptCall can answer a call without running it; callEnd sees exactly one end per call', () => {
    const { evm, address } = deploy();
    const ends: number[] = [];
    const answer = new Uint8Array(32);
    answer[31] = 99;
    let starts = 0;
    evm.inspector = {
      interceptCall: (p) => {
        starts++;
        return p.depth === 1
          ? { status: 'success', output: answer, gas: p.gas, createdAddress: 0n }
          : undefined;
      },
      callEnd: (depth) => {
        ends.push(depth);
        return undefined;
      },
    };
    expect(call(evm, address, 'value').value).toBe(99n);
    expect(starts).toBe(2);
    expect(ends.sort()).toEqual([0, 1]);
  });

  it('callEnd can turn a revert into success (and the caller sees it)', () => {
    const { evm, address } = deploy();
    expect(call(evm, address, 'tryBoom').value).toBe(false);
    evm.inspector = {
      callEnd: (depth, r): Immediate | undefined =>
        depth === 1 && r.status === 'revert'
          ? { ...r, status: 'success', output: new Uint8Array(0) }
          : undefined,
    };
    expect(call(evm, address, 'tryBoom').value).toBe(true);
  });

  it('callEnd can turn a success into a revert', () => {
    const { evm, address } = deploy();
    evm.inspector = {
      callEnd: (depth, r) =>
        depth === 1 ? { ...r, status: 'revert', output: new Uint8Array(0) } : undefined,
    };
    expect(call(evm, address, 'value').r.status).toBe('revert');
  });

  it('interceptCreate can change the deployer, and createEnd sees the created address', () => {
    const { evm, address } = deploy();
    const created: bigint[] = [];
    evm.inspector = {
      interceptCreate: (p) => (p.depth === 1 ? { ...p, caller: 0xfeedn } : undefined),
      createEnd: (_d, r) => {
        created.push(r.createdAddress);
        return undefined;
      },
    };
    const out = call(evm, address, 'make');
    expect(out.r.status).toBe('success');
    // CREATE from 0xfeed at nonce 0, not from the Caller contract.
    expect(evm.state.getNonce(0xfeedn)).toBe(1n);
    expect(created).toEqual([BigInt(out.value as string)]);
    expect(evm.state.getCode(created[0])!.length).toBeGreaterThan(0);
  });

  it('a value call whose caller the hook changes is paid (and checked) from the new caller', () => {
    const { evm, address } = deploy();
    // The Caller contract holds nothing: without a hook the call fails its balance check.
    expect(call(evm, address, 'pay').value).toBe(false);
    evm.inspector = { interceptCall: (p) => (p.depth === 1 ? { ...p, caller: 0xbeefn } : undefined) };
    expect(call(evm, address, 'pay').value).toBe(false);
    evm.state.setBalance(0xbeefn, 5n);
    expect(call(evm, address, 'pay').value).toBe(true);
    expect(evm.state.getBalance(0xbeefn)).toBe(4n);
    expect(evm.state.getBalance(0x5eedn)).toBe(1n);
  });

  it('hooks that return nothing change nothing: same output and gas as no inspector', () => {
    const plain = deploy();
    const hooked = deploy({
      interceptCall: () => undefined,
      callEnd: () => undefined,
      interceptCreate: () => undefined,
      createEnd: () => undefined,
    });
    for (const fn of ['who', 'tryBoom', 'value', 'make'] as const) {
      const a = call(plain.evm, plain.address, fn).r;
      const b = call(hooked.evm, hooked.address, fn).r;
      expect(b.status).toBe(a.status);
      expect(b.gasUsed).toBe(a.gasUsed);
      expect(Buffer.from(b.output).toString('hex')).toBe(Buffer.from(a.output).toString('hex'));
    }
  });
});
