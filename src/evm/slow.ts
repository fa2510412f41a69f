// Instructions that are rare in hot code, or dominated by their own work (account lookups, copies,
// logs), shared by the interpreter and the compiled code (jit.ts): they run on the frame's own
// stack, sp and gas (f.stack, f.sp, f.gas), which the caller stores before and reloads after.
import { bytesToBigInt } from './bytes.js';
import type { EVM } from './evm.js';
import { type Frame, num } from './frame.js';
import * as host from './host.js';
import type { HaltReason } from './result.js';

/** Opcodes slowOp handles (1 = yes). */
export const SLOW_OPS = new Uint8Array(256);
for (const op of [0x31, 0x37, 0x39, 0x3b, 0x3c, 0x3e, 0x3f, 0x40, 0x49, 0x5e, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4]) {
  SLOW_OPS[op] = 1;
}

/**
 * Runs one instruction listed in SLOW_OPS (its static gas and stack bounds already settled) on
 * f.stack / f.sp / f.gas. Returns null, or why the frame halts.
 */
export function slowOp(evm: EVM, f: Frame, op: number): HaltReason | null {
  const stack = f.stack;
  let sp = f.sp;
  let gas = f.gas;
  switch (op) {
    case 0x31: // BALANCE
    case 0x3b: // EXTCODESIZE
    case 0x3f: {
      // EXTCODEHASH
      const addr = stack[sp - 1] & host.ADDRESS_MASK;
      gas -= evm.state.warmAccount(addr) ? 100 : 2600;
      if (gas < 0 && (gas = f.refill(gas)) < 0) return 'OutOfGas';
      if (op === 0x31) stack[sp - 1] = evm.state.getBalance(addr);
      else if (op === 0x3b) stack[sp - 1] = BigInt(evm.state.getCode(addr)?.length ?? 0);
      else {
        const acct = evm.state.getAccount(addr);
        stack[sp - 1] = acct === undefined || acct.isEmpty() ? 0n : bytesToBigInt(acct.codeHash);
      }
      break;
    }
    case 0x37: // CALLDATACOPY
    case 0x39: // CODECOPY
    case 0x3e: {
      // RETURNDATACOPY
      const memOff = num(stack[sp - 1]);
      const srcOff = stack[sp - 2];
      const size = num(stack[sp - 3]);
      sp -= 3;
      const src = op === 0x37 ? f.input : op === 0x39 ? f.analysis.code : f.returnData;
      if (op === 0x3e && srcOff + BigInt(size) > BigInt(src.length)) return 'ReturnDataOutOfBounds';
      const cost = f.expansionCost(memOff, size);
      if (cost < 0) return 'OutOfGas';
      gas -= cost + 3 * Math.ceil(size / 32);
      if (gas < 0 && (gas = f.refill(gas)) < 0) return 'OutOfGas';
      if (size > 0) {
        f.growMemory(memOff, size);
        copyPadded(f.memory, memOff, src, srcOff, size);
      }
      break;
    }
    case 0x3c: {
      // EXTCODECOPY
      const addr = stack[sp - 1] & host.ADDRESS_MASK;
      const memOff = num(stack[sp - 2]);
      const srcOff = stack[sp - 3];
      const size = num(stack[sp - 4]);
      sp -= 4;
      const cost = f.expansionCost(memOff, size);
      if (cost < 0) return 'OutOfGas';
      gas -= cost + 3 * Math.ceil(size / 32) + (evm.state.warmAccount(addr) ? 100 : 2600);
      if (gas < 0 && (gas = f.refill(gas)) < 0) return 'OutOfGas';
      if (size > 0) {
        f.growMemory(memOff, size);
        copyPadded(f.memory, memOff, evm.state.getCode(addr) ?? f.analysis.code.subarray(0, 0), srcOff, size);
      }
      break;
    }
    case 0x40:
      stack[sp - 1] = host.blockHash(evm, stack[sp - 1]);
      break;
    case 0x49: {
      // BLOBHASH
      const i = stack[sp - 1];
      const hashes = evm.tx.blobHashes;
      stack[sp - 1] = i < BigInt(hashes.length) ? hashes[Number(i)] : 0n;
      break;
    }
    case 0x5e: {
      // MCOPY
      const dst = num(stack[sp - 1]);
      const src = num(stack[sp - 2]);
      const size = num(stack[sp - 3]);
      sp -= 3;
      if (size > 0) {
        const cost = f.expansionCost(Math.max(dst, src), size);
        if (cost < 0) return 'OutOfGas';
        gas -= cost + 3 * Math.ceil(size / 32);
        if (gas < 0 && (gas = f.refill(gas)) < 0) return 'OutOfGas';
        f.growMemory(Math.max(dst, src), size);
        f.memory.copyWithin(dst, src, src + size);
      }
      break;
    }
    case 0xa0:
    case 0xa1:
    case 0xa2:
    case 0xa3:
    case 0xa4: {
      // LOG0..LOG4
      if (f.isStatic) return 'StaticStateChange';
      const off = num(stack[sp - 1]);
      const size = num(stack[sp - 2]);
      const cost = f.expansionCost(off, size);
      if (cost < 0) return 'OutOfGas';
      gas -= cost + 8 * size;
      if (gas < 0 && (gas = f.refill(gas)) < 0) return 'OutOfGas';
      f.growMemory(off, size);
      const n = op - 0xa0;
      const topics: bigint[] = new Array(n);
      for (let i = 0; i < n; i++) topics[i] = stack[sp - 3 - i];
      sp -= 2 + n;
      const log = {
        address: f.address,
        topics,
        data: size === 0 ? new Uint8Array(0) : f.memory.slice(off, off + size),
      };
      evm.state.addLog(log);
      evm.inspector?.log?.(log);
      break;
    }
    default:
      return 'InvalidOpcode';
  }
  f.sp = sp;
  f.gas = gas;
  return null;
}

/** Copies src[srcOff..srcOff+size) into dst at dstOff, reading zeros past the end of src. */
function copyPadded(dst: Uint8Array, dstOff: number, src: Uint8Array, srcOff: bigint, size: number): void {
  const start = srcOff >= BigInt(src.length) ? src.length : Number(srcOff);
  const available = Math.min(size, src.length - start);
  if (available > 0) dst.set(src.subarray(start, start + available), dstOff);
  if (available < size) dst.fill(0, dstOff + Math.max(available, 0), dstOff + size);
}
