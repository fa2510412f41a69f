// Recursive Length Prefix encoding (Yellow Paper, appendix B). Decoding is strict: non-canonical
// lengths, leading zeros in lengths and single bytes wrapped in a string header are rejected.
import { EvmInputError } from './errors.js';

export type RlpItem = Uint8Array | RlpItem[];

export class RlpError extends EvmInputError {
  constructor(message: string) {
    super(`invalid RLP: ${message}`, 'TDK_BAD_RLP');
  }
}

function lengthBytes(n: number): number[] {
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return out;
}

function encodedLength(item: RlpItem): number {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) return 1;
    return headerLength(item.length) + item.length;
  }
  let payload = 0;
  for (const child of item) payload += encodedLength(child);
  return headerLength(payload) + payload;
}

function headerLength(payload: number): number {
  return payload < 56 ? 1 : 1 + lengthBytes(payload).length;
}

function writeHeader(out: Uint8Array, pos: number, payload: number, shortBase: number): number {
  if (payload < 56) {
    out[pos] = shortBase + payload;
    return pos + 1;
  }
  const lb = lengthBytes(payload);
  out[pos++] = shortBase + 55 + lb.length;
  for (const b of lb) out[pos++] = b;
  return pos;
}

function write(out: Uint8Array, pos: number, item: RlpItem): number {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) {
      out[pos] = item[0];
      return pos + 1;
    }
    pos = writeHeader(out, pos, item.length, 0x80);
    out.set(item, pos);
    return pos + item.length;
  }
  let payload = 0;
  for (const child of item) payload += encodedLength(child);
  pos = writeHeader(out, pos, payload, 0xc0);
  for (const child of item) pos = write(out, pos, child);
  return pos;
}

export function rlpEncode(item: RlpItem): Uint8Array {
  const out = new Uint8Array(encodedLength(item));
  write(out, 0, item);
  return out;
}

function readLength(data: Uint8Array, pos: number, n: number): number {
  if (pos + n > data.length) throw new RlpError('length bytes run past the end of the input');
  if (data[pos] === 0) throw new RlpError('length has leading zero bytes');
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + data[pos + i];
  if (len < 56) throw new RlpError('long form used for a length below 56');
  return len;
}

/** Decodes one item starting at pos; returns it with the position after it. */
function decodeAt(data: Uint8Array, pos: number, depth: number): [RlpItem, number] {
  if (depth > 1024) throw new RlpError('nesting deeper than 1024');
  if (pos >= data.length) throw new RlpError('unexpected end of input');
  const b = data[pos];
  if (b < 0x80) return [data.subarray(pos, pos + 1), pos + 1];
  if (b < 0xb8) {
    const len = b - 0x80;
    const end = pos + 1 + len;
    if (end > data.length) throw new RlpError('string runs past the end of the input');
    if (len === 1 && data[pos + 1] < 0x80)
      throw new RlpError('single byte below 0x80 must not have a header');
    return [data.subarray(pos + 1, end), end];
  }
  if (b < 0xc0) {
    const n = b - 0xb7;
    const len = readLength(data, pos + 1, n);
    const start = pos + 1 + n;
    if (start + len > data.length) throw new RlpError('string runs past the end of the input');
    return [data.subarray(start, start + len), start + len];
  }
  let start: number;
  let len: number;
  if (b < 0xf8) {
    len = b - 0xc0;
    start = pos + 1;
  } else {
    const n = b - 0xf7;
    len = readLength(data, pos + 1, n);
    start = pos + 1 + n;
  }
  const end = start + len;
  if (end > data.length) throw new RlpError('list runs past the end of the input');
  const items: RlpItem[] = [];
  let p = start;
  while (p < end) {
    const [child, next] = decodeAt(data, p, depth + 1);
    if (next > end) throw new RlpError('list item runs past the end of its list');
    items.push(child);
    p = next;
  }
  return [items, end];
}

/** Decodes exactly one item; trailing bytes are an error. */
export function rlpDecode(data: Uint8Array): RlpItem {
  const [item, end] = decodeAt(data, 0, 0);
  if (end !== data.length) throw new RlpError(`${data.length - end} trailing bytes after the item`);
  return item;
}
