import { keccak_256 } from '@noble/hashes/sha3.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  KECCAK_EMPTY,
  keccak256,
  keccak256Into,
  keccak256Ts,
  setKeccak256,
} from '../../src/evm/crypto/keccak.js';

const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

/** Deterministic pseudo-random bytes (xorshift32); no Math.random. */
function prng(seed: number): (n: number) => Uint8Array {
  let x = seed | 0 || 0x9e3779b9;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x;
    }
    return out;
  };
}

describe('keccak256 (pure TypeScript keccak-f[1600] sponge)', () => {
  afterEach(() => setKeccak256(keccak256Ts));

  it('known vectors', () => {
    expect(hex(keccak256(new Uint8Array(0)))).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    expect(hex(KECCAK_EMPTY)).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    expect(hex(keccak256(new TextEncoder().encode('abc')))).toBe(
      '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    );
    // The 32 zero bytes word: keccak256(uint256(0)).
    expect(hex(keccak256(new Uint8Array(32)))).toBe(
      '290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563',
    );
  });

  it('matches @noble/hashes for every length 0..600 (random, all-zero and all-0xff bytes)', () => {
    const rand = prng(12345);
    for (let n = 0; n <= 600; n++) {
      for (const data of [rand(n), new Uint8Array(n), new Uint8Array(n).fill(0xff)]) {
        const got = keccak256(data);
        expect(got).toBeInstanceOf(Uint8Array);
        expect(got.length).toBe(32);
        if (hex(got) !== hex(keccak_256(data))) expect.fail(`mismatch at length ${n}`);
      }
    }
  });

  it('matches @noble/hashes for large inputs (10 KB, 1 MB, and around block multiples)', () => {
    const rand = prng(777);
    for (const n of [10_000, 10_240, 136 * 100 - 1, 136 * 100, 136 * 100 + 1, 1 << 20, 1_000_000]) {
      const data = rand(n);
      expect(hex(keccak256(data)), `length ${n}`).toBe(hex(keccak_256(data)));
    }
  });

  it('hashes subarray views at any byte offset without reading outside them', () => {
    const rand = prng(42);
    const backing = rand(1024);
    for (const offset of [0, 1, 2, 3, 5, 7, 8, 13]) {
      for (const n of [0, 1, 20, 32, 64, 135, 136, 137, 300]) {
        const view = backing.subarray(offset, offset + n);
        expect(hex(keccak256(view))).toBe(hex(keccak_256(view.slice())));
      }
    }
  });

  it('returns a fresh array per call and does not modify the input', () => {
    const data = prng(5)(100);
    const copy = data.slice();
    const a = keccak256(data);
    const b = keccak256(data);
    expect(a).not.toBe(b);
    expect(hex(a)).toBe(hex(b));
    a.fill(0);
    expect(hex(keccak256(data))).toBe(hex(b));
    expect(hex(data)).toBe(hex(copy));
  });

  it('keccak256Into writes exactly 32 bytes at the offset, also in place over its own input', () => {
    const rand = prng(99);
    for (const n of [0, 32, 64, 200]) {
      const data = rand(n);
      const out = new Uint8Array(80).fill(0xaa);
      keccak256Into(data, out, 7);
      expect(hex(out.subarray(7, 39))).toBe(hex(keccak_256(data)));
      expect(out.subarray(0, 7).every((b) => b === 0xaa)).toBe(true);
      expect(out.subarray(39).every((b) => b === 0xaa)).toBe(true);

      const defaultOffset = new Uint8Array(32);
      keccak256Into(data, defaultOffset);
      expect(hex(defaultOffset)).toBe(hex(keccak_256(data)));
    }
    expect(() => keccak256Into(new Uint8Array(1), new Uint8Array(40), 9)).toThrow(RangeError);
    expect(() => keccak256Into(new Uint8Array(1), new Uint8Array(40), -1)).toThrow(RangeError);
    // Output overlapping the input (e.g. hashing a memory word and storing the result over it).
    const buf = rand(64);
    const want = hex(keccak_256(buf));
    keccak256Into(buf, buf, 0);
    expect(hex(buf.subarray(0, 32))).toBe(want);
  });

  it('interleaved calls of different lengths do not leak state between hashes', () => {
    const rand = prng(2024);
    const inputs = [rand(1000), rand(3), rand(136), rand(0), rand(64), rand(137)];
    const want = inputs.map((d) => hex(keccak_256(d)));
    for (let round = 0; round < 3; round++) {
      inputs.forEach((d, i) => {
        expect(hex(keccak256(d))).toBe(want[i]);
      });
    }
  });

  it('setKeccak256 replaces the implementation behind keccak256', () => {
    const calls: number[] = [];
    setKeccak256((data) => {
      calls.push(data.length);
      return keccak_256(data);
    });
    expect(hex(keccak256(new Uint8Array(3)))).toBe(hex(keccak_256(new Uint8Array(3))));
    expect(calls).toEqual([3]);
    setKeccak256(keccak256Ts);
    expect(hex(keccak256(new Uint8Array(0)))).toBe(hex(KECCAK_EMPTY));
    expect(calls).toEqual([3]);
  });
});
