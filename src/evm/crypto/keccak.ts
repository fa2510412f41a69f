// keccak256 for the EVM: synchronous, no I/O, pure TypeScript. The default implementation is the
// bit-interleaved, lane-complemented keccak-f[1600] sponge in keccakf1600.ts (~4-6x faster than
// @noble/hashes on 32-byte inputs). Another implementation may still be installed at start-up through
// setKeccak256; it must produce identical results.
import { keccak256Into as keccak256IntoTs } from './keccakf1600.js';

export type Keccak256 = (data: Uint8Array) => Uint8Array;

/**
 * Writes keccak256(data) to out[outOffset .. outOffset + 32) without allocating. Always uses the
 * built-in implementation, not the one installed with setKeccak256 (results are identical).
 */
export function keccak256Into(data: Uint8Array, out: Uint8Array, outOffset = 0): void {
  if (!(outOffset >= 0 && outOffset + 32 <= out.length)) {
    throw new RangeError(`keccak256Into: no room for 32 bytes at offset ${outOffset} of ${out.length}`);
  }
  keccak256IntoTs(data, out, outOffset);
}

/** The built-in keccak256: returns a fresh 32-byte digest. */
export function keccak256Ts(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  keccak256IntoTs(data, out, 0);
  return out;
}

const wordOut = new Uint8Array(32);
const wordView = new DataView(wordOut.buffer);

/** keccak256 as a 256-bit word, without allocating the digest (KECCAK256, mapping slots). */
export function keccak256Word(data: Uint8Array, start = 0, end = data.length): bigint {
  if (end - start === 64) return keccak64Word(data, start);
  return hashWord(data, start, end);
}

/** The last hash hashWord computed; wordOut holds its 32 bytes. */
let lastWord = -1n;

function hashWord(data: Uint8Array, start: number, end: number): bigint {
  keccak256IntoTs(data, wordOut, 0, start, end);
  lastWord =
    (wordView.getBigUint64(0) << 192n) |
    (wordView.getBigUint64(8) << 128n) |
    (wordView.getBigUint64(16) << 64n) |
    wordView.getBigUint64(24);
  return lastWord;
}

/**
 * Writes v as a 32-byte big-endian word at view[off] if it is the last hash computed, by copying
 * its digest bytes (cheaper than taking the bigint apart: a hash stored to memory, as in hash
 * chains); returns false, writing nothing, for any other value.
 */
export function writeLastHash(view: DataView, off: number, v: bigint): boolean {
  if (v !== lastWord) return false;
  for (let i = 0; i < 32; i += 4) view.setUint32(off + i, wordView.getUint32(i));
  return true;
}

// Solidity hashes 64-byte inputs (key, slot) for every mapping access, and the same few keys over
// and over (a transfer reads and writes balances[from] and balances[to]). A direct-mapped memo of
// the last 64-byte inputs and their hashes answers repeats with 64 byte comparisons instead of a
// permutation and a bigint assembly. It holds only what was hashed, so results are unchanged.
const MEMO_BITS = 10;
const memoInput = new Int32Array(16 << MEMO_BITS);
const memoHash: (bigint | undefined)[] = new Array(1 << MEMO_BITS).fill(undefined);
const memoWords = new Int32Array(16);

function keccak64Word(data: Uint8Array, start: number): bigint {
  let h = 0;
  for (let i = 0; i < 16; i++) {
    const p = start + 4 * i;
    const w = data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24);
    memoWords[i] = w;
    h = Math.imul(h ^ w, 0x9e3779b1);
  }
  const slot = h >>> (32 - MEMO_BITS);
  const base = slot << 4;
  const cached = memoHash[slot];
  if (cached !== undefined) {
    let same = true;
    for (let i = 0; i < 16; i++) {
      if (memoInput[base + i] !== memoWords[i]) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  const v = hashWord(data, start, start + 64);
  memoInput.set(memoWords, base);
  memoHash[slot] = v;
  return v;
}

let impl: Keccak256 = keccak256Ts;

export function keccak256(data: Uint8Array): Uint8Array {
  return impl(data);
}

export function setKeccak256(fn: Keccak256): void {
  impl = fn;
}

export const KECCAK_EMPTY = keccak256(new Uint8Array(0));
