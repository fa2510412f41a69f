// Transaction shapes for the four Cancun transaction types. All integers are bigints; addresses are
// bigints below 2^160; `to: null` means contract creation.

export interface AccessListEntry {
  address: bigint;
  storageKeys: bigint[];
}

export type AccessList = AccessListEntry[];

interface TxCommon {
  nonce: bigint;
  gasLimit: bigint;
  /** Recipient address, or null for a contract creation. */
  to: bigint | null;
  value: bigint;
  data: Uint8Array;
  r: bigint;
  s: bigint;
}

/**
 * Type 0. `chainId` is derived from `v`: null for a pre-EIP-155 signature (v = 27 or 28),
 * otherwise (v - 35) >> 1 (v = 2·chainId + 35 + recovery bit).
 */
export interface LegacyTransaction extends TxCommon {
  type: 0;
  chainId: bigint | null;
  gasPrice: bigint;
  v: bigint;
}

/** Type 1, EIP-2930. */
export interface AccessListTransaction extends TxCommon {
  type: 1;
  chainId: bigint;
  gasPrice: bigint;
  accessList: AccessList;
  yParity: bigint;
}

/** Type 2, EIP-1559. */
export interface FeeMarketTransaction extends TxCommon {
  type: 2;
  chainId: bigint;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  accessList: AccessList;
  yParity: bigint;
}

/**
 * Type 3, EIP-4844, network sidecar (blobs, commitments, proofs) not included. The wire format
 * requires a recipient; `to: null` still decodes so that validation can report
 * TYPE_3_TX_CONTRACT_CREATION as ethereum/tests expect.
 */
export interface BlobTransaction extends TxCommon {
  type: 3;
  chainId: bigint;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  accessList: AccessList;
  maxFeePerBlobGas: bigint;
  /** 32-byte versioned hashes; a valid one starts with 0x01 (VERSIONED_HASH_VERSION_KZG). */
  blobVersionedHashes: Uint8Array[];
  yParity: bigint;
}

export type Transaction = LegacyTransaction | AccessListTransaction | FeeMarketTransaction | BlobTransaction;

export type TransactionType = Transaction['type'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A transaction without its signature fields (v / yParity, r, s): the input to signing. */
export type UnsignedTransaction = DistributiveOmit<Transaction, 'v' | 'yParity' | 'r' | 's'>;

/** The signed transaction type matching an unsigned one. */
export type SignedTransaction<U extends UnsignedTransaction> = Extract<Transaction, { type: U['type'] }>;
