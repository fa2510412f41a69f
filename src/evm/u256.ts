// 256-bit word arithmetic on bigints. Words are always kept in [0, 2^256).

export const MAX_U256 = (1n << 256n) - 1n;
export const TWO_256 = 1n << 256n;
const SIGN_BIT = 1n << 255n;

/** Preallocated bigints 0..256, so hot paths (PUSH1, booleans, sizes) do not allocate. */
export const SMALL: readonly bigint[] = Array.from({ length: 257 }, (_, i) => BigInt(i));

export function toSigned(x: bigint): bigint {
  return x >= SIGN_BIT ? x - TWO_256 : x;
}

export function fromSigned(x: bigint): bigint {
  return x < 0n ? x + TWO_256 : x;
}

export function sdiv(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  // Both non-negative: plain division, no conversions (fixed-point code divides mostly such values).
  if (a < SIGN_BIT && b < SIGN_BIT) return a / b;
  // -2^255 / -1 overflows back to -2^255, which fromSigned yields naturally through the mask.
  return BigInt.asUintN(256, toSigned(a) / toSigned(b));
}

export function smod(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  if (a < SIGN_BIT && b < SIGN_BIT) return a % b;
  // BigInt % keeps the dividend's sign, which is exactly the EVM rule.
  return fromSigned(toSigned(a) % toSigned(b));
}

export function addmod(a: bigint, b: bigint, n: bigint): bigint {
  return n === 0n ? 0n : (a + b) % n;
}

export function mulmod(a: bigint, b: bigint, n: bigint): bigint {
  return n === 0n ? 0n : (a * b) % n;
}

/** Modular exponentiation mod 2^256 by squaring; the exponent is at most 256 bits. */
export function exp(base: bigint, exponent: bigint): bigint {
  if (exponent === 0n) return 1n;
  if (base === 0n) return 0n;
  if (base === 2n) return exponent < 256n ? 1n << exponent : 0n;
  let result = 1n;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = BigInt.asUintN(256, result * b);
    e >>= 1n;
    if (e > 0n) b = BigInt.asUintN(256, b * b);
  }
  return result;
}

/** Number of bytes of the exponent, which EXP charges 50 gas each for. */
export function byteLength(x: bigint): number {
  if (x === 0n) return 0;
  return (x.toString(16).length + 1) >> 1;
}

export function signextend(k: bigint, x: bigint): bigint {
  if (k >= 31n) return x;
  const bits = (Number(k) + 1) * 8;
  return BigInt.asUintN(256, BigInt.asIntN(bits, x));
}

export function byteAt(i: bigint, x: bigint): bigint {
  if (i >= 32n) return 0n;
  return (x >> BigInt(248 - Number(i) * 8)) & 0xffn;
}

/** SHL_FITS[s] = 2^(256-s): x << s needs no masking when x is below it. */
export const SHL_FITS: readonly bigint[] = Array.from({ length: 256 }, (_, s) => 1n << BigInt(256 - s));

export function shl(shift: bigint, x: bigint): bigint {
  return shift >= 256n ? 0n : BigInt.asUintN(256, x << shift);
}

export function shr(shift: bigint, x: bigint): bigint {
  return shift >= 256n ? 0n : x >> shift;
}

export function sar(shift: bigint, x: bigint): bigint {
  const negative = x >= SIGN_BIT;
  if (!negative) return shift >= 256n ? 0n : x >> shift;
  if (shift >= 256n) return negative ? MAX_U256 : 0n;
  return BigInt.asUintN(256, toSigned(x) >> shift);
}

export function slt(a: bigint, b: bigint): boolean {
  // With equal signs the unsigned order is the signed one; otherwise the negative one is less.
  return a < SIGN_BIT === b < SIGN_BIT ? a < b : a >= SIGN_BIT;
}
