// What every JSON-RPC method receives, and the shared helpers that resolve blocks and state.
import { bigIntToBytes32, type WorldState } from '../../evm/index.js';
import type { Block } from '../block.js';
import type { Chain } from '../chain.js';
import { RPC_RESOURCE_NOT_FOUND, RPC_SERVER_ERROR, RpcError } from '../errors.js';
import type { Filters } from './filters.js';
import type { BlockTag } from './params.js';
import type { RpcSession } from './types.js';

export interface RpcLimits {
  /** eth_call / eth_estimateGas / eth_sendTransaction gas ceiling. */
  readonly gasCap: bigint;
  /** Requests per batch. */
  readonly maxBatch: number;
  /** Blocks one eth_getLogs may scan. */
  readonly maxLogRange: number;
  /** Logs one eth_getLogs may return. */
  readonly maxLogs: number;
  /** Open filters and subscriptions, across all clients. */
  readonly maxFilters: number;
}

export const DEFAULT_LIMITS: RpcLimits = {
  gasCap: 30_000_000n,
  maxBatch: 1000,
  maxLogRange: 100_000,
  maxLogs: 20_000,
  maxFilters: 10_000,
};

export interface RpcContext {
  readonly chain: Chain;
  readonly limits: RpcLimits;
  readonly filters: Filters;
  readonly clientVersion: string;
  readonly session: RpcSession;
}

export type RpcMethod = (params: readonly unknown[], ctx: RpcContext) => unknown;

/** The block a tag names; 'pending' resolves to the latest mined block (callers that care check). */
export function resolveBlock(chain: Chain, tag: BlockTag): Block | undefined {
  switch (tag.kind) {
    case 'latest':
    case 'pending':
      return chain.latest;
    case 'earliest':
      return chain.blocks[0];
    case 'number':
      return chain.blockByNumber(tag.number);
    case 'hash': {
      const bytes = bigIntToBytes32(tag.hash);
      return chain.blockByHash(bytes);
    }
  }
}

export function requireBlock(chain: Chain, tag: BlockTag): Block {
  const block = resolveBlock(chain, tag);
  if (!block) {
    const what = tag.kind === 'number' ? `block ${tag.number}` : 'block';
    throw new RpcError(RPC_RESOURCE_NOT_FOUND, `${what} not found (latest is ${chain.latest.header.number})`);
  }
  return block;
}

/** The world state a read at `tag` sees. */
export function stateFor(chain: Chain, tag: BlockTag): WorldState {
  if (tag.kind === 'latest' || tag.kind === 'pending') return chain.state;
  const block = requireBlock(chain, tag);
  try {
    return chain.stateAt(block.header.number);
  } catch (e) {
    if (e instanceof RpcError) throw e;
    throw new RpcError(RPC_SERVER_ERROR, (e as Error).message);
  }
}
