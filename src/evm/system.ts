// CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE and CREATE2: charging gas, starting the child
// frame (or running a precompile inline) and, when the child ends, handing its result to the parent.
import { EMPTY_BYTES } from './bytes.js';
import type { EVM, Immediate } from './evm.js';
import { Frame, num } from './frame.js';
import { ADDRESS_MASK } from './host.js';
import type { CallKind } from './inspector.js';
import type { HaltReason } from './result.js';

export enum Outcome {
  Continue = 0,
  Child = 1,
}

export const MAX_INITCODE_SIZE = 49152;
export const MAX_CODE_SIZE = 24576;
const CALL_STIPEND = 2300n;
const MAX_DEPTH = 1024;

/** Larger than any gas amount: "as much as the 63/64 rule allows". */
const ALL_GAS = 1n << 256n;

/**
 * EIP-150: takes min(requested, all but one 64th of `gas` (plus the reserve)) from the frame, which
 * keeps the rest, and returns it as the child's gas.
 */
function forward(f: Frame, gas: number, requested: bigint): bigint {
  if (f.reserve === 0n) {
    const cap = gas - Math.floor(gas / 64);
    const forwarded = requested < BigInt(cap) ? Number(requested) : cap;
    f.gas = gas - forwarded;
    return BigInt(forwarded);
  }
  const total = BigInt(gas) + f.reserve;
  const cap = total - total / 64n;
  const forwarded = requested < cap ? requested : cap;
  f.setGas(total - forwarded);
  return forwarded;
}

export function call(evm: EVM, f: Frame, op: number): Outcome | HaltReason {
  const stack = f.stack;
  const sp = f.sp;
  const gasRequested = stack[sp - 1];
  const to = stack[sp - 2] & ADDRESS_MASK;
  const hasValue = op === 0xf1 || op === 0xf2;
  const value = hasValue ? stack[sp - 3] : 0n;
  const base = hasValue ? sp - 4 : sp - 3;
  const inOff = num(stack[base]);
  const inSize = num(stack[base - 1]);
  const outOff = num(stack[base - 2]);
  const outSize = num(stack[base - 3]);
  const newSp = base - 3;

  if (op === 0xf1 && value !== 0n && f.isStatic) return 'StaticStateChange';
  const inEnd = inSize === 0 ? 0 : inOff + inSize;
  const outEnd = outSize === 0 ? 0 : outOff + outSize;
  const memCost = f.expansionCost(0, Math.max(inEnd, outEnd));
  if (memCost < 0) return 'OutOfGas';

  const state = evm.state;
  let cost = memCost + (state.warmAccount(to) ? 100 : 2600);
  if (value !== 0n) {
    cost += 9000;
    if (op === 0xf1 && state.isDead(to)) cost += 25000;
  }
  let gas = f.gas - cost;
  if (gas < 0 && (gas = f.refill(gas)) < 0) return 'OutOfGas';
  f.growMemory(0, Math.max(inEnd, outEnd));

  let callGas = forward(f, gas, gasRequested);
  if (value !== 0n) callGas += CALL_STIPEND;

  f.returnData = EMPTY_BYTES;
  f.sp = newSp;
  f.retOffset = outOff;
  f.retSize = outSize;
  // With an interceptCall hook the payer may change (a prank), so beginCall checks the balance then.
  if (
    f.depth >= MAX_DEPTH ||
    (value !== 0n && evm.inspector?.interceptCall === undefined && state.getBalance(f.address) < value)
  ) {
    stack[f.sp++] = 0n;
    f.addGas(callGas);
    return Outcome.Continue;
  }

  const input = inSize === 0 ? EMPTY_BYTES : f.memory.slice(inOff, inOff + inSize);
  const kind: CallKind =
    op === 0xf1 ? 'CALL' : op === 0xf2 ? 'CALLCODE' : op === 0xf4 ? 'DELEGATECALL' : 'STATICCALL';
  const started = evm.beginCall(
    {
      kind,
      caller: op === 0xf4 ? f.caller : f.address,
      address: op === 0xf1 || op === 0xfa ? to : f.address,
      codeAddress: to,
      value: op === 0xf4 ? f.value : value,
      input,
      gas: callGas,
      isStatic: f.isStatic || op === 0xfa,
      depth: f.depth + 1,
    },
    f,
  );
  if (!(started instanceof Frame)) {
    completeCall(f, started);
    return Outcome.Continue;
  }
  f.child = started;
  return Outcome.Child;
}

/** Hands a finished call's result to the frame that made it. */
export function completeCall(f: Frame, r: Immediate | Frame): void {
  const success = r.status === 'success';
  f.stack[f.sp++] = success ? 1n : 0n;
  if (r.status !== 'halt') {
    f.addGas(r instanceof Frame ? r.gasLeft() : r.gas);
    const output = r.output;
    f.returnData = output;
    const n = Math.min(f.retSize, output.length);
    if (n > 0) f.memory.set(output.subarray(0, n), f.retOffset);
  } else {
    f.returnData = EMPTY_BYTES;
  }
}

export function create(evm: EVM, f: Frame, op: number): Outcome | HaltReason {
  const stack = f.stack;
  const sp = f.sp;
  const isCreate2 = op === 0xf5;
  const value = stack[sp - 1];
  const offset = num(stack[sp - 2]);
  const size = num(stack[sp - 3]);
  const salt = isCreate2 ? stack[sp - 4] : 0n;
  const newSp = sp - (isCreate2 ? 4 : 3);

  if (f.isStatic) return 'StaticStateChange';
  if (size > MAX_INITCODE_SIZE) return 'InitcodeSizeLimit';
  const memCost = f.expansionCost(offset, size);
  if (memCost < 0) return 'OutOfGas';
  const words = Math.ceil(size / 32);
  let gas = f.gas - memCost - 2 * words - (isCreate2 ? 6 * words : 0);
  if (gas < 0 && (gas = f.refill(gas)) < 0) return 'OutOfGas';
  f.growMemory(offset, size);
  const initcode = size === 0 ? EMPTY_BYTES : f.memory.slice(offset, offset + size);

  const callGas = forward(f, gas, ALL_GAS);
  f.returnData = EMPTY_BYTES;
  f.sp = newSp;

  const started = evm.beginCreate(
    {
      kind: isCreate2 ? 'CREATE2' : 'CREATE',
      caller: f.address,
      value,
      initcode,
      salt,
      gas: callGas,
      depth: f.depth + 1,
    },
    f,
  );
  if (!(started instanceof Frame)) {
    completeCreate(f, started);
    return Outcome.Continue;
  }
  f.child = started;
  return Outcome.Child;
}

/** Hands a finished create's result to the frame that made it. */
export function completeCreate(f: Frame, r: Immediate | Frame): void {
  if (r.status === 'success') {
    f.stack[f.sp++] = r.createdAddress;
    f.addGas(r instanceof Frame ? r.gasLeft() : r.gas);
    f.returnData = EMPTY_BYTES;
  } else {
    f.stack[f.sp++] = 0n;
    if (r.status === 'revert') {
      f.addGas(r instanceof Frame ? r.gasLeft() : r.gas);
      f.returnData = r.output;
    } else {
      f.returnData = EMPTY_BYTES;
    }
  }
}
