// 0x02 SHA2-256: 60 gas + 12 per input word.
import { sha256 as sha256Hash } from '@noble/hashes/sha2.js';
import type { Precompile } from './types.js';
import { halt, OUT_OF_GAS, success, words } from './util.js';

export const sha256: Precompile = {
  name: 'sha256',
  run(call) {
    const gas = 60 + 12 * words(call.input.length);
    if (gas > call.gasLimit) return halt(OUT_OF_GAS);
    return success(gas, sha256Hash(call.input));
  },
};
