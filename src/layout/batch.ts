// Storage reads gathered into as few StorageReader calls as possible: every slot asked for while the
// decoder's promises settle goes into one read, so a decode costs one read per level of nesting
// (top-level slots, then array and long-string data, then what those point to).
import type { StorageReader } from './types.js';

export interface WordSource {
  get(slot: bigint): Promise<bigint>;
  /** Number of reader.read calls so far. */
  readonly reads: number;
}

export function batchedWords(reader: StorageReader, address: bigint): WordSource {
  const words = new Map<bigint, Promise<bigint>>();
  let pending = new Map<bigint, { resolve: (w: bigint) => void; reject: (e: unknown) => void }>();
  let scheduled = false;
  let reads = 0;

  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = new Map();
    scheduled = false;
    const slots = [...batch.keys()];
    try {
      reads++;
      const values = await reader.read(address, slots);
      for (const [i, slot] of slots.entries()) batch.get(slot)!.resolve(values[i] ?? 0n);
    } catch (e) {
      for (const p of batch.values()) p.reject(e);
    }
  };

  return {
    get reads() {
      return reads;
    },
    get(slot) {
      const known = words.get(slot);
      if (known) return known;
      const word = new Promise<bigint>((resolve, reject) => pending.set(slot, { resolve, reject }));
      words.set(slot, word);
      if (!scheduled) {
        scheduled = true;
        // A macrotask: every continuation already queued as a microtask asks for its slots first.
        setImmediate(() => void flush());
      }
      return word;
    },
  };
}
