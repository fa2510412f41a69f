// One pass over bytecode finds valid jump destinations (JUMPDESTs outside PUSH data), decodes PUSH
// immediates and splits the code into basic blocks; the result is cached per code array so a
// contract called many times is analysed once.
import { bytesToBigInt } from './bytes.js';
import type { Compiled } from './jit.js';
import { OPCODES } from './opcodes.js';

/**
 * Instructions after which a new block starts: control flow and halts, and the instructions that
 * observe the gas left (GAS, SSTORE's stipend check, the 63/64 rule of calls and creates), which
 * must not see gas charged in advance for instructions after them.
 */
/** Fused instructions; interpreter.ts matches them by these literal values. */
export const PUSH_JUMP = 0x100;
export const PUSH_JUMPI = 0x101;
export const PUSH_CONST = 0x102;

const ENDS_BLOCK = new Uint8Array(256);
for (const op of [0x00, 0x56, 0x57, 0xf3, 0xfd, 0xfe, 0xff, 0x5a, 0x55, 0xf0, 0xf1, 0xf2, 0xf4, 0xf5, 0xfa]) {
  ENDS_BLOCK[op] = 1;
}
for (let op = 0; op < 256; op++) if (OPCODES[op] === undefined) ENDS_BLOCK[op] = 1;

export class CodeAnalysis {
  /** The code followed by 33 zero bytes: running off the end reads STOP, PUSH data never overruns. */
  readonly padded: Uint8Array;
  readonly jumpdests: Uint8Array;
  /** Decoded PUSH2..PUSH32 immediates, indexed by the PUSH's pc. */
  readonly pushes: bigint[];
  /**
   * Per block start: the static gas of the whole block, and the stack heights at which all of it
   * can run, [blockMin, blockMin + blockSpan] (as in evmone's advanced analysis). Charging a block
   * once replaces per-instruction checks; a block that would fail part-way fails at its start,
   * which is indistinguishable, since a failed frame consumes all its gas and reverts.
   */
  readonly blockGas: Int32Array;
  /**
   * The instruction stream the block-charged path runs: the code, except that a PUSH1/PUSH2 of a
   * constant followed by JUMP or JUMPI becomes one fused instruction (PUSH_JUMP, PUSH_JUMPI) whose
   * destination is checked here once, in jumpTargets (-1: not a JUMPDEST). Nothing can jump between
   * the two, since only JUMPDESTs are targets. Traced runs use `padded`, instruction by instruction.
   */
  readonly ops: Uint16Array;
  readonly jumpTargets: Int32Array;
  /**
   * PUSH v, PUSH s, SHL (how solc builds masks such as 2^160) becomes PUSH_CONST of v << s, computed
   * once here; foldedNext is the pc after the SHL.
   */
  readonly folded: bigint[];
  readonly foldedNext: Int32Array;
  readonly blockMin: Int32Array;
  readonly blockSpan: Uint32Array;
  /** Blocks entered in the interpreter so far; past jit.ts's threshold the code is compiled. */
  heat = 0;
  /** The compiled code (jit.ts), once hot. */
  compiled: Compiled | null = null;

