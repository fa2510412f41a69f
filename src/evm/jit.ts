// Compiles hot contract code to JavaScript functions (with `new Function`), so that V8 optimises
// each piece of EVM code on its own instead of running it through the interpreter's dispatch.
//
// Unit of compilation: an "entry", i.e. a place execution can arrive at other than by falling
// through: pc 0, every JUMPDEST, and the instruction after each CALL/CREATE (where a frame resumes
// after its child). One entry's function runs its first basic block and then every block reached by
// falling through (after JUMPI not taken, SSTORE, GAS), until it jumps, halts, starts a call, or
// falls into a JUMPDEST; it returns the next entry's pc, or DONE / HALTED / CHILD. runCompiled()
// calls the entries in a loop. Blocks are charged exactly as in the interpreter's block mode
// (CodeAnalysis: static gas and stack bounds settled on entering a block).
//
// Inside a function, stack words live in JS constants: the generator keeps a virtual stack of
// expressions, so DUP, SWAP, POP and PUSH cost nothing at run time, PUSH values are BigInt literals
// (no allocation), comparisons stay JS booleans until a word is needed, and offsets and jump
// targets pushed as constants are checked while compiling. The real stack (f.stack) is written
// only when control leaves the function or an instruction from slow.ts needs it.
//
// Compiled code is used only without a step hook: traced runs take the interpreter, instruction by
// instruction. Compilation is per CodeAnalysis (so per code array) once its blocks have been
// entered jitThreshold times; it is deterministic (the generated text depends on the code alone).
import { bytesToBigInt, readWord, writeWord } from './bytes.js';
import type { CodeAnalysis } from './code.js';
import { KECCAK_EMPTY, keccak256Word } from './crypto/keccak.js';
import type { EVM } from './evm.js';
import { type Frame, num } from './frame.js';
import * as host from './host.js';
import { OPCODES } from './opcodes.js';
import type { HaltReason } from './result.js';
import { SLOW_OPS, slowOp } from './slow.js';
import * as system from './system.js';
import * as u256 from './u256.js';

/** Entry-function results other than a pc. */
const DONE = -1;
const HALTED = -2;
const CHILD = -3;

type EntryFn = (evm: EVM, f: Frame, stack: bigint[]) => number;

export interface Compiled {
  /** Per pc: index into fns of the entry starting there, or -1. */
  readonly entry: Int32Array;
  readonly fns: EntryFn[];
}

let jitThreshold = 1000;

/**
 * How many block entries a piece of code runs in the interpreter before it is compiled: 0 compiles
 * code when it first runs, Infinity never. For tests; the default suits normal use.
 */
export function setJitThreshold(n: number): void {
  jitThreshold = n;
}

export function getJitThreshold(): number {
  return jitThreshold;
}

/**
 * Runs a frame on compiled code from f.pc (an entry, whose block has not been charged yet) with
 * f.sp and f.gas. Returns true if the frame started a child call, false if it finished.
 */
export function runCompiled(evm: EVM, f: Frame, c: Compiled): boolean {
  const entry = c.entry;
  const fns = c.fns;
  const stack = f.stack;
  let pc = f.pc;
  for (;;) {
    pc = fns[entry[pc]](evm, f, stack);
    if (pc < 0) return pc === CHILD;
  }
}

// ---- run-time helpers the generated code calls ------------------------------------------------

const KECCAK_EMPTY_WORD = bytesToBigInt(KECCAK_EMPTY);

function halt(f: Frame, reason: HaltReason): number {
  f.status = 'halt';
  f.halt = reason;
  f.gas = 0;
  f.reserve = 0n;
  f.output = new Uint8Array(0);
  return HALTED;
}

/** KECCAK256 with gas taken from f.gas; null when the frame halted. */
function keccakOp(evm: EVM, f: Frame, offWord: bigint, sizeWord: bigint): bigint | null {
  const offset = num(offWord);
  const size = num(sizeWord);
  const cost = f.expansionCost(offset, size);
  if (cost < 0) {
    halt(f, 'OutOfGas');
    return null;
  }
  let gas = f.gas - (cost + 6 * Math.ceil(size / 32));
  if (gas < 0 && (gas = f.refill(gas)) < 0) {
    halt(f, 'OutOfGas');
    return null;
  }
  f.gas = gas;
  f.growMemory(offset, size);
  const h = size === 0 ? KECCAK_EMPTY_WORD : keccak256Word(f.memory, offset, offset + size);
  const inspector = evm.inspector;
  if (inspector?.keccak) inspector.keccak(f.memory.slice(offset, offset + size), h);
  return h;
}

