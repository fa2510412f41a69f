// Option parsing shared by commands: numbers are checked and range-limited, so a typo exits 2 with
// a message naming the option instead of turning into NaN somewhere later.
import { EvmInputError } from '../evm/errors.js';

export function parseUint(name: string, s: string, max: bigint): bigint {
  let v: bigint;
  try {
    v = BigInt(s.trim());
  } catch {
    throw new EvmInputError(`--${name} is not a number: ${s}`, 'TDK_BAD_ARGUMENT');
  }
  if (v < 0n || v > max) throw new EvmInputError(`--${name} out of range: ${s}`, 'TDK_BAD_ARGUMENT');
  return v;
}

export function parseSmallUint(name: string, s: string, max = Number.MAX_SAFE_INTEGER): number {
  return Number(parseUint(name, s, BigInt(max)));
}
