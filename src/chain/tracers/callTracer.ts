// geth's callTracer (eth/tracers/native/call.go): the transaction's call tree.
//
//   { from, gas, gasUsed, to?, input, output?, error?, revertReason?, calls?, logs?, value?, type }
//
// - type: CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2 or SELFDESTRUCT;
// - from: the account executing the instruction (the sender at the top; for DELEGATECALL and
//   CALLCODE the calling contract), to: the callee, the code's account for DELEGATECALL and CALLCODE,
//   the new contract for creates (removed when the create fails), the beneficiary for SELFDESTRUCT;
// - value: 0x-hex; absent for STATICCALL; DELEGATECALL repeats its caller's value;
// - gas, gasUsed: 0x-hex. At the top: the transaction's gas limit and the receipt's gasUsed
//   (intrinsic gas included, refund deducted). Below: the gas handed to the callee (stipend
//   included) and what it used (code deposit included for creates). SELFDESTRUCT: 0 and 0;
// - output: the returned data, also a revert's data; absent when empty or after an exceptional halt;
// - error: geth's wording ("execution reverted", "out of gas", "invalid opcode: INVALID",
//   "invalid jump destination", "write protection", "contract creation code storage out of gas",
//   "stack underflow (0 <=> 2)", ...); revertReason: Error(string)'s message or Panic(uint256)'s
//   description, decoded as geth's abi.UnpackRevert does;
// - logs (withLog): { address, topics, data, index, position } per LOG, index block-wide,
//   position = the number of sub-calls the frame had made before the log; logs of failed frames
//   and their sub-frames are dropped;
// - onlyTopCall: no sub-calls (and no logs of sub-calls).
//
// A CALL refused before it starts (call depth 1024 reached, balance too low for the value) is a
// sub-call with that error and gasUsed 0 in geth; tdk's EVM starts no call there, so the tracer
// notices the CALL step that was followed by another step in the same frame and adds the sub-call
// itself. Known difference from geth: a failed precompile reports "precompile failed" rather than
// the precompile's own message.
import type { EVM } from '../../evm/evm.js';
import type { Frame } from '../../evm/frame.js';
import type { CallEnter, CallExit, CallKind, Inspector } from '../../evm/inspector.js';
import type { Log } from '../../evm/state/world.js';
import { describeRevert } from '../rpc/revert.js';
import { gethHaltError, type TraceOutcome, toAddress, toData, toHex, toWord } from './format.js';

export interface CallTracerConfig {
  readonly onlyTopCall?: boolean;
  readonly withLog?: boolean;
}

export interface CallLogJson {
  address: string;
  topics: string[];
  data: string;
  index: string;
  position: string;
}

export interface CallFrameJson {
  from: string;
  gas: string;
  gasUsed: string;
  to?: string;
  input: string;
  output?: string;
  error?: string;
  revertReason?: string;
  calls?: CallFrameJson[];
  logs?: CallLogJson[];
  value?: string;
  type: CallKind | 'SELFDESTRUCT';
}

/** A log as captured: `index` counts from the transaction's first log. */
interface EntryLog {
  address: bigint;
  topics: readonly bigint[];
  data: Uint8Array;
  index: number;
  position: number;
}

interface Entry {
  type: CallKind | 'SELFDESTRUCT';
  depth: number;
  from: bigint;
  to: bigint | undefined;
  /** The account whose code runs on behalf of (the `from` of this frame's sub-calls). */
  address: bigint;
  value: bigint | undefined;
  gas: bigint;
  gasUsed: bigint;
  input: Uint8Array;
  output: Uint8Array | undefined;
  error: string | undefined;
  revertReason: string | undefined;
  calls: Entry[];
  logs: EntryLog[];
  /** Logs in the transaction when the frame started (a failed frame's logs are reverted). */
  logsAtEnter: number;
  // What the frame's last instruction was, for naming its failure.
  ran: boolean;
  lastOp: number;
  lastSp: number;
  /** CREATE frames: the final RETURN paid its memory cost (so an out-of-gas is the code deposit). */
  returnPaid: boolean;
  selfdestruct: { beneficiary: bigint; value: bigint } | undefined;
}

const ADDRESS_MASK = (1n << 160n) - 1n;
const RETURN = 0xf3;
const SELFDESTRUCT = 0xff;
const MAX_DEPTH = 1024;

export class CallTracer implements Inspector {
  private readonly onlyTopCall: boolean;
  private readonly withLog: boolean;
  private readonly stack: Entry[] = [];
  private root: Entry | undefined;
  /** Logs emitted so far and not reverted: the next log's position in the transaction. */
  private logCount = 0;
  /** A CALL-family step whose callEnter has not come (yet). */
  private call: RefusedCall | null = null;
  /** The EVM running the transaction (SELFDESTRUCT reads the balance it moves), if attached. */
  evm: EVM | undefined;

