// 0x04 identity (datacopy): 15 gas + 3 per input word. The output is a copy, so later writes to the
// caller's memory cannot change the return data.
import type { Precompile } from './types.js';
import { halt, OUT_OF_GAS, success, words } from './util.js';

export const identity: Precompile = {
  name: 'identity',
  run(call) {
    const gas = 15 + 3 * words(call.input.length);
    if (gas > call.gasLimit) return halt(OUT_OF_GAS);
    return success(gas, call.input.slice());
  },
};
