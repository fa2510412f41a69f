// tdk's own JSON-RPC methods (tdk_ namespace): what the devnet recorded for storage reverse analysis,
// so that `tdk storage --rpc URL` can list mapping entries of a node running in another process.
import { invalidParams } from '../errors.js';
import { parseAddress, parseHash, toData, toHash } from '../hex.js';
import type { RpcMethod } from './context.js';
import { param } from './params.js';

const MAX_HASHES = 10_000;

export const tdkMethods: Record<string, RpcMethod> = {
  /** Preimages of KECCAK256 results the EVM computed, or null for unknown hashes. */
  tdk_getKeccakPreimages: (p, ctx) => {
    const hashes = param(p, 0, 'hashes');
    if (!Array.isArray(hashes) || hashes.length > MAX_HASHES) {
      throw invalidParams(`hashes must be an array of at most ${MAX_HASHES} 32-byte hashes`);
    }
    const known = ctx.chain.recorder.preimages;
    return hashes.map((h, i) => {
      const input = known.get(parseHash(h, `hashes[${i}]`));
      return input ? toData(input) : null;
    });
  },
  /** Every storage slot the account's code (or anvil_setStorageAt) has written, sorted. */
  tdk_getWrittenSlots: (p, ctx) => {
    const address = parseAddress(param(p, 0, 'address'), 'address');
    const slots = [...(ctx.chain.recorder.written.get(address) ?? [])].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return slots.map((s) => toHash(s));
  },
};
