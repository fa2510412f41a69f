// ABI coding for argument lists made only of one-word types (uintN, intN, address, bool, bytesN):
// each value is one 32-byte word at a fixed offset. Cheatcodes like prank, deal, warp and assertEq
// run thousands of times per fuzz or invariant test; viem's general coder (hex strings, cursors,
// recursion) was a measurable share of those runs. The results equal viem's: bigints, checksummed
// addresses, hex bytesN; out-of-range values are refused the same way. Anything else: undefined, and
// the caller uses viem.
import { type AbiParameter, bytesToHex, getAddress, isAddress } from 'viem';
import { bytesToBigInt } from '../evm/bytes.js';

type Kind =
  | { t: 'uint'; bits: number }
  | { t: 'int'; bits: number }
  | { t: 'address' }
  | { t: 'bool' }
  | { t: 'bytes'; size: number };

const TWO_256 = 1n << 256n;

function kindOf(type: string): Kind | undefined {
  if (type === 'address') return { t: 'address' };
  if (type === 'bool') return { t: 'bool' };
  let m = /^(u?)int(\d*)$/.exec(type);
  if (m) {
    const bits = m[2] === '' ? 256 : Number(m[2]);
    return m[1] === 'u' ? { t: 'uint', bits } : { t: 'int', bits };
  }
  m = /^bytes(\d+)$/.exec(type);
  if (m) return { t: 'bytes', size: Number(m[1]) };
  return undefined;
}

function kindsOf(params: readonly AbiParameter[]): Kind[] | undefined {
  const kinds: Kind[] = [];
  for (const p of params) {
    const k = kindOf(p.type);
    if (!k) return undefined;
    kinds.push(k);
  }
  return kinds;
}

function wordAt(data: Uint8Array, offset: number): bigint {
  return bytesToBigInt(data, offset, offset + 32);
}

export type StaticDecoder = (data: Uint8Array, offset: number) => unknown[];
export type StaticEncoder = (values: readonly unknown[]) => Uint8Array;

/** A decoder for `params`, or undefined when one of them is not a one-word type. */
export function staticDecoder(params: readonly AbiParameter[]): StaticDecoder | undefined {
  const kinds = kindsOf(params);
  if (!kinds) return undefined;
  return (data, offset) => {
    if (data.length - offset < 32 * kinds.length)
      throw new Error(
        `calldata too short: ${kinds.length} words expected, ${data.length - offset} bytes given`,
      );
    return kinds.map((k, i) => {
      const at = offset + 32 * i;
      switch (k.t) {
        // viem gives integers of 48 bits or fewer as JS numbers.
        case 'uint': {
          const w = wordAt(data, at);
          return k.bits <= 48 ? Number(w) : w;
        }
        case 'int': {
          const w = wordAt(data, at);
          const v = w >= TWO_256 >> 1n ? w - TWO_256 : w;
          return k.bits <= 48 ? Number(v) : v;
        }
        case 'address':
          return getAddress(bytesToHex(data.subarray(at + 12, at + 32)));
        case 'bool':
          return data[at + 31] !== 0;
        default:
          return bytesToHex(data.subarray(at, at + k.size));
      }
    });
  };
}

function put(out: Uint8Array, at: number, v: bigint): void {
  for (let i = 31; i >= 0; i--) {
    out[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** An encoder for `params`, or undefined when one of them is not a one-word type. */
export function staticEncoder(params: readonly AbiParameter[]): StaticEncoder | undefined {
  const kinds = kindsOf(params);
  if (!kinds) return undefined;
  return (values) => {
    const out = new Uint8Array(32 * kinds.length);
    kinds.forEach((k, i) => {
      const v = values[i];
      const at = 32 * i;
      switch (k.t) {
        case 'uint': {
          const n = BigInt(v as bigint | number);
          if (n < 0n || n >= 1n << BigInt(k.bits)) throw new Error(`${n} does not fit uint${k.bits}`);
          put(out, at, n);
          return;
        }
        case 'int': {
          const n = BigInt(v as bigint | number);
          const half = 1n << BigInt(k.bits - 1);
          if (n < -half || n >= half) throw new Error(`${n} does not fit int${k.bits}`);
          put(out, at, n < 0n ? n + TWO_256 : n);
          return;
        }
        case 'address': {
          if (typeof v !== 'string' || !isAddress(v, { strict: false }))
            throw new Error(`${String(v)} is not an address`);
          put(out, at, BigInt(v));
          return;
        }
        case 'bool':
          if (typeof v !== 'boolean') throw new Error(`${String(v)} is not a bool`);
          out[at + 31] = v ? 1 : 0;
          return;
        case 'bytes': {
          if (typeof v !== 'string' || !/^0x[0-9a-fA-F]*$/.test(v) || v.length !== 2 + 2 * k.size)
            throw new Error(`${String(v)} is not bytes${k.size}`);
          const hex = v.slice(2);
          for (let j = 0; j < hex.length / 2; j++)
            out[at + j] = Number.parseInt(hex.slice(2 * j, 2 * j + 2), 16);
          return;
        }
      }
    });
    return out;
  };
}
