// Helpers shared by the built-in precompiles: outcomes, word counts and zero-padded reads.
import type { PrecompileOutcome } from './types.js';

export const OUT_OF_GAS = 'out of gas';

export function halt(reason: string): PrecompileOutcome {
  return { status: 'halt', reason };
}

export function success(gasUsed: number, output: Uint8Array): PrecompileOutcome {
  return { status: 'success', gasUsed, output };
}

/** Number of 32-byte words needed for len bytes. */
export function words(len: number): number {
  return Math.ceil(len / 32);
}

/**
 * input[offset..offset+len) with the part past the end of input read as zeros, as the EVM
 * prescribes for precompile calldata. Returns a fresh buffer (never a view of the caller's memory).
 */
export function readPadded(input: Uint8Array, offset: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  if (offset < input.length) out.set(input.subarray(offset, Math.min(input.length, offset + len)));
  return out;
}

/** Bit length of a non-negative bigint (0 for 0). */
export function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}
