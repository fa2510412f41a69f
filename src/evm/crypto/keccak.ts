// keccak256 for the EVM: synchronous, no I/O. A faster implementation may be installed at start-up
// (for example a WASM one after its async initialisation) through setKeccak256; results are identical.
import { keccak_256 } from '@noble/hashes/sha3.js';

export type Keccak256 = (data: Uint8Array) => Uint8Array;

let impl: Keccak256 = (data) => keccak_256(data);

export function keccak256(data: Uint8Array): Uint8Array {
  return impl(data);
}

export function setKeccak256(fn: Keccak256): void {
  impl = fn;
}

export const KECCAK_EMPTY = keccak256(new Uint8Array(0));
