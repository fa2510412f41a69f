// What the devnet remembers for storage reverse analysis: the preimage of every short KECCAK256 its
// EVM computed (mapping slots hash key ‖ slot; arrays and long strings hash a slot) and the slots
// each contract wrote. A written slot can then be explained as `root slot + keys + offsets`
// without being told any key: Foundry's mapping-recording technique, always on.
import type { Inspector } from '../evm/index.js';

/** Inputs longer than this are not mapping or array slots (string keys beyond it are rare). */
export const MAX_PREIMAGE_BYTES = 256;
/** Recording stops growing here, so a long-running node's memory stays bounded. */
export const MAX_PREIMAGES = 1_000_000;

export class StorageRecorder implements Inspector {
  readonly preimages = new Map<bigint, Uint8Array>();
  readonly written = new Map<bigint, Set<bigint>>();

  keccak(input: Uint8Array, hash: bigint): void {
    if (input.length <= MAX_PREIMAGE_BYTES && this.preimages.size < MAX_PREIMAGES)
      this.preimages.set(hash, input);
  }

  storageWrite(address: bigint, key: bigint): void {
    let slots = this.written.get(address);
    if (!slots) {
      slots = new Set();
      this.written.set(address, slots);
    }
    slots.add(key);
  }
}
