// ABI-typed random values, drawn like Foundry's strategies: the dictionary (constants from code and
// state), edge values (type bounds, powers of two and their neighbours) and uniform randomness.
import { bytesToHex, type Hex } from 'viem';
import type { AbiKind } from './abi-type.js';
import type { FuzzDictionary } from './index.js';
import type { Prng } from './prng.js';

/** Percent of leaf values taken from the dictionary when it has a fitting one (Foundry's default). */
const DICTIONARY_WEIGHT = 40;
/** Percent of the other values that are edge values (type bounds, powers of two ± 1). */
const EDGE_WEIGHT = 40;
/** Dynamic arrays, bytes and strings stay short: long ones cost gas without finding more bugs. */
const MAX_DYNAMIC_LENGTH = 16;

/**
 * Where values come from: the PRNG, and the dictionary drawn without replacement (a shuffled cycle),
 * so every constant is tried once before any is tried twice: a magic value among a hundred is reached
 * in about 250 runs for sure instead of with probability 1 - 1/e.
 */
export class ValueSource {
  private readonly words: Cycle;
  private readonly addresses: Cycle;
  constructor(
    readonly rng: Prng,
    readonly dict: FuzzDictionary,
  ) {
    this.words = new Cycle(dict.words, rng);
    this.addresses = new Cycle(dict.addresses, rng);
  }
  word(): bigint | undefined {
    return this.words.next();
  }
  /** The same PRNG with a grown dictionary (the invariant runner adds values it observed). */
  withWords(words: readonly bigint[]): ValueSource {
    return new ValueSource(this.rng, { words, addresses: this.dict.addresses });
  }
  address(): bigint | undefined {
    return this.addresses.next();
  }
}

class Cycle {
  private order: bigint[] = [];
  private i = 0;
  constructor(
    private readonly items: readonly bigint[],
    private readonly rng: Prng,
  ) {}
  next(): bigint | undefined {
    if (this.items.length === 0) return undefined;
    if (this.i >= this.order.length) {
      this.order = this.items.slice();
      for (let j = this.order.length - 1; j > 0; j--) {
        const k = this.rng.below(j + 1);
        [this.order[j], this.order[k]] = [this.order[k], this.order[j]];
      }
      this.i = 0;
    }
    return this.order[this.i++];
  }
}

export function generate(kind: AbiKind, src: ValueSource): unknown {
  const rng = src.rng;
  switch (kind.kind) {
    case 'uint':
      return genUint(kind.bits, src);
    case 'int':
      return genInt(kind.bits, src);
    case 'address':
      return toAddress(genAddress(src));
    case 'bool':
      return rng.below(2) === 1;
    case 'fixedBytes':
      return genFixedBytes(kind.size, src);
    case 'bytes':
      return bytesToHex(genBytes(src));
    case 'string':
      return genString(rng);
    case 'array': {
      const n = kind.length ?? genLength(rng);
      return Array.from({ length: n }, () => generate(kind.element, src));
    }
    case 'tuple':
      return kind.components.map((c) => generate(c, src));
  }
}

export function uintMax(bits: number): bigint {
  return (1n << BigInt(bits)) - 1n;
}

function genLength(rng: Prng): number {
  // Empty and one-element arrays are the common edge cases; otherwise uniform up to the cap.
  const r = rng.below(10);
  if (r === 0) return 0;
  if (r === 1) return 1;
  return rng.below(MAX_DYNAMIC_LENGTH + 1);
}

function fromDictionary(src: ValueSource): bigint | undefined {
  if (src.dict.words.length === 0 || !src.rng.chance(DICTIONARY_WEIGHT)) return undefined;
  return src.word();
}

/** The ends of the type: forge-std's bound() maps these onto the ends of the bounded range. */
export function uintBounds(bits: number): bigint[] {
  const max = uintMax(bits);
  return [0n, 1n, 2n, 3n, max, max - 1n, max - 2n, max - 3n];
}