function calldataload(f: Frame, off: bigint): bigint {
  const input = f.input;
  // Number() of a huge word is a huge double, so the bound check needs no bigint.
  const o = Number(off);
  if (o >= input.length) return 0n;
  if (o + 32 <= input.length) return readWord(f.inputView(), o);
  const word = new Uint8Array(32);
  word.set(input.subarray(o));
  return bytesToBigInt(word);
}

/** RETURN and REVERT, with gas in f.gas. */
function returnOp(f: Frame, offWord: bigint, sizeWord: bigint, revert: boolean): number {
  const off = num(offWord);
  const size = num(sizeWord);
  let gas = f.gas;
  const cost = f.expansionCost(off, size);
  if (cost < 0 || ((gas -= cost) < 0 && (gas = f.refill(gas)) < 0)) return halt(f, 'OutOfGas');
  f.growMemory(off, size);
  f.output = size === 0 ? new Uint8Array(0) : f.memory.slice(off, off + size);
  if (revert) f.status = 'revert';
  f.gas = gas;
  return DONE;
}

/** CALL-family and CREATE-family, on f.stack / f.sp / f.gas. */
function callOp(evm: EVM, f: Frame, op: number, pc: number): number {
  const r = op === 0xf0 || op === 0xf5 ? system.create(evm, f, op) : system.call(evm, f, op);
  if (r === system.Outcome.Child) {
    f.pc = pc + 1;
    return CHILD;
  }
  if (r !== system.Outcome.Continue) return halt(f, r);
  return pc + 1;
}

/** LOG0..LOG4 with gas in f.gas: 0, or HALTED. */
function logOp(evm: EVM, f: Frame, offWord: bigint, sizeWord: bigint, topics: bigint[]): number {
  if (f.isStatic) return halt(f, 'StaticStateChange');
  const off = num(offWord);
  const size = num(sizeWord);
  let gas = f.gas;
  const cost = f.expansionCost(off, size);
  if (cost < 0) return halt(f, 'OutOfGas');
  gas -= cost + 8 * size;
  if (gas < 0 && (gas = f.refill(gas)) < 0) return halt(f, 'OutOfGas');
  f.gas = gas;
  f.growMemory(off, size);
  const log = {
    address: f.address,
    topics,
    data: size === 0 ? new Uint8Array(0) : f.memory.slice(off, off + size),
  };
  evm.state.addLog(log);
  evm.inspector?.log?.(log);
  return 0;
}

function slow(evm: EVM, f: Frame, op: number): number {
  const h = slowOp(evm, f, op);
  return h === null ? 0 : halt(f, h);
}

const RUNTIME = {
  MAX: u256.MAX_U256,
  ADDRESS_MASK: host.ADDRESS_MASK,
  halt,
  num,
  readWord,
  writeWord,
  keccakOp,
  calldataload,
  returnOp,
  callOp,
  logOp,
  slow,
  sstoreCost: host.sstoreCost,
  selfdestruct: host.selfdestruct,
  blockHash: host.blockHash,
  u256,
};

const PRELUDE = `"use strict";
const { MAX, ADDRESS_MASK, halt, num, readWord, writeWord, keccakOp, calldataload, returnOp, callOp, logOp, slow,
  sstoreCost, selfdestruct } = R;
const { sdiv, smod, addmod, mulmod, exp, byteLength, signextend, byteAt, shl, shr, sar, slt, SHL_FITS } = R.u256;
const JDL = JD.length;
const jt = (v) => { const n = Number(v); return n < JDL && JD[n] === 1 ? n : -1; };
`;

// ---- code generation --------------------------------------------------------------------------

/**
 * A value on the virtual stack: a word expression `w` (an identifier or BigInt literal), and/or a
 * JS boolean `b` (for comparison results), `k` when known while compiling, and `home`, the
 * position of the real stack that holds it (so it need not be written back there).
 */
interface Val {
  w?: string;
  b?: string;
  k?: bigint;
  home?: number;
}

const TOO_BIG = 0x1_0000_0001;

/** How many instructions one entry's function may take in from the code it jumps to. */
const INLINE_BUDGET = 300;

/** Block-ending instructions after which execution falls through to the next block. */
function fallsThrough(op: number): boolean {
  return op === 0x57 || op === 0x55 || op === 0x5a;
}

