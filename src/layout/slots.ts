// Storage slot arithmetic as solc lays it out: mapping entries, dynamic array and long bytes data,
// element positions (packed or multi-slot), struct members, ERC-7201 namespace roots. See
// docs.soliditylang.org, "Layout of State Variables in Storage".
import { bigIntToBytes32, concatBytes, hexToBytes } from '../evm/bytes.js';
import { keccak256Word } from '../evm/crypto/keccak.js';
import { LayoutError } from './errors.js';
import type { StorageType, StorageVariable } from './types.js';

const TWO_256 = 1n << 256n;

/** A mapping key as a caller gives it; a Uint8Array is the key as hashed (see encodeMappingKey). */
export type MappingKey = bigint | number | boolean | string | Uint8Array;

export const keccakOf = (data: Uint8Array): bigint => keccak256Word(data);

/** keccak256 of a 32-byte slot number: where dynamic array elements and long bytes/string data start. */
export function dataSlot(slot: bigint): bigint {
  return keccak256Word(bigIntToBytes32(slot));
}

/** Slot of mapping[key]: keccak256(key ‖ slot), key as hashed (32-byte word, or raw string/bytes). */
export function mappingEntrySlot(mappingSlot: bigint, key: Uint8Array): bigint {
  return keccak256Word(concatBytes(key, bigIntToBytes32(mappingSlot)));
}

/** Slot of mapping[k0][k1]…: each level hashes its key with the slot of the level before. */
export function nestedMappingSlot(mappingSlot: bigint, keys: readonly Uint8Array[]): bigint {
  return keys.reduce((slot, key) => mappingEntrySlot(slot, key), mappingSlot);
}

/** Slot of a struct member: members' slots are relative to the struct's first slot. */
export function memberSlot(structSlot: bigint, member: StorageVariable): bigint {
  return structSlot + member.slot;
}

/**
 * ERC-7201 namespace root: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff. The low byte
 * is cleared so the namespace's first 256 slots never collide with another formula's.
 */
export function erc7201Slot(id: string): bigint {
  const inner = keccak256Word(new TextEncoder().encode(id));
  return keccak256Word(bigIntToBytes32((inner - 1n + TWO_256) % TWO_256)) & ~0xffn;
}

/** Whether a type is a single value (not a struct, array or mapping) stored in place. */
export function isValueType(t: StorageType): boolean {
  return t.encoding === 'inplace' && t.members === undefined && t.base === undefined;
}

/** Elements per slot: ⌊32/size⌋ for value types of at most 16 bytes, else 0 (each takes whole slots). */
export function elementsPerSlot(element: StorageType): number {
  return isValueType(element) && element.numberOfBytes <= 16 ? Math.floor(32 / element.numberOfBytes) : 0;
}

/** Where element `index` of an array whose data starts at `first` lives. Packed elements never straddle. */
export function elementPosition(
  first: bigint,
  index: bigint,
  element: StorageType,
): { slot: bigint; offset: number } {
  const perSlot = elementsPerSlot(element);
  if (perSlot > 0) {
    const n = BigInt(perSlot);
    return { slot: first + index / n, offset: Number(index % n) * element.numberOfBytes };
  }
  return { slot: first + index * BigInt(Math.ceil(element.numberOfBytes / 32)), offset: 0 };
}

/** Slots an array of `length` elements occupies from its first data slot. */
export function arraySlotCount(length: bigint, element: StorageType): bigint {
  const perSlot = elementsPerSlot(element);
  if (perSlot > 0) return (length + BigInt(perSlot) - 1n) / BigInt(perSlot);
  return length * BigInt(Math.ceil(element.numberOfBytes / 32));
}

/** The length of a static array type (`t_array(t_uint8)3_storage` -> 3); undefined for dynamic ones. */
export function staticArrayLength(t: StorageType): bigint | undefined {
  const m = /\)(\d+)_storage(?:_ptr)?$/.exec(t.id);
  return t.base !== undefined && m ? BigInt(m[1]!) : undefined;
}

