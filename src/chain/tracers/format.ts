// Shared by the geth-compatible tracers: what result() is given, and how geth spells opcodes, halts
// and hex.
import { bytesToHex } from '../../evm/bytes.js';
import { OPCODES } from '../../evm/opcodes.js';
import type { HaltReason } from '../../evm/result.js';
import type { TxReceipt } from '../../evm/transaction.js';

/** What a tracer's result() needs once the traced transaction has run. */
export interface TraceOutcome {
  /** The transaction's gas limit: callTracer's top-level `gas`. */
  readonly gasLimit: bigint;
  /**
   * runTransaction's receipt. `gasUsed` (after the refund, intrinsic gas included) is the struct
   * logger's `gas` and callTracer's top-level `gasUsed`; `status` and `output` give `failed`,
   * `returnValue` and the top-level call's output/error.
   */
  readonly receipt: TxReceipt;
  /**
   * Block-wide index of the transaction's first log (callTracer `withLog` reports each log's `index`
   * in the block, as geth does); 0 when omitted, e.g. for debug_traceCall.
   */
  readonly firstLogIndex?: number;
}

export const toHex = (n: number | bigint): string => `0x${n.toString(16)}`;
export const toWord = (v: bigint): string => `0x${v.toString(16).padStart(64, '0')}`;
export const toAddress = (v: bigint): string => `0x${v.toString(16).padStart(40, '0')}`;
export const toData = (b: Uint8Array): string => bytesToHex(b);

/** geth's OpCode.String(): tdk's names, except 0x44, which geth still calls DIFFICULTY. */
export function gethOpName(op: number): string {
  if (op === 0x44) return 'DIFFICULTY';
  return OPCODES[op]?.name ?? `opcode ${toHex(op)} not defined`;
}

/** geth's error for the exceptional halt of a frame (core/vm/errors.go). */
export function gethHaltError(halt: HaltReason, lastOp: number, sp: number): string {
  switch (halt) {
    case 'OutOfGas':
      return 'out of gas';
    case 'InvalidOpcode':
      return `invalid opcode: ${gethOpName(lastOp)}`;
    case 'StackUnderflow':
      return stackError(halt, lastOp, sp);
    case 'StackOverflow':
      return stackError(halt, lastOp, sp);
    case 'InvalidJump':
      return 'invalid jump destination';
    case 'StaticStateChange':
      return 'write protection';
    case 'ReturnDataOutOfBounds':
      return 'return data out of bounds';
    case 'CreateCollision':
      return 'contract address collision';
    case 'CodeSizeLimit':
      return 'max code size exceeded';
    case 'InvalidCodePrefix':
      return 'invalid code: must not begin with 0xef';
    case 'InitcodeSizeLimit':
      return 'max initcode size exceeded';
    case 'CallDepthExceeded':
      return 'max call depth exceeded';
    case 'InsufficientBalance':
      return 'insufficient balance for transfer';
    case 'NonceOverflow':
      return 'nonce uint64 overflow';
    case 'PrecompileFailure':
      // geth passes on each precompile's own error text; tdk does not keep it.
      return 'precompile failed';
  }
}

/** ErrStackUnderflow / ErrStackOverflow, with geth's figures (stack height; needed or allowed). */
export function stackError(halt: 'StackUnderflow' | 'StackOverflow', op: number, sp: number): string {
  const info = OPCODES[op];
  const pops = info?.pops ?? 0;
  const pushes = info?.pushes ?? 0;
  if (halt === 'StackUnderflow') return `stack underflow (${sp} <=> ${pops})`;
  return `stack limit reached ${sp} (${1024 + pops - pushes})`;
}
