// keccak-f[1600] and the keccak256 sponge in pure TypeScript, tuned for V8 (no WASM, no BigInt).
//
// State layout
// ------------
// The 5x5 state of 64-bit lanes A[x, y] is numbered lane i = x + 5*y (the order in which the sponge
// absorbs the input as little-endian 64-bit words). V8 has no fast 64-bit integers, so every lane is kept
// as two int32 words in an Int32Array of 50, using three standard tricks:
//
// 1. Bit interleaving. Word 2*i holds the EVEN-numbered bits of lane i (bit 2k of the lane is bit k of
//    the word) and word 2*i + 1 holds the ODD-numbered bits. A 64-bit rotation by r then becomes two
//    independent 32-bit rotations (by r/2 if r is even; if r is odd the halves swap and rotate by
//    (r+1)/2 and (r-1)/2), and TurboFan compiles `(x << n) | (x >>> (32 - n))` to one `ror`
//    instruction. Input bytes are interleaved on the way in (SPREAD table) and de-interleaved on the
//    way out (bit shuffle in squeeze), so the permutation never sees plain lanes.
// 2. Lane complementing (Keccak team, "Keccak implementation overview", section 2.2). The lanes
//    1, 2, 8, 12, 17, 20 (i.e. (x, y) = (1,0) (2,0) (3,1) (2,2) (2,3) (0,4)) are stored bitwise
//    complemented. theta, rho and pi are linear, so the complements just propagate; chi is rewritten per
//    output lane (b0 ^ (b1 | b2), b0 ^ (~b1 & b2), ...) so that a round needs 16 NOTs instead of 50
//    while producing the same complement pattern again. The initial state is therefore not all zero
//    (INITIAL_STATE), and lanes 1 and 2 are complemented back when the digest is read.
// 3. Module-level, non-exported typed arrays. The state A and the round output E are constants of
//    this module, so TurboFan embeds their addresses and drops all bounds checks. A round reads A and
//    writes E, the next one reads E and writes A (two rounds per loop iteration).
//
// Round structure. theta's D is computed once per round; then the round is done in two passes, first
// the even words of all 25 output lanes, then the odd words (the two halves of an interleaved lane are
// independent except through D). For each output row y, a pass loads the five source words, folds in
// D, applies rho (rotation) and pi (lane (x, y) moves to (y, 2x + 3y)), then chi combines the five
// words of the row, iota xors the round constant into lane 0, and the column parities C of the next
// round's theta are accumulated as the row is written. Only ~21 values are live at a time (D, one C
// half, one row b0..b4), which keeps V8's register spilling low.
//
// Permutation time on the development VM (Node 20), in the order the variants were tried: plain
// hi/lo halves in 50 locals 2.5 us; interleaved, in locals 1.7 us; interleaved, in the A/E arrays
// 1.3 us; + lane complementing 1.0 us; + separate even/odd passes (this file) 0.82 us. Unrolling 4 or
// 6 rounds per loop iteration was 10-25% slower again.
//
// The round bodies below were produced by a small generator script (kept outside the repository) from
// exactly these rules; test/evm/keccak.test.ts checks the result against @noble/hashes for every input
// length 0..600 and for large inputs.

/** Round constants, bit-interleaved: RC[2*r] = even bits, RC[2*r + 1] = odd bits of round r's constant. */
// biome-ignore format: one (even, odd) pair per round, with the plain 64-bit constant alongside
const RC = new Int32Array([
  0x00000001, 0x00000000, // round  0: 0x0000000000000001
  0x00000000, 0x00000089, // round  1: 0x0000000000008082
  0x00000000, 0x8000008b, // round  2: 0x800000000000808a
  0x00000000, 0x80008080, // round  3: 0x8000000080008000
  0x00000001, 0x0000008b, // round  4: 0x000000000000808b
  0x00000001, 0x00008000, // round  5: 0x0000000080000001
  0x00000001, 0x80008088, // round  6: 0x8000000080008081
  0x00000001, 0x80000082, // round  7: 0x8000000000008009
  0x00000000, 0x0000000b, // round  8: 0x000000000000008a
  0x00000000, 0x0000000a, // round  9: 0x0000000000000088
  0x00000001, 0x00008082, // round 10: 0x0000000080008009
  0x00000000, 0x00008003, // round 11: 0x000000008000000a
  0x00000001, 0x0000808b, // round 12: 0x000000008000808b
  0x00000001, 0x8000000b, // round 13: 0x800000000000008b
  0x00000001, 0x8000008a, // round 14: 0x8000000000008089
  0x00000001, 0x80000081, // round 15: 0x8000000000008003
  0x00000000, 0x80000081, // round 16: 0x8000000000008002
  0x00000000, 0x80000008, // round 17: 0x8000000000000080
  0x00000000, 0x00000083, // round 18: 0x000000000000800a
  0x00000000, 0x80008003, // round 19: 0x800000008000000a
  0x00000001, 0x80008088, // round 20: 0x8000000080008081
  0x00000000, 0x80000088, // round 21: 0x8000000000008080
  0x00000001, 0x00008000, // round 22: 0x0000000080000001
  0x00000000, 0x80008082, // round 23: 0x8000000080008008
]);

