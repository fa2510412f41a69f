// A seeded, deterministic generator for fuzz inputs: xoshiro128** over 32-bit words, its state
// spread from the (arbitrarily large) seed by splitmix64, so the same seed always yields the same run.

const MASK64 = (1n << 64n) - 1n;

function splitmix64(state: { s: bigint }): bigint {
  state.s = (state.s + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: bigint) {
    // Fold every 64-bit limb of the seed in, so seeds that differ only above bit 64 still differ.
    const sm = { s: 0n };
    let x = seed < 0n ? -seed : seed;
    do {
      sm.s ^= x & MASK64;
      splitmix64(sm);
      x >>= 64n;
    } while (x > 0n);
    const w1 = splitmix64(sm);
    const w2 = splitmix64(sm);
    this.a = Number(w1 & 0xffffffffn) | 0;
    this.b = Number(w1 >> 32n) | 0;
    this.c = Number(w2 & 0xffffffffn) | 0;
    this.d = Number(w2 >> 32n) | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A uniform unsigned 32-bit integer. */
  next32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** A uniform integer in [0, n) for n ≤ 2^32 (rejection sampling, no modulo bias). */
  below(n: number): number {
    if (n <= 1) return 0;
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const r = this.next32();
      if (r < limit) return r % n;
    }
  }

  /** True with probability `percent`/100. */
  chance(percent: number): boolean {
    return this.below(100) < percent;
  }

  /** A uniform integer of `bits` random bits. */
  bits(bits: number): bigint {
    let v = 0n;
    let left = bits;
    while (left >= 32) {
      v = (v << 32n) | BigInt(this.next32());
      left -= 32;
    }
    if (left > 0) v = (v << BigInt(left)) | BigInt(this.next32() >>> (32 - left));
    return v;
  }

  /** A uniform bigint in [0, n) for any n > 0. */
  bigBelow(n: bigint): bigint {
    if (n <= 1n) return 0n;
    const width = (n - 1n).toString(2).length;
    for (;;) {
      const v = this.bits(width);
      if (v < n) return v;
    }
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next32() & 0xff;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