/** Length of a bytes/string from its head word: short form (low bit 0) keeps 2·len in the low byte. */
export function bytesLength(head: bigint): { length: bigint; long: boolean } {
  if ((head & 1n) === 0n) return { length: (head & 0xffn) / 2n, long: false };
  return { length: (head - 1n) / 2n, long: true };
}

/** Data slots of a long bytes/string value: ⌈len/32⌉ words from keccak256(slot). */
export function longBytesSlots(slot: bigint, length: bigint): bigint[] {
  const first = dataSlot(slot);
  const count = Number((length + 31n) / 32n);
  return Array.from({ length: count }, (_, i) => first + BigInt(i));
}

/**
 * A mapping key as solc hashes it: value types ABI-encoded to one word (uint/enum/bool/address
 * left-padded, int sign-extended, bytesN right-padded), string/bytes keys as their raw bytes.
 * A Uint8Array is taken as already hashed-form (or, for bytesN, the N bytes).
 */
export function encodeMappingKey(keyType: StorageType, key: MappingKey): Uint8Array {
  if (keyType.encoding === 'bytes') {
    if (key instanceof Uint8Array) return key;
    if (typeof key !== 'string') throw badKey(keyType, key);
    return keyType.label === 'string' ? new TextEncoder().encode(key) : hexToBytes(key);
  }
  if (keyType.encoding !== 'inplace' || !isValueType(keyType)) throw badKey(keyType, key);
  const kind = valueKind(keyType);
  const size = keyType.numberOfBytes;
  if (key instanceof Uint8Array) {
    if (key.length === 32) return key;
    if (kind === 'bytesN' && key.length === size) return rightPad(key);
    throw badKey(keyType, key);
  }
  switch (kind) {
    case 'bool':
      if (typeof key === 'boolean') return bigIntToBytes32(key ? 1n : 0n);
      if (key === 'true' || key === 'false') return bigIntToBytes32(key === 'true' ? 1n : 0n);
      throw badKey(keyType, key);
    case 'bytesN': {
      if (typeof key !== 'string') throw badKey(keyType, key);
      const raw = hexToBytes(key);
      if (raw.length !== size) throw badKey(keyType, key);
      return rightPad(raw);
    }
    case 'int': {
      const v = toBigInt(keyType, key);
      const half = 1n << BigInt(8 * size - 1);
      if (v < -half || v >= half) throw badKey(keyType, key);
      return bigIntToBytes32((v + TWO_256) % TWO_256);
    }
    default: {
      const v = toBigInt(keyType, key);
      if (v < 0n || v >> BigInt(8 * size) !== 0n) throw badKey(keyType, key);
      return bigIntToBytes32(v);
    }
  }
}

/** How a value type's bytes read: unsigned (uint, enum, address, contract, function), int, bool or bytesN. */
export function valueKind(t: StorageType): 'uint' | 'int' | 'bool' | 'bytesN' | 'address' {
  const id = t.underlying ? `t_${t.underlying.replace(/ payable$/, '')}` : t.id;
  if (id === 't_bool') return 'bool';
  if (/^t_int\d+$/.test(id)) return 'int';
  if (/^t_bytes\d+$/.test(id)) return 'bytesN';
  if (id.startsWith('t_address') || id.startsWith('t_contract(')) return 'address';
  return 'uint';
}

function toBigInt(keyType: StorageType, key: MappingKey): bigint {
  if (typeof key === 'bigint') return key;
  if (typeof key === 'number' && Number.isSafeInteger(key)) return BigInt(key);
  if (typeof key === 'string' && /^-?(\d+|0x[0-9a-fA-F]+)$/.test(key)) {
    return key.startsWith('-') ? -BigInt(key.slice(1)) : BigInt(key);
  }
  throw badKey(keyType, key);
}

function rightPad(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(raw);
  return out;
}

function badKey(keyType: StorageType, key: MappingKey): LayoutError {
  const shown = key instanceof Uint8Array ? `0x${Buffer.from(key).toString('hex')}` : String(key);
  return new LayoutError(
    `${shown} is not a key of type ${keyType.label}`,
    'TDK_LAYOUT_KEY',
    'give addresses and bytesN as 0x-hex, integers in decimal or 0x-hex, strings as text',
  );
}
