// 0x05 MODEXP (EIP-198) priced by EIP-2565. Input: Bsize(32) ‖ Esize(32) ‖ Msize(32) ‖ B ‖ E ‖ M,
// everything past the end of the input read as zeros. The three sizes may be as large as 2^256 - 1, so
// gas is computed with bigints from the sizes and at most the first 32 exponent bytes, and compared with
// the gas limit before any operand is read or any buffer allocated.
import { bytesToBigInt, EMPTY_BYTES, writeBigInt } from '../bytes.js';
import type { Precompile } from './types.js';
import { bitLength, halt, OUT_OF_GAS, success } from './util.js';

/**
 * Guard for the bigint engine (V8 caps a BigInt at 2^30 bits). An operand this large costs at least
 * (2^22)^2 / 3 ≈ 5.9e12 gas, so no realistic gas limit reaches it; the guard only keeps an absurd one
 * from throwing a RangeError.
 */
const MAX_OPERAND_BYTES = 1 << 25;

/** Reads input[offset..offset+len) as a big-endian number, bytes past the input being zero. */
function readWordBig(input: Uint8Array, offset: bigint, len: number): bigint {
  const start = Number(offset > BigInt(input.length) ? BigInt(input.length) : offset);
  const end = Math.min(input.length, start + len);
  const present = bytesToBigInt(input, start, end);
  return present << BigInt(8 * (len - (end - start)));
}

/** EIP-2565 gas for the given sizes (bigint: it can be astronomically large). */
export function modexpGas(input: Uint8Array): bigint {
  const bLen = readWordBig(input, 0n, 32);
  const eLen = readWordBig(input, 32n, 32);
  const mLen = readWordBig(input, 64n, 32);
  let maxLen = bLen; // bigints: Math.max does not apply
  if (mLen > maxLen) maxLen = mLen;
  const wordsCount = (maxLen + 7n) / 8n;
  const complexity = wordsCount * wordsCount;
  const headLen = eLen < 32n ? Number(eLen) : 32;
  const head = readWordBig(input, 96n + bLen, headLen);
  const headBits = bitLength(head);
  let iterations = eLen <= 32n ? 0n : 8n * (eLen - 32n);
  if (headBits > 1) iterations += BigInt(headBits - 1);
  if (iterations < 1n) iterations = 1n;
  const gas = (complexity * iterations) / 3n;
  return gas < 200n ? 200n : gas;
}

/** base^exp mod m (m > 1), exp given as big-endian bytes: left-to-right square-and-multiply. */
function powMod(base: bigint, exp: Uint8Array, m: bigint): bigint {
  base %= m;
  let r = 1n;
  let started = false;
  for (let i = 0; i < exp.length; i++) {
    const byte = exp[i];
    for (let bit = 7; bit >= 0; bit--) {
      if (started) r = (r * r) % m;
      if ((byte >> bit) & 1) {
        r = (r * base) % m;
        started = true;
      }
    }
    if (r === 0n) return 0n;
  }
  return r;
}

export const modexp: Precompile = {
  name: 'modexp',
  run(call) {
    const input = call.input;
    const gasBig = modexpGas(input);
    if (gasBig > BigInt(call.gasLimit)) return halt(OUT_OF_GAS);
    const gas = Number(gasBig);
    // Affordable gas bounds every size: Bsize, Msize <= 8 * sqrt(3 * gasLimit) and, when Msize > 0,
    // Esize <= 3 * gasLimit / 8 + 32, all safe integers.
    const mLenBig = readWordBig(input, 64n, 32);
    if (mLenBig === 0n) return success(gas, EMPTY_BYTES);
    const bLen = Number(readWordBig(input, 0n, 32));
    const eLen = Number(readWordBig(input, 32n, 32));
    const mLen = Number(mLenBig);
    if (bLen > MAX_OPERAND_BYTES || mLen > MAX_OPERAND_BYTES) return halt('modexp operand too large');
    const eStart = 96 + bLen;
    const mStart = eStart + eLen;
    const m = readWordBig(input, BigInt(mStart), mLen);
    const out = new Uint8Array(mLen);
    if (m <= 1n) return success(gas, out);
    // m > 1 means some modulus byte lies inside the input, so the whole exponent does too.
    const base = readWordBig(input, 96n, bLen);
    writeBigInt(out, 0, mLen, powMod(base, input.subarray(eStart, mStart), m));
    return success(gas, out);
  },
};
