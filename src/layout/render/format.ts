// How values and slots read in tdk's storage output (table and HTML map): addresses checksummed,
// integers in decimal, enums as `Member (1)`, strings quoted, bytes in hex, slots in short hex. Text
// that comes from a chain (strings, mapping keys) is made printable: control, C1 and bidi-override
// characters become \u escapes, so a value cannot move the terminal cursor or reorder what follows.
import { getAddress } from 'viem';
import type { DecodedValue } from '../types.js';

/** Characters that must not reach a terminal or page as themselves. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** `s` with control, C1, zero-width and bidi-control characters written as \uXXXX. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A string in double quotes, `"` and `\` escaped, unprintables as \uXXXX. */
export function quote(s: string): string {
  return `"${printable(s.replace(/[\\"]/g, '\\$&'))}"`;
}

/** A slot as 0x-hex, 32 bytes (64 digits): the form in JSON and in the HTML data-slot attributes. */
export function slotHex(slot: bigint): string {
  return `0x${slot.toString(16).padStart(64, '0')}`;
}

/**
 * A slot for people: `0x0`, `0x1f`, ... while it is short; hashed slots (mapping entries, array data,
 * ERC-7201 roots) as the first 6 and last 4 digits, `0x52c632…ace00`, enough to tell neighbours apart.
 */
export function slotShort(slot: bigint): string {
  const hex = slot.toString(16);
  return hex.length <= 12 ? `0x${hex}` : `0x${hex.slice(0, 6)}…${hex.slice(-4)}`;
}

/** Solidity labels whose values are addresses (solc spells contract and interface types `contract X`). */
export function isAddressType(type: string): boolean {
  return /^(address( payable)?|contract .+)$/.test(type);
}

export interface FormatOptions {
  /** Strings and hex longer than this many characters are cut, with the full length said. */
  readonly maxChars?: number;
}

const DEFAULT_MAX_CHARS = 66;

/**
 * A leaf value (value, enum, bytes) as one line of text. Containers (struct, array, mapping) get a
 * summary: `length 3`, `2 entries (keys recorded)`; their parts are rows of their own.
 */
export function formatValue(value: DecodedValue, type: string, options: FormatOptions = {}): string {
  const max = options.maxChars ?? DEFAULT_MAX_CHARS;
  switch (value.kind) {
    case 'value':
      return formatScalar(value.value, type);
    case 'enum':
      return value.member === undefined
        ? value.value.toString()
        : `${printable(value.member)} (${value.value})`;
    case 'bytes':
      return formatBytes(value, type, max);
    case 'struct':
      return `${value.members.length} member${value.members.length === 1 ? '' : 's'}`;
    case 'array':
      return `length ${value.length}`;
    case 'mapping':
      return mappingSummary(value.entries.length, value.keysFrom);
  }
}

function formatScalar(value: bigint | boolean | string, type: string): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isAddressType(type) && /^0x[0-9a-fA-F]{40}$/.test(value)) return getAddress(value);
  return printable(value);
}

function formatBytes(value: Extract<DecodedValue, { kind: 'bytes' }>, type: string, max: number): string {
  if (type === 'string' && value.utf8 !== undefined) {
    // Cut by code points, so a character outside the BMP is never split into half a surrogate pair.
    const text = [...quote(value.utf8)];
    return text.length <= max
      ? text.join('')
      : `${text.slice(0, max - 1).join('')}…" (${value.length} bytes)`;
  }
  const hex = printable(value.hex);
  if (hex.length <= max) return hex;
  return `${hex.slice(0, max)}… (${value.length} bytes)`;
}

function mappingSummary(count: number, keysFrom: 'recorded' | 'given' | 'none'): string {
  if (keysFrom === 'none') return count === 0 ? 'keys unknown' : `${count} entries (keys unknown)`;
  const entries = `${count} ${count === 1 ? 'entry' : 'entries'}`;
  return `${entries} (keys ${keysFrom})`;
}
