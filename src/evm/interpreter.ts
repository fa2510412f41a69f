// The instruction loop. Pure instructions (arithmetic, stack, memory, control flow) run inline in
// one switch so pc, sp and gas stay in registers; instructions that touch accounts or start calls
// are in host.ts and system.ts. The loop returns when the frame halts or starts a child call.

import { bytesToBigInt, readWord, writeWord } from './bytes.js';
import { KECCAK_EMPTY, keccak256Word } from './crypto/keccak.js';
import type { EVM } from './evm.js';
import { type Frame, num } from './frame.js';
import * as host from './host.js';
import { compile, getJitThreshold, runCompiled } from './jit.js';
import { MIN_STACK, OPCODES, STACK_SPAN, STATIC_GAS } from './opcodes.js';
import type { HaltReason } from './result.js';
import { slowOp } from './slow.js';
import * as system from './system.js';
import {
  addmod,
  byteAt,
  byteLength,
  exp,
  MAX_U256,
  mulmod,
  SHL_FITS,
  SMALL,
  sar,
  sdiv,
  shl,
  shr,
  signextend,
  slt,
  smod,
} from './u256.js';

const KECCAK_EMPTY_WORD = bytesToBigInt(KECCAK_EMPTY);

export enum Run {
  Halted = 0,
  Child = 1,
}

