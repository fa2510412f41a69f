// ABI encoding of one leaf (abi.encode(types, values)). Static elementary types (address, bool,
// uintN, intN, bytesN) are written by hand into one reused buffer; anything else (string, bytes,
// arrays) goes through viem's encodeAbiParameters. Both raise MerkleError with the row and column.
import { encodeAbiParameters, hexToBytes } from 'viem';
import { MerkleError } from './errors.js';

/** Encodes the value of row `row` (0-based, for messages); the result may be a reused buffer. */
export type LeafEncoder = (value: readonly unknown[], row: number) => Uint8Array;

type WordWriter = (buf: Uint8Array, off: number, v: unknown) => string | undefined;

const HEX_RE = /^0x[0-9a-fA-F]*$/;
const ELEMENTARY_RE =
  /^(address|bool|string|bytes([1-9]|[12][0-9]|3[0-2])?|u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?)(\[\d*\])*$/;

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return c - 55; // A-F (validated by HEX_RE before)
}

function writeHex(buf: Uint8Array, off: number, hex: string): void {
  for (let i = 2, j = off; i < hex.length; i += 2, j++) {
    buf[j] = (hexNibble(hex.charCodeAt(i)) << 4) | hexNibble(hex.charCodeAt(i + 1));
  }
}

const INT_RE = /^-?(0x[0-9a-fA-F]+|[0-9]+)$/;

function toBigInt(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string') {
    let s = v;
    if (!INT_RE.test(s)) {
      s = v.trim();
      if (!INT_RE.test(s)) return undefined;
    }
    return s.charCodeAt(0) === 45 ? -BigInt(s.slice(1)) : BigInt(s);
  }
  return undefined;
}

/** Writes 0 <= v < 2^256 as a 32-byte big-endian word (through its hex digits: no bigint loop). */
function writeBig(buf: Uint8Array, off: number, v: bigint): void {
  const h = v.toString(16);
  buf.fill(0, off, off + 32);
  let j = off + 31;
  let i = h.length;
  for (; i >= 2; i -= 2, j--) buf[j] = (hexNibble(h.charCodeAt(i - 2)) << 4) | hexNibble(h.charCodeAt(i - 1));
  if (i === 1) buf[j] = hexNibble(h.charCodeAt(0));
}

function staticWriter(type: string): WordWriter | undefined {
  if (type === 'address') {
    return (buf, off, v) => {
      if (typeof v !== 'string' || v.length !== 42 || !HEX_RE.test(v)) return 'expected a 20-byte 0x address';
      buf.fill(0, off, off + 12);
      writeHex(buf, off + 12, v);
      return undefined;
    };
  }
  if (type === 'bool') {
    return (buf, off, v) => {
      if (typeof v !== 'boolean') return 'expected a boolean';
      buf.fill(0, off, off + 31);
      buf[off + 31] = v ? 1 : 0;
      return undefined;
    };
  }
  const uint = /^uint(\d*)$/.exec(type);
  if (uint) {
    const bits = BigInt(uint[1] || '256');
    const max = 1n << bits;
    return (buf, off, v) => {
      const n = toBigInt(v);
      if (n === undefined || n < 0n || n >= max) return `expected an integer in [0, 2^${bits})`;
      writeBig(buf, off, n);
      return undefined;
    };
  }
  const int = /^int(\d*)$/.exec(type);
  if (int) {
    const bits = BigInt(int[1] || '256');
    const half = 1n << (bits - 1n);
    return (buf, off, v) => {
      const n = toBigInt(v);
      if (n === undefined || n < -half || n >= half)
        return `expected an integer in [-2^${bits - 1n}, 2^${bits - 1n})`;
      writeBig(buf, off, n < 0n ? (1n << 256n) + n : n);
      return undefined;
    };
  }
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) {
    const size = Number(fixed[1]);
    return (buf, off, v) => {
      if (typeof v !== 'string' || v.length !== 2 + 2 * size || !HEX_RE.test(v)) {
        return `expected ${size} bytes as 0x hex`;
      }
      buf.fill(0, off, off + 32);
      writeHex(buf, off, v);
      return undefined;
    };
  }
  return undefined;
}

/** Checks a leaf encoding (a list of Solidity types) and throws TDK_MERKLE_TYPES if unsupported. */
export function checkTypes(types: readonly string[]): void {
  if (types.length === 0)
    throw new MerkleError('no leaf types given', 'TDK_MERKLE_TYPES', 'e.g. --types address,uint256');
  for (const t of types) {
    if (!ELEMENTARY_RE.test(t)) {
      throw new MerkleError(
        `unsupported leaf type '${t}'`,
        'TDK_MERKLE_TYPES',
        'use Solidity elementary types: address, bool, uintN, intN, bytesN, bytes, string, or arrays of them',
      );
    }
  }
}

function valueError(row: number, col: number, type: string, why: string, v: unknown): MerkleError {
  const shown = typeof v === 'string' ? `'${v.length > 80 ? `${v.slice(0, 80)}…` : v}'` : String(v);
  return new MerkleError(
    `row ${row + 1}, column ${col + 1} (${type}): ${why}, got ${shown}`,
    'TDK_MERKLE_VALUE',
  );
}

/** Builds the encoder for a leaf encoding. */
export function leafEncoder(types: readonly string[]): LeafEncoder {
  checkTypes(types);
  const writers = types.map(staticWriter);
  const width = types.length;
  if (writers.every((w) => w !== undefined)) {
    const ws = writers as WordWriter[];
    const buf = new Uint8Array(32 * width);
    return (value, row) => {
      if (!Array.isArray(value) || value.length !== width) {
        throw new MerkleError(
          `row ${row + 1}: expected ${width} value(s) (${types.join(',')}), got ${Array.isArray(value) ? value.length : typeof value}`,
          'TDK_MERKLE_VALUE',
        );
      }
      for (let c = 0; c < width; c++) {
        const why = ws[c]!(buf, 32 * c, value[c]);
        if (why !== undefined) throw valueError(row, c, types[c]!, why, value[c]);
      }
      return buf;
    };
  }
  const params = types.map((type) => ({ type }));
  return (value, row) => {
    if (!Array.isArray(value) || value.length !== width) {
      throw new MerkleError(
        `row ${row + 1}: expected ${width} value(s) (${types.join(',')}), got ${Array.isArray(value) ? value.length : typeof value}`,
        'TDK_MERKLE_VALUE',
      );
    }
    const norm: unknown[] = new Array(width);
    for (let c = 0; c < width; c++) {
      const w = writers[c];
      const v = value[c];
      if (w) {
        // Validate static columns with the same rules as the fast path.
        const word = new Uint8Array(32);
        const why = w(word, 0, v);
        if (why !== undefined) throw valueError(row, c, types[c]!, why, v);
        norm[c] = /int/.test(types[c]!)
          ? toBigInt(v)
          : types[c] === 'address'
            ? (v as string).toLowerCase()
            : v;
      } else if (types[c] === 'string' && typeof v !== 'string') {
        throw valueError(row, c, 'string', 'expected a string', v);
      } else {
        norm[c] = v;
      }
      if (norm[c] === undefined) norm[c] = v;
    }
    try {
      return hexToBytes(encodeAbiParameters(params, norm));
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0];
      throw new MerkleError(
        `row ${row + 1}: cannot encode as (${types.join(',')}): ${msg}`,
        'TDK_MERKLE_VALUE',
      );
    }
  };
}
