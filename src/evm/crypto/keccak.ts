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
  keccak256IntoTs(data, wordOut, 0, start, end);
  return (
    (wordView.getBigUint64(0) << 192n) |
    (wordView.getBigUint64(8) << 128n) |
    (wordView.getBigUint64(16) << 64n) |
    wordView.getBigUint64(24)
  );
}

let impl: Keccak256 = keccak256Ts;

export function keccak256(data: Uint8Array): Uint8Array {
  return impl(data);
}

export function setKeccak256(fn: Keccak256): void {
  impl = fn;
}

export const KECCAK_EMPTY = keccak256(new Uint8Array(0));
