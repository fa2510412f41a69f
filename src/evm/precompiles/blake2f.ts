// 0x09 BLAKE2F (EIP-152): the BLAKE2b compression function F with a caller-chosen round count, 1 gas
// per round. Input (exactly 213 bytes): rounds (u32 big-endian) ‖ h (8 × u64 LE) ‖ m (16 × u64 LE) ‖
// t (2 × u64 LE) ‖ f (0 or 1). Output: the new h (64 bytes). 64-bit words are held as (lo, hi) pairs of
// 32-bit numbers in Uint32Arrays.
import type { Precompile } from './types.js';
import { halt, OUT_OF_GAS, success } from './util.js';

const INPUT_LENGTH = 213;

// BLAKE2b IV (the SHA-512 IV) as (lo, hi) pairs.
const IV = Uint32Array.from([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a, 0xade682d1,
  0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

// Message schedule; round i uses row i mod 10. Entries are pre-doubled into Uint32Array indices.
const SIGMA = Uint8Array.from(
  [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
  ]
    .flat()
    .map((i) => 2 * i),
);

const TWO_32 = 0x100000000;

/** The mixing function G on words a, b, c, d of v (indices pre-doubled) with message words x, y. */
function mix(
  v: Uint32Array,
  a: number,
  b: number,
  c: number,
  d: number,
  m: Uint32Array,
  x: number,
  y: number,
) {
  let alo = v[a],
    ahi = v[a + 1],
    blo = v[b],
    bhi = v[b + 1];
  let clo = v[c],
    chi = v[c + 1],
    dlo = v[d],
    dhi = v[d + 1];
  let s: number, t: number;
  // a += b + m[x]
  s = alo + blo + m[x];
  ahi = (ahi + bhi + m[x + 1] + Math.floor(s / TWO_32)) >>> 0;
  alo = s >>> 0;
  // d = (d ^ a) >>> 32
  t = dlo ^ alo;
  dlo = (dhi ^ ahi) >>> 0;
  dhi = t >>> 0;
  // c += d
  s = clo + dlo;
  chi = (chi + dhi + (s >= TWO_32 ? 1 : 0)) >>> 0;
  clo = s >>> 0;
  // b = (b ^ c) >>> 24
  s = blo ^ clo;
  t = bhi ^ chi;
  blo = ((s >>> 24) | (t << 8)) >>> 0;
  bhi = ((t >>> 24) | (s << 8)) >>> 0;
  // a += b + m[y]
  s = alo + blo + m[y];
  ahi = (ahi + bhi + m[y + 1] + Math.floor(s / TWO_32)) >>> 0;
  alo = s >>> 0;
  // d = (d ^ a) >>> 16
  s = dlo ^ alo;
  t = dhi ^ ahi;
  dlo = ((s >>> 16) | (t << 16)) >>> 0;
  dhi = ((t >>> 16) | (s << 16)) >>> 0;
  // c += d
  s = clo + dlo;
  chi = (chi + dhi + (s >= TWO_32 ? 1 : 0)) >>> 0;
  clo = s >>> 0;
  // b = (b ^ c) >>> 63, i.e. rotate left by 1
  s = blo ^ clo;
  t = bhi ^ chi;
  blo = ((s << 1) | (t >>> 31)) >>> 0;
  bhi = ((t << 1) | (s >>> 31)) >>> 0;
  v[a] = alo;
  v[a + 1] = ahi;
  v[b] = blo;
  v[b + 1] = bhi;
  v[c] = clo;
  v[c + 1] = chi;
  v[d] = dlo;
  v[d + 1] = dhi;
}

/**
 * BLAKE2b F: compresses message block m into state h in place. h: 8 words, m: 16 words, t: 2 words,
 * each word a (lo, hi) pair.
 */
export function blake2bCompress(
  rounds: number,
  h: Uint32Array,
  m: Uint32Array,
  t: Uint32Array,
  final: boolean,
): void {
  const v = new Uint32Array(32);
  v.set(h);
  v.set(IV, 16);
  v[24] ^= t[0];
  v[25] ^= t[1];
  v[26] ^= t[2];
  v[27] ^= t[3];
  if (final) {
    v[28] = ~v[28];
    v[29] = ~v[29];
  }
  for (let r = 0; r < rounds; r++) {
    const s = (r % 10) * 16;
    mix(v, 0, 8, 16, 24, m, SIGMA[s], SIGMA[s + 1]);
    mix(v, 2, 10, 18, 26, m, SIGMA[s + 2], SIGMA[s + 3]);
    mix(v, 4, 12, 20, 28, m, SIGMA[s + 4], SIGMA[s + 5]);
    mix(v, 6, 14, 22, 30, m, SIGMA[s + 6], SIGMA[s + 7]);
    mix(v, 0, 10, 20, 30, m, SIGMA[s + 8], SIGMA[s + 9]);
    mix(v, 2, 12, 22, 24, m, SIGMA[s + 10], SIGMA[s + 11]);
    mix(v, 4, 14, 16, 26, m, SIGMA[s + 12], SIGMA[s + 13]);
    mix(v, 6, 8, 18, 28, m, SIGMA[s + 14], SIGMA[s + 15]);
  }
  for (let i = 0; i < 16; i++) h[i] ^= v[i] ^ v[i + 16];
}

/** Little-endian u32s from bytes[offset..offset+4n). */
function readU32LE(bytes: Uint8Array, offset: number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0, o = offset; i < n; i++, o += 4) {
    out[i] = bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24);
  }
  return out;
}

export const blake2f: Precompile = {
  name: 'blake2f',
  run(call) {
    const input = call.input;
    if (input.length !== INPUT_LENGTH) return halt('blake2f: input length must be 213');
    const f = input[212];
    if (f !== 0 && f !== 1) return halt('blake2f: final block flag must be 0 or 1');
    const rounds = ((input[0] << 24) | (input[1] << 16) | (input[2] << 8) | input[3]) >>> 0;
    if (rounds > call.gasLimit) return halt(OUT_OF_GAS);
    const h = readU32LE(input, 4, 16);
    blake2bCompress(rounds, h, readU32LE(input, 68, 32), readU32LE(input, 196, 4), f === 1);
    const out = new Uint8Array(64);
    for (let i = 0; i < 16; i++) {
      const w = h[i];
      out[4 * i] = w;
      out[4 * i + 1] = w >>> 8;
      out[4 * i + 2] = w >>> 16;
      out[4 * i + 3] = w >>> 24;
    }
    return success(rounds, out);
  },
};