/** Sponge rate of keccak256 in bytes (1600 - 2*256 bits) and in 64-bit lanes. */
const RATE = 136;
const RATE_LANES = 17;

/** The all-zero state in complemented representation: lanes 1, 2, 8, 12, 17, 20 are all ones. */
const INITIAL_STATE = new Int32Array(50);
for (const lane of [1, 2, 8, 12, 17, 20]) INITIAL_STATE.fill(-1, 2 * lane, 2 * lane + 2);

/** Permutation state (interleaved + complemented, see above) and the scratch state for odd rounds. */
const A = new Int32Array(50);
const E = new Int32Array(50);

/**
 * SPREAD[b] holds the 4 even-position bits of byte b in bits 0..3 and its 4 odd-position bits in
 * bits 16..19, so byte k of a 32-bit word lands in place with `SPREAD[b] << 4k`.
 */
const SPREAD = new Int32Array(256);
for (let b = 0; b < 256; b++) {
  let v = 0;
  for (let k = 0; k < 4; k++) v |= (((b >>> (2 * k)) & 1) << k) | (((b >>> (2 * k + 1)) & 1) << (16 + k));
  SPREAD[b] = v;
}

/** XORs the little-endian 64-bit word data[p .. p + 8) into lane i of A, bit-interleaving it. */
function absorbLane(data: Uint8Array, p: number, i: number): void {
  const lo =
    SPREAD[data[p]] | (SPREAD[data[p + 1]] << 4) | (SPREAD[data[p + 2]] << 8) | (SPREAD[data[p + 3]] << 12);
  const hi =
    SPREAD[data[p + 4]] |
    (SPREAD[data[p + 5]] << 4) |
    (SPREAD[data[p + 6]] << 8) |
    (SPREAD[data[p + 7]] << 12);
  A[2 * i] ^= (lo & 0xffff) | (hi << 16);
  A[2 * i + 1] ^= (lo >>> 16) | (hi & 0xffff0000);
}

/** Inverse of the even/odd split on one 32-bit word (Hacker's Delight "outer perfect shuffle"). */
function shuffle(x: number): number {
  let t = (x ^ (x >>> 8)) & 0x0000ff00;
  x ^= t ^ (t << 8);
  t = (x ^ (x >>> 4)) & 0x00f000f0;
  x ^= t ^ (t << 4);
  t = (x ^ (x >>> 2)) & 0x0c0c0c0c;
  x ^= t ^ (t << 2);
  t = (x ^ (x >>> 1)) & 0x22222222;
  return x ^ t ^ (t << 1);
}

/**
 * keccak256 of data, written to out[outOffset .. outOffset + 32) (out may overlap data: all input is
 * read before the digest is written). Uses the module-level state, which is safe because the function
 * is synchronous and calls nothing outside this module; the state is reset on every call.
 */
