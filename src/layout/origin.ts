// How a storage slot was computed, read back from recorded keccak preimages: a slot is either a root
// slot (a variable's own slot, a namespace member) or keccak256(preimage) + offset, where a
// preimage of key ‖ parent slot is a mapping entry and a 32-byte preimage (a parent slot alone) is
// the data of a dynamic array or long bytes/string. Parents are explained the same way, so nested
// mappings and mappings inside array elements or structs unwind to their root. No layout is needed
// here: matching the root to a variable is inverse.ts's job.
import { bytesToBigInt } from '../evm/bytes.js';
import type { SlotRecording } from './types.js';

export type SlotOrigin =
  | { readonly kind: 'root'; readonly slot: bigint }
  | {
      /** slot = keccak256(key ‖ parent.slot) + offset. */
      readonly kind: 'mapping';
      readonly slot: bigint;
      /** The hashed key: a 32-byte word for value types, the raw bytes of string/bytes keys. */
      readonly key: Uint8Array;
      readonly parent: SlotOrigin;
      readonly offset: bigint;
    }
  | {
      /** slot = keccak256(parent.slot) + offset: dynamic array elements, long bytes/string data. */
      readonly kind: 'data';
      readonly slot: bigint;
      readonly parent: SlotOrigin;
      readonly offset: bigint;
    };

export interface ExplainOptions {
  /**
   * How far past a hash a slot may lie and still count as hash + offset (array elements, struct
   * members of mapping values, long string chunks). Default 256.
   */
  readonly maxOffset?: number;
  /** Slots known to be roots need no lookup. Default: slots below 2^128 (hashes never are). */
  readonly isRoot?: (slot: bigint) => boolean;
  /** Nesting depth at most (mapping in mapping in ...). Default 16. */
  readonly maxDepth?: number;
}

const TWO_128 = 1n << 128n;
const MAX_WORD = (1n << 256n) - 1n;

/** Explains each slot by recorded preimages; slots nothing explains are roots. */
export async function explainSlots(
  recording: SlotRecording,
  slots: readonly bigint[],
  options: ExplainOptions = {},
): Promise<Map<bigint, SlotOrigin>> {
  const maxOffset = BigInt(options.maxOffset ?? 256);
  const isRoot = options.isRoot ?? ((s: bigint) => s < TWO_128);
  const maxDepth = options.maxDepth ?? 16;
  const known = new Map<bigint, Uint8Array>();
  const asked = new Set<bigint>();

  const lookup = async (hashes: Iterable<bigint>): Promise<void> => {
    const fresh = [...new Set(hashes)].filter((h) => h >= 0n && h <= MAX_WORD && !asked.has(h));
    if (fresh.length === 0) return;
    for (const h of fresh) asked.add(h);
    const answers = await recording.preimages(fresh);
    answers.forEach((p, i) => {
      if (p && p.length >= 32) known.set(fresh[i], p);
    });
  };
  // The nearest recorded hash at or below the slot, within maxOffset.
  const nearestBase = (slot: bigint): bigint | undefined => {
    for (let d = 0n; d <= maxOffset && d <= slot; d++) if (known.has(slot - d)) return slot - d;
    return undefined;
  };

  // Lookups go level by level: the slots, then the parents their preimages name, and so on. Each
  // level asks for exact hashes first and only then for the offsets the known hashes do not cover.
  // A slot asked for only as another's neighbour has not had its own neighbours asked for yet.
  const visited = new Set<bigint>();
  let level = [...new Set(slots)].filter((s) => !isRoot(s));
  for (let depth = 0; level.length > 0 && depth <= maxDepth; depth++) {
    for (const s of level) visited.add(s);
    await lookup(level);
    const far = level.filter((s) => nearestBase(s) === undefined);
    const below: bigint[] = [];
    for (const s of far) for (let d = 1n; d <= maxOffset && d <= s; d++) below.push(s - d);
    await lookup(below);
    const parents = new Set<bigint>();
    for (const s of level) {
      const base = nearestBase(s);
      if (base !== undefined) parents.add(parentSlot(known.get(base)!));
    }
    level = [...parents].filter((p) => !isRoot(p) && !visited.has(p));
  }

  const origins = new Map<bigint, SlotOrigin>();
  const originOf = (slot: bigint, depth: number): SlotOrigin => {
    const cached = origins.get(slot);
    if (cached) return cached;
    const base = depth > maxDepth || isRoot(slot) ? undefined : nearestBase(slot);
    let origin: SlotOrigin;
    if (base === undefined) {
      origin = { kind: 'root', slot };
    } else {
      const preimage = known.get(base)!;
      const parent = originOf(parentSlot(preimage), depth + 1);
      const offset = slot - base;
      origin =
        preimage.length === 32
          ? { kind: 'data', slot, parent, offset }
          : { kind: 'mapping', slot, key: preimage.subarray(0, preimage.length - 32), parent, offset };
    }
    origins.set(slot, origin);
    return origin;
  };
  for (const s of slots) originOf(s, 0);
  return origins;
}

/** The parent slot is the last 32 bytes of a preimage (key ‖ slot, or slot alone). */
const parentSlot = (preimage: Uint8Array): bigint => bytesToBigInt(preimage, preimage.length - 32);
