// The inverse of slot computation: which variable, struct member, array element, mapping entry or
// long-string chunk a raw slot holds, given the layout and (for hashed slots) how the slot was
// computed (origin.ts). A packed slot lists every field in it; a slot nothing explains lists none.
import { formatKey } from './keys.js';
import { type ExplainOptions, explainSlots, type SlotOrigin } from './origin.js';
import { elementsPerSlot, staticArrayLength } from './slots.js';
import type { ContractLayout, SlotOwner, SlotRecording, StorageType } from './types.js';

/** A mapping key on the way from a root variable to a slot. */
export interface PathKey {
  /** Path of the mapping, e.g. `allowances[0xab…]` for the inner mapping of a nested one. */
  readonly mapping: string;
  readonly mappingSlot: bigint;
  readonly keyType: StorageType;
  /** The key as hashed: a 32-byte word, or the bytes of a string/bytes key. */
  readonly raw: Uint8Array;
  readonly text: string;
}

/** Something stored at a known place: a value, or the head slot of a mapping, array or bytes. */
export interface Place {
  readonly path: string;
  readonly type: StorageType;
  /** First slot. */
  readonly slot: bigint;
  readonly offset: number;
  readonly bytes: number;
  /** Mapping keys along the path, outermost first. */
  readonly keys: readonly PathKey[];
}

const WORD = 32;

/** Top-level variables, then ERC-7201 namespaces as `$StructName` structs. */
export function rootPlaces(layout: ContractLayout): Place[] {
  const places: Place[] = [];
  for (const v of layout.storage) {
    const type = layout.types[v.type];
    if (type) places.push(place(v.label, type, v.slot, v.offset, []));
  }
  for (const ns of layout.namespaces) {
    const type = layout.types[ns.type];
    if (type) places.push(place(`$${structName(type)}`, type, ns.slot, 0, []));
  }
  return places;
}

function structName(type: StorageType): string {
  return type.label
    .replace(/^struct\s+/, '')
    .split('.')
    .pop()!;
}

function place(
  path: string,
  type: StorageType,
  slot: bigint,
  offset: number,
  keys: readonly PathKey[],
): Place {
  return { path, type, slot, offset, bytes: type.encoding === 'inplace' ? type.numberOfBytes : WORD, keys };
}

/** Slots a type takes where it is declared (mappings, dynamic arrays and bytes: their head slot). */
export function slotCount(type: StorageType): bigint {
  return type.encoding === 'inplace' ? BigInt(Math.max(1, Math.ceil(type.numberOfBytes / WORD))) : 1n;
}

/** Slots that are roots (a variable's or namespace member's own slot) need no preimage lookup. */
export function rootSlotTest(layout: ContractLayout): (slot: bigint) => boolean {
  const ranges = rootPlaces(layout).map((p) => [p.slot, p.slot + slotCount(p.type)] as const);
  return (slot) => slot < 1n << 128n || ranges.some(([from, to]) => slot >= from && slot < to);
}

/** The innermost places that occupy `slot` inside `p` (several for a packed slot). */
export function placesWithin(layout: ContractLayout, p: Place, slot: bigint): Place[] {
  if (slot < p.slot || slot >= p.slot + slotCount(p.type)) return [];
  const t = p.type;
  if (t.encoding !== 'inplace') return [p];
  if (t.members) {
    return t.members.flatMap((m) => {
      const mt = layout.types[m.type];
      return mt
        ? placesWithin(layout, place(`${p.path}.${m.label}`, mt, p.slot + m.slot, m.offset, p.keys), slot)
        : [];
    });
  }
  const length = staticArrayLength(t);
  if (length !== undefined) return elementsAt(layout, p, p.slot, slot - p.slot, length);
  return [p];
}

/** Elements of array `p` (data starting at `base`) in its `rel`-th slot; small elements share slots. */
function elementsAt(layout: ContractLayout, p: Place, base: bigint, rel: bigint, length?: bigint): Place[] {
  const elem = layout.types[p.type.base ?? ''];
  if (!elem || rel < 0n) return [];
  const element = (i: bigint, slot: bigint, offset: number): Place[] =>
    length !== undefined && i >= length ? [] : [place(`${p.path}[${i}]`, elem, slot, offset, p.keys)];
  const perSlot = BigInt(elementsPerSlot(elem));
  if (perSlot > 0n) {
    // Small value types share the slot: list every element in it.
    const out: Place[] = [];
    for (let j = 0n; j < perSlot; j++) {
      out.push(...element(rel * perSlot + j, base + rel, Number(j) * elem.numberOfBytes));
    }
    return out;
  }
  const span = slotCount(elem);
  const i = rel / span;
  return element(i, base + i * span, 0).flatMap((e) => placesWithin(layout, e, base + rel));
}

/** What occupies the slot an origin describes. */
export function placesAt(layout: ContractLayout, origin: SlotOrigin): Place[] {
  if (origin.kind === 'root') return rootPlaces(layout).flatMap((r) => placesWithin(layout, r, origin.slot));
  const base = origin.slot - origin.offset;
  return placesAt(layout, origin.parent).flatMap((parent) => {
    const t = parent.type;
    if (parent.slot !== origin.parent.slot) return [];
    if (t.encoding === 'mapping') {
      // keccak256("" ‖ slot) of an empty string key looks like a data slot.
      const key = origin.kind === 'mapping' ? origin.key : new Uint8Array(0);
      return entryAt(layout, parent, key, base, origin.slot);
    }
    if (origin.kind !== 'data') return [];
    if (t.encoding === 'dynamic_array') return elementsAt(layout, parent, base, origin.offset);
    if (t.encoding === 'bytes') {
      return [{ ...parent, path: `${parent.path}.data[${origin.offset}]`, slot: origin.slot, offset: 0 }];
    }
    return [];
  });
}

function entryAt(
  layout: ContractLayout,
  mapping: Place,
  key: Uint8Array,
  base: bigint,
  slot: bigint,
): Place[] {
  const keyType = layout.types[mapping.type.key ?? ''];
  const valueType = layout.types[mapping.type.value ?? ''];
  if (!keyType || !valueType) return [];
  const text = formatKey(key, keyType);
  if (text === undefined) return [];
  const pathKey: PathKey = { mapping: mapping.path, mappingSlot: mapping.slot, keyType, raw: key, text };
  const value = place(`${mapping.path}[${text}]`, valueType, base, 0, [...mapping.keys, pathKey]);
  return placesWithin(layout, value, slot);
}

/**
 * Which variable(s) a raw slot belongs to. Hashed slots need the devnet's recording to be
 * explained; without one only root slots (and their struct members, static array elements and
 * namespace members) are found. Nothing found: `variables` is empty.
 */
export async function slotOwner(
  layout: ContractLayout,
  slot: bigint,
  recording?: SlotRecording,
  options: ExplainOptions = {},
): Promise<SlotOwner> {
  const origin: SlotOrigin = recording
    ? (await explainSlots(recording, [slot], { isRoot: rootSlotTest(layout), ...options })).get(slot)!
    : { kind: 'root', slot };
  return { slot, variables: ownerFields(placesAt(layout, origin)) };
}

/** SlotOwner's fields from places, by offset. */
export function ownerFields(places: readonly Place[]): SlotOwner['variables'] {
  return [...places]
    .sort((a, b) => a.offset - b.offset)
    .map((p) => ({ path: p.path, type: p.type.label, offset: p.offset, bytes: p.bytes }));
}
