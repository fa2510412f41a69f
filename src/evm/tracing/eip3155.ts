// EIP-3155 tracer: one JSON object per executed instruction, then a summary line, in the format
// geth's `evm --json`, revme and the differential fuzzers (goevmlab) exchange.
//
// What each step reports:
// - pc, op, opName; depth counted from 1 (the EIP's convention; tdk frames count from 0);
// - gas: the frame's gas before the instruction; stack (bottom first), memSize (bytes),
//   returnData and refund: also as they were before it;
// - gasCost: the gas the instruction itself costs:
//   - most instructions: this step's gas minus the gas at the frame's next step (or, for the last
//     step of a frame, minus what the frame had left when it ended);
//   - CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2: what the instruction charges
//     before the child runs (static + memory expansion + cold access + value transfer + new
//     account, + initcode words and hashing for creates), *without* the gas forwarded to the child
//     and without the 2300 stipend. This is what @ethereumjs/evm reports (its step event's
//     `opcode.dynamicFee`); geth and revm add the forwarded gas instead, so traces from them
//     differ on these lines. The child's consumption shows up in the parent's next `gas`;
//   - RETURN and REVERT: memory expansion only (a create frame's code-deposit charge, 200 per
//     byte, comes after the instruction and is not part of it);
//   - an instruction that halts exceptionally (out of gas, bad jump, stack underflow, ...): all
//     the frame's remaining gas, since an exceptional halt consumes it; the step also carries
//     `error` with the halt reason.
//
// Costs come from StepGasMeter (stepgas.ts), shared with the devnet's geth-style struct logger.
// The tracer copies the stack (and memory, if asked) of one pending step and formats hex only when
// it emits; nothing else is allocated per step.
import { bytesToHex } from '../bytes.js';
import type { Frame } from '../frame.js';
import type { CallEnter, CallExit, Inspector } from '../inspector.js';
import { OPCODES } from '../opcodes.js';
import type { ExecResult } from '../result.js';
import { StepGasMeter } from './stepgas.js';

/** One EIP-3155 step line, fields in the order the EIP lists them. */
export interface Eip3155Step {
  pc: number;
  op: number;
  gas: string;
  gasCost: string;
  memSize: number;
  stack: string[];
  depth: number;
  returnData: string;
  refund: string;
  opName: string;
  error?: string;
  memory?: string;
}

/** The summary line printed after the last step. */
export interface Eip3155Summary {
  stateRoot?: string;
  output: string;
  gasUsed: string;
  pass: boolean;
  error?: string;
  fork?: string;
}

export interface Eip3155Options {
  /** Include each step's memory as one hex string (large; off by default, as in geth and revm). */
  readonly memory?: boolean;
  /** Reads the transaction's refund counter (e.g. `() => evm.state.refund`); 0 when absent. */
  readonly refund?: () => number;
}

/** A step's captured values, formatted only when its cost is known and it is emitted. */
interface Captured {
  pc: number;
  op: number;
  /** frame.gas and frame.reserve at the step (the reserve is non-zero only above 2^52 gas). */
  gas: number;
  reserve: bigint;
  memSize: number;
  stack: bigint[];
  depth: number;
  returnData: Uint8Array;
  refund: number;
  memory: Uint8Array | undefined;
}

export class Eip3155Tracer implements Inspector {
  private readonly meter = new StepGasMeter<Captured>((p, c) => this.flush(p, c.cost, c.halt));
  private readonly withMemory: boolean;
  private readonly readRefund: (() => number) | undefined;

  constructor(
    private readonly emit: (line: object) => void,
    options: Eip3155Options = {},
  ) {
    this.withMemory = options.memory === true;
    this.readRefund = options.refund;
  }

  step(frame: Frame, op: number): void {
    this.meter.step(frame, op, {
      pc: frame.pc,
      op,
      gas: frame.gas,
      reserve: frame.reserve,
      memSize: frame.memSize,
      stack: frame.stack.slice(0, frame.sp),
      depth: frame.depth + 1,
      returnData: frame.returnData,
      refund: this.readRefund ? this.readRefund() : 0,
      memory: this.withMemory ? frame.memory.slice(0, frame.memSize) : undefined,
    });
  }

  callEnter(call: CallEnter): void {
    this.meter.callEnter(call);
  }

  callExit(exit: CallExit): void {
    this.meter.callExit(exit);
  }

  /** Emits the EIP-3155 summary line for a finished message. */
  summary(result: ExecResult, extra: { stateRoot?: Uint8Array; fork?: string } = {}): void {
    const line: Eip3155Summary = {
      ...(extra.stateRoot ? { stateRoot: bytesToHex(extra.stateRoot) } : {}),
      output: bytesToHex(result.output),
      gasUsed: hex(result.gasUsed),
      pass: result.status === 'success',
    };
    if (result.status === 'halt') line.error = result.halt;
    else if (result.status === 'revert') line.error = 'execution reverted';
    if (extra.fork) line.fork = extra.fork;
    this.emit(line);
  }

  private flush(p: Captured, gasCost: number | bigint, error: string | undefined): void {
    const stack = new Array<string>(p.stack.length);
    for (let i = 0; i < stack.length; i++) stack[i] = `0x${p.stack[i].toString(16)}`;
    const line: Eip3155Step = {
      pc: p.pc,
      op: p.op,
      gas: hex(p.reserve === 0n ? p.gas : BigInt(p.gas) + p.reserve),
      gasCost: hex(gasCost),
      memSize: p.memSize,
      stack,
      depth: p.depth,
      returnData: bytesToHex(p.returnData),
      refund: hex(p.refund),
      opName: OPCODES[p.op]?.name ?? `opcode 0x${p.op.toString(16).padStart(2, '0')} not defined`,
    };
    if (error !== undefined) line.error = error;
    if (p.memory !== undefined) line.memory = bytesToHex(p.memory);
    this.emit(line);
  }
}

function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}
