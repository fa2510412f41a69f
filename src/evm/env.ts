// What the EVM reads about the block and the transaction it runs in.

export interface BlockEnv {
  readonly number: bigint;
  readonly coinbase: bigint;
  readonly timestamp: bigint;
  readonly gasLimit: bigint;
  readonly baseFee: bigint;
  readonly prevRandao: bigint;
  readonly chainId: bigint;
  /** EIP-4844 blob base fee (from the excess blob gas). */
  readonly blobBaseFee: bigint;
  /** Hash of an earlier block; called only for the 256 most recent ones. */
  readonly blockHash?: (n: bigint) => bigint;
}

export interface TxEnv {
  readonly origin: bigint;
  readonly gasPrice: bigint;
  readonly blobHashes: readonly bigint[];
}

export function defaultBlockEnv(overrides: Partial<BlockEnv> = {}): BlockEnv {
  return {
    number: 1n,
    coinbase: 0n,
    timestamp: 1n,
    gasLimit: 30_000_000n,
    baseFee: 0n,
    prevRandao: 0n,
    chainId: 1n,
    blobBaseFee: 1n,
    ...overrides,
  };
}