function isCallOp(op: number): boolean {
  return op === 0xf0 || op === 0xf1 || op === 0xf2 || op === 0xf4 || op === 0xf5 || op === 0xfa;
}

function lit(k: bigint): string {
  return k < 1024n ? `${k}n` : `0x${k.toString(16)}n`;
}

/** The value of a pure instruction on constant operands (a = top of stack). */
function fold(op: number, a: bigint, b: bigint): bigint | undefined {
  const M = u256.MAX_U256;
  switch (op) {
    case 0x01:
      return (a + b) & M;
    case 0x02:
      return BigInt.asUintN(256, a * b);
    case 0x03:
      return (a - b) & M;
    case 0x04:
      return b === 0n ? 0n : a / b;
    case 0x16:
      return a & b;
    case 0x17:
      return a | b;
    case 0x18:
      return a ^ b;
    case 0x1b:
      return u256.shl(a, b);
    case 0x1c:
      return u256.shr(a, b);
    default:
      return undefined;
  }
}

class Gen {
  private readonly out: string[] = [];
  private tmp = 0;
  /** Virtual stack: position relative to the local sp -> value. */
  private slots = new Map<number, Val>();
  /** Virtual stack height relative to the local sp. */
  private h = 0;
  /** The pc of the entry being generated. */
  private start = 0;
  /** Instructions this entry's function may still inline (see goto). */
  private budget = 0;
  /** What the stack checks emitted so far on this path guarantee about the local sp. */
  private spLo = Number.NEGATIVE_INFINITY;
  private spHi = Number.POSITIVE_INFINITY;
  /** JUMPDESTs on the path being generated. */
  private readonly onPath = new Set<number>();
  private readonly code: Uint8Array;
  private readonly n: number;

  constructor(private readonly a: CodeAnalysis) {
    this.code = a.padded;
    this.n = a.code.length;
  }

  private emit(s: string): void {
    this.out.push(s);
  }

  private fresh(): string {
    return `t${this.tmp++}`;
  }

  private idx(p: number): string {
    return p === 0 ? 'sp' : p < 0 ? `sp - ${-p}` : `sp + ${p}`;
  }

  private load(p: number): Val {
    let v = this.slots.get(p);
    if (v === undefined) {
      const t = this.fresh();
      this.emit(`const ${t} = stack[${this.idx(p)}];`);
      v = { w: t, home: p };
      this.slots.set(p, v);
    }
    return v;
  }

  private pop(): Val {
    const p = --this.h;
    const v = this.load(p);
    this.slots.delete(p);
    return v;
  }

  private push(v: Val): void {
    this.slots.set(this.h++, v);
  }

  private pushConst(k: bigint): void {
    this.push({ w: lit(k), k });
  }

  /** Binds a new word expression to a constant and pushes it. */
  private pushWord(expr: string): void {
    const t = this.fresh();
    this.emit(`const ${t} = ${expr};`);
    this.push({ w: t });
  }

  private pushBool(expr: string): void {
    const t = this.fresh();
    this.emit(`const ${t} = ${expr};`);
    this.push({ b: t });
  }

  private word(v: Val): string {
    if (v.w === undefined) {
      const t = this.fresh();
      this.emit(`const ${t} = ${v.b} ? 1n : 0n;`);
      v.w = t;
    }
    return v.w;
  }

  private bool(v: Val): string {
    if (v.b !== undefined) return v.b;
    if (v.k !== undefined) return v.k !== 0n ? 'true' : 'false';
    return `${v.w} !== 0n`;
  }

  /** A memory offset or size as a number (past 4 GiB: one sentinel, as num() does). */
  private offset(v: Val): string {
    if (v.k !== undefined) return String(v.k > 0xffffffffn ? TOO_BIG : Number(v.k));
    const t = this.fresh();
    this.emit(`const ${t} = num(${this.word(v)});`);
    return t;
  }

  /**
   * Code writing the virtual stack back to the real one and the real stack height after it; does
   * not change the generator's state, so it can be used on one branch only.
   */
  private writeBack(): { stores: string; sp: string } {
    for (const v of this.slots.values()) this.word(v);
    let stores = '';
    for (const [p, v] of this.slots) if (v.home !== p) stores += `stack[${this.idx(p)}] = ${v.w}; `;
    return { stores, sp: this.h === 0 ? 'sp' : this.idx(this.h) };
  }

