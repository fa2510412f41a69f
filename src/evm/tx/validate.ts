// Cancun transaction validity (the checks made before execution) and the fee arithmetic they use.
// Codes are spelled like the TransactionException names in ethereum/tests' expectException.
import { intrinsicGas } from './intrinsic.js';
import type { BlobTransaction, Transaction, UnsignedTransaction } from './types.js';

type AnyTx = Transaction | UnsignedTransaction;

/** Every code validateTransaction can return, in the order the checks run. */
export const TX_INVALID_CODES = [
  'INVALID_CHAINID',
  'INTRINSIC_GAS_TOO_LOW',
  'NONCE_IS_MAX',
  'INITCODE_SIZE_EXCEEDED',
  'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS',
  'GASLIMIT_PRICE_PRODUCT_OVERFLOW',
  'TYPE_3_TX_CONTRACT_CREATION',
  'TYPE_3_TX_ZERO_BLOBS',
  'TYPE_3_TX_BLOB_COUNT_EXCEEDED',
  'TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH',
  'GAS_ALLOWANCE_EXCEEDED',
  'INSUFFICIENT_MAX_FEE_PER_GAS',
  'INSUFFICIENT_MAX_FEE_PER_BLOB_GAS',
  'SENDER_NOT_EOA',
  'NONCE_MISMATCH_TOO_LOW',
  'NONCE_MISMATCH_TOO_HIGH',
  'INSUFFICIENT_ACCOUNT_FUNDS',
] as const;

export type TxInvalidCode = (typeof TX_INVALID_CODES)[number];

export interface TxInvalid {
  code: TxInvalidCode;
  message: string;
}

export interface TxValidationContext {
  senderNonce: bigint;
  senderBalance: bigint;
  /** EIP-3607: a sender with deployed code cannot originate transactions. */
  senderHasCode: boolean;
  baseFee: bigint;
  blockGasLimit: bigint;
  /** Current blob base fee, see blobBaseFee(excessBlobGas). */
  blobBaseFee: bigint;
  chainId: bigint;
}

/** EIP-3860: 2 × MAX_CODE_SIZE. */
export const MAX_INITCODE_SIZE = 49152;
/** EIP-4844 (Cancun values). */
export const GAS_PER_BLOB = 131072n;
export const MAX_BLOBS_PER_BLOCK = 6;
export const VERSIONED_HASH_VERSION_KZG = 0x01;
export const MIN_BLOB_BASE_FEE = 1n;
export const BLOB_BASE_FEE_UPDATE_FRACTION = 3338477n;
/** EIP-2681: nonces stay below 2^64 - 1. */
export const MAX_NONCE = (1n << 64n) - 1n;

const TWO_256 = 1n << 256n;

function invalid(code: TxInvalidCode, message: string): TxInvalid {
  return { code, message };
}

/** The per-gas price cap: gasPrice for types 0/1, maxFeePerGas for types 2/3. */
export function maxFeePerGas(tx: AnyTx): bigint {
  return tx.type === 0 || tx.type === 1 ? tx.gasPrice : tx.maxFeePerGas;
}

/** Price paid per gas: gasPrice, or min(maxFeePerGas, baseFee + maxPriorityFeePerGas). */
export function effectiveGasPrice(tx: AnyTx, baseFee: bigint): bigint {
  if (tx.type === 0 || tx.type === 1) return tx.gasPrice;
  const tipped = baseFee + tx.maxPriorityFeePerGas;
  if (tipped < tx.maxFeePerGas) return tipped;
  return tx.maxFeePerGas;
}

/** Blob gas of a type 3 transaction (131072 per blob); 0 for other types. */
export function blobGasUsed(tx: AnyTx): bigint {
  return tx.type === 3 ? GAS_PER_BLOB * BigInt(tx.blobVersionedHashes.length) : 0n;
}

/** EIP-4844 fake_exponential: approximates factor · e^(numerator / denominator) with integers. */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let accum = factor * denominator;
  while (accum > 0n) {
    output += accum;
    accum = (accum * numerator) / (denominator * i);
    i += 1n;
  }
  return output / denominator;
}

/** Blob base fee for a block with the given excess blob gas. */
export function blobBaseFee(excessBlobGas: bigint): bigint {
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, BLOB_BASE_FEE_UPDATE_FRACTION);
}

/**
 * The balance the sender must hold: gasLimit · (gasPrice | maxFeePerGas) + value
 * + blobGas · maxFeePerBlobGas. (The amount actually charged uses the effective prices.)
 */
export function upfrontCost(tx: AnyTx): bigint {
  let cost = tx.gasLimit * maxFeePerGas(tx) + tx.value;
  if (tx.type === 3) cost += blobGasUsed(tx) * tx.maxFeePerBlobGas;
  return cost;
}