export function keccak256Into(
  data: Uint8Array,
  out: Uint8Array,
  outOffset: number,
  start = 0,
  end = data.length,
): void {
  A.set(INITIAL_STATE);
  const len = end;
  let p = start;
  // Full 136-byte blocks.
  for (; len - p >= RATE; p += RATE) {
    for (let i = 0; i < RATE_LANES; i++) absorbLane(data, p + 8 * i, i);
    keccakF1600();
  }
  // Last block: whole lanes, then the partial lane with the 0x01 pad byte, then the final 0x80 bit
  // (bit 63 of lane 16 = bit 31 of its odd word).
  const rem = len - p;
  const lanes = rem >>> 3;
  for (let i = 0; i < lanes; i++) absorbLane(data, p + 8 * i, i);
  p += 8 * lanes;
  const tail = rem & 7;
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < tail; k++) {
    if (k < 4) lo |= SPREAD[data[p + k]] << (4 * k);
    else hi |= SPREAD[data[p + k]] << (4 * k - 16);
  }
  // The pad byte 0x01 at position tail: SPREAD[0x01] = 1.
  if (tail < 4) lo |= 1 << (4 * tail);
  else hi |= 1 << (4 * tail - 16);
  A[2 * lanes] ^= (lo & 0xffff) | (hi << 16);
  A[2 * lanes + 1] ^= (lo >>> 16) | (hi & 0xffff0000);
  A[2 * 16 + 1] ^= 0x80000000;
  keccakF1600();
  // Squeeze lanes 0..3 (lanes 1 and 2 are stored complemented): de-interleave, write little-endian.
  for (let i = 0, o = outOffset; i < 4; i++, o += 8) {
    const mask = i === 1 || i === 2 ? -1 : 0; // undo lane complementing
    const ev = A[2 * i] ^ mask;
    const od = A[2 * i + 1] ^ mask;
    const w0 = shuffle((ev & 0xffff) | (od << 16));
    const w1 = shuffle((ev >>> 16) | (od & 0xffff0000));
    out[o] = w0;
    out[o + 1] = w0 >>> 8;
    out[o + 2] = w0 >>> 16;
    out[o + 3] = w0 >>> 24;
    out[o + 4] = w1;
    out[o + 5] = w1 >>> 8;
    out[o + 6] = w1 >>> 16;
    out[o + 7] = w1 >>> 24;
  }
}

/**
 * keccak-f[1600] on A, in place (24 rounds, two per iteration via E). Variable names: ceX / coX are
 * the even / odd words of theta's column parity C[X]; deX / doX of D[X]; bX is one word (even or odd,
 * depending on the pass) of the rotated lane at column X of the row being computed; t is a temporary.
 */
