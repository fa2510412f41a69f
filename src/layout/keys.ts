// Mapping keys as they were hashed (a 32-byte word for value types, the raw bytes of string and
// bytes keys), read back as the key type. A word that cannot be a value of the key type (an address
// with high bytes set, a bool of 2) says the preimage belongs to something else.
import { bytesToBigInt } from '../evm/bytes.js';
import type { StorageType } from './types.js';

const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString('hex')}`;

/** The key as text for paths (`balances[0xab…]`, `names["alice"]`), or undefined if it cannot be one. */
export function formatKey(raw: Uint8Array, keyType: StorageType): string | undefined {
  if (keyType.encoding === 'bytes') {
    if (keyType.label !== 'string') return hex(raw);
    try {
      return JSON.stringify(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      return hex(raw);
    }
  }
  if (raw.length !== 32 || keyType.encoding !== 'inplace') return undefined;
  const v = bytesToBigInt(raw);
  const bits = BigInt(8 * keyType.numberOfBytes);
  // A user-defined value type reads as its underlying type; without the AST, as a word.
  const id = keyType.underlying ? `t_${keyType.underlying.replace(/ payable$/, '')}` : keyType.id;
  if (id.startsWith('t_userDefinedValueType(')) return `0x${v.toString(16)}`;
  if (id.startsWith('t_address') || id.startsWith('t_contract(')) {
    return v >> 160n === 0n ? `0x${v.toString(16).padStart(40, '0')}` : undefined;
  }
  if (id === 't_bool') return v <= 1n ? String(v === 1n) : undefined;
  if (/^t_int\d+$/.test(id)) {
    // Signed keys are sign-extended to 32 bytes before hashing.
    const signed = v >> 255n ? v - (1n << 256n) : v;
    const half = 1n << (bits - 1n);
    return signed >= -half && signed < half ? signed.toString() : undefined;
  }
  if (/^t_bytes\d+$/.test(id)) {
    // bytesN is left-aligned: the unused low bytes are zero.
    return v & ((1n << (256n - bits)) - 1n) ? undefined : hex(raw.subarray(0, keyType.numberOfBytes));
  }
  // uintN and enums (by number, as keys are given).
  return v >> bits === 0n ? v.toString() : undefined;
}
