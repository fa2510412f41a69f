// Instructions that read or write accounts beyond a simple lookup: SSTORE's EIP-2200/2929/3529 gas
// and refunds, SELFDESTRUCT under EIP-6780, BLOCKHASH.
import type { EVM } from './evm.js';
import type { Frame } from './frame.js';

export const ADDRESS_MASK = (1n << 160n) - 1n;

const SSTORE_SET = 20000;
const SSTORE_RESET = 2900; // 5000 - COLD_SLOAD
const WARM_READ = 100;
const COLD_SLOAD = 2100;
const CLEAR_REFUND = 4800; // EIP-3529
const STIPEND = 2300;

/**
 * Performs SSTORE and returns its gas cost, or -1 when EIP-2200's stipend guard fails. When the cost
 * exceeds the gas left nothing is written (the caller halts out of gas).
 */
export function sstoreCost(evm: EVM, f: Frame, key: bigint, value: bigint, gasLeft: number): number {
  if (gasLeft <= STIPEND && f.reserve === 0n) return -1;
  const state = evm.state;
  const address = f.address;
  let cost = state.warmSlot(address, key) ? 0 : COLD_SLOAD;
  const current = state.getStorage(address, key);
  if (current === value) {
    // A no-op write still counts as a write for inspectors (Foundry's record/accesses do).
    cost += WARM_READ;
    if ((cost <= gasLeft || f.reserve !== 0n) && evm.inspector?.storageWrite) {
      evm.inspector.storageWrite(address, key, current, value);
    }
    return cost;
  }
  const original = state.getOriginalStorage(address, key);
  cost += original === current ? (original === 0n ? SSTORE_SET : SSTORE_RESET) : WARM_READ;
  if (cost > gasLeft && f.reserve === 0n) return cost;
  // EIP-3529 refunds.
  if (original === current) {
    if (original !== 0n && value === 0n) state.addRefund(CLEAR_REFUND);
  } else {
    if (original !== 0n) {
      if (current === 0n) state.addRefund(-CLEAR_REFUND);
      else if (value === 0n) state.addRefund(CLEAR_REFUND);
    }
    if (original === value) {
      state.addRefund(original === 0n ? SSTORE_SET - WARM_READ : SSTORE_RESET - WARM_READ);
    }
  }
  state.setStorage(address, key, value);
  if (evm.inspector?.storageWrite) evm.inspector.storageWrite(address, key, current, value);
  return cost;
}

/**
 * SELFDESTRUCT (EIP-6780): moves the balance to the beneficiary; the account itself is deleted at
 * the end of the transaction only if it was created in it. Returns the dynamic gas (-1: none left).
 */
export function selfdestruct(evm: EVM, f: Frame, beneficiary: bigint, gasLeft: number): number {
  const state = evm.state;
  let cost = state.warmAccount(beneficiary) ? 0 : 2600;
  const balance = state.getBalance(f.address);
  if (balance > 0n && state.isDead(beneficiary)) cost += 25000;
  if (cost > gasLeft && f.reserve === 0n) return cost;
  state.subBalance(f.address, balance);
  state.addBalance(beneficiary, balance);
  if (state.wasCreatedInTransaction(f.address)) {
    state.setBalance(f.address, 0n);
    state.markSelfdestructed(f.address);
  }
  return cost;
}

export function blockHash(evm: EVM, n: bigint): bigint {
  const current = evm.block.number;
  if (n >= current || n + 256n < current || evm.block.blockHash === undefined) return 0n;
  return evm.block.blockHash(n);
}