function keccakF1600(): void {
  let b0: number, b1: number, b2: number, b3: number, b4: number, t: number;
  // Column parities of the input state; later rounds accumulate them while writing their output.
  let ce0 = A[0] ^ A[10] ^ A[20] ^ A[30] ^ A[40];
  let co0 = A[1] ^ A[11] ^ A[21] ^ A[31] ^ A[41];
  let ce1 = A[2] ^ A[12] ^ A[22] ^ A[32] ^ A[42];
  let co1 = A[3] ^ A[13] ^ A[23] ^ A[33] ^ A[43];
  let ce2 = A[4] ^ A[14] ^ A[24] ^ A[34] ^ A[44];
  let co2 = A[5] ^ A[15] ^ A[25] ^ A[35] ^ A[45];
  let ce3 = A[6] ^ A[16] ^ A[26] ^ A[36] ^ A[46];
  let co3 = A[7] ^ A[17] ^ A[27] ^ A[37] ^ A[47];
  let ce4 = A[8] ^ A[18] ^ A[28] ^ A[38] ^ A[48];
  let co4 = A[9] ^ A[19] ^ A[29] ^ A[39] ^ A[49];
  for (let r = 0; r < 48; r += 4) {
    // ---- round r/2 + 0: A -> E ----
    {
      // theta: D[x] = C[x-1] ^ rotl64(C[x+1], 1); in interleaved form that rotation swaps the words of
      // C[x+1] and rotates the new even word by 1.
      const de0 = ce4 ^ ((co1 << 1) | (co1 >>> 31));
      const do0 = co4 ^ ce1;
      const de1 = ce0 ^ ((co2 << 1) | (co2 >>> 31));
      const do1 = co0 ^ ce2;
      const de2 = ce1 ^ ((co3 << 1) | (co3 >>> 31));
      const do2 = co1 ^ ce3;
      const de3 = ce2 ^ ((co4 << 1) | (co4 >>> 31));
      const do3 = co2 ^ ce4;
      const de4 = ce3 ^ ((co0 << 1) | (co0 >>> 31));
      const do4 = co3 ^ ce0;
      // Even words of all 25 output lanes, row by row.
      // row 0: b[x] = even word of rotl64(A[lane] ^ D, RHO) for lanes 0, 6, 12, 18, 24; chi, iota
      b0 = A[0] ^ de0;
      t = A[12] ^ de1;
      b1 = (t << 22) | (t >>> 10);
      t = A[25] ^ do2;
      b2 = (t << 22) | (t >>> 10);
      t = A[37] ^ do3;
      b3 = (t << 11) | (t >>> 21);
      t = A[48] ^ de4;
      b4 = (t << 7) | (t >>> 25);
      t = b0 ^ (b1 | b2) ^ RC[r];
      E[0] = t;
      ce0 = t;
      t = b1 ^ (~b2 | b3);
      E[2] = t;
      ce1 = t;
      t = b2 ^ (b3 & b4);
      E[4] = t;
      ce2 = t;
      t = b3 ^ (b4 | b0);
      E[6] = t;
      ce3 = t;
      t = b4 ^ (b0 & b1);
      E[8] = t;
      ce4 = t;
      // row 1: b[x] = even word of rotl64(A[lane] ^ D, RHO) for lanes 3, 9, 10, 16, 22; chi
      t = A[6] ^ de3;
      b0 = (t << 14) | (t >>> 18);
      t = A[18] ^ de4;
      b1 = (t << 10) | (t >>> 22);
      t = A[21] ^ do0;
      b2 = (t << 2) | (t >>> 30);
      t = A[33] ^ do1;
      b3 = (t << 23) | (t >>> 9);
      t = A[45] ^ do2;
      b4 = (t << 31) | (t >>> 1);
      t = b0 ^ (b1 | b2);
      E[10] = t;
      ce0 ^= t;
      t = b1 ^ (b2 & b3);
      E[12] = t;
      ce1 ^= t;
      t = b2 ^ (b3 | ~b4);
      E[14] = t;
      ce2 ^= t;
      t = b3 ^ (b4 | b0);
      E[16] = t;
      ce3 ^= t;
      t = b4 ^ (b0 & b1);
      E[18] = t;
      ce4 ^= t;
      // row 2: b[x] = even word of rotl64(A[lane] ^ D, RHO) for lanes 1, 7, 13, 19, 20; chi
      t = A[3] ^ do1;
      b0 = (t << 1) | (t >>> 31);
      t = A[14] ^ de2;
      b1 = (t << 3) | (t >>> 29);
      t = A[27] ^ do3;
      b2 = (t << 13) | (t >>> 19);
      t = A[38] ^ de4;
      b3 = (t << 4) | (t >>> 28);
      t = A[40] ^ de0;
      b4 = (t << 9) | (t >>> 23);
      t = b0 ^ (b1 | b2);
      E[20] = t;
      ce0 ^= t;
      t = b1 ^ (b2 & b3);
      E[22] = t;
      ce1 ^= t;
      t = b2 ^ (~b3 & b4);
      E[24] = t;
      ce2 ^= t;
      t = ~(b3 ^ (b4 | b0));
      E[26] = t;
      ce3 ^= t;
      t = b4 ^ (b0 & b1);
      E[28] = t;
      ce4 ^= t;
      // row 3: b[x] = even word of rotl64(A[lane] ^ D, RHO) for lanes 4, 5, 11, 17, 23; chi
      t = A[9] ^ do4;
      b0 = (t << 14) | (t >>> 18);
      t = A[10] ^ de0;
      b1 = (t << 18) | (t >>> 14);
      t = A[22] ^ de1;
      b2 = (t << 5) | (t >>> 27);
      t = A[35] ^ do2;
      b3 = (t << 8) | (t >>> 24);
      t = A[46] ^ de3;
      b4 = (t << 28) | (t >>> 4);
      t = b0 ^ (b1 & b2);
      E[30] = t;
      ce0 ^= t;
      t = b1 ^ (b2 | b3);
      E[32] = t;
      ce1 ^= t;
      t = b2 ^ (~b3 | b4);
      E[34] = t;
      ce2 ^= t;
      t = ~(b3 ^ (b4 & b0));
      E[36] = t;
      ce3 ^= t;
      t = b4 ^ (b0 | b1);
      E[38] = t;
      ce4 ^= t;
      // row 4: b[x] = even word of rotl64(A[lane] ^ D, RHO) for lanes 2, 8, 14, 15, 21; chi
      t = A[4] ^ de2;
      b0 = (t << 31) | (t >>> 1);
      t = A[17] ^ do3;
      b1 = (t << 28) | (t >>> 4);
      t = A[29] ^ do4;
      b2 = (t << 20) | (t >>> 12);
      t = A[31] ^ do0;
      b3 = (t << 21) | (t >>> 11);
      t = A[42] ^ de1;
      b4 = (t << 1) | (t >>> 31);
      t = b0 ^ (~b1 & b2);
      E[40] = t;
      ce0 ^= t;
      t = ~(b1 ^ (b2 | b3));
      E[42] = t;
      ce1 ^= t;
      t = b2 ^ (b3 & b4);
      E[44] = t;
      ce2 ^= t;
      t = b3 ^ (b4 | b0);
      E[46] = t;
      ce3 ^= t;
      t = b4 ^ (b0 & b1);
      E[48] = t;
      ce4 ^= t;
      // Odd words of all 25 output lanes, row by row.
      // row 0: b[x] = odd word of rotl64(A[lane] ^ D, RHO) for lanes 0, 6, 12, 18, 24; chi, iota
      b0 = A[1] ^ do0;
      t = A[13] ^ do1;
      b1 = (t << 22) | (t >>> 10);
      t = A[24] ^ de2;
      b2 = (t << 21) | (t >>> 11);
      t = A[36] ^ de3;
      b3 = (t << 10) | (t >>> 22);
      t = A[49] ^ do4;
      b4 = (t << 7) | (t >>> 25);
      t = b0 ^ (b1 | b2) ^ RC[r + 1];
      E[1] = t;
      co0 = t;
      t = b1 ^ (~b2 | b3);
      E[3] = t;
      co1 = t;
      t = b2 ^ (b3 & b4);
      E[5] = t;
      co2 = t;
      t = b3 ^ (b4 | b0);
      E[7] = t;
      co3 = t;
      t = b4 ^ (b0 & b1);
      E[9] = t;
      co4 = t;
      // row 1: b[x] = odd word of rotl64(A[lane] ^ D, RHO) for lanes 3, 9, 10, 16, 22; chi
      t = A[7] ^ do3;
      b0 = (t << 14) | (t >>> 18);
      t = A[19] ^ do4;
      b1 = (t << 10) | (t >>> 22);
      t = A[20] ^ de0;
      b2 = (t << 1) | (t >>> 31);
      t = A[32] ^ de1;
      b3 = (t << 22) | (t >>> 10);
      t = A[44] ^ de2;
      b4 = (t << 30) | (t >>> 2);
      t = b0 ^ (b1 | b2);
      E[11] = t;
      co0 ^= t;
      t = b1 ^ (b2 & b3);
      E[13] = t;
      co1 ^= t;
      t = b2 ^ (b3 | ~b4);
      E[15] = t;
      co2 ^= t;
      t = b3 ^ (b4 | b0);
      E[17] = t;
      co3 ^= t;
      t = b4 ^ (b0 & b1);
      E[19] = t;
      co4 ^= t;
      // row 2: b[x] = odd word of rotl64(A[lane] ^ D, RHO) for lanes 1, 7, 13, 19, 20; chi
      b0 = A[2] ^ de1;
      t = A[15] ^ do2;
      b1 = (t << 3) | (t >>> 29);
      t = A[26] ^ de3;
      b2 = (t << 12) | (t >>> 20);
      t = A[39] ^ do4;
      b3 = (t << 4) | (t >>> 28);
      t = A[41] ^ do0;
      b4 = (t << 9) | (t >>> 23);
      t = b0 ^ (b1 | b2);
      E[21] = t;
      co0 ^= t;
      t = b1 ^ (b2 & b3);
      E[23] = t;
      co1 ^= t;
      t = b2 ^ (~b3 & b4);
      E[25] = t;
      co2 ^= t;
      t = ~(b3 ^ (b4 | b0));
      E[27] = t;
      co3 ^= t;
      t = b4 ^ (b0 & b1);
      E[29] = t;
      co4 ^= t;
      // row 3: b[x] = odd word of rotl64(A[lane] ^ D, RHO) for lanes 4, 5, 11, 17, 23; chi
      t = A[8] ^ de4;
      b0 = (t << 13) | (t >>> 19);
      t = A[11] ^ do0;
      b1 = (t << 18) | (t >>> 14);
      t = A[23] ^ do1;
      b2 = (t << 5) | (t >>> 27);
      t = A[34] ^ de2;
      b3 = (t << 7) | (t >>> 25);
      t = A[47] ^ do3;
      b4 = (t << 28) | (t >>> 4);
      t = b0 ^ (b1 & b2);
      E[31] = t;
      co0 ^= t;
      t = b1 ^ (b2 | b3);
      E[33] = t;
      co1 ^= t;
      t = b2 ^ (~b3 | b4);
      E[35] = t;
      co2 ^= t;
      t = ~(b3 ^ (b4 & b0));
      E[37] = t;
      co3 ^= t;
      t = b4 ^ (b0 | b1);
      E[39] = t;
      co4 ^= t;
      // row 4: b[x] = odd word of rotl64(A[lane] ^ D, RHO) for lanes 2, 8, 14, 15, 21; chi
      t = A[5] ^ do2;
      b0 = (t << 31) | (t >>> 1);
      t = A[16] ^ de3;
      b1 = (t << 27) | (t >>> 5);
      t = A[28] ^ de4;
      b2 = (t << 19) | (t >>> 13);
      t = A[30] ^ de0;
      b3 = (t << 20) | (t >>> 12);
      t = A[43] ^ do1;
      b4 = (t << 1) | (t >>> 31);
      t = b0 ^ (~b1 & b2);
      E[41] = t;
      co0 ^= t;
      t = ~(b1 ^ (b2 | b3));
      E[43] = t;
      co1 ^= t;
      t = b2 ^ (b3 & b4);
      E[45] = t;
      co2 ^= t;
      t = b3 ^ (b4 | b0);
      E[47] = t;
      co3 ^= t;
      t = b4 ^ (b0 & b1);
      E[49] = t;
      co4 ^= t;
    }
    // ---- round r/2 + 1: E -> A ----
    {
      // theta: D[x] = C[x-1] ^ rotl64(C[x+1], 1); in interleaved form that rotation swaps the words of
      // C[x+1] and rotates the new even word by 1.
      const de0 = ce4 ^ ((co1 << 1) | (co1 >>> 31));
      const do0 = co4 ^ ce1;
      const de1 = ce0 ^ ((co2 << 1) | (co2 >>> 31));
      const do1 = co0 ^ ce2;
      const de2 = ce1 ^ ((co3 << 1) | (co3 >>> 31));
      const do2 = co1 ^ ce3;
      const de3 = ce2 ^ ((co4 << 1) | (co4 >>> 31));
      const do3 = co2 ^ ce4;
      const de4 = ce3 ^ ((co0 << 1) | (co0 >>> 31));
      const do4 = co3 ^ ce0;
      // Even words of all 25 output lanes, row by row.
      // row 0: b[x] = even word of rotl64(E[lane] ^ D, RHO) for lanes 0, 6, 12, 18, 24; chi, iota
      b0 = E[0] ^ de0;
      t = E[12] ^ de1;
      b1 = (t << 22) | (t >>> 10);
      t = E[25] ^ do2;
      b2 = (t << 22) | (t >>> 10);
      t = E[37] ^ do3;
      b3 = (t << 11) | (t >>> 21);
      t = E[48] ^ de4;
      b4 = (t << 7) | (t >>> 25);
      t = b0 ^ (b1 | b2) ^ RC[r + 2];
      A[0] = t;
      ce0 = t;
      t = b1 ^ (~b2 | b3);
      A[2] = t;
      ce1 = t;
      t = b2 ^ (b3 & b4);
      A[4] = t;
      ce2 = t;
      t = b3 ^ (b4 | b0);
      A[6] = t;
      ce3 = t;
      t = b4 ^ (b0 & b1);
      A[8] = t;
      ce4 = t;
      // row 1: b[x] = even word of rotl64(E[lane] ^ D, RHO) for lanes 3, 9, 10, 16, 22; chi
      t = E[6] ^ de3;
      b0 = (t << 14) | (t >>> 18);
      t = E[18] ^ de4;
      b1 = (t << 10) | (t >>> 22);
      t = E[21] ^ do0;
      b2 = (t << 2) | (t >>> 30);
      t = E[33] ^ do1;
      b3 = (t << 23) | (t >>> 9);
      t = E[45] ^ do2;
      b4 = (t << 31) | (t >>> 1);
      t = b0 ^ (b1 | b2);
      A[10] = t;
      ce0 ^= t;
      t = b1 ^ (b2 & b3);
      A[12] = t;
      ce1 ^= t;
      t = b2 ^ (b3 | ~b4);
      A[14] = t;
      ce2 ^= t;
      t = b3 ^ (b4 | b0);
      A[16] = t;
      ce3 ^= t;
      t = b4 ^ (b0 & b1);
      A[18] = t;
      ce4 ^= t;
      // row 2: b[x] = even word of rotl64(E[lane] ^ D, RHO) for lanes 1, 7, 13, 19, 20; chi
      t = E[3] ^ do1;
      b0 = (t << 1) | (t >>> 31);
      t = E[14] ^ de2;
      b1 = (t << 3) | (t >>> 29);
      t = E[27] ^ do3;
      b2 = (t << 13) | (t >>> 19);
      t = E[38] ^ de4;
      b3 = (t << 4) | (t >>> 28);
      t = E[40] ^ de0;
      b4 = (t << 9) | (t >>> 23);
      t = b0 ^ (b1 | b2);
      A[20] = t;
      ce0 ^= t;
      t = b1 ^ (b2 & b3);
      A[22] = t;
      ce1 ^= t;
      t = b2 ^ (~b3 & b4);
      A[24] = t;
      ce2 ^= t;
      t = ~(b3 ^ (b4 | b0));
      A[26] = t;
      ce3 ^= t;
      t = b4 ^ (b0 & b1);
      A[28] = t;
      ce4 ^= t;
      // row 3: b[x] = even word of rotl64(E[lane] ^ D, RHO) for lanes 4, 5, 11, 17, 23; chi
      t = E[9] ^ do4;
      b0 = (t << 14) | (t >>> 18);
      t = E[10] ^ de0;
      b1 = (t << 18) | (t >>> 14);
      t = E[22] ^ de1;
      b2 = (t << 5) | (t >>> 27);
      t = E[35] ^ do2;
      b3 = (t << 8) | (t >>> 24);
      t = E[46] ^ de3;
      b4 = (t << 28) | (t >>> 4);
      t = b0 ^ (b1 & b2);
      A[30] = t;
      ce0 ^= t;
      t = b1 ^ (b2 | b3);
      A[32] = t;
      ce1 ^= t;
      t = b2 ^ (~b3 | b4);
      A[34] = t;
      ce2 ^= t;
      t = ~(b3 ^ (b4 & b0));
      A[36] = t;
      ce3 ^= t;
      t = b4 ^ (b0 | b1);
      A[38] = t;
      ce4 ^= t;
      // row 4: b[x] = even word of rotl64(E[lane] ^ D, RHO) for lanes 2, 8, 14, 15, 21; chi
      t = E[4] ^ de2;
      b0 = (t << 31) | (t >>> 1);
      t = E[17] ^ do3;
      b1 = (t << 28) | (t >>> 4);
      t = E[29] ^ do4;
      b2 = (t << 20) | (t >>> 12);
      t = E[31] ^ do0;
      b3 = (t << 21) | (t >>> 11);
      t = E[42] ^ de1;
      b4 = (t << 1) | (t >>> 31);
      t = b0 ^ (~b1 & b2);
      A[40] = t;
      ce0 ^= t;
      t = ~(b1 ^ (b2 | b3));
      A[42] = t;
      ce1 ^= t;
      t = b2 ^ (b3 & b4);
      A[44] = t;
      ce2 ^= t;
      t = b3 ^ (b4 | b0);
      A[46] = t;
      ce3 ^= t;
      t = b4 ^ (b0 & b1);
      A[48] = t;
      ce4 ^= t;
      // Odd words of all 25 output lanes, row by row.
      // row 0: b[x] = odd word of rotl64(E[lane] ^ D, RHO) for lanes 0, 6, 12, 18, 24; chi, iota
      b0 = E[1] ^ do0;
      t = E[13] ^ do1;
      b1 = (t << 22) | (t >>> 10);
      t = E[24] ^ de2;
      b2 = (t << 21) | (t >>> 11);
      t = E[36] ^ de3;
      b3 = (t << 10) | (t >>> 22);
      t = E[49] ^ do4;
      b4 = (t << 7) | (t >>> 25);
      t = b0 ^ (b1 | b2) ^ RC[r + 3];
      A[1] = t;
      co0 = t;
      t = b1 ^ (~b2 | b3);
      A[3] = t;
      co1 = t;
      t = b2 ^ (b3 & b4);
      A[5] = t;
      co2 = t;
      t = b3 ^ (b4 | b0);
      A[7] = t;
      co3 = t;
      t = b4 ^ (b0 & b1);
      A[9] = t;
      co4 = t;
      // row 1: b[x] = odd word of rotl64(E[lane] ^ D, RHO) for lanes 3, 9, 10, 16, 22; chi
      t = E[7] ^ do3;
      b0 = (t << 14) | (t >>> 18);
      t = E[19] ^ do4;
      b1 = (t << 10) | (t >>> 22);
      t = E[20] ^ de0;
      b2 = (t << 1) | (t >>> 31);
      t = E[32] ^ de1;
      b3 = (t << 22) | (t >>> 10);
      t = E[44] ^ de2;
      b4 = (t << 30) | (t >>> 2);
      t = b0 ^ (b1 | b2);
      A[11] = t;
      co0 ^= t;
      t = b1 ^ (b2 & b3);
      A[13] = t;
      co1 ^= t;
      t = b2 ^ (b3 | ~b4);
      A[15] = t;
      co2 ^= t;
      t = b3 ^ (b4 | b0);
      A[17] = t;
      co3 ^= t;
      t = b4 ^ (b0 & b1);
      A[19] = t;
      co4 ^= t;
      // row 2: b[x] = odd word of rotl64(E[lane] ^ D, RHO) for lanes 1, 7, 13, 19, 20; chi
      b0 = E[2] ^ de1;
      t = E[15] ^ do2;
      b1 = (t << 3) | (t >>> 29);
      t = E[26] ^ de3;
      b2 = (t << 12) | (t >>> 20);
      t = E[39] ^ do4;
      b3 = (t << 4) | (t >>> 28);
      t = E[41] ^ do0;
      b4 = (t << 9) | (t >>> 23);
      t = b0 ^ (b1 | b2);
      A[21] = t;
      co0 ^= t;
      t = b1 ^ (b2 & b3);
      A[23] = t;
      co1 ^= t;
      t = b2 ^ (~b3 & b4);
      A[25] = t;
      co2 ^= t;
      t = ~(b3 ^ (b4 | b0));
      A[27] = t;
      co3 ^= t;
      t = b4 ^ (b0 & b1);
      A[29] = t;
      co4 ^= t;
      // row 3: b[x] = odd word of rotl64(E[lane] ^ D, RHO) for lanes 4, 5, 11, 17, 23; chi
      t = E[8] ^ de4;
      b0 = (t << 13) | (t >>> 19);
      t = E[11] ^ do0;
      b1 = (t << 18) | (t >>> 14);
      t = E[23] ^ do1;
      b2 = (t << 5) | (t >>> 27);
      t = E[34] ^ de2;
      b3 = (t << 7) | (t >>> 25);
      t = E[47] ^ do3;
      b4 = (t << 28) | (t >>> 4);
      t = b0 ^ (b1 & b2);
      A[31] = t;
      co0 ^= t;
      t = b1 ^ (b2 | b3);
      A[33] = t;
      co1 ^= t;
      t = b2 ^ (~b3 | b4);
      A[35] = t;
      co2 ^= t;
      t = ~(b3 ^ (b4 & b0));
      A[37] = t;
      co3 ^= t;
      t = b4 ^ (b0 | b1);
      A[39] = t;
      co4 ^= t;
      // row 4: b[x] = odd word of rotl64(E[lane] ^ D, RHO) for lanes 2, 8, 14, 15, 21; chi
      t = E[5] ^ do2;
      b0 = (t << 31) | (t >>> 1);
      t = E[16] ^ de3;
      b1 = (t << 27) | (t >>> 5);
      t = E[28] ^ de4;
      b2 = (t << 19) | (t >>> 13);
      t = E[30] ^ de0;
      b3 = (t << 20) | (t >>> 12);
      t = E[43] ^ do1;
      b4 = (t << 1) | (t >>> 31);
      t = b0 ^ (~b1 & b2);
      A[41] = t;
      co0 ^= t;
      t = ~(b1 ^ (b2 | b3));
      A[43] = t;
      co1 ^= t;
      t = b2 ^ (b3 & b4);
      A[45] = t;
      co2 ^= t;
      t = b3 ^ (b4 | b0);
      A[47] = t;
      co3 ^= t;
      t = b4 ^ (b0 & b1);
      A[49] = t;
      co4 ^= t;
    }
  }
}
