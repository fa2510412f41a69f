// Mapping-key discovery: every slot a contract wrote (as the devnet recorded it) explained as a
// variable path with its mapping keys and array indices, so mapping entries can be listed without
// being told any key (Foundry's mapping-recording technique, on tdk's always-on recording). The keys
// found serve the decoder as a MappingKeySource (keys as hashed: 32-byte words for value types, raw
// bytes for string/bytes keys).
import type { MappingKeySource } from './decode.js';
import { type PathKey, type Place, placesAt, rootSlotTest } from './inverse.js';
import { formatKey } from './keys.js';
import { type ExplainOptions, explainSlots, type SlotOrigin } from './origin.js';
import type { ContractLayout, SlotRecording } from './types.js';

export type { MappingKeySource };

export interface DiscoveredSlot {
  readonly slot: bigint;
  readonly origin: SlotOrigin;
  /** What the slot holds; several for a packed slot, none when the layout explains nothing. */
  readonly places: readonly Place[];
}

export interface Discovery {
  /** Every written slot, in slot order. */
  readonly slots: readonly DiscoveredSlot[];
  /** Written slots nothing in the layout explains (assembly, another contract's layout). */
  readonly unknown: readonly bigint[];
  /** Every mapping key found, one per (mapping slot, key), outermost mappings first. */
  readonly keys: readonly PathKey[];
  readonly keySource: MappingKeySource;
}

/** Explains every slot the contract at `address` wrote. */
export async function discoverStorage(
  layout: ContractLayout,
  recording: SlotRecording,
  address: bigint,
  options: ExplainOptions = {},
): Promise<Discovery> {
  const written = await recording.writtenSlots(address);
  const origins = await explainSlots(recording, written, { isRoot: rootSlotTest(layout), ...options });
  const slots = [...written]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((slot) => {
      const origin = origins.get(slot)!;
      return { slot, origin, places: placesAt(layout, origin) };
    });
  const keys = new Map<string, PathKey>();
  for (const s of slots) {
    for (const p of s.places) for (const k of p.keys) keys.set(keyId(k.mappingSlot, k.raw), k);
  }
  const list = [...keys.values()];
  return {
    slots,
    unknown: slots.filter((s) => s.places.length === 0).map((s) => s.slot),
    keys: list,
    keySource: keySource(list),
  };
}

const keyId = (mappingSlot: bigint, raw: Uint8Array): string =>
  `${mappingSlot.toString(16)}:${Buffer.from(raw).toString('hex')}`;

/** A MappingKeySource over discovered keys: a mapping is known by its slot, keys must fit its key type. */
export function keySource(keys: readonly PathKey[]): MappingKeySource {
  const bySlot = new Map<bigint, PathKey[]>();
  for (const k of keys) bySlot.set(k.mappingSlot, [...(bySlot.get(k.mappingSlot) ?? []), k]);
  return {
    async keysFor(_path, mappingSlot, keyType) {
      return (bySlot.get(mappingSlot) ?? [])
        .filter((k) => formatKey(k.raw, keyType) !== undefined)
        .map((k) => k.raw);
    },
  };
}

/** Mapping keys found on the devnet for the contract, for the decoder (one discovery, then lookups). */
export async function recordedKeySource(
  layout: ContractLayout,
  recording: SlotRecording,
  address: bigint,
  options: ExplainOptions = {},
): Promise<MappingKeySource> {
  return (await discoverStorage(layout, recording, address, options)).keySource;
}
