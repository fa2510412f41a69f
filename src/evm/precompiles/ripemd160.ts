// 0x03 RIPEMD-160: 600 gas + 120 per input word; the 20-byte digest is left-padded to 32 bytes.
import { ripemd160 as ripemd160Hash } from '@noble/hashes/legacy.js';
import type { Precompile } from './types.js';
import { halt, OUT_OF_GAS, success, words } from './util.js';

export const ripemd160: Precompile = {
  name: 'ripemd160',
  run(call) {
    const gas = 600 + 120 * words(call.input.length);
    if (gas > call.gasLimit) return halt(OUT_OF_GAS);
    const out = new Uint8Array(32);
    out.set(ripemd160Hash(call.input), 12);
    return success(gas, out);
  },
};
