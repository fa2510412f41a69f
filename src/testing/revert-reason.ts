// Revert data as forge prints it: Error(string) as its message, Panic(uint256) by name, custom errors
// of any project ABI as Name(args), anything else as hex.
import { type Abi, bytesToHex, decodeAbiParameters, type Hex, toFunctionSelector } from 'viem';
import type { HaltReason } from '../evm/index.js';
import { formatValue } from './format-value.js';

type AbiError = Extract<Abi[number], { type: 'error' }>;

const ERROR_STRING = 0x08c379a0;
const PANIC = 0x4e487b71;

const PANICS: Record<number, string> = {
  0: 'generic panic',
  1: 'assertion failed',
  17: 'arithmetic underflow or overflow',
  18: 'division or modulo by zero',
  33: 'failed to convert value into enum type',
  34: 'storage byte array that is incorrectly encoded',
  49: "'pop' on an empty array",
  50: 'array out-of-bounds access',
  65: 'out of memory',
  81: 'uninitialized function pointer',
};

/** Custom errors by selector, from every ABI of the project (and the test library). */
export class ErrorDecoder {
  private readonly bySelector = new Map<number, AbiError>();

  constructor(abis: Iterable<readonly unknown[]> = []) {
    for (const abi of abis) this.add(abi);
  }

  add(abi: readonly unknown[]): void {
    for (const item of abi as { type?: string }[]) {
      if (item?.type !== 'error') continue;
      const e = item as AbiError;
      // An error's selector is computed like a function's: name and input types.
      const asFn = { ...e, type: 'function' as const, outputs: [], stateMutability: 'nonpayable' as const };
      const sel = Number.parseInt(toFunctionSelector(asFn).slice(2), 16);
      if (!this.bySelector.has(sel)) this.bySelector.set(sel, e);
    }
  }

  /** The reason forge would print for this revert data. */
  decode(data: Uint8Array): string {
    if (data.length === 0) return 'EvmError: Revert';
    if (data.length < 4) return `custom error ${bytesToHex(data)}`;
    const sel = ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0;
    const body = bytesToHex(data.subarray(4));
    try {
      if (sel === ERROR_STRING) {
        return decodeAbiParameters([{ type: 'string' }], body)[0];
      }
      if (sel === PANIC) {
        const code = Number(decodeAbiParameters([{ type: 'uint256' }], body)[0]);
        return `panic: ${PANICS[code] ?? 'unknown panic code'} (0x${code.toString(16).padStart(2, '0')})`;
      }
      const e = this.bySelector.get(sel);
      if (e !== undefined) {
        const args = decodeAbiParameters(e.inputs, body);
        return `${e.name}(${e.inputs.map((p, i) => formatValue(p.type, args[i])).join(', ')})`;
      }
    } catch {
      // Malformed payload for a known selector: fall through to the raw form.
    }
    return `custom error ${bytesToHex(data.subarray(0, 4))}${data.length > 4 ? `: ${body}` : ''}`;
  }
}

/** The Error(string) message inside revert data, or undefined when it is something else. */
export function errorString(data: Uint8Array): string | undefined {
  if (
    data.length < 4 ||
    ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0 !== ERROR_STRING
  )
    return undefined;
  try {
    return decodeAbiParameters([{ type: 'string' }], bytesToHex(data.subarray(4)) as Hex)[0];
  } catch {
    return undefined;
  }
}

/** forge's wording for an exceptional halt. */
export function haltReason(halt: HaltReason | undefined): string {
  return `EvmError: ${halt ?? 'Revert'}`;
}