  /** Writes the virtual stack back and continues with an empty one over the real stack. */
  private flush(): void {
    const { stores, sp } = this.writeBack();
    if (stores !== '') this.emit(stores);
    if (this.h !== 0) this.emit(`sp = ${sp};`);
    this.spLo -= this.h;
    this.spHi -= this.h;
    this.slots.clear();
    this.h = 0;
  }

  /** Leaves the function: on to the entry at `pc`. */
  private exitTo(pc: string): void {
    const { stores, sp } = this.writeBack();
    this.emit(`${stores}${this.jumpCode(pc, sp)}`);
  }

  /** Goes on at the entry `pc` with the stack height `sp`: a jump back to this entry stays here. */
  private jumpCode(pc: string, sp: string): string {
    if (pc === String(this.start)) return `${sp === 'sp' ? '' : `sp = ${sp}; `}continue;`;
    return `f.sp = ${sp}; f.gas = gas; return ${pc};`;
  }

  private charge(pc: number): void {
    const a = this.a;
    const g = a.blockGas[pc];
    if (g !== 0) this.emit(`if ((gas -= ${g}) < 0 && (gas = f.refill(gas)) < 0) return halt(f, 'OutOfGas');`);
    const min = a.blockMin[pc];
    const span = a.blockSpan[pc];
    const d = this.h - min;
    // The block is fine for sp in [min - h, min - h + span]; skip the check if earlier checks on
    // this path already confine sp to that range.
    if (this.spLo >= -d && this.spHi <= span - d) return;
    this.spLo = Math.max(this.spLo, -d);
    this.spHi = Math.min(this.spHi, span - d);
    const rel = d === 0 ? 'sp' : d > 0 ? `(sp + ${d})` : `(sp - ${-d})`;
    const h = this.h === 0 ? 'sp' : this.h > 0 ? `sp + ${this.h}` : `sp - ${-this.h}`;
    this.emit(
      `if (${rel} >>> 0 > ${span}) return halt(f, ${h} < ${min} ? 'StackUnderflow' : 'StackOverflow');`,
    );
  }

  private staticTarget(k: bigint): number {
    return k < BigInt(this.n) && this.a.jumpdests[Number(k)] === 1 ? Number(k) : -1;
  }

  /**
   * The function body for the entry at `start`. It is a loop, so that a jump back to the entry
   * itself (a tight loop) stays inside the function.
   */
  entry(start: number): string {
    this.out.length = 0;
    this.slots.clear();
    this.h = 0;
    this.start = start;
    this.budget = INLINE_BUDGET;
    this.onPath.clear();
    this.spLo = Number.NEGATIVE_INFINITY;
    this.spHi = Number.POSITIVE_INFINITY;
    this.emit('let sp = f.sp; let gas = f.gas;');
    if (start >= this.n) {
      this.emit('f.output = f.output.subarray(0, 0); f.gas = gas; return -1;');
      return this.out.join('\n');
    }
    this.emit('for (;;) {');
    this.onPath.add(start);
    this.charge(start);
    this.walk(start);
    this.emit('}');
    return this.out.join('\n');
  }

  /** Emits the instructions from `pc` (a block start, already charged) until every path has left. */
  private walk(pc: number): void {
    for (;;) {
      if (pc >= this.n) {
        // Running off the end of the code is STOP.
        this.exitStop();
        return;
      }
      const op = this.code[pc];
      const next = op >= 0x60 && op <= 0x7f ? pc + op - 0x5e : pc + 1;
      this.budget--;
      if (!this.op(op, pc)) return;
      if (fallsThrough(op)) {
        if (next >= this.n) {
          this.exitStop();
          return;
        }
        if (this.code[next] === 0x5b) {
          this.goto(next);
          return;
        }
        this.charge(next);
      } else if (next < this.n && this.code[next] === 0x5b) {
        this.goto(next);
        return;
      }
      pc = next;
    }
  }

  /**
   * Goes on at the JUMPDEST `target`, known while compiling: back to the top of this function's
   * loop, out to the dispatcher, or on in this function (inlining the target's code, which makes
   * solc's internal function calls and returns straight-line code) while the budget lasts and the
   * target is not already on the path (loops).
   */
  private goto(target: number): void {
    if (target === this.start || this.budget <= 0 || this.onPath.has(target)) {
      this.exitTo(String(target));
      return;
    }
    this.onPath.add(target);
    this.charge(target);
    this.walk(target);
    this.onPath.delete(target);
  }

