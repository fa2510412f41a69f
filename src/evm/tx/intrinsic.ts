// Intrinsic gas of a transaction under Cancun rules: the gas charged before any execution.
import type { Transaction, UnsignedTransaction } from './types.js';

export const TX_BASE_GAS = 21000n;
/** Base cost of a contract-creation transaction (21000 + 32000, EIP-2). */
export const TX_CREATE_GAS = 53000n;
export const TX_DATA_ZERO_GAS = 4n;
/** Per non-zero calldata byte (EIP-2028). */
export const TX_DATA_NONZERO_GAS = 16n;
/** EIP-2930 access-list costs. */
export const ACCESS_LIST_ADDRESS_GAS = 2400n;
export const ACCESS_LIST_STORAGE_KEY_GAS = 1900n;
/** EIP-3860: per 32-byte word of initcode in a creation transaction. */
export const INITCODE_WORD_GAS = 2n;

/**
 * 21000 (53000 for a creation) + 4 per zero and 16 per non-zero data byte + 2400 per access-list
 * address + 1900 per storage key + 2 per (rounded-up) 32-byte word of initcode for creations.
 * Blob gas is separate (see blobGasUsed).
 */
export function intrinsicGas(tx: Transaction | UnsignedTransaction): bigint {
  const { data } = tx;
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  const nonZeros = data.length - zeros;
  let gas =
    (tx.to === null ? TX_CREATE_GAS : TX_BASE_GAS) +
    BigInt(zeros) * TX_DATA_ZERO_GAS +
    BigInt(nonZeros) * TX_DATA_NONZERO_GAS;
  if (tx.to === null) gas += BigInt(Math.ceil(data.length / 32)) * INITCODE_WORD_GAS;
  if (tx.type !== 0) {
    let keys = 0;
    for (const entry of tx.accessList) keys += entry.storageKeys.length;
    gas +=
      BigInt(tx.accessList.length) * ACCESS_LIST_ADDRESS_GAS + BigInt(keys) * ACCESS_LIST_STORAGE_KEY_GAS;
  }
  return gas;
}