export function run(evm: EVM, f: Frame): Run {
  const a = f.analysis;
  const code = a.padded;
  const codeSize = a.code.length;
  const jumpdests = a.jumpdests;
  const pushes = a.pushes;
  const stack = f.stack;
  const inspector = evm.inspector;
  const step = inspector?.step ? inspector : null;
  // With a step hook every instruction is checked and charged on its own, so traces show exact gas;
  // otherwise static gas and stack bounds are settled once per basic block (see CodeAnalysis).
  const precise = step !== null;
  const ops = a.ops;
  const jumpTargets = a.jumpTargets;
  const folded = a.folded;
  const foldedNext = a.foldedNext;
  if (!precise) {
    // Hot code runs compiled (jit.ts); a frame starts or resumes at an entry of the compiled code.
    let c = a.compiled;
    if (c === null && a.heat >= getJitThreshold()) c = a.compiled = compile(a);
    if (c !== null) return runCompiled(evm, f, c) ? Run.Child : Run.Halted;
  }
  let pc = f.pc;
  let sp = f.sp;
  let gas = f.gas;
  let halt: HaltReason | null = null;
  // Set when the code got compiled meanwhile: the frame goes on in compiled code at a jump target.
  let toJit = false;
  // A frame starts, or resumes after a call, at a block start (JUMPDEST blocks charge themselves).
  if (!precise && code[pc] !== 0x5b && (gas = chargeBlock(f, pc, sp, gas)) < 0) halt = BLOCK_HALT[-gas];

  if (halt === null)
    loop: for (;;) {
      const op = precise ? code[pc] : ops[pc];
      if (precise) {
        f.pc = pc;
        f.sp = sp;
        f.gas = gas;
        step.step!(f, op);
        if ((sp - MIN_STACK[op]) >>> 0 > STACK_SPAN[op]) {
          halt =
            OPCODES[op] === undefined
              ? 'InvalidOpcode'
              : sp < MIN_STACK[op]
                ? 'StackUnderflow'
                : 'StackOverflow';
          break;
        }
        gas -= STATIC_GAS[op];
        if (gas < 0 && (gas = f.refill(gas)) < 0) {
          halt = 'OutOfGas';
          break;
        }
      }
      switch (op) {
        case 0x00: // STOP
          f.output = f.output.subarray(0, 0);
          break loop;
        case 0x01: {
          const r = stack[--sp] + stack[sp - 1];
          stack[sp - 1] = r > MAX_U256 ? r & MAX_U256 : r;
          break;
        }
        case 0x02:
          sp--;
          stack[sp - 1] = BigInt.asUintN(256, stack[sp] * stack[sp - 1]);
          break;
        case 0x03: {
          const r = stack[--sp] - stack[sp - 1];
          stack[sp - 1] = r < 0n ? r & MAX_U256 : r;
          break;
        }
        case 0x04: {
          const d = stack[sp - 2];
          stack[sp - 2] = d === 0n ? 0n : stack[sp - 1] / d;
          sp--;
          break;
        }
        case 0x05:
          sp--;
          stack[sp - 1] = sdiv(stack[sp], stack[sp - 1]);
          break;
        case 0x06: {
          const d = stack[sp - 2];
          stack[sp - 2] = d === 0n ? 0n : stack[sp - 1] % d;
          sp--;
          break;
        }
        case 0x07:
          sp--;
          stack[sp - 1] = smod(stack[sp], stack[sp - 1]);
          break;
        case 0x08:
          sp -= 2;
          stack[sp - 1] = addmod(stack[sp + 1], stack[sp], stack[sp - 1]);
          break;
        case 0x09:
          sp -= 2;
          stack[sp - 1] = mulmod(stack[sp + 1], stack[sp], stack[sp - 1]);
          break;
        case 0x0a: {
          const e = stack[sp - 2];
          gas -= 50 * byteLength(e);
          if (gas < 0 && (gas = f.refill(gas)) < 0) {
            halt = 'OutOfGas';
            break loop;
          }
          sp--;
          stack[sp - 1] = exp(stack[sp], e);
          break;
        }
        case 0x0b:
          sp--;
          stack[sp - 1] = signextend(stack[sp], stack[sp - 1]);
          break;
        case 0x10:
          sp--;
          stack[sp - 1] = stack[sp] < stack[sp - 1] ? 1n : 0n;
          break;
        case 0x11:
          sp--;
          stack[sp - 1] = stack[sp] > stack[sp - 1] ? 1n : 0n;
          break;
        case 0x12:
          sp--;
          stack[sp - 1] = slt(stack[sp], stack[sp - 1]) ? 1n : 0n;
          break;
        case 0x13:
          sp--;
          stack[sp - 1] = slt(stack[sp - 1], stack[sp]) ? 1n : 0n;
          break;
        case 0x14:
          sp--;
          stack[sp - 1] = stack[sp] === stack[sp - 1] ? 1n : 0n;
          break;
        case 0x15:
          stack[sp - 1] = stack[sp - 1] === 0n ? 1n : 0n;
          break;
        case 0x16: {
          const x = stack[--sp];
          const y = stack[sp - 1];
          // solc masks values with 2^160-1 constantly; a value already inside the mask is kept
          // as is rather than allocating an equal bigint.
          if (y === host.ADDRESS_MASK) stack[sp - 1] = x <= y ? x : x & y;
          else if (x === host.ADDRESS_MASK) stack[sp - 1] = y <= x ? y : x & y;
          else stack[sp - 1] = x & y;
          break;
        }
        case 0x17:
          sp--;
          stack[sp - 1] = stack[sp] | stack[sp - 1];
          break;
        case 0x18:
          sp--;
          stack[sp - 1] = stack[sp] ^ stack[sp - 1];
          break;
        case 0x19:
          stack[sp - 1] = MAX_U256 ^ stack[sp - 1];
          break;
        case 0x1a:
          sp--;
          stack[sp - 1] = byteAt(stack[sp], stack[sp - 1]);
          break;
        case 0x1b: {
          const shift = stack[--sp];
          const x = stack[sp - 1];
          // No 512-bit intermediate when the result cannot overflow (x below 2^(256-shift)).
          stack[sp - 1] = shift < 256n && x < SHL_FITS[Number(shift)] ? x << shift : shl(shift, x);
          break;
        }
        case 0x1c:
          sp--;
          stack[sp - 1] = shr(stack[sp], stack[sp - 1]);
          break;
        case 0x1d:
          sp--;
          stack[sp - 1] = sar(stack[sp], stack[sp - 1]);
          break;
        case 0x20: {
          // KECCAK256
          const offset = num(stack[sp - 1]);
          const size = num(stack[sp - 2]);
          const cost = f.expansionCost(offset, size);
          if (cost < 0) {
            halt = 'OutOfGas';
            break loop;
          }
          gas -= cost + 6 * Math.ceil(size / 32);
          if (gas < 0 && (gas = f.refill(gas)) < 0) {
            halt = 'OutOfGas';
            break loop;
          }
          f.growMemory(offset, size);
          const h = size === 0 ? KECCAK_EMPTY_WORD : keccak256Word(f.memory, offset, offset + size);
          if (inspector?.keccak) inspector.keccak(f.memory.slice(offset, offset + size), h);
          sp--;
          stack[sp - 1] = h;
          break;
        }
        case 0x30:
          stack[sp++] = f.address;
          break;
        case 0x32:
          stack[sp++] = evm.tx.origin;
          break;
        case 0x33:
          stack[sp++] = f.caller;
          break;
        case 0x34:
          stack[sp++] = f.value;
          break;
        case 0x35: {
          // CALLDATALOAD
          const off = stack[sp - 1];
          const input = f.input;
          if (off >= BigInt(input.length)) stack[sp - 1] = 0n;
          else {
            const o = Number(off);
            if (o + 32 <= input.length) stack[sp - 1] = readWord(f.inputView(), o);
            else {
              const word = new Uint8Array(32);
              word.set(input.subarray(o));
              stack[sp - 1] = bytesToBigInt(word);
            }
          }
          break;
        }
        case 0x36:
          stack[sp++] = BigInt(f.input.length);
          break;
        case 0x38:
          stack[sp++] = BigInt(codeSize);
          break;
        case 0x3a:
          stack[sp++] = evm.tx.gasPrice;
          break;
        case 0x3d:
          stack[sp++] = BigInt(f.returnData.length);
          break;
        case 0x41:
          stack[sp++] = evm.block.coinbase;
          break;
        case 0x42:
          stack[sp++] = evm.block.timestamp;
          break;
        case 0x43:
          stack[sp++] = evm.block.number;
          break;
        case 0x44:
          stack[sp++] = evm.block.prevRandao;
          break;
        case 0x45:
          stack[sp++] = evm.block.gasLimit;
          break;
        case 0x46:
          stack[sp++] = evm.block.chainId;
          break;
        case 0x47:
          stack[sp++] = evm.state.getBalance(f.address);
          break;
        case 0x48:
          stack[sp++] = evm.block.baseFee;
          break;
        case 0x4a:
          stack[sp++] = evm.block.blobBaseFee;
          break;
        case 0x50:
          sp--;
          break;
        case 0x51: {
          // MLOAD
          const off = num(stack[sp - 1]);
          const cost = f.expansionCost(off, 32);
          if (cost !== 0) {
            gas -= cost;
            if (cost < 0 || (gas < 0 && (gas = f.refill(gas)) < 0)) {
              halt = 'OutOfGas';
              break loop;
            }
            f.growMemory(off, 32);
          }
          stack[sp - 1] = readWord(f.view, off);
          break;
        }
        case 0x52: {
          // MSTORE
          const off = num(stack[sp - 1]);
          const cost = f.expansionCost(off, 32);
          if (cost !== 0) {
            gas -= cost;
            if (cost < 0 || (gas < 0 && (gas = f.refill(gas)) < 0)) {
              halt = 'OutOfGas';
              break loop;
            }
            f.growMemory(off, 32);
          }
          writeWord(f.view, off, stack[sp - 2]);
          sp -= 2;
          break;
        }
        case 0x53: {
          // MSTORE8
          const off = num(stack[sp - 1]);
          const cost = f.expansionCost(off, 1);
          if (cost !== 0) {
            gas -= cost;
            if (cost < 0 || (gas < 0 && (gas = f.refill(gas)) < 0)) {
              halt = 'OutOfGas';
              break loop;
            }
            f.growMemory(off, 1);
          }
          f.memory[off] = Number(stack[sp - 2] & 0xffn);
          sp -= 2;
          break;
        }
        case 0x54: {
          // SLOAD
          const key = stack[sp - 1];
          const address = f.address;
          gas -= evm.state.warmSlot(address, key) ? 100 : 2100;
          if (gas < 0 && (gas = f.refill(gas)) < 0) {
            halt = 'OutOfGas';
            break loop;
          }
          const value = evm.state.getStorage(address, key);
          if (inspector?.storageRead) inspector.storageRead(address, key, value);
          stack[sp - 1] = value;
          break;
        }
        case 0x55: {
          if (f.isStatic) {
            halt = 'StaticStateChange';
            break loop;
          }
          const cost = host.sstoreCost(evm, f, stack[sp - 1], stack[sp - 2], gas);
          if (cost < 0 || ((gas -= cost) < 0 && (gas = f.refill(gas)) < 0)) {
            halt = 'OutOfGas';
            break loop;
          }
          sp -= 2;
          pc++;
          if (!precise && code[pc] !== 0x5b) {
            // Entering the block that starts here (JUMPDEST blocks charge themselves).
            if ((gas = chargeBlock(f, pc, sp, gas)) < 0) {
              halt = BLOCK_HALT[-gas];
              break loop;
            }
          }
          continue;
        }
        // Literal labels keep the switch a jump table (V8 needs Smi literals): 0x100-0x102 are
        // code.ts's PUSH_JUMP, PUSH_JUMPI, PUSH_CONST.
        case 0x100: {
          const target = jumpTargets[pc];
          if (target < 0) {
            halt = 'InvalidJump';
            break loop;
          }
          if (a.compiled !== null) {
            pc = target;
            toJit = true;
            break loop;
          }
          // Land in the JUMPDEST's block: charge it here and skip the JUMPDEST instruction itself.
          if ((gas = chargeBlock(f, target, sp, gas)) < 0) {
            halt = BLOCK_HALT[-gas];
            break loop;
          }
          pc = target + 1;
          continue;
        }
        case 0x101: {
          if (stack[--sp] !== 0n) {
            const target = jumpTargets[pc];
            if (target < 0) {
              halt = 'InvalidJump';
              break loop;
            }
            if (a.compiled !== null) {
              pc = target;
              toJit = true;
              break loop;
            }
            // Land in the JUMPDEST's block: charge it here and skip the JUMPDEST instruction itself.
            if ((gas = chargeBlock(f, target, sp, gas)) < 0) {
              halt = BLOCK_HALT[-gas];
              break loop;
            }
            pc = target + 1;
            continue;
          }
          pc += code[pc] - 0x5d; // past the PUSH and its data, and the JUMPI
          if (code[pc] !== 0x5b) {
            // Entering the block after the JUMPI (JUMPDEST blocks charge themselves).
            if ((gas = chargeBlock(f, pc, sp, gas)) < 0) {
              halt = BLOCK_HALT[-gas];
              break loop;
            }
          }
          continue;
        }
        case 0x56: {
          const target = jumpTarget(stack[--sp], jumpdests);
          if (target < 0) {
            halt = 'InvalidJump';
            break loop;
          }
          if (precise) {
            pc = target;
            continue;
          }
          if (a.compiled !== null) {
            pc = target;
            toJit = true;
            break loop;
          }
          // Land in the JUMPDEST's block: charge it here and skip the JUMPDEST instruction itself.
          if ((gas = chargeBlock(f, target, sp, gas)) < 0) {
            halt = BLOCK_HALT[-gas];
            break loop;
          }
          pc = target + 1;
          continue;
        }
        case 0x57: {
          const dest = stack[sp - 1];
          const cond = stack[sp - 2];
          sp -= 2;
          if (cond !== 0n) {
            const target = jumpTarget(dest, jumpdests);
            if (target < 0) {
              halt = 'InvalidJump';
              break loop;
            }
            if (precise) {
              pc = target;
              continue;
            }
            if (a.compiled !== null) {
              pc = target;
              toJit = true;
              break loop;
            }
            // Land in the JUMPDEST's block: charge it here and skip the JUMPDEST instruction itself.
            if ((gas = chargeBlock(f, target, sp, gas)) < 0) {
              halt = BLOCK_HALT[-gas];
              break loop;
            }
            pc = target + 1;
            continue;
          }
          pc++;
          if (!precise && code[pc] !== 0x5b) {
            // Entering the block that starts here (JUMPDEST blocks charge themselves).
            if ((gas = chargeBlock(f, pc, sp, gas)) < 0) {
              halt = BLOCK_HALT[-gas];
              break loop;
            }
          }
          continue;
        }
        case 0x58:
          stack[sp++] = BigInt(pc);
          break;
        case 0x59:
          stack[sp++] = BigInt(f.memSize);
          break;
        case 0x5a:
          stack[sp++] = f.reserve === 0n ? BigInt(gas) : BigInt(gas) + f.reserve;
          pc++;
          if (!precise && code[pc] !== 0x5b) {
            // Entering the block that starts here (JUMPDEST blocks charge themselves).
            if ((gas = chargeBlock(f, pc, sp, gas)) < 0) {
              halt = BLOCK_HALT[-gas];
              break loop;
            }
          }
          continue;
        case 0x5b:
          if (!precise) {
            if ((gas = chargeBlock(f, pc, sp, gas)) < 0) {
              halt = BLOCK_HALT[-gas];
              break loop;
            }
          }
          break;
        case 0x5c:
          stack[sp - 1] = evm.state.getTransient(f.address, stack[sp - 1]);
          break;
        case 0x5d:
          if (f.isStatic) {
            halt = 'StaticStateChange';
            break loop;
          }
          evm.state.setTransient(f.address, stack[sp - 1], stack[sp - 2]);
          sp -= 2;
          break;
        case 0x5f:
          stack[sp++] = 0n;
          break;
        case 0x102:
          stack[sp++] = folded[pc];
          pc = foldedNext[pc];
          continue;
        case 0x60:
          stack[sp++] = SMALL[code[pc + 1]];
          pc += 2;
          continue;
        case 0x61:
        case 0x62:
        case 0x63:
        case 0x64:
        case 0x65:
        case 0x66:
        case 0x67:
        case 0x68:
        case 0x69:
        case 0x6a:
        case 0x6b:
        case 0x6c:
        case 0x6d:
        case 0x6e:
        case 0x6f:
        case 0x70:
        case 0x71:
        case 0x72:
        case 0x73:
        case 0x74:
        case 0x75:
        case 0x76:
        case 0x77:
        case 0x78:
        case 0x79:
        case 0x7a:
        case 0x7b:
        case 0x7c:
        case 0x7d:
        case 0x7e:
        case 0x7f: {
          stack[sp++] = pushes[pc];
          pc += op - 0x5e;
          continue;
        }
        case 0x80:
        case 0x81:
        case 0x82:
        case 0x83:
        case 0x84:
        case 0x85:
        case 0x86:
        case 0x87:
        case 0x88:
        case 0x89:
        case 0x8a:
        case 0x8b:
        case 0x8c:
        case 0x8d:
        case 0x8e:
        case 0x8f:
          stack[sp] = stack[sp - (op - 0x7f)];
          sp++;
          break;
        case 0x90:
        case 0x91:
        case 0x92:
        case 0x93:
        case 0x94:
        case 0x95:
        case 0x96:
        case 0x97:
        case 0x98:
        case 0x99:
        case 0x9a:
        case 0x9b:
        case 0x9c:
        case 0x9d:
        case 0x9e:
        case 0x9f: {
          const j = sp - 2 - (op - 0x90);
          const t = stack[sp - 1];
          stack[sp - 1] = stack[j];
          stack[j] = t;
          break;
        }
        // Rare or self-dominated instructions (account lookups, copies, logs): slow.ts, on f's stack.
        case 0x31:
        case 0x37:
        case 0x39:
        case 0x3b:
        case 0x3c:
        case 0x3e:
        case 0x3f:
        case 0x40:
        case 0x49:
        case 0x5e:
        case 0xa0:
        case 0xa1:
        case 0xa2:
        case 0xa3:
        case 0xa4: {
          f.sp = sp;
          f.gas = gas;
          const h = slowOp(evm, f, op);
          if (h !== null) {
            halt = h;
            break loop;
          }
          sp = f.sp;
          gas = f.gas;
          break;
        }
        case 0xf0:
        case 0xf5:
        case 0xf1:
        case 0xf2:
        case 0xf4:
        case 0xfa: {
          f.pc = pc;
          f.sp = sp;
          f.gas = gas;
          const r = op === 0xf0 || op === 0xf5 ? system.create(evm, f, op) : system.call(evm, f, op);
          if (r === system.Outcome.Child) {
            f.pc = pc + 1;
            return Run.Child;
          }
          if (r !== system.Outcome.Continue) {
            halt = r;
            break loop;
          }
          sp = f.sp;
          gas = f.gas;
          pc++;
          if (!precise && code[pc] !== 0x5b) {
            // Entering the block that starts here (JUMPDEST blocks charge themselves).
            if ((gas = chargeBlock(f, pc, sp, gas)) < 0) {
              halt = BLOCK_HALT[-gas];
              break loop;
            }
          }
          continue;
        }
        case 0xf3:
        case 0xfd: {
          // RETURN, REVERT
          const off = num(stack[sp - 1]);
          const size = num(stack[sp - 2]);
          sp -= 2;
          const cost = f.expansionCost(off, size);
          if (cost < 0 || ((gas -= cost) < 0 && (gas = f.refill(gas)) < 0)) {
            halt = 'OutOfGas';
            break loop;
          }
          f.growMemory(off, size);
          f.output = size === 0 ? new Uint8Array(0) : f.memory.slice(off, off + size);
          if (op === 0xfd) f.status = 'revert';
          break loop;
        }
        case 0xfe:
          halt = 'InvalidOpcode';
          break loop;
        case 0xff: {
          if (f.isStatic) {
            halt = 'StaticStateChange';
            break loop;
          }
          const cost = host.selfdestruct(evm, f, stack[sp - 1] & host.ADDRESS_MASK, gas);
          if (cost < 0 || ((gas -= cost) < 0 && (gas = f.refill(gas)) < 0)) {
            halt = 'OutOfGas';
            break loop;
          }
          sp--;
          break loop;
        }
        default:
          halt = 'InvalidOpcode';
          break loop;
      }
      pc++;
    }
  f.pc = pc;
  f.sp = sp;
  if (toJit) {
    f.gas = gas;
    return runCompiled(evm, f, a.compiled!) ? Run.Child : Run.Halted;
  }
  if (halt !== null) {
    f.status = 'halt';
    f.halt = halt;
    f.gas = 0;
    f.reserve = 0n;
    f.output = new Uint8Array(0);
  } else {
    f.gas = gas;
  }
  return Run.Halted;
}

/**
 * Charges the basic block starting at `at` (its static gas and stack bounds, see CodeAnalysis):
 * returns the gas left, or -1 out of gas, -2 stack underflow, -3 stack overflow.
 */
function chargeBlock(f: Frame, at: number, sp: number, gas: number): number {
  const a = f.analysis;
  if (++a.heat >= getJitThreshold() && a.compiled === null) a.compiled = compile(a);
  gas -= a.blockGas[at];
  if (gas < 0 && (gas = f.refill(gas)) < 0) return -1;
  if ((sp - a.blockMin[at]) >>> 0 > a.blockSpan[at]) return sp < a.blockMin[at] ? -2 : -3;
  return gas;
}

const BLOCK_HALT: readonly HaltReason[] = ['OutOfGas', 'OutOfGas', 'StackUnderflow', 'StackOverflow'];

/** The destination of JUMP/JUMPI as a pc, or -1 unless it is a JUMPDEST in the code. */
function jumpTarget(dest: bigint, jumpdests: Uint8Array): number {
  // Number() of a huge word is a huge double, so the bound check needs no bigint.
  const n = Number(dest);
  return n < jumpdests.length && jumpdests[n] === 1 ? n : -1;
}
