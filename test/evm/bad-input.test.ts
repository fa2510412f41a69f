// Bad input never crashes or hangs: random bytes as code, calldata and raw transactions give an
// exceptional halt or a typed error, and every halt consumes exactly the gas the spec says.
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../src/evm/bytes.js';
import { EvmInputError } from '../../src/evm/errors.js';
import { EVM } from '../../src/evm/evm.js';
import { Account } from '../../src/evm/state/account.js';
import { decodeTransaction } from '../../src/evm/tx/codec.js';
import { TxError } from '../../src/evm/tx/errors.js';

const CONTRACT = 0xc0den;
const CALLER = 0xca11e7n;

/** splitmix64-style generator: deterministic, seedable, no Math.random. */
function prng(seed: number) {
  let s = BigInt(seed);
  return () => {
    s = (s + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return Number((z ^ (z >> 31n)) & 0xffffffffn);
  };
}

function bytes(next: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() & 0xff;
  return out;
}

function run(code: Uint8Array, input: Uint8Array, gas: number) {
  const evm = new EVM();
  const c = new Account();
  c.code = code;
  evm.state.putAccount(CONTRACT, c);
  const caller = new Account();
  caller.balance = 10n ** 18n;
  evm.state.putAccount(CALLER, caller);
  return evm.runMessage({ caller: CALLER, to: CONTRACT, data: input, gas });
}

describe('bad input', () => {
  it('random bytes as code and calldata: a result for every program, never a throw', () => {
    const next = prng(42);
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const code = bytes(next, 1 + (next() % 200));
      const input = bytes(next, next() % 100);
      const gas = 1 + (next() % 200_000);
      const r = run(code, input, gas);
      expect(['success', 'revert', 'halt']).toContain(r.status);
      expect(r.gasUsed).toBeLessThanOrEqual(BigInt(gas));
      if (r.status === 'halt') {
        expect(r.gasUsed).toBe(BigInt(gas));
        seen.add(r.halt!);
      }
    }
    // The random programs reach the common exceptional halts.
    for (const h of ['InvalidOpcode', 'StackUnderflow', 'OutOfGas', 'InvalidJump']) expect(seen).toContain(h);
  });

  it('truncated PUSH data reads zeros past the end of the code', () => {
    // PUSH2 0x01 (one byte missing) -> 0x0100; then the implicit STOP.
    const r = run(hexToBytes('0x6101'), new Uint8Array(0), 100);
    expect(r.status).toBe('success');
    const r2 = run(hexToBytes('0x610160005260206000f3'.slice(0, 6)), new Uint8Array(0), 100);
    expect(r2.status).toBe('success');
  });

  it('invalid jumps: into PUSH data, past the end, to a non-JUMPDEST', () => {
    expect(run(hexToBytes('0x600456605b'), new Uint8Array(0), 1000).halt).toBe('InvalidJump'); // 0x5b is PUSH data
    expect(run(hexToBytes('0x600456'), new Uint8Array(0), 1000).halt).toBe('InvalidJump');
    expect(run(hexToBytes('0x6004566000605b'), new Uint8Array(0), 1000).halt).toBe('InvalidJump');
  });

  it('stack underflow and overflow', () => {
    expect(run(hexToBytes('0x01'), new Uint8Array(0), 1000).halt).toBe('StackUnderflow');
    const push1025 = new Uint8Array(1025).fill(0x58); // PC x1025
    expect(run(push1025, new Uint8Array(0), 100_000).halt).toBe('StackOverflow');
    const push1024 = new Uint8Array(1024).fill(0x58);
    expect(run(push1024, new Uint8Array(0), 100_000).status).toBe('success');
  });

  it('out of gas at every step of a program', () => {
    // Memory, storage (with EIP-2200's stipend guard), hashing and a precompile call: below some
    // threshold every gas limit halts consuming all gas; from it on, every limit succeeds alike.
    const code = hexToBytes(
      '0x60aa6000526001600055602060002060005560206000602060006000600260fff150600060002000',
    );
    const full = run(code, new Uint8Array(0), 1_000_000);
    expect(full.status).toBe('success');
    const used = Number(full.gasUsed);
    let threshold = -1;
    for (let gas = 0; gas < used + 3000; gas++) {
      const r = run(code, new Uint8Array(0), gas);
      if (threshold < 0 && r.status === 'success') threshold = gas;
      if (threshold < 0) {
        expect(r.status, `gas ${gas}`).toBe('halt');
        expect(r.gasUsed).toBe(BigInt(gas));
      } else {
        expect(r.status, `gas ${gas}`).toBe('success');
        expect(r.gasUsed).toBe(full.gasUsed);
      }
    }
    // The threshold sits above the gas used: SSTORE needs more than 2300 gas left to run at all.
    expect(threshold).toBeGreaterThanOrEqual(used);
  });

  it('memory offsets far beyond 4 GiB halt out of gas without allocating', () => {
    // MLOAD at 2^64, MSTORE at 2^255, KECCAK256 of 2^40 bytes, CALLDATACOPY of 2^200 bytes.
    for (const hex of [
      '0x67ffffffffffffffff51',
      '0x60017f800000000000000000000000000000000000000000000000000000000000000052',
      '0x6801000000000000000060002000',
      '0x78010000000000000000000000000000000000000000000000006000600037',
    ]) {
      const r = run(hexToBytes(hex), new Uint8Array(0), 30_000_000);
      expect(r.status).toBe('halt');
      expect(r.halt).toBe('OutOfGas');
    }
  });

  it('malformed hex is a typed error', () => {
    expect(() => hexToBytes('0x123')).toThrow(EvmInputError);
    expect(() => hexToBytes('0xzz')).toThrow(EvmInputError);
  });

  it('random raw transactions: decoded or rejected with a TxError, nothing else', () => {
    const next = prng(7);
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const raw = bytes(next, next() % 160);
      // Bias some inputs towards plausible envelopes so decoding gets deep.
      if (i % 3 === 0 && raw.length > 2) raw[0] = [0x01, 0x02, 0x03, 0xf8][i % 4];
      try {
        decodeTransaction(raw);
      } catch (err) {
        expect(err).toBeInstanceOf(TxError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(4900);
  });
});

describe('word conversions', () => {
  it('round-trips words of every width through memory (MSTORE then MLOAD)', async () => {
    const { readWord, writeWord } = await import('../../src/evm/bytes.js');
    const view = new DataView(new ArrayBuffer(64));
    const next = prng(3);
    for (let bits = 0; bits <= 256; bits++) {
      for (let k = 0; k < 4; k++) {
        let v = 0n;
        for (let i = 0; i < 8; i++) v = (v << 32n) | BigInt(next());
        v = bits === 0 ? 0n : (v & ((1n << BigInt(bits)) - 1n)) | (1n << BigInt(bits - 1));
        writeWord(view, 16, v);
        expect(readWord(view, 16)).toBe(v);
      }
    }
    // The boundaries of the fast paths.
    for (const v of [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n, 0x2545f4914f6cdd1dn]) {
      writeWord(view, 0, v);
      expect(readWord(view, 0)).toBe(v);
    }
  });
});
