// Parsing and formatting of JSON-RPC's hex encodings (QUANTITY, DATA, addresses, hashes). Every
// parser throws an RpcError naming the parameter, so bad input becomes -32602 rather than a crash.
import { bytesToHex, hexToBytes } from '../evm/index.js';
import { invalidParams } from './errors.js';

const HEX_DIGITS = /^0x[0-9a-fA-F]*$/;
const QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;

export function toQuantity(v: bigint | number): string {
  return `0x${v.toString(16)}`;
}

export function toData(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/** A fixed-width hex string: 20 bytes for addresses, 32 for hashes and words. */
export function toFixedHex(v: bigint, bytes: number): string {
  return `0x${v.toString(16).padStart(bytes * 2, '0')}`;
}

export const toAddress = (v: bigint): string => toFixedHex(v, 20);
export const toHash = (v: bigint): string => toFixedHex(v, 32);

export function parseQuantity(v: unknown, name: string): bigint {
  if (typeof v !== 'string' || !QUANTITY.test(v)) {
    throw invalidParams(`${name} must be a hex quantity such as "0x1a", got ${describe(v)}`);
  }
  return BigInt(v);
}

/** A quantity that must fit a JS number (counts, indexes). */
export function parseSmallQuantity(v: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number {
  const q = parseQuantity(v, name);
  if (q > BigInt(max)) throw invalidParams(`${name} is too large (maximum ${max})`);
  return Number(q);
}

export function parseData(v: unknown, name: string, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  if (typeof v !== 'string' || !HEX_DIGITS.test(v) || v.length % 2 !== 0) {
    throw invalidParams(`${name} must be 0x-prefixed hex with an even number of digits, got ${describe(v)}`);
  }
  if ((v.length - 2) / 2 > maxBytes) throw invalidParams(`${name} is longer than ${maxBytes} bytes`);
  return hexToBytes(v);
}

function parseFixed(v: unknown, name: string, bytes: number, what: string): bigint {
  if (typeof v !== 'string' || !HEX_DIGITS.test(v) || v.length !== 2 + bytes * 2) {
    throw invalidParams(
      `${name} must be ${what} (0x followed by ${bytes * 2} hex digits), got ${describe(v)}`,
    );
  }
  return BigInt(v);
}

export const parseAddress = (v: unknown, name: string): bigint => parseFixed(v, name, 20, 'an address');
export const parseHash = (v: unknown, name: string): bigint => parseFixed(v, name, 32, 'a 32-byte hash');

/** A storage slot: geth accepts any quantity up to 32 bytes, with or without leading zeros. */
export function parseSlot(v: unknown, name: string): bigint {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(v)) {
    throw invalidParams(`${name} must be a storage slot as hex (up to 32 bytes), got ${describe(v)}`);
  }
  return BigInt(v);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === undefined) return 'nothing';
  return typeof v === 'object'
    ? v === null
      ? 'null'
      : Array.isArray(v)
        ? 'an array'
        : 'an object'
    : String(v);
}
