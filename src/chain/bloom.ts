// The 2048-bit logs bloom of receipts and block headers (Yellow Paper §4.3.1): for the address and
// each topic, three bits chosen by the low 11 bits of the first three byte pairs of its keccak.
import { addressBytes, bigIntToBytes32, keccak256, type Log } from '../evm/index.js';

export function emptyBloom(): Uint8Array {
  return new Uint8Array(256);
}

function addToBloom(bloom: Uint8Array, data: Uint8Array): void {
  const h = keccak256(data);
  for (let i = 0; i < 6; i += 2) {
    const bit = ((h[i] << 8) | h[i + 1]) & 2047;
    bloom[255 - (bit >> 3)] |= 1 << (bit & 7);
  }
}

export function logsBloom(logs: readonly Log[], into = emptyBloom()): Uint8Array {
  for (const log of logs) {
    addToBloom(into, addressBytes(log.address));
    for (const topic of log.topics) addToBloom(into, bigIntToBytes32(topic));
  }
  return into;
}

export function orBloom(into: Uint8Array, other: Uint8Array): void {
  for (let i = 0; i < 256; i++) into[i] |= other[i];
}
