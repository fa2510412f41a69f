// geth's default tracer, the struct logger (eth/tracers/logger), as debug_traceTransaction and
// debug_traceCall return it when no `tracer` is named:
//
//   { gas, failed, returnValue, structLogs: [{ pc, op, gas, gasCost, depth, error?, stack?,
//     returnData?, memory?, storage?, refund? }] }
//
// Formats (geth since v1.16, execution-apis #762):
// - gas, gasCost, pc, depth, refund: JSON numbers; depth counts from 1; refund omitted when 0;
// - stack: bottom first, 0x-hex quantities without leading zeros ("0x1"); omitted with disableStack;
// - memory (only with enableMemory): 32-byte words as 0x + 64 hex digits; omitted while memory is empty;
// - returnData (only with enableReturnData): the last call's return data, 0x-hex, omitted when empty;
// - storage: on SLOAD and SSTORE steps only, the slots of the executing contract that this
//   transaction's SLOADs/SSTOREs have touched so far, 0x + 64 hex digits for keys and values, the
//   value an SSTORE step writes already included (geth's `storage` map, sorted as Go sorts map keys);
//   omitted with disableStorage;
// - gas: the frame's gas before the instruction; gasCost: what the instruction charges, static plus
//   dynamic gas, and for CALL, CALLCODE, DELEGATECALL and STATICCALL also the gas handed to the callee
//   (without the 2300 stipend). CREATE and CREATE2 report their own cost only (32000 + memory +
//   initcode words, + hashing for CREATE2): geth takes the initcode's gas after logging the step;
// - refund: the refund counter when geth logs the step, which for SSTORE is after its own change;
// - error: only on a step that failed before it ran: stack underflow/overflow ("stack underflow
//   (1 <=> 2)") and out of gas ("out of gas", "out of gas: not enough gas for reentrancy sentry").
//   Failures while an instruction runs (invalid jump, invalid opcode, write protection, REVERT) show
//   no error on the step, as in geth; gasCost is then the static gas.
// - top level: gas = the receipt's gasUsed; failed; returnValue = the output, or "0x" when the
//   transaction halted exceptionally (a revert keeps its revert data).
//
// Known differences from geth:
// - an out-of-gas step whose dynamic cost did not fit reports the gas it consumed (all the frame had
//   left); geth reports the computed cost (larger than `gas`). When the static cost alone does not
//   fit, both report the static cost.
// - steps that fail while running report the static cost; geth adds dynamic gas it charged first
//   (e.g. RETURNDATACOPY's copy cost, SSTORE's cost under write protection).
// - `limit` caps the number of steps (geth >= 1.14.13 caps the bytes of JSON logged instead).
//
// Cost: stack, memory and return data are copied only when enabled; storage maps only on SLOAD and
// SSTORE steps; JSON strings are built once per step.
import type { EVM } from '../../evm/evm.js';
import type { Frame } from '../../evm/frame.js';
import type { CallEnter, CallExit, Inspector } from '../../evm/inspector.js';
import { STATIC_GAS } from '../../evm/opcodes.js';
import { type StepCost, StepGasMeter } from '../../evm/tracing/stepgas.js';
import { gethOpName, stackError, type TraceOutcome, toData, toWord } from './format.js';

export interface StructLoggerConfig {
  /** Capture memory (geth's default: off). */
  readonly enableMemory?: boolean;
  /** Legacy geth option: `disableMemory: false` turns memory capture on. */
  readonly disableMemory?: boolean;
  readonly disableStack?: boolean;
  readonly disableStorage?: boolean;
  /** Capture each step's return data (geth's default: off). */
  readonly enableReturnData?: boolean;
  /** Log at most this many steps; 0 or absent: no limit. */
  readonly limit?: number;
}

export interface StructLog {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  error?: string;
  stack?: string[];
  returnData?: string;
  memory?: string[];
  storage?: Record<string, string>;
  refund?: number;
}

export interface StructLoggerResult {
  gas: number;
  failed: boolean;
  returnValue: string;
  structLogs: StructLog[];
}

const SLOAD = 0x54;
const SSTORE = 0x55;
const SSTORE_SENTRY = 2300;

interface Captured {
  pc: number;
  op: number;
  gas: number;
  reserve: bigint;
  depth: number;
  sp: number;
  refund: number;
  stack: bigint[] | undefined;
  memory: Uint8Array | undefined;
  returnData: Uint8Array | undefined;
  storage: Map<bigint, bigint> | undefined;
}

export class StructLogger implements Inspector {
  private readonly logs: StructLog[] = [];
  private readonly meter = new StepGasMeter<Captured | null>((c, cost) => {
    if (c !== null) this.logs.push(this.format(c, cost));
  });
  private readonly withMemory: boolean;
  private readonly withStack: boolean;
  private readonly withStorage: boolean;
  private readonly withReturnData: boolean;
  private readonly limit: number;
  private captured = 0;
  /** Slots touched by SLOAD/SSTORE so far, per contract. */
  private readonly storage = new Map<bigint, Map<bigint, bigint>>();
  /** An SLOAD step whose value comes from the storageRead hook (no EVM attached). */
  private sload: { snapshot: Map<bigint, bigint>; slots: Map<bigint, bigint>; key: bigint } | null = null;
  /** The EVM running the transaction (for the refund counter and SLOAD values), if attached. */
  evm: EVM | undefined;

