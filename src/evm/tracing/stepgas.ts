// What each traced instruction cost, for step tracers (EIP-3155, geth's struct logger). An
// instruction's cost is only known once the next event arrives: the frame's next step, the start of
// a child call or create, or the end of the frame. StepGasMeter keeps the one pending step and hands
// it back with its cost when that event comes.
//
// The reported `cost` follows @ethereumjs/evm and EIP-3155 (see eip3155.ts): the gas the instruction
// consumed itself, without gas handed to a callee, memory expansion only for RETURN/REVERT, and all
// the frame's remaining gas for an instruction that halted exceptionally. `forwarded` gives the gas
// handed to a callee separately, so tracers that follow geth (which adds it for the CALL family) can.
import type { Frame } from '../frame.js';
import type { CallEnter, CallExit } from '../inspector.js';
import type { HaltReason } from '../result.js';

const CALL = 0xf1;
const CALLCODE = 0xf2;
const DELEGATECALL = 0xf4;
const STATICCALL = 0xfa;
const RETURN = 0xf3;
const REVERT = 0xfd;
const CALL_STIPEND = 2300;

export interface StepCost {
  /** The instruction's own cost (EIP-3155 / ethereumjs convention, see above). */
  readonly cost: number | bigint;
  /**
   * CALL, CALLCODE, DELEGATECALL, STATICCALL: the gas given to the callee without the 2300 stipend,
   * also when no callee ran (call depth or balance too low: the gas came straight back). CREATE and
   * CREATE2: the gas given to the initcode. 0n for every other instruction, and for one that halted.
   */
  readonly forwarded: bigint;
  /** The frame's halt reason when it ended exceptionally at this step (or, after RETURN, at the code deposit). */
  readonly halt: HaltReason | undefined;
  /** True when the instruction itself halted (false for a RETURN whose code deposit failed afterwards). */
  readonly haltedHere: boolean;
}

interface Pending<T> {
  data: T;
  frame: Frame;
  op: number;
  /** frame.gas and frame.reserve at the step (the reserve is non-zero only above 2^52 gas). */
  gas: number;
  reserve: bigint;
  /** tdk's depth (0 for the outermost frame). */
  depth: number;
  /** CALL/CALLCODE with value: the 2300 stipend the caller gets back if no child starts. */
  stipend: number;
  /** RETURN/REVERT: memory expansion cost, or -1 if unknown (stack underflow / out of range). */
  returnCost: number;
  /** CALL family: the gas operand (what the caller asked to forward). */
  requested: bigint;
}

/** Pairs each step's captured data (`T`) with the instruction's cost once it is known. */
export class StepGasMeter<T> {
  private pending: Pending<T> | null = null;

  constructor(private readonly done: (data: T, cost: StepCost) => void) {}

  /** Call from Inspector.step: settles the previous step, then holds this one. */
  step(frame: Frame, op: number, data: T): void {
    const prev = this.pending;
    if (prev !== null) {
      // The previous step ran in this same frame (a call that started a child was settled in
      // callEnter, a frame's last step in callExit). A CALL with value that started no child
      // (depth limit, insufficient balance) gave back the forwarded gas plus the stipend.
      const cost = sub(prev, frame.gas, frame.reserve, -prev.stipend);
      let forwarded = 0n;
      if (isCall(prev.op)) {
        // The forwarded gas came back unused: recompute it from EIP-150's 63/64 rule.
        const avail = BigInt(prev.gas) + prev.reserve - BigInt(cost);
        const cap = avail - avail / 64n;
        forwarded = prev.requested < cap ? prev.requested : cap;
      }
      this.settle(prev, cost, forwarded, undefined, false);
    }
    const sp = frame.sp;
    const stack = frame.stack;
    let stipend = 0;
    let returnCost = -1;
    let requested = 0n;
    if (isCall(op) && sp >= 1) {
      requested = stack[sp - 1];
      if ((op === CALL || op === CALLCODE) && sp >= 3 && stack[sp - 3] !== 0n) stipend = CALL_STIPEND;
    } else if ((op === RETURN || op === REVERT) && sp >= 2) {
      const off = stack[sp - 1];
      const size = stack[sp - 2];
      if (size === 0n) returnCost = 0;
      else if (off <= 0xffffffffn && size <= 0xffffffffn)
        returnCost = frame.expansionCost(Number(off), Number(size));
    }
    this.pending = {
      data,
      frame,
      op,
      gas: frame.gas,
      reserve: frame.reserve,
      depth: frame.depth,
      stipend,
      returnCost,
      requested,
    };
  }

  /** Call from Inspector.callEnter. */
  callEnter(call: CallEnter): void {
    const prev = this.pending;
    // A call or create instruction is starting its child: the caller's frame has been charged the
    // instruction's cost and the forwarded gas (call.gas, which includes any stipend).
    if (prev === null || call.depth !== prev.depth + 1) return;
    const f = prev.frame;
    const forwarded = call.gas - BigInt(prev.stipend);
    const cost =
      prev.reserve === 0n && f.reserve === 0n
        ? prev.gas - f.gas - Number(forwarded)
        : BigInt(prev.gas - f.gas) + prev.reserve - f.reserve - forwarded;
    this.settle(prev, cost, forwarded, undefined, false);
  }

  /** Call from Inspector.callExit. */
  callExit(exit: CallExit): void {
    const prev = this.pending;
    // Only a frame that ran code has a pending step at its own depth.
    if (prev === null || prev.depth !== exit.depth) return;
    const f = prev.frame;
    const halted = f.status === 'halt';
    if (
      (prev.op === RETURN || prev.op === REVERT) &&
      prev.returnCost >= 0 &&
      !(prev.reserve === 0n && prev.returnCost > prev.gas)
    ) {
      // RETURN itself succeeded; a create frame may still fail afterwards on its code deposit.
      this.settle(prev, prev.returnCost, 0n, halted ? f.halt : undefined, false);
    } else {
      // All of it when the instruction halted (gas is then 0).
      this.settle(prev, sub(prev, f.gas, f.reserve, 0), 0n, halted ? f.halt : undefined, halted);
    }
  }

  private settle(
    p: Pending<T>,
    cost: number | bigint,
    forwarded: bigint,
    halt: HaltReason | undefined,
    haltedHere: boolean,
  ): void {
    this.pending = null;
    this.done(p.data, { cost, forwarded, halt, haltedHere });
  }
}

function isCall(op: number): boolean {
  return op === CALL || op === CALLCODE || op === DELEGATECALL || op === STATICCALL;
}

/** Gas at step `p` minus (gas + reserve) minus `less`: exact, in bigint only above 2^52 gas. */
function sub<T>(p: Pending<T>, gas: number, reserve: bigint, less: number): number | bigint {
  if (p.reserve === 0n && reserve === 0n) return p.gas - gas - less;
  return BigInt(p.gas - gas - less) + p.reserve - reserve;
}
