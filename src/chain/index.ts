// Public API of tdk's devnet (`tdk/chain`).
export { DEV_ACCOUNT_BALANCE, type DevAccount, deriveDevAccounts, TEST_MNEMONIC } from './accounts.js';
export type { Block, BlockHeader, MinedTransaction, Receipt } from './block.js';
export {
  Chain,
  type ChainOptions,
  DEFAULT_BASE_FEE,
  DEFAULT_BLOCK_GAS_LIMIT,
  DEFAULT_CHAIN_ID,
} from './chain.js';
export { type Devnet, type DevnetOptions, startDevnet } from './devnet.js';
export * from './errors.js';
export { dumpChain, loadChain, restoreChain, type SavedChain, StateFileError, saveChain } from './persist.js';
export * from './provider.js';
export { DEFAULT_LIMITS, type RpcLimits, type RpcMethod } from './rpc/context.js';
export { type ChainRpc, createRpcHandler, type RpcHandlerOptions } from './rpc/handler.js';
export type * from './rpc/types.js';
export * from './server.js';
export {
  createTracer,
  SUPPORTED_TRACERS,
  type TdkTracer,
  type TraceConfig,
  TracerError,
} from './tracers/index.js';
