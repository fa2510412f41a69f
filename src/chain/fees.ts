// Fee-market arithmetic between blocks: the EIP-1559 base fee and the EIP-4844 excess blob gas.

const ELASTICITY_MULTIPLIER = 2n;
const BASE_FEE_MAX_CHANGE_DENOMINATOR = 8n;
/** EIP-4844 (Cancun): target 3 blobs of 2^17 gas per block. */
export const TARGET_BLOB_GAS_PER_BLOCK = 393_216n;

interface ParentFees {
  readonly gasLimit: bigint;
  readonly gasUsed: bigint;
  readonly baseFeePerGas: bigint;
  readonly blobGasUsed: bigint;
  readonly excessBlobGas: bigint;
}

/** EIP-1559: the base fee moves by at most 1/8 towards keeping blocks half full. */
export function nextBaseFee(parent: ParentFees): bigint {
  const target = parent.gasLimit / ELASTICITY_MULTIPLIER;
  const base = parent.baseFeePerGas;
  if (target === 0n || parent.gasUsed === target) return base;
  if (parent.gasUsed > target) {
    const delta = (base * (parent.gasUsed - target)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
    return base + (delta > 1n ? delta : 1n);
  }
  const delta = (base * (target - parent.gasUsed)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
  return base - delta;
}

export function nextExcessBlobGas(parent: ParentFees): bigint {
  const total = parent.excessBlobGas + parent.blobGasUsed;
  return total < TARGET_BLOB_GAS_PER_BLOCK ? 0n : total - TARGET_BLOB_GAS_PER_BLOCK;
}
