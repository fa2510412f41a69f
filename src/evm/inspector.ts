// Tracing hooks. Every hook is optional; the interpreter checks once per frame whether a step hook
// exists, so plain execution pays nothing for tracing.
import type { Frame } from './frame.js';
import type { ExecStatus, HaltReason } from './result.js';
import type { Log } from './state/world.js';

export type CallKind = 'CALL' | 'CALLCODE' | 'DELEGATECALL' | 'STATICCALL' | 'CREATE' | 'CREATE2';

export interface CallEnter {
  readonly kind: CallKind;
  readonly depth: number;
  readonly from: bigint;
  /** Callee, or the new contract's address for creates. */
  readonly to: bigint;
  /** Address whose code runs (differs from `to` for CALLCODE/DELEGATECALL). */
  readonly codeAddress: bigint;
  readonly value: bigint;
  readonly input: Uint8Array;
  readonly gas: bigint;
  readonly isPrecompile: boolean;
}

export interface CallExit {
  readonly depth: number;
  readonly status: ExecStatus;
  readonly halt?: HaltReason;
  readonly output: Uint8Array;
  readonly gasUsed: bigint;
}

export interface Inspector {
  /**
   * Before each instruction. `frame` is live: read frame.pc, frame.gas, frame.depth, frame.stack
   * (items 0..frame.sp-1, top last) and frame.memory (0..frame.memSize) synchronously; copy what
   * you keep.
   */
  step?(frame: Frame, opcode: number): void;
  callEnter?(call: CallEnter): void;
  callExit?(exit: CallExit): void;
  storageRead?(address: bigint, key: bigint, value: bigint): void;
  storageWrite?(address: bigint, key: bigint, previous: bigint, value: bigint): void;
  /** A KECCAK256 input and its hash (mapping-key discovery records these). */
  keccak?(input: Uint8Array, hash: bigint): void;
  log?(log: Log): void;
}
