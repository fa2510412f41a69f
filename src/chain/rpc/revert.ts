// Human-readable revert reasons: Solidity's Error(string) and Panic(uint256) payloads.
import { decodeAbiParameters } from 'viem';
import { toData } from '../hex.js';

const ERROR_SELECTOR = '0x08c379a0';
const PANIC_SELECTOR = '0x4e487b71';

const PANIC_REASONS: Record<number, string> = {
  0: 'generic panic',
  1: 'assert(false)',
  17: 'arithmetic underflow or overflow',
  18: 'division or modulo by zero',
  33: 'enum overflow',
  34: 'invalid encoded storage byte array accessed',
  49: 'out-of-bounds array access; popping on an empty array',
  50: 'out-of-bounds access of an array or bytesN',
  65: 'out of memory',
  81: 'uninitialized function',
};

/** The reason carried by revert data, or undefined when it is empty or a custom error. */
export function describeRevert(output: Uint8Array): string | undefined {
  if (output.length < 4) return undefined;
  const hex = toData(output);
  const selector = hex.slice(0, 10);
  try {
    if (selector === ERROR_SELECTOR) {
      const [reason] = decodeAbiParameters([{ type: 'string' }], `0x${hex.slice(10)}`);
      return reason;
    }
    if (selector === PANIC_SELECTOR) {
      const [code] = decodeAbiParameters([{ type: 'uint256' }], `0x${hex.slice(10)}`);
      const known = code < 256n ? PANIC_REASONS[Number(code)] : undefined;
      return `${known ?? 'unknown panic'} (0x${code.toString(16)})`;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