  /** A copy of the virtual stack, for the other side of a branch. */
  private save(): { slots: Map<number, Val>; h: number; spLo: number; spHi: number } {
    const slots = new Map<number, Val>();
    for (const [p, v] of this.slots) slots.set(p, { ...v });
    return { slots, h: this.h, spLo: this.spLo, spHi: this.spHi };
  }

  private exitStop(): void {
    const { sp } = this.writeBack();
    this.emit(`f.output = f.output.subarray(0, 0); f.sp = ${sp}; f.gas = gas; return -1;`);
  }

  /** Emits one instruction; false when the function ends with it. */
  private op(op: number, pc: number): boolean {
    switch (op) {
      case 0x00:
        this.exitStop();
        return false;
      case 0x01:
      case 0x02:
      case 0x03:
      case 0x04:
      case 0x16:
      case 0x17:
      case 0x18:
      case 0x1b:
      case 0x1c: {
        const a = this.pop();
        const b = this.pop();
        if (a.k !== undefined && b.k !== undefined) {
          const r = fold(op, a.k, b.k);
          if (r !== undefined) {
            this.pushConst(r);
            return true;
          }
        }
        this.binary(op, a, b);
        return true;
      }
      case 0x05:
      case 0x06:
      case 0x07:
      case 0x0b:
      case 0x1a:
      case 0x1d: {
        const A = this.word(this.pop());
        const B = this.word(this.pop());
        const fn =
          op === 0x05
            ? 'sdiv'
            : op === 0x07
              ? 'smod'
              : op === 0x0b
                ? 'signextend'
                : op === 0x1a
                  ? 'byteAt'
                  : 'sar';
        this.pushWord(op === 0x06 ? `${B} === 0n ? 0n : ${A} % ${B}` : `${fn}(${A}, ${B})`);
        return true;
      }
      case 0x08:
      case 0x09: {
        const A = this.word(this.pop());
        const B = this.word(this.pop());
        const C = this.word(this.pop());
        this.pushWord(`${op === 0x08 ? 'addmod' : 'mulmod'}(${A}, ${B}, ${C})`);
        return true;
      }
      case 0x0a: {
        const A = this.word(this.pop());
        const B = this.word(this.pop());
        this.emit(
          `if ((gas -= 50 * byteLength(${B})) < 0 && (gas = f.refill(gas)) < 0) return halt(f, 'OutOfGas');`,
        );
        this.pushWord(`exp(${A}, ${B})`);
        return true;
      }
      case 0x10:
      case 0x11:
      case 0x14: {
        const a = this.pop();
        const b = this.pop();
        if (op === 0x14 && a.b !== undefined && b.b !== undefined) {
          this.pushBool(`${a.b} === ${b.b}`);
          return true;
        }
        const A = this.word(a);
        const B = this.word(b);
        this.pushBool(`${A} ${op === 0x10 ? '<' : op === 0x11 ? '>' : '==='} ${B}`);
        return true;
      }
      case 0x12:
      case 0x13: {
        const A = this.word(this.pop());
        const B = this.word(this.pop());
        this.pushBool(op === 0x12 ? `slt(${A}, ${B})` : `slt(${B}, ${A})`);
        return true;
      }
      case 0x15: {
        const v = this.pop();
        if (v.k !== undefined) this.pushConst(v.k === 0n ? 1n : 0n);
        else if (v.b !== undefined) this.pushBool(`!${v.b}`);
        else this.pushBool(`${v.w} === 0n`);
        return true;
      }
      case 0x19:
        this.pushWord(`MAX ^ ${this.word(this.pop())}`);
        return true;
      case 0x20: {
        const A = this.word(this.pop());
        const B = this.word(this.pop());
        const t = this.fresh();
        this.emit(
          `f.gas = gas; const ${t} = keccakOp(evm, f, ${A}, ${B}); if (${t} === null) return -2; gas = f.gas;`,
        );
        this.push({ w: t });
        return true;
      }
      case 0x30:
        this.pushWord('f.address');
        return true;
      case 0x32:
        this.pushWord('evm.tx.origin');
        return true;
      case 0x33:
        this.pushWord('f.caller');
        return true;
      case 0x34:
        this.pushWord('f.value');
        return true;
      case 0x35:
        this.pushWord(`calldataload(f, ${this.word(this.pop())})`);
        return true;
      case 0x36:
        this.pushWord('BigInt(f.input.length)');
        return true;
      case 0x38:
        this.pushConst(BigInt(this.n));
        return true;
      case 0x3a:
        this.pushWord('evm.tx.gasPrice');
        return true;
      case 0x3d:
        this.pushWord('BigInt(f.returnData.length)');
        return true;
      case 0x41:
        this.pushWord('evm.block.coinbase');
        return true;
      case 0x42:
        this.pushWord('evm.block.timestamp');
        return true;
      case 0x43:
        this.pushWord('evm.block.number');
        return true;
      case 0x44:
        this.pushWord('evm.block.prevRandao');
        return true;
      case 0x45:
        this.pushWord('evm.block.gasLimit');
        return true;
      case 0x46:
        this.pushWord('evm.block.chainId');
        return true;
      case 0x47:
        this.pushWord('evm.state.getBalance(f.address)');
        return true;
      case 0x48:
        this.pushWord('evm.block.baseFee');
        return true;
      case 0x4a:
        this.pushWord('evm.block.blobBaseFee');
        return true;
      case 0x50:
        this.pop();
        return true;
      case 0x51: {
        const o = this.offset(this.pop());
        this.memCheck(o, 32);
        this.pushWord(`readWord(f.view, ${o})`);
        return true;
      }
      case 0x52:
      case 0x53: {
        const o = this.offset(this.pop());
        const V = this.word(this.pop());
        const size = op === 0x52 ? 32 : 1;
        this.memCheck(o, size);
        this.emit(op === 0x52 ? `writeWord(f.view, ${o}, ${V});` : `f.memory[${o}] = Number(${V} & 0xffn);`);
        return true;
      }
      case 0x54: {
        const K = this.word(this.pop());
        this.emit(
          `if ((gas -= evm.state.warmSlot(f.address, ${K}) ? 100 : 2100) < 0 && (gas = f.refill(gas)) < 0) return halt(f, 'OutOfGas');`,
        );
        const t = this.fresh();
        this.emit(`const ${t} = evm.state.getStorage(f.address, ${K});`);
        this.emit(`if (evm.inspector?.storageRead) evm.inspector.storageRead(f.address, ${K}, ${t});`);
        this.push({ w: t });
        return true;
      }
      case 0x55: {
        const K = this.word(this.pop());
        const V = this.word(this.pop());
        const c = this.fresh();
        this.emit(`if (f.isStatic) return halt(f, 'StaticStateChange');`);
        this.emit(
          `const ${c} = sstoreCost(evm, f, ${K}, ${V}, gas); if (${c} < 0 || ((gas -= ${c}) < 0 && (gas = f.refill(gas)) < 0)) return halt(f, 'OutOfGas');`,
        );
        return true;
      }
      case 0x56: {
        const d = this.pop();
        if (d.k !== undefined) {
          const target = this.staticTarget(d.k);
          if (target < 0) this.emit("return halt(f, 'InvalidJump');");
          else this.goto(target);
        } else {
          const t = this.fresh();
          this.emit(`const ${t} = jt(${this.word(d)}); if (${t} < 0) return halt(f, 'InvalidJump');`);
          this.exitTo(t);
        }
        return false;
      }
      case 0x57: {
        const d = this.pop();
        const cond = this.bool(this.pop());
        if (d.k !== undefined) {
          const target = this.staticTarget(d.k);
          if (target < 0) this.emit(`if (${cond}) return halt(f, 'InvalidJump');`);
          else {
            // The taken side is generated inside the if (it always leaves); the code after it
            // continues with the virtual stack as it was at the branch.
            const other = this.save();
            this.emit(`if (${cond}) {`);
            this.goto(target);
            this.emit('}');
            this.slots = other.slots;
            this.h = other.h;
            this.spLo = other.spLo;
            this.spHi = other.spHi;
          }
        } else {
          const D = this.word(d);
          const { stores, sp } = this.writeBack();
          const t = this.fresh();
          this.emit(
            `if (${cond}) { const ${t} = jt(${D}); if (${t} < 0) return halt(f, 'InvalidJump'); ${stores}f.sp = ${sp}; f.gas = gas; return ${t}; }`,
          );
        }
        return true;
      }
      case 0x58:
        this.pushConst(BigInt(pc));
        return true;
      case 0x59:
        this.pushWord('BigInt(f.memSize)');
        return true;
      case 0x5a:
        this.pushWord('f.reserve === 0n ? BigInt(gas) : BigInt(gas) + f.reserve');
        return true;
      case 0x5b:
        return true;
      case 0x5c:
        this.pushWord(`evm.state.getTransient(f.address, ${this.word(this.pop())})`);
        return true;
      case 0x5d: {
        const K = this.word(this.pop());
        const V = this.word(this.pop());
        this.emit(`if (f.isStatic) return halt(f, 'StaticStateChange');`);
        this.emit(`evm.state.setTransient(f.address, ${K}, ${V});`);
        return true;
      }
      case 0x5f:
        this.pushConst(0n);
        return true;
      case 0xf3:
      case 0xfd: {
        const A = this.word(this.pop());
        const B = this.word(this.pop());
        const { sp } = this.writeBack();
        this.emit(`f.sp = ${sp}; f.gas = gas; return returnOp(f, ${A}, ${B}, ${op === 0xfd});`);
        return false;
      }
      case 0xff: {
        const A = this.word(this.pop());
        this.emit(`if (f.isStatic) return halt(f, 'StaticStateChange');`);
        const c = this.fresh();
        this.emit(
          `const ${c} = selfdestruct(evm, f, ${A} & ADDRESS_MASK, gas); if (${c} < 0 || ((gas -= ${c}) < 0 && (gas = f.refill(gas)) < 0)) return halt(f, 'OutOfGas');`,
        );
        const { sp } = this.writeBack();
        this.emit(`f.sp = ${sp}; f.gas = gas; return -1;`);
        return false;
      }
    }
    if (op >= 0x60 && op <= 0x7f) {
      this.pushConst(op === 0x60 ? BigInt(this.code[pc + 1]) : this.a.pushes[pc]);
      return true;
    }
    if (op >= 0x80 && op <= 0x8f) {
      const v = this.load(this.h - (op - 0x7f));
      this.push({ w: v.w, b: v.b, k: v.k, home: v.home });
      // A copy shares the value's names (materialising one materialises the copy's lazily).
      return true;
    }
    if (op >= 0x90 && op <= 0x9f) {
      const i = this.h - 1;
      const j = this.h - 2 - (op - 0x90);
      const vi = this.load(i);
      const vj = this.load(j);
      this.slots.set(i, vj);
      this.slots.set(j, vi);
      return true;
    }
    if (op >= 0xa0 && op <= 0xa4) {
      const A = this.word(this.pop());
      const B = this.word(this.pop());
      const topics: string[] = [];
      for (let i = 0; i < op - 0xa0; i++) topics.push(this.word(this.pop()));
      this.emit(
        `f.gas = gas; if (logOp(evm, f, ${A}, ${B}, [${topics.join(', ')}]) !== 0) return -2; gas = f.gas;`,
      );
      return true;
    }
    if (SLOW_OPS[op] === 1) {
      this.flush();
      this.emit(`f.sp = sp; f.gas = gas; if (slow(evm, f, ${op}) !== 0) return -2; sp = f.sp; gas = f.gas;`);
      this.spLo = Number.NEGATIVE_INFINITY;
      this.spHi = Number.POSITIVE_INFINITY;
      return true;
    }
    if (isCallOp(op)) {
      this.flush();
      this.emit(`f.sp = sp; f.gas = gas; f.pc = ${pc}; return callOp(evm, f, ${op}, ${pc});`);
      return false;
    }
    // INVALID and undefined opcodes.
    if (OPCODES[op] !== undefined && op !== 0xfe)
      throw new Error(`jit: unhandled opcode 0x${op.toString(16)}`);
    this.emit("return halt(f, 'InvalidOpcode');");
    return false;
  }