  constructor(config: CallTracerConfig = {}) {
    this.onlyTopCall = config.onlyTopCall === true;
    this.withLog = config.withLog === true;
  }

  step(frame: Frame, op: number): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return;
    const pending = this.call;
    if (pending !== null) {
      this.call = null;
      if (pending.entry === top) this.refused(pending, frame);
    }
    if (op === 0xf1 || op === 0xf2 || op === 0xf4 || op === 0xfa) this.call = pendingCall(top, frame, op);
    top.ran = true;
    top.lastOp = op;
    top.lastSp = frame.sp;
    if (op === SELFDESTRUCT && frame.sp >= 1) {
      const balance = this.evm?.state.getBalance(frame.address) ?? 0n;
      top.selfdestruct = { beneficiary: frame.stack[frame.sp - 1] & ADDRESS_MASK, value: balance };
    } else if (op === RETURN && (top.type === 'CREATE' || top.type === 'CREATE2') && frame.sp >= 2) {
      const off = frame.stack[frame.sp - 1];
      const size = frame.stack[frame.sp - 2];
      let cost = 0;
      if (size !== 0n) {
        cost =
          off <= 0xffffffffn && size <= 0xffffffffn ? frame.expansionCost(Number(off), Number(size)) : -1;
      }
      top.returnPaid = cost >= 0 && (frame.reserve !== 0n || cost <= frame.gas);
    }
  }

  callEnter(call: CallEnter): void {
    this.call = null;
    const parent = this.stack[this.stack.length - 1];
    const viaCode = call.kind === 'DELEGATECALL' || call.kind === 'CALLCODE';
    this.stack.push({
      type: call.kind,
      depth: call.depth,
      from: parent === undefined ? call.from : parent.address,
      to: viaCode ? call.codeAddress : call.to,
      address: call.to,
      value: call.kind === 'STATICCALL' ? undefined : call.value,
      gas: call.gas,
      gasUsed: 0n,
      input: call.input,
      output: undefined,
      error: undefined,
      revertReason: undefined,
      calls: [],
      logs: [],
      logsAtEnter: this.logCount,
      ran: false,
      lastOp: 0,
      lastSp: 0,
      returnPaid: false,
      selfdestruct: undefined,
    });
  }

  callExit(exit: CallExit): void {
    this.call = null;
    const e = this.stack.pop();
    if (e === undefined) return;
    e.gasUsed = exit.gasUsed;
    const isCreate = e.type === 'CREATE' || e.type === 'CREATE2';
    if (exit.status === 'success') {
      if (exit.output.length > 0) e.output = exit.output;
      if (e.ran && e.lastOp === SELFDESTRUCT && e.selfdestruct !== undefined && !this.onlyTopCall) {
        e.calls.push(selfdestructEntry(e, e.selfdestruct.beneficiary, e.selfdestruct.value));
      }
    } else if (exit.status === 'revert') {
      if (isCreate && !e.ran) {
        // A create refused before its initcode ran (tdk reports these as reverts without output).
        e.error = e.depth > MAX_DEPTH ? 'max call depth exceeded' : 'insufficient balance for transfer';
      } else {
        e.error = 'execution reverted';
        if (exit.output.length > 0) {
          e.output = exit.output;
          e.revertReason = decodeRevert(exit.output);
        }
      }
    } else {
      const halt = exit.halt ?? 'OutOfGas';
      e.error =
        isCreate && halt === 'OutOfGas' && e.ran && e.lastOp === RETURN && e.returnPaid
          ? 'contract creation code storage out of gas'
          : gethHaltError(halt, e.lastOp, e.lastSp);
    }
    if (e.error !== undefined) {
      if (isCreate) e.to = undefined;
      this.logCount = e.logsAtEnter; // the frame's logs were reverted
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.root = e;
    else if (!this.onlyTopCall) parent.calls.push(e);
  }

  /** Adds the sub-call geth reports for a CALL refused before it started. */
  private refused(c: RefusedCall, frame: Frame): void {
    if (this.onlyTopCall) return;
    const stipend = c.value !== undefined && c.value !== 0n && (c.op === 0xf1 || c.op === 0xf2) ? 2300n : 0n;
    // The instruction's cost: what the frame lost, plus the stipend it was handed back.
    const base = c.gas - (BigInt(frame.gas) + frame.reserve) + stipend;
    const avail = c.gas - base;
    const cap = avail - avail / 64n;
    const forwarded = c.requested < cap ? c.requested : cap;
    const e = selfdestructEntry(c.entry, c.to, c.value);
    e.type =
      c.op === 0xf1 ? 'CALL' : c.op === 0xf2 ? 'CALLCODE' : c.op === 0xf4 ? 'DELEGATECALL' : 'STATICCALL';
    e.gas = forwarded + stipend;
    e.input = c.inSize === 0 ? new Uint8Array(0) : frame.memory.slice(c.inOff, c.inOff + c.inSize);
    e.error = c.entry.depth + 1 > MAX_DEPTH ? 'max call depth exceeded' : 'insufficient balance for transfer';
    c.entry.calls.push(e);
  }

  log(log: Log): void {
    const top = this.stack[this.stack.length - 1];
    const index = this.logCount++;
    if (!this.withLog || top === undefined || (this.onlyTopCall && top.depth > 0)) return;
    top.logs.push({
      address: log.address,
      topics: log.topics,
      data: log.data,
      index,
      position: top.calls.length,
    });
  }

  result(outcome: TraceOutcome): CallFrameJson {
    const root = this.root;
    if (root === undefined) throw new Error('callTracer: no call was traced');
    root.gas = outcome.gasLimit;
    root.gasUsed = outcome.receipt.gasUsed;
    return toJson(root, outcome.firstLogIndex ?? 0, false);
  }
}