function genUint(bits: number, src: ValueSource): bigint {
  const rng = src.rng;
  const max = uintMax(bits);
  const d = fromDictionary(src);
  // A wider dictionary word narrowed to the parameter: Foundry keeps its low bits too.
  if (d !== undefined) return d & max;
  if (rng.chance(EDGE_WEIGHT)) {
    // Edges: a type bound, or a power of two (of any bit position) and its neighbours.
    if (rng.below(2) === 0) return rng.pick(uintBounds(bits));
    const p = 1n << BigInt(rng.below(bits));
    return (p + BigInt(rng.below(3)) - 1n) & max;
  }
  // Half the random values have a random width, so small magnitudes are as common as huge ones.
  return rng.below(2) === 0 ? rng.bits(bits) : rng.bits(1 + rng.below(bits));
}

function genInt(bits: number, src: ValueSource): bigint {
  const rng = src.rng;
  const half = 1n << BigInt(bits - 1);
  const d = fromDictionary(src);
  if (d !== undefined) return signed(d & uintMax(bits), bits);
  if (rng.chance(EDGE_WEIGHT)) {
    const edges = [0n, 1n, -1n, half - 1n, -half, half - 2n, -half + 1n];
    if (rng.below(2) === 0) return rng.pick(edges);
    const p = 1n << BigInt(rng.below(bits - 1));
    const v = p + BigInt(rng.below(3)) - 1n;
    return rng.below(2) === 0 ? v : -v;
  }
  const mag = rng.below(2) === 0 ? rng.bits(bits) : rng.bits(1 + rng.below(bits));
  return signed(mag, bits);
}

export function signed(v: bigint, bits: number): bigint {
  const half = 1n << BigInt(bits - 1);
  return v >= half ? v - (half << 1n) : v;
}

const ADDRESS_MAX = uintMax(160);

function genAddress(src: ValueSource): bigint {
  const rng = src.rng;
  if (src.dict.addresses.length > 0 && rng.chance(DICTIONARY_WEIGHT)) return src.address()!;
  if (rng.chance(EDGE_WEIGHT)) {
    // Zero, precompiles and the all-ones address are the usual special cases.
    return rng.pick([0n, 1n, 2n, 3n, 4n, 9n, 10n, ADDRESS_MAX]);
  }
  return rng.bits(160);
}

export function toAddress(v: bigint): Hex {
  return `0x${v.toString(16).padStart(40, '0')}`;
}

function genFixedBytes(size: number, src: ValueSource): Hex {
  const rng = src.rng;
  const bits = size * 8;
  const d = fromDictionary(src);
  let v: bigint;
  if (d !== undefined) v = size === 32 ? d : d & uintMax(bits);
  else if (rng.chance(EDGE_WEIGHT)) v = rng.pick([0n, uintMax(bits), 1n, 1n << BigInt(bits - 1)]);
  else v = rng.bits(bits);
  return `0x${v.toString(16).padStart(size * 2, '0')}`;
}

function genBytes(src: ValueSource): Uint8Array {
  const rng = src.rng;
  if (src.dict.words.length > 0 && rng.chance(DICTIONARY_WEIGHT / 2)) {
    const w = src.word()!;
    const out = new Uint8Array(32);
    let x = w;
    for (let i = 31; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
    return out;
  }
  const r = rng.below(10);
  if (r === 0) return new Uint8Array(0);
  // Lengths around a word boundary exercise ABI padding.
  if (r === 1) return rng.bytes(rng.pick([1, 31, 32, 33, 64]));
  return rng.bytes(rng.below(MAX_DYNAMIC_LENGTH * 4 + 1));
}

const PRINTABLE =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';
const UNICODE = ['é', 'ß', 'Ж', '中', '€', '😀', '\u0000', '\n'];

function genString(rng: Prng): string {
  const r = rng.below(10);
  if (r === 0) return '';
  const n = 1 + rng.below(MAX_DYNAMIC_LENGTH * 2);
  let s = '';
  for (let i = 0; i < n; i++)
    s += rng.chance(10) ? rng.pick(UNICODE) : PRINTABLE[rng.below(PRINTABLE.length)];
  return s;
}
