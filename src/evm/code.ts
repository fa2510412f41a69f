// One pass over bytecode finds valid jump destinations (JUMPDESTs outside PUSH data) and decodes
// PUSH immediates; the result is cached per code array so a contract called many times is analysed once.
import { bytesToBigInt } from './bytes.js';

export class CodeAnalysis {
  /** The code followed by 33 zero bytes: running off the end reads STOP, PUSH data never overruns. */
  readonly padded: Uint8Array;
  readonly jumpdests: Uint8Array;
  /** Decoded PUSH2..PUSH32 immediates, indexed by the PUSH's pc. */
  readonly pushes: bigint[];

  constructor(readonly code: Uint8Array) {
    const n = code.length;
    this.padded = new Uint8Array(n + 33);
    this.padded.set(code);
    this.jumpdests = new Uint8Array(n);
    // Preallocated so that V8 keeps fast elements even for large code.
    this.pushes = new Array<bigint>(n);
    for (let pc = 0; pc < n; pc++) {
      const op = code[pc];
      if (op === 0x5b) this.jumpdests[pc] = 1;
      else if (op >= 0x60 && op <= 0x7f) {
        if (op > 0x60) this.pushes[pc] = bytesToBigInt(this.padded, pc + 1, pc + op - 0x5e);
        pc += op - 0x5f;
      }
    }
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
