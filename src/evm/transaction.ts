// Applying a transaction (Cancun): validity, gas purchase, warm-up (EIP-2929/2930/3651), execution,
// refunds capped at a fifth (EIP-3529), the priority fee to the coinbase, and end-of-transaction
// clean-up (EIP-6780 self-destructs, EIP-161 empty accounts).

import { bytesToBigInt } from './bytes.js';
import type { EVM } from './evm.js';
import type { ExecResult } from './result.js';
import type { Log } from './state/world.js';
import { intrinsicGas } from './tx/intrinsic.js';
import type { Transaction, UnsignedTransaction } from './tx/types.js';
import { blobGasUsed, effectiveGasPrice, type TxInvalid, validateTransaction } from './tx/validate.js';

export interface TxReceipt {
  readonly status: ExecResult['status'];
  readonly halt?: ExecResult['halt'];
  readonly output: Uint8Array;
  /** Gas charged to the sender, after the refund. */
  readonly gasUsed: bigint;
  readonly gasRefund: bigint;
  readonly effectiveGasPrice: bigint;
  readonly blobGasUsed: bigint;
  readonly logs: readonly Log[];
  readonly createdAddress?: bigint;
}

export type TxOutcome =
  | { readonly ok: true; readonly receipt: TxReceipt }
  | { readonly ok: false; readonly error: TxInvalid };

export interface RunTransactionOptions {
  /**
   * Skips the nonce and EIP-3607 sender-code checks, as eth_call and eth_estimateGas do (a call may
   * come from a contract address and needs no particular nonce). Balance is still checked.
   */
  readonly skipAccountChecks?: boolean;
}

export function runTransaction(
  evm: EVM,
  tx: Transaction | UnsignedTransaction,
  sender: bigint,
  options: RunTransactionOptions = {},
): TxOutcome {
  const state = evm.state;
  const block = evm.block;
  const account = state.getAccount(sender);
  const skip = options.skipAccountChecks === true;
  const error = validateTransaction(tx, {
    senderNonce: skip ? tx.nonce : (account?.nonce ?? 0n),
    senderBalance: account?.balance ?? 0n,
    senderHasCode: skip ? false : (account?.code.length ?? 0) > 0,
    baseFee: block.baseFee,
    blockGasLimit: block.gasLimit,
    blobBaseFee: block.blobBaseFee,
    chainId: block.chainId,
  });
  if (error) return { ok: false, error };

  const price = effectiveGasPrice(tx, block.baseFee);
  const blobGas = blobGasUsed(tx);
  state.beginTransaction();
  state.subBalance(sender, tx.gasLimit * price + blobGas * block.blobBaseFee);
  if (tx.to !== null) state.setNonce(sender, tx.nonce + 1n);

  state.warmAccount(sender);
  if (tx.to !== null) state.warmAccount(tx.to);
  state.warmAccount(block.coinbase);
  for (const address of evm.precompiles.addresses()) state.warmAccount(address);
  if (tx.type !== 0) {
    for (const entry of tx.accessList) {
      state.warmAccount(entry.address);
      for (const key of entry.storageKeys) state.warmSlot(entry.address, key);
    }
  }

  evm.tx = {
    origin: sender,
    gasPrice: price,
    blobHashes: tx.type === 3 ? tx.blobVersionedHashes.map((h) => bytesToBigInt(h)) : [],
  };
  const result = evm.runMessage({
    caller: sender,
    to: tx.to,
    value: tx.value,
    data: tx.data,
    gas: tx.gasLimit - intrinsicGas(tx),
  });

  const spent = tx.gasLimit - result.gasLeft;
  const refund = result.status === 'success' ? min(BigInt(state.refund), spent / 5n) : 0n;
  const gasUsed = spent - refund;
  state.addBalance(sender, (tx.gasLimit - gasUsed) * price);
  state.addBalance(block.coinbase, gasUsed * (price - block.baseFee));
  state.finalizeTransaction();
  return {
    ok: true,
    receipt: {
      status: result.status,
      halt: result.halt,
      output: result.output,
      gasUsed,
      gasRefund: refund,
      effectiveGasPrice: price,
      blobGasUsed: blobGas,
      logs: result.logs,
      createdAddress: result.createdAddress,
    },
  };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
