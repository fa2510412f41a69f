// Live storage decoded against a layout: every variable, struct member, array element, bytes/string
// (short and long form) and mapping entry, with paths such as `balances[0xab…]`, `items[2].name` and
// `$ERC20Storage._name` for ERC-7201 namespaces. Reads are batched level by level (batch.ts).
// Mapping entries need keys: given per path, or from a MappingKeySource (recorded preimages).
import { batchedWords, type WordSource } from './batch.js';
import { formatKey } from './keys.js';
import {
  bytesLength,
  dataSlot,
  elementPosition,
  encodeMappingKey,
  isValueType,
  longBytesSlots,
  type MappingKey,
  mappingEntrySlot,
  staticArrayLength,
  valueKind,
} from './slots.js';
import type { ContractLayout, DecodedValue, DecodedVariable, StorageReader, StorageType } from './types.js';

/** Keys of a mapping, as hashed (32-byte words for value types, raw bytes for string/bytes keys). */
export interface MappingKeySource {
  keysFor(path: string, mappingSlot: bigint, keyType: StorageType): Promise<Uint8Array[]>;
}

export interface DecodeOptions {
  /**
   * Mapping keys by the mapping's path: `balances`, `allowance[0xab…]` for one inner mapping, or with
   * every index and key written `[]` (`allowance[]`, `users[].roles`) for all of them.
   */
  readonly keys?: Readonly<Record<string, readonly MappingKey[]>>;
  /** More keys, e.g. discovered from the devnet's recording (discover.ts). */
  readonly recording?: MappingKeySource;
  /** Elements read per array; longer arrays are marked truncated. Default 256. */
  readonly maxArrayElements?: number;
  /** Bytes read per long bytes/string value. Default 65536. */
  readonly maxBytes?: number;
}

export const DECODE_DEFAULTS = { maxArrayElements: 256, maxBytes: 65_536 } as const;

/** Decodes every variable of the layout, then each ERC-7201 namespace (path root `$StructName`). */
export async function decodeStorage(
  layout: ContractLayout,
  address: bigint,
  reader: StorageReader,
  options: DecodeOptions = {},
): Promise<DecodedVariable[]> {
  const decoder = new Decoder(layout, batchedWords(reader, address), options);
  return Promise.all([
    ...layout.storage.map((v) => decoder.at(v.type, v.label, v.slot, v.offset)),
    ...layout.namespaces.map((ns) => decoder.at(ns.type, namespacePath(layout, ns.type), ns.slot, 0)),
  ]);
}

/** `$ERC20Storage` for `struct ERC20Upgradeable.ERC20Storage`. */
export function namespacePath(layout: ContractLayout, structType: string): string {
  const label = layout.types[structType]?.label ?? structType;
  return `$${label
    .replace(/^struct\s+/, '')
    .split('.')
    .pop()}`;
}

/** A path with every index and key written `[]`: `allowance[0xab][0xcd]` -> `allowance[][]`. */
export function genericPath(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] !== '[') {
      out += path[i];
      continue;
    }
    // Skip to the matching `]`; a string key is JSON and may itself hold brackets or quotes.
    let j = i + 1;
    if (path[j] === '"') {
      for (j++; j < path.length && path[j] !== '"'; j++) if (path[j] === '\\') j++;
      j++;
    }
    while (j < path.length && path[j] !== ']') j++;
    out += '[]';
    i = j;
  }
  return out;
}

class Decoder {
  private readonly maxElements: bigint;
  private readonly maxBytes: bigint;

  constructor(
    private readonly layout: ContractLayout,
    private readonly words: WordSource,
    private readonly options: DecodeOptions,
  ) {
    this.maxElements = BigInt(options.maxArrayElements ?? DECODE_DEFAULTS.maxArrayElements);
    this.maxBytes = BigInt(options.maxBytes ?? DECODE_DEFAULTS.maxBytes);
  }

  private type(id: string): StorageType {
    const t = this.layout.types[id];
    if (!t) throw new Error(`layout of ${this.layout.contract} has no type ${id}`);
    return t;
  }

  async at(typeId: string, path: string, slot: bigint, offset: number): Promise<DecodedVariable> {
    const t = this.type(typeId);
    const value = await this.value(t, path, slot, offset);
    return { path, type: t.label, slot, offset, bytes: t.numberOfBytes, value };
  }

  private value(t: StorageType, path: string, slot: bigint, offset: number): Promise<DecodedValue> {
    if (t.encoding === 'mapping') return this.mapping(t, path, slot);
    if (t.encoding === 'bytes') return this.bytes(t, slot);
    if (t.encoding === 'dynamic_array') return this.dynamicArray(t, path, slot);
    if (t.members) return this.struct(t, path, slot);
    if (t.base !== undefined) return this.array(t, path, slot, staticArrayLength(t) ?? 0n);
    return this.words.get(slot).then((w) => decodeValue(t, w, offset));
  }