  private memCheck(o: string, size: number): void {
    const c = this.fresh();
    this.emit(
      `if (${o} + ${size} > f.memSize) { const ${c} = f.expansionCost(${o}, ${size}); gas -= ${c}; if (${c} < 0 || (gas < 0 && (gas = f.refill(gas)) < 0)) return halt(f, 'OutOfGas'); f.growMemory(${o}, ${size}); }`,
    );
  }

  private binary(op: number, a: Val, b: Val): void {
    // AND, OR, XOR of two comparison results (solc's overflow checks) stay booleans.
    if (a.b !== undefined && b.b !== undefined && (op === 0x16 || op === 0x17 || op === 0x18)) {
      this.pushBool(`${a.b} ${op === 0x16 ? '&&' : op === 0x17 ? '||' : '!=='} ${b.b}`);
      return;
    }
    // Masks 2^k - 1 (solc's address and small-integer cleanups) keep a value already inside them.
    if (op === 0x16 && (isMask(a.k) || isMask(b.k))) {
      const m = isMask(a.k) ? a : b;
      const x = this.word(m === a ? b : a);
      this.pushWord(`${x} <= ${m.w} ? ${x} : ${x} & ${m.w}`);
      return;
    }
    if ((op === 0x1b || op === 0x1c) && a.k !== undefined) {
      const x = this.word(b);
      if (a.k >= 256n) this.pushConst(0n);
      else if (op === 0x1c) this.pushWord(`${x} >> ${a.k}n`);
      else
        this.pushWord(
          `${x} < ${lit(u256.SHL_FITS[Number(a.k)])} ? ${x} << ${a.k}n : BigInt.asUintN(256, ${x} << ${a.k}n)`,
        );
      return;
    }
    const A = this.word(a);
    const B = this.word(b);
    const t = this.fresh();
    switch (op) {
      case 0x01:
        this.emit(`let ${t} = ${A} + ${B}; if (${t} > MAX) ${t} &= MAX;`);
        break;
      case 0x02:
        this.emit(`const ${t} = BigInt.asUintN(256, ${A} * ${B});`);
        break;
      case 0x03:
        this.emit(`let ${t} = ${A} - ${B}; if (${t} < 0n) ${t} &= MAX;`);
        break;
      case 0x04:
        this.emit(
          b.k !== undefined && b.k !== 0n
            ? `const ${t} = ${A} / ${B};`
            : `const ${t} = ${B} === 0n ? 0n : ${A} / ${B};`,
        );
        break;
      case 0x16:
        this.emit(`const ${t} = ${A} & ${B};`);
        break;
      case 0x17:
        this.emit(`const ${t} = ${A} | ${B};`);
        break;
      case 0x18:
        this.emit(`const ${t} = ${A} ^ ${B};`);
        break;
      case 0x1b:
        this.emit(
          `const ${t} = ${A} < 256n && ${B} < SHL_FITS[Number(${A})] ? ${B} << ${A} : shl(${A}, ${B});`,
        );
        break;
      case 0x1c:
        this.emit(`const ${t} = shr(${A}, ${B});`);
        break;
    }
    this.push({ w: t });
  }
}

