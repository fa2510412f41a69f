// JSON shapes of blocks, transactions, receipts and logs, as geth returns them.
import { bytesToHex, type Log, type Transaction } from '../../evm/index.js';
import type { Block, MinedTransaction } from '../block.js';
import { EMPTY_OMMERS_HASH } from '../block.js';
import { toAddress, toData, toHash, toQuantity } from '../hex.js';

export type Json = Record<string, unknown>;

export function formatBlock(block: Block, fullTransactions: boolean): Json {
  const h = block.header;
  return {
    number: toQuantity(h.number),
    hash: toData(block.hash),
    parentHash: toData(h.parentHash),
    nonce: '0x0000000000000000',
    sha3Uncles: toData(EMPTY_OMMERS_HASH),
    logsBloom: toData(h.logsBloom),
    transactionsRoot: toData(h.transactionsRoot),
    stateRoot: toData(h.stateRoot),
    receiptsRoot: toData(h.receiptsRoot),
    miner: toAddress(h.coinbase),
    difficulty: '0x0',
    totalDifficulty: '0x0',
    extraData: toData(h.extraData),
    size: toQuantity(block.size),
    gasLimit: toQuantity(h.gasLimit),
    gasUsed: toQuantity(h.gasUsed),
    timestamp: toQuantity(h.timestamp),
    transactions: block.transactions.map((t, i) =>
      fullTransactions ? formatTransaction(t, block, i) : toData(t.hash),
    ),
    uncles: [],
    baseFeePerGas: toQuantity(h.baseFeePerGas),
    withdrawals: [],
    withdrawalsRoot: toData(h.withdrawalsRoot),
    blobGasUsed: toQuantity(h.blobGasUsed),
    excessBlobGas: toQuantity(h.excessBlobGas),
    parentBeaconBlockRoot: toData(h.parentBeaconBlockRoot),
    mixHash: toData(h.mixHash),
  };
}

/** A transaction; `block` is absent for pending ones. */
export function formatTransaction(
  t: { readonly tx: Transaction; readonly hash: Uint8Array; readonly from: bigint },
  block?: Block,
  index?: number,
): Json {
  const tx = t.tx;
  const out: Json = {
    hash: toData(t.hash),
    nonce: toQuantity(tx.nonce),
    blockHash: block ? toData(block.hash) : null,
    blockNumber: block ? toQuantity(block.header.number) : null,
    transactionIndex: index !== undefined ? toQuantity(index) : null,
    from: toAddress(t.from),
    to: tx.to === null ? null : toAddress(tx.to),
    value: toQuantity(tx.value),
    gas: toQuantity(tx.gasLimit),
    input: toData(tx.data),
    type: toQuantity(tx.type),
  };
  if (tx.type === 0) {
    out.gasPrice = toQuantity(tx.gasPrice);
    if (tx.chainId !== null) out.chainId = toQuantity(tx.chainId);
    out.v = toQuantity(tx.v);
  } else {
    out.chainId = toQuantity(tx.chainId);
    out.accessList = tx.accessList.map((e) => ({
      address: toAddress(e.address),
      storageKeys: e.storageKeys.map(toHash),
    }));
    if (tx.type === 1) out.gasPrice = toQuantity(tx.gasPrice);
    else {
      out.maxFeePerGas = toQuantity(tx.maxFeePerGas);
      out.maxPriorityFeePerGas = toQuantity(tx.maxPriorityFeePerGas);
      // geth reports the effective price for mined transactions and the fee cap for pending ones.
      out.gasPrice =
        block && index !== undefined
          ? toQuantity(block.transactions[index].receipt.effectiveGasPrice)
          : toQuantity(tx.maxFeePerGas);
    }
    if (tx.type === 3) {
      out.maxFeePerBlobGas = toQuantity(tx.maxFeePerBlobGas);
      out.blobVersionedHashes = tx.blobVersionedHashes.map((h) => bytesToHex(h));
    }
    out.v = toQuantity(tx.yParity);
    out.yParity = toQuantity(tx.yParity);
  }
  out.r = toQuantity(tx.r);
  out.s = toQuantity(tx.s);
  return out;
}

/** Logs of a mined transaction with their positions; `firstLogIndex` counts earlier logs in the block. */
export function formatLogs(block: Block, index: number, firstLogIndex: number): Json[] {
  const t = block.transactions[index];
  return t.receipt.logs.map((log, i) => formatLog(log, block, t, index, firstLogIndex + i));
}

export function formatLog(
  log: Log,
  block: Block,
  t: MinedTransaction,
  txIndex: number,
  logIndex: number,
): Json {
  return {
    address: toAddress(log.address),
    topics: log.topics.map(toHash),
    data: toData(log.data),
    blockHash: toData(block.hash),
    blockNumber: toQuantity(block.header.number),
    blockTimestamp: toQuantity(block.header.timestamp),
    transactionHash: toData(t.hash),
    transactionIndex: toQuantity(txIndex),
    logIndex: toQuantity(logIndex),
    removed: false,
  };
}

export function firstLogIndex(block: Block, txIndex: number): number {
  let n = 0;
  for (let i = 0; i < txIndex; i++) n += block.transactions[i].receipt.logs.length;
  return n;
}

export function formatReceipt(block: Block, index: number): Json {
  const t = block.transactions[index];
  const r = t.receipt;
  const out: Json = {
    transactionHash: toData(t.hash),
    transactionIndex: toQuantity(index),
    blockHash: toData(block.hash),
    blockNumber: toQuantity(block.header.number),
    from: toAddress(t.from),
    to: t.tx.to === null ? null : toAddress(t.tx.to),
    cumulativeGasUsed: toQuantity(r.cumulativeGasUsed),
    gasUsed: toQuantity(r.gasUsed),
    contractAddress: r.contractAddress === null ? null : toAddress(r.contractAddress),
    logs: formatLogs(block, index, firstLogIndex(block, index)),
    logsBloom: toData(r.logsBloom),
    status: toQuantity(r.status),
    effectiveGasPrice: toQuantity(r.effectiveGasPrice),
    type: toQuantity(t.tx.type),
  };
  if (t.tx.type === 3) {
    out.blobGasUsed = toQuantity(r.blobGasUsed);
    out.blobGasPrice = toQuantity(r.blobGasPrice);
  }
  return out;
}