  private async struct(t: StorageType, path: string, slot: bigint): Promise<DecodedValue> {
    const members = await Promise.all(
      t.members!.map((m) => this.at(m.type, `${path}.${m.label}`, slot + m.slot, m.offset)),
    );
    return { kind: 'struct', members };
  }

  private async dynamicArray(t: StorageType, path: string, slot: bigint): Promise<DecodedValue> {
    const length = await this.words.get(slot);
    return this.array(t, path, dataSlot(slot), length);
  }

  private async array(t: StorageType, path: string, first: bigint, length: bigint): Promise<DecodedValue> {
    const element = this.type(t.base!);
    const shown = least(length, this.maxElements);
    const elements = await Promise.all(
      Array.from({ length: Number(shown) }, (_, i) => {
        const at = elementPosition(first, BigInt(i), element);
        return this.at(element.id, `${path}[${i}]`, at.slot, at.offset);
      }),
    );
    return { kind: 'array', length, elements, ...(shown < length ? { truncated: true } : {}) };
  }

  private async bytes(t: StorageType, slot: bigint): Promise<DecodedValue> {
    const head = await this.words.get(slot);
    const { length, long } = bytesLength(head);
    let data: Uint8Array;
    if (!long) {
      data = wordBytes(head).subarray(0, Number(length));
    } else {
      const read = least(length, this.maxBytes);
      const words = await Promise.all(longBytesSlots(slot, read).map((s) => this.words.get(s)));
      data = concatWords(words).subarray(0, Number(read));
    }
    return bytesValue(t, data, length);
  }

  private async mapping(t: StorageType, path: string, slot: bigint): Promise<DecodedValue> {
    const keyType = this.type(t.key!);
    const given = this.options.keys?.[path] ?? this.options.keys?.[genericPath(path)] ?? [];
    const recorded = this.options.recording ? await this.options.recording.keysFor(path, slot, keyType) : [];
    const keys = new Map<string, Uint8Array>();
    for (const k of [...given.map((g) => encodeMappingKey(keyType, g)), ...recorded]) {
      keys.set(Buffer.from(k).toString('hex'), k);
    }
    const entries = await Promise.all(
      [...keys.values()].map(async (raw) => {
        const key = formatKey(raw, keyType) ?? `0x${Buffer.from(raw).toString('hex')}`;
        const value = await this.at(t.value!, `${path}[${key}]`, mappingEntrySlot(slot, raw), 0);
        return { key, value };
      }),
    );
    const keysFrom = given.length > 0 ? 'given' : this.options.recording ? 'recorded' : 'none';
    return { kind: 'mapping', entries, keysFrom };
  }
}

/**
 * A value type read from its slot: (word >> 8·offset) masked to its size, then read as its kind
 * (ints sign-extended, enums named, addresses and bytesN as hex, UDVTs as their underlying type).
 */
export function decodeValue(t: StorageType, word: bigint, offset: number): DecodedValue {
  const bits = BigInt(8 * t.numberOfBytes);
  const raw = (word >> BigInt(8 * offset)) & ((1n << bits) - 1n);
  if (t.id.startsWith('t_enum(')) {
    const member = t.enumMembers?.[Number(raw)];
    return { kind: 'enum', value: raw, ...(member !== undefined ? { member } : {}) };
  }
  if (!isValueType(t)) throw new Error(`${t.label} is not a value type`);
  const hex = (digits: number) => `0x${raw.toString(16).padStart(digits, '0')}`;
  // Function pointers (internal: 8 bytes, external: address and selector) have no number to show.
  if (t.id.startsWith('t_function')) return { kind: 'value', value: hex(2 * t.numberOfBytes) };
  switch (valueKind(t)) {
    case 'bool':
      return { kind: 'value', value: raw !== 0n };
    case 'address':
      return { kind: 'value', value: hex(40) };
    case 'bytesN':
      return { kind: 'value', value: hex(2 * t.numberOfBytes) };
    case 'int':
      return { kind: 'value', value: raw >> (bits - 1n) ? raw - (1n << bits) : raw };
    default:
      return { kind: 'value', value: raw };
  }
}

function bytesValue(t: StorageType, data: Uint8Array, length: bigint): DecodedValue {
  const hex = `0x${Buffer.from(data).toString('hex')}`;
  let utf8: string | undefined;
  try {
    utf8 = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    utf8 = undefined;
  }
  // Strings are always shown as text when they decode; bytes only when the user would read them so.
  const text = utf8 !== undefined && (t.label === 'string' || isPrintable(utf8)) ? { utf8 } : {};
  return { kind: 'bytes', hex, ...text, length: Number(length) };
}

/** Text without control characters other than tab, newline and carriage return. */
function isPrintable(s: string): boolean {
  if (s.length === 0) return false;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
}

const least = (a: bigint, b: bigint): bigint => (a < b ? a : b);

function wordBytes(word: bigint): Uint8Array {
  return Buffer.from(word.toString(16).padStart(64, '0'), 'hex');
}

function concatWords(words: readonly bigint[]): Uint8Array {
  return Buffer.concat(words.map(wordBytes));
}