interface RefusedCall {
  entry: Entry;
  op: number;
  /** The frame's gas (and reserve) before the instruction. */
  gas: bigint;
  requested: bigint;
  to: bigint;
  value: bigint | undefined;
  inOff: number;
  inSize: number;
}

function pendingCall(entry: Entry, frame: Frame, op: number): RefusedCall | null {
  const sp = frame.sp;
  const stack = frame.stack;
  const hasValue = op === 0xf1 || op === 0xf2;
  if (sp < (hasValue ? 7 : 6)) return null;
  const base = hasValue ? sp - 4 : sp - 3;
  const inOff = stack[base];
  const inSize = stack[base - 1];
  if (inSize > 0xffffffffn || (inSize !== 0n && inOff > 0xffffffffn)) return null; // cannot succeed
  return {
    entry,
    op,
    gas: BigInt(frame.gas) + frame.reserve,
    requested: stack[sp - 1],
    to: stack[sp - 2] & ADDRESS_MASK,
    value: op === 0xfa ? undefined : op === 0xf4 ? frame.value : stack[sp - 3],
    inOff: Number(inOff),
    inSize: Number(inSize),
  };
}

function selfdestructEntry(e: Entry, beneficiary: bigint, value: bigint | undefined): Entry {
  return {
    type: 'SELFDESTRUCT',
    depth: e.depth + 1,
    from: e.address,
    to: beneficiary,
    address: beneficiary,
    value,
    gas: 0n,
    gasUsed: 0n,
    input: new Uint8Array(0),
    output: undefined,
    error: undefined,
    revertReason: undefined,
    calls: [],
    logs: [],
    logsAtEnter: 0,
    ran: false,
    lastOp: 0,
    lastSp: 0,
    returnPaid: false,
    selfdestruct: undefined,
  };
}

/** JSON in geth's field order; logs of failed frames (and below them) dropped, as geth does. */
function toJson(e: Entry, firstLogIndex: number, parentFailed: boolean): CallFrameJson {
  const failed = parentFailed || e.error !== undefined;
  const j: CallFrameJson = {
    from: toAddress(e.from),
    gas: toHex(e.gas),
    gasUsed: toHex(e.gasUsed),
    to: e.to === undefined ? undefined : toAddress(e.to),
    input: toData(e.input),
    output: e.output === undefined ? undefined : toData(e.output),
    error: e.error,
    revertReason: e.revertReason,
    calls: e.calls.length > 0 ? e.calls.map((c) => toJson(c, firstLogIndex, failed)) : undefined,
    logs:
      !failed && e.logs.length > 0
        ? e.logs.map((l) => ({
            address: toAddress(l.address),
            topics: l.topics.map(toWord),
            data: toData(l.data),
            index: toHex(firstLogIndex + l.index),
            position: toHex(l.position),
          }))
        : undefined,
    value: e.value === undefined ? undefined : toHex(e.value),
    type: e.type,
  };
  for (const k of Object.keys(j) as (keyof CallFrameJson)[]) if (j[k] === undefined) delete j[k];
  return j;
}

/**
 * geth's revertReason (abi.UnpackRevert): Error(string)'s message, Panic(uint256)'s description
 * ("assert(false)", or "unknown panic code: 0x.." for codes it does not know); undefined otherwise.
 * The decoding is the devnet's (rpc/revert.ts), which adds the panic code in parentheses.
 */
export function decodeRevert(data: Uint8Array): string | undefined {
  const reason = describeRevert(data);
  const isPanic = data[0] === 0x4e && data[1] === 0x48 && data[2] === 0x7b && data[3] === 0x71;
  if (reason === undefined || !isPanic) return reason;
  const m = /^(.*) \((0x[0-9a-f]+)\)$/.exec(reason);
  if (m === null) return reason;
  return m[1] === 'unknown panic' ? `unknown panic code: ${m[2]}` : m[1];
}