  constructor(readonly code: Uint8Array) {
    const n = code.length;
    this.padded = new Uint8Array(n + 33);
    this.padded.set(code);
    this.jumpdests = new Uint8Array(n);
    // Preallocated so that V8 keeps fast elements even for large code.
    this.pushes = new Array<bigint>(n);
    this.blockGas = new Int32Array(n + 1);
    this.blockMin = new Int32Array(n + 1);
    this.blockSpan = new Uint32Array(n + 1).fill(1024);
    let start = 0;
    let gas = 0;
    let height = 0; // stack height relative to the block's entry
    let need = 0; // entry height the block needs
    let grow = 0; // highest relative height reached
    const close = () => {
      this.blockGas[start] = gas;
      this.blockMin[start] = need;
      // A block that always overflows gets a range no height satisfies: (sp + 1) >>> 0 > 0.
      if (grow + need > 1024) this.blockMin[start] = -1;
      this.blockSpan[start] = Math.max(0, 1024 - grow - need);
    };
    for (let pc = 0; pc < n; pc++) {
      const op = code[pc];
      if (op === 0x5b) {
        if (pc !== start) close();
        start = pc;
        gas = height = need = grow = 0;
        this.jumpdests[pc] = 1;
      }
      const info = OPCODES[op];
      if (info !== undefined) {
        gas += info.gas;
        need = Math.max(need, info.pops - height);
        height += info.pushes - info.pops;
        grow = Math.max(grow, height);
      }
      if (op >= 0x60 && op <= 0x7f) {
        if (op > 0x60) this.pushes[pc] = bytesToBigInt(this.padded, pc + 1, pc + op - 0x5e);
        pc += op - 0x5f;
      }
      if (ENDS_BLOCK[op] === 1) {
        close();
        start = pc + 1;
        gas = height = need = grow = 0;
      }
    }
    if (start < n) close();

    this.ops = Uint16Array.from(this.padded);
    this.jumpTargets = new Int32Array(n + 1);
    for (let pc = 0; pc < n; pc++) {
      const op = code[pc];
      if (op < 0x60 || op > 0x7f) continue;
      const next = pc + op - 0x5e;
      if ((op === 0x60 || op === 0x61) && next < n && (code[next] === 0x56 || code[next] === 0x57)) {
        const dest = op === 0x60 ? this.padded[pc + 1] : (this.padded[pc + 1] << 8) | this.padded[pc + 2];
        this.ops[pc] = code[next] === 0x56 ? PUSH_JUMP : PUSH_JUMPI;
        this.jumpTargets[pc] = dest < n && this.jumpdests[dest] === 1 ? dest : -1;
      }
      pc = next - 1;
    }

    this.folded = new Array<bigint>(n);
    this.foldedNext = new Int32Array(n + 1);
    for (let pc = 0; pc < n; pc++) {
      const op = code[pc];
      if (op < 0x5f || op > 0x7f) continue;
      const second = pc + op - 0x5e;
      const op2 = this.padded[second];
      if (op2 >= 0x5f && op2 <= 0x7f) {
        const third = second + op2 - 0x5e;
        if (third < n && code[third] === 0x1b) {
          const value = this.pushValue(pc);
          const shift = this.pushValue(second);
          this.ops[pc] = PUSH_CONST;
          this.folded[pc] = shift >= 256n ? 0n : BigInt.asUintN(256, value << shift);
          this.foldedNext[pc] = third + 1;
        }
      }
      pc = second - 1;
    }
    // PUSH x, then a folded 2^k-style constant c, then SUB: the whole run is the constant c - x
    // (solc's `sub(shl(160, 1), 1)` address mask).
    for (let pc = 0; pc < n; pc++) {
      const op = code[pc];
      if (op < 0x5f || op > 0x7f) continue;
      const q = pc + op - 0x5e;
      if (this.ops[pc] === op && this.ops[q] === PUSH_CONST && code[this.foldedNext[q]] === 0x03) {
        this.folded[pc] = BigInt.asUintN(256, this.folded[q] - this.pushValue(pc));
        this.foldedNext[pc] = this.foldedNext[q] + 1;
        this.ops[pc] = PUSH_CONST;
      }
      pc = q - 1;
    }
  }

  private pushValue(pc: number): bigint {
    const op = this.padded[pc];
    return op === 0x5f ? 0n : op === 0x60 ? BigInt(this.padded[pc + 1]) : this.pushes[pc];
  }
}

const cache = new WeakMap<Uint8Array, CodeAnalysis>();

export function analyze(code: Uint8Array): CodeAnalysis {
  let a = cache.get(code);
  if (a === undefined) {
    a = new CodeAnalysis(code);
    cache.set(code, a);
  }
  return a;
}