  constructor(config: StructLoggerConfig = {}) {
    this.withMemory = config.enableMemory === true || config.disableMemory === false;
    this.withStack = config.disableStack !== true;
    this.withStorage = config.disableStorage !== true;
    this.withReturnData = config.enableReturnData === true;
    this.limit = config.limit !== undefined && config.limit > 0 ? config.limit : Number.POSITIVE_INFINITY;
  }

  step(frame: Frame, op: number): void {
    if (this.captured >= this.limit) {
      this.meter.step(frame, op, null); // still settles the last logged step
      return;
    }
    this.captured++;
    const sp = frame.sp;
    const state = this.evm?.state;
    let storage: Map<bigint, bigint> | undefined;
    if (this.withStorage && (op === SLOAD || op === SSTORE)) {
      let slots = this.storage.get(frame.address);
      if (slots === undefined) this.storage.set(frame.address, (slots = new Map()));
      if (op === SLOAD && sp >= 1) {
        const key = frame.stack[sp - 1];
        if (state !== undefined) {
          slots.set(key, state.getStorage(frame.address, key));
          storage = new Map(slots);
        } else {
          slots.set(key, 0n);
          storage = new Map(slots);
          this.sload = { snapshot: storage, slots, key };
        }
      } else if (op === SSTORE && sp >= 2) {
        slots.set(frame.stack[sp - 1], frame.stack[sp - 2]);
        storage = new Map(slots);
      }
    }
    this.meter.step(frame, op, {
      pc: frame.pc,
      op,
      gas: frame.gas,
      reserve: frame.reserve,
      depth: frame.depth + 1,
      sp,
      // SSTORE's refund is read when the step is settled: geth logs it after SSTORE's gas function.
      refund: op === SSTORE || state === undefined ? 0 : state.refund,
      stack: this.withStack ? frame.stack.slice(0, sp) : undefined,
      memory: this.withMemory && frame.memSize > 0 ? frame.memory.slice(0, frame.memSize) : undefined,
      returnData: this.withReturnData && frame.returnData.length > 0 ? frame.returnData : undefined,
      storage,
    });
  }

  callEnter(call: CallEnter): void {
    this.meter.callEnter(call);
  }

  callExit(exit: CallExit): void {
    this.meter.callExit(exit);
  }

  storageRead(_address: bigint, key: bigint, value: bigint): void {
    const s = this.sload;
    if (s === null || s.key !== key) return;
    s.slots.set(key, value);
    s.snapshot.set(key, value);
    this.sload = null;
  }

  result(outcome: TraceOutcome): StructLoggerResult {
    const r = outcome.receipt;
    return {
      gas: Number(r.gasUsed),
      failed: r.status !== 'success',
      returnValue: r.status === 'halt' ? '0x' : toData(r.output),
      structLogs: this.logs,
    };
  }

  private format(c: Captured, sc: StepCost): StructLog {
    const op = c.op;
    let cost: number | bigint = sc.cost;
    let error: string | undefined;
    if (sc.haltedHere && sc.halt !== undefined) {
      const staticGas = STATIC_GAS[op];
      switch (sc.halt) {
        case 'StackUnderflow':
        case 'StackOverflow':
          cost = staticGas;
          error = stackError(sc.halt, op, c.sp);
          break;
        case 'OutOfGas':
          if (op === SSTORE && c.reserve === 0n && c.gas <= SSTORE_SENTRY) {
            cost = 0;
            error = 'out of gas: not enough gas for reentrancy sentry';
          } else {
            if (c.reserve === 0n && staticGas > c.gas) cost = staticGas;
            error = 'out of gas';
          }
          break;
        default:
          cost = staticGas; // failed while running: geth logged the step first, without an error
      }
    } else if (op === 0xf1 || op === 0xf2 || op === 0xf4 || op === 0xfa) {
      cost = BigInt(cost) + sc.forwarded;
    }
    const log: StructLog = {
      pc: c.pc,
      op: gethOpName(op),
      gas: c.reserve === 0n ? c.gas : Number(BigInt(c.gas) + c.reserve),
      gasCost: Number(cost),
      depth: c.depth,
    };
    if (error !== undefined) log.error = error;
    if (c.stack !== undefined) {
      const stack = new Array<string>(c.stack.length);
      for (let i = 0; i < stack.length; i++) stack[i] = `0x${c.stack[i].toString(16)}`;
      log.stack = stack;
    }
    if (c.returnData !== undefined) log.returnData = toData(c.returnData);
    if (c.memory !== undefined) {
      const m = c.memory;
      const words = new Array<string>(m.length / 32);
      for (let i = 0; i < words.length; i++) words[i] = toData(m.subarray(i * 32, i * 32 + 32));
      log.memory = words;
    }
    if (c.storage !== undefined && c.storage.size > 0) {
      const storage: Record<string, string> = {};
      const keys = [...c.storage.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const k of keys) storage[toWord(k)] = toWord(c.storage.get(k)!);
      log.storage = storage;
    }
    const refund = op === SSTORE ? (this.evm?.state.refund ?? 0) : c.refund;
    if (refund !== 0) log.refund = refund;
    return log;
  }
}
