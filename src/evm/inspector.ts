// Tracing hooks. Every hook is optional; the interpreter checks once per frame whether a step hook
// exists, so plain execution pays nothing for tracing.
import type { CallParams, CreateParams, Immediate } from './evm.js';
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

  // Interception hooks (like revm's Inspector call/call_end/create/create_end), used by the test
  // runner's cheatcodes. Each is looked up once per call, so execution without them pays nothing.

  /**
   * Before a call starts (its gas already forwarded by `parent`, null for the message itself):
   * return new params to run instead (a prank's caller), an outcome to return without running
   * anything (a cheatcode, a mocked call), or undefined to go on unchanged.
   */
  interceptCall?(params: CallParams, parent: Frame | null): CallParams | Immediate | undefined;
  /** Before a create starts; same contract as `interceptCall`. */
  interceptCreate?(params: CreateParams, parent: Frame | null): CreateParams | Immediate | undefined;
  /**
   * After every call that passed through `interceptCall` (paired one to one, state already committed or
   * reverted): return an outcome to hand to the caller instead (expectRevert), or undefined.
   */
  callEnd?(depth: number, result: Immediate): Immediate | undefined;
  /** After every create that passed through `interceptCreate`; same contract as `callEnd`. */
  createEnd?(depth: number, result: Immediate): Immediate | undefined;
}
