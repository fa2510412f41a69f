// Public API of tdk's EVM (`tdk/evm`).
export { addressBytes, create2Address, createAddress } from './address.js';
export * from './bytes.js';
export { analyze, CodeAnalysis } from './code.js';
export { KECCAK_EMPTY, keccak256, setKeccak256 } from './crypto/keccak.js';
export { type BlockEnv, defaultBlockEnv, type TxEnv } from './env.js';
export { EvmError, EvmInputError } from './errors.js';
export {
  type CallParams,
  type CreateParams,
  EVM,
  type EvmOptions,
  type Immediate,
  type Message,
} from './evm.js';
export { Frame, memoryGas } from './frame.js';
export type { CallEnter, CallExit, CallKind, Inspector } from './inspector.js';
export { OPCODES, type OpcodeInfo, opcodeName } from './opcodes.js';
export * from './precompiles/index.js';
export type { ExecResult, ExecStatus, HaltReason } from './result.js';
export { RlpError, type RlpItem, rlpDecode, rlpEncode } from './rlp.js';
export { Account } from './state/account.js';
export { Change, type JournalEntry } from './state/journal.js';
export { EMPTY_TRIE_ROOT, secureTrieRoot, trieRoot } from './state/trie.js';
export { type Checkpoint, type Log, WorldState } from './state/world.js';
export { logsHash, runStateTest, type StateTestCase } from './statetest.js';
export {
  type Eip3155Options,
  type Eip3155Step,
  type Eip3155Summary,
  Eip3155Tracer,
} from './tracing/eip3155.js';
export {
  type RunTransactionOptions,
  runTransaction,
  type TxOutcome,
  type TxReceipt,
} from './transaction.js';
export * from './tx/index.js';
