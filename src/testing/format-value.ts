// ABI values as forge prints them in reasons, traces and counterexamples.
import { bytesToHex, getAddress, type Hex } from 'viem';

export function formatValue(type: string, value: unknown): string {
  if (type === 'address') return getAddress(value as Hex);
  if (type === 'string') return JSON.stringify(value);
  if (type.endsWith(']') && Array.isArray(value)) {
    const inner = type.slice(0, type.lastIndexOf('['));
    return `[${value.map((v) => formatValue(inner, v)).join(', ')}]`;
  }
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (typeof value === 'bigint' || typeof value === 'boolean' || typeof value === 'number')
    return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `(${value.map((v) => formatAny(v)).join(', ')})`;
  if (value !== null && typeof value === 'object') {
    return `(${Object.values(value)
      .map((v) => formatAny(v))
      .join(', ')})`;
  }
  return String(value);
}

function formatAny(v: unknown): string {
  return typeof v === 'string' && !v.startsWith('0x') ? JSON.stringify(v) : formatValue('', v);
}