function validateBlobShape(
  tx: BlobTransaction | Extract<UnsignedTransaction, { type: 3 }>,
): TxInvalid | null {
  const n = tx.blobVersionedHashes.length;
  if (n === 0)
    return invalid('TYPE_3_TX_ZERO_BLOBS', 'a blob transaction needs at least one blob versioned hash');
  if (n > MAX_BLOBS_PER_BLOCK) {
    return invalid(
      'TYPE_3_TX_BLOB_COUNT_EXCEEDED',
      `${n} blobs exceed the Cancun maximum of ${MAX_BLOBS_PER_BLOCK}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const h = tx.blobVersionedHashes[i];
    if (h.length !== 32 || h[0] !== VERSIONED_HASH_VERSION_KZG) {
      return invalid(
        'TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH',
        `blobVersionedHashes[${i}] must be 32 bytes starting with version 0x01, got version 0x${(h[0] ?? 0).toString(16).padStart(2, '0')}`,
      );
    }
  }
  return null;
}

/**
 * The checks that need no state or block: chain id, intrinsic gas, nonce ceiling, initcode size,
 * fee-cap consistency and overflow, blob-transaction shape. Legacy pre-EIP-155 transactions
 * (chainId null) are valid on any chain.
 */
export function validateTransactionStateless(tx: AnyTx, chainId: bigint): TxInvalid | null {
  // Other clients cannot even decode a recipient-less blob transaction, so this comes first.
  if (tx.type === 3 && tx.to === null) {
    return invalid(
      'TYPE_3_TX_CONTRACT_CREATION',
      'a blob transaction cannot create a contract (to is empty)',
    );
  }
  if (tx.chainId !== null && tx.chainId !== chainId) {
    return invalid(
      'INVALID_CHAINID',
      `transaction chain id ${tx.chainId} differs from the chain's ${chainId}`,
    );
  }
  const intrinsic = intrinsicGas(tx);
  if (intrinsic > tx.gasLimit) {
    return invalid(
      'INTRINSIC_GAS_TOO_LOW',
      `gas limit ${tx.gasLimit} is below the intrinsic gas ${intrinsic}`,
    );
  }
  if (tx.nonce >= MAX_NONCE)
    return invalid('NONCE_IS_MAX', `nonce ${tx.nonce} is at or above 2^64 - 1 (EIP-2681)`);
  if (tx.to === null && tx.data.length > MAX_INITCODE_SIZE) {
    return invalid(
      'INITCODE_SIZE_EXCEEDED',
      `initcode is ${tx.data.length} bytes, above ${MAX_INITCODE_SIZE} (EIP-3860)`,
    );
  }
  if ((tx.type === 2 || tx.type === 3) && tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    return invalid(
      'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS',
      `maxPriorityFeePerGas ${tx.maxPriorityFeePerGas} exceeds maxFeePerGas ${tx.maxFeePerGas}`,
    );
  }
  if (tx.gasLimit * maxFeePerGas(tx) >= TWO_256) {
    return invalid('GASLIMIT_PRICE_PRODUCT_OVERFLOW', 'gasLimit × gas price does not fit in 256 bits');
  }
  if (tx.type === 3) return validateBlobShape(tx);
  return null;
}

/**
 * Full Cancun validity of a transaction from a known sender against its state and block;
 * returns the first failing check (order as in TX_INVALID_CODES) or null if the transaction is valid.
 */
export function validateTransaction(tx: AnyTx, ctx: TxValidationContext): TxInvalid | null {
  const stateless = validateTransactionStateless(tx, ctx.chainId);
  if (stateless) return stateless;
  if (tx.gasLimit > ctx.blockGasLimit) {
    return invalid(
      'GAS_ALLOWANCE_EXCEEDED',
      `gas limit ${tx.gasLimit} exceeds the block gas limit ${ctx.blockGasLimit}`,
    );
  }
  const feeCap = maxFeePerGas(tx);
  if (feeCap < ctx.baseFee) {
    return invalid('INSUFFICIENT_MAX_FEE_PER_GAS', `fee cap ${feeCap} is below the base fee ${ctx.baseFee}`);
  }
  if (tx.type === 3 && tx.maxFeePerBlobGas < ctx.blobBaseFee) {
    return invalid(
      'INSUFFICIENT_MAX_FEE_PER_BLOB_GAS',
      `maxFeePerBlobGas ${tx.maxFeePerBlobGas} is below the blob base fee ${ctx.blobBaseFee}`,
    );
  }
  if (ctx.senderHasCode) return invalid('SENDER_NOT_EOA', 'the sender has deployed code (EIP-3607)');
  if (tx.nonce < ctx.senderNonce) {
    return invalid(
      'NONCE_MISMATCH_TOO_LOW',
      `nonce ${tx.nonce} is below the sender's nonce ${ctx.senderNonce}`,
    );
  }
  if (tx.nonce > ctx.senderNonce) {
    return invalid(
      'NONCE_MISMATCH_TOO_HIGH',
      `nonce ${tx.nonce} is above the sender's nonce ${ctx.senderNonce}`,
    );
  }
  const cost = upfrontCost(tx);
  if (ctx.senderBalance < cost) {
    return invalid(
      'INSUFFICIENT_ACCOUNT_FUNDS',
      `balance ${ctx.senderBalance} is below the upfront cost ${cost}`,
    );
  }
  return null;
}