function isMask(k: bigint | undefined): boolean {
  return k !== undefined && k !== 0n && (k & (k + 1n)) === 0n;
}

/** Entries (see the top of this file): per pc the index of the entry starting there, and their pcs. */
function entries(a: CodeAnalysis): { entry: Int32Array; starts: number[] } {
  const code = a.padded;
  const n = a.code.length;
  const entry = new Int32Array(n + 1).fill(-1);
  const starts: number[] = [];
  const add = (pc: number) => {
    if (pc <= n && entry[pc] < 0) {
      entry[pc] = starts.length;
      starts.push(pc);
    }
  };
  add(0);
  for (let pc = 0; pc < n; pc++) {
    const op = code[pc];
    if (op === 0x5b) add(pc);
    else if (isCallOp(op)) add(pc + 1);
    else if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  return { entry, starts };
}

function source(gen: Gen, pc: number): string {
  return `function e${pc}(evm, f, stack) {\n${gen.entry(pc)}\n}`;
}

/**
 * Compiles the code behind `a` (see the top of this file). Each entry's function is generated when
 * it first runs, so code that never runs costs nothing.
 */
export function compile(a: CodeAnalysis): Compiled {
  const { entry, starts } = entries(a);
  const gen = new Gen(a);
  const fns: EntryFn[] = starts.map((pc, i) => (evm: EVM, f: Frame, stack: bigint[]): number => {
    const fn = new Function('R', 'JD', `${PRELUDE}return ${source(gen, pc)};`)(
      RUNTIME,
      a.jumpdests,
    ) as EntryFn;
    fns[i] = fn;
    return fn(evm, f, stack);
  });
  return { entry, fns };
}

/** All of the code's entry functions as one JavaScript source (for tests and inspection). */
export function generate(a: CodeAnalysis): string {
  const gen = new Gen(a);
  const bodies = entries(a).starts.map((pc) => source(gen, pc));
  return `${PRELUDE}return [\n${bodies.join(',\n')}\n];`;
}
