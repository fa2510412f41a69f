// Byte, hex and bigint conversions used across the EVM. Pure and allocation-conscious.
import { writeLastHash } from './crypto/keccak.js';
import { EvmInputError } from './errors.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export const EMPTY_BYTES = new Uint8Array(0);

export function bytesToHex(bytes: Uint8Array): string {
  let s = '0x';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses hex with or without 0x; odd length is rejected. Throws EvmInputError on bad input. */
export function hexToBytes(hex: string): Uint8Array {
  let start = 0;
  if (hex.length >= 2 && hex[0] === '0' && (hex[1] === 'x' || hex[1] === 'X')) start = 2;
  const len = hex.length - start;
  if (len % 2 !== 0)
    throw new EvmInputError(`hex string has an odd number of digits (${len})`, 'TDK_BAD_HEX');
  const out = new Uint8Array(len / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(start + 2 * i));
    const lo = nibble(hex.charCodeAt(start + 2 * i + 1));
    if (hi < 0 || lo < 0) {
      throw new EvmInputError(`invalid hex digit near position ${start + 2 * i}`, 'TDK_BAD_HEX');
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Big-endian bytes to an unsigned bigint. */
export function bytesToBigInt(bytes: Uint8Array, start = 0, end = bytes.length): bigint {
  if (end - start === 32) return readWord(new DataView(bytes.buffer, bytes.byteOffset + start, 32), 0);
  let v = 0n;
  let i = start;
  // 6 bytes at a time stays inside the double-exact range.
  for (; i + 6 <= end; i += 6) {
    v =
      (v << 48n) |
      BigInt(
        bytes[i] * 0x10000000000 +
          bytes[i + 1] * 0x100000000 +
          bytes[i + 2] * 0x1000000 +
          bytes[i + 3] * 0x10000 +
          bytes[i + 4] * 0x100 +
          bytes[i + 5],
      );
  }
  for (; i < end; i++) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

/** Reads the 32-byte big-endian word at off (bounds are the caller's concern). */
export function readWord(view: DataView, off: number): bigint {
  // Most words are small (sizes, offsets, booleans, selectors): skip the wide path for them.
  if (
    (view.getUint32(off) | view.getUint32(off + 4) | view.getUint32(off + 8) | view.getUint32(off + 12)) ===
    0
  ) {
    if ((view.getUint32(off + 16) | view.getUint32(off + 20)) === 0) {
      const hi = view.getUint32(off + 24);
      // Exact as a double only below 2^53.
      if (hi < 0x200000) return BigInt(hi * 0x100000000 + view.getUint32(off + 28));
      return view.getBigUint64(off + 24);
    }
    return (view.getBigUint64(off + 16) << 64n) | view.getBigUint64(off + 24);
  }
  if ((view.getUint32(off) | view.getUint32(off + 4) | view.getUint32(off + 8)) === 0) {
    // Below 2^160 (addresses): three chunks instead of four.
    return (
      (BigInt(view.getUint32(off + 12)) << 128n) |
      (view.getBigUint64(off + 16) << 64n) |
      view.getBigUint64(off + 24)
    );
  }
  return (
    (view.getBigUint64(off) << 192n) |
    (view.getBigUint64(off + 8) << 128n) |
    (view.getBigUint64(off + 16) << 64n) |
    view.getBigUint64(off + 24)
  );
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Writes v (< 2^256) as a 32-byte big-endian word at off. */
export function writeWord(view: DataView, off: number, v: bigint): void {
  if (v <= MAX_SAFE) {
    const n = Number(v);
    view.setUint32(off, 0);
    view.setUint32(off + 4, 0);
    view.setUint32(off + 8, 0);
    view.setUint32(off + 12, 0);
    view.setUint32(off + 16, 0);
    view.setUint32(off + 20, 0);
    view.setUint32(off + 24, Math.floor(n / 0x100000000));
    view.setUint32(off + 28, n >>> 0);
    return;
  }
  if (writeLastHash(view, off, v)) return;
  view.setBigUint64(off, v >> 192n);
  view.setBigUint64(off + 8, BigInt.asUintN(64, v >> 128n));
  view.setBigUint64(off + 16, BigInt.asUintN(64, v >> 64n));
  view.setBigUint64(off + 24, BigInt.asUintN(64, v));
}

/** Writes v (assumed < 2^(8*len)) big-endian into out[offset..offset+len). */
export function writeBigInt(out: Uint8Array, offset: number, len: number, v: bigint): void {
  if (len === 32) {
    writeWord(new DataView(out.buffer, out.byteOffset + offset, 32), 0, v);
    return;
  }
  for (let i = offset + len - 1; i >= offset; i--) {
    if (v === 0n) {
      out.fill(0, offset, i + 1);
      return;
    }
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

export function bigIntToBytes32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  writeBigInt(out, 0, 32, v);
  return out;
}

/** Minimal big-endian encoding (zero is empty), as RLP wants for integers. */
export function bigIntToMinimalBytes(v: bigint): Uint8Array {
  if (v === 0n) return EMPTY_BYTES;
  let hex = v.toString(16);
  if (hex.length & 1) hex = `0${hex}`;
  return hexToBytes(hex);
}

export function hexToBigInt(hex: string): bigint {
  if (hex === '0x' || hex === '') return 0n;
  try {
    return BigInt(hex.startsWith('0x') || hex.startsWith('0X') ? hex : `0x${hex}`);
  } catch {
    throw new EvmInputError(`not a hex number: ${hex.slice(0, 40)}`, 'TDK_BAD_HEX');
  }
}

export function addressToHex(a: bigint): string {
  return `0x${a.toString(16).padStart(40, '0')}`;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
