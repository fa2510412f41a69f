// Outcomes of executing a message.
import type { Log } from './state/world.js';

/** Why a frame stopped abnormally. Exceptional halts consume all gas given to the frame. */
export type HaltReason =
  | 'OutOfGas'
  | 'InvalidOpcode'
  | 'StackUnderflow'
  | 'StackOverflow'
  | 'InvalidJump'
  | 'StaticStateChange'
  | 'ReturnDataOutOfBounds'
  | 'CreateCollision'
  | 'CodeSizeLimit'
  | 'InvalidCodePrefix'
  | 'InitcodeSizeLimit'
  | 'PrecompileFailure'
  | 'CallDepthExceeded'
  | 'InsufficientBalance'
  | 'NonceOverflow';

export type ExecStatus = 'success' | 'revert' | 'halt';

export interface ExecResult {
  readonly status: ExecStatus;
  readonly halt?: HaltReason;
  readonly output: Uint8Array;
  /** Gas consumed by the message, before refunds. */
  readonly gasUsed: bigint;
  readonly gasLeft: bigint;
  readonly createdAddress?: bigint;
  readonly logs: readonly Log[];
}
