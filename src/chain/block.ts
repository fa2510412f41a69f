// Blocks as the devnet keeps them: a Cancun header (hashed exactly as on mainnet), the transactions
// with their senders, and the receipts. Roots are real Merkle Patricia roots so that block hashes,
// transactionsRoot and receiptsRoot can be checked by any client.
import {
  addressBytes,
  bigIntToBytes32,
  bigIntToMinimalBytes,
  EMPTY_TRIE_ROOT,
  encodeTransaction,
  keccak256,
  type Log,
  type RlpItem,
  rlpEncode,
  type Transaction,
  trieRoot,
} from '../evm/index.js';

/** keccak256(rlp([])): the ommers hash of every post-merge block. */
export const EMPTY_OMMERS_HASH = keccak256(rlpEncode([]));

export interface BlockHeader {
  readonly parentHash: Uint8Array;
  readonly coinbase: bigint;
  readonly stateRoot: Uint8Array;
  readonly transactionsRoot: Uint8Array;
  readonly receiptsRoot: Uint8Array;
  readonly logsBloom: Uint8Array;
  readonly number: bigint;
  readonly gasLimit: bigint;
  readonly gasUsed: bigint;
  readonly timestamp: bigint;
  readonly extraData: Uint8Array;
  readonly mixHash: Uint8Array;
  readonly baseFeePerGas: bigint;
  readonly withdrawalsRoot: Uint8Array;
  readonly blobGasUsed: bigint;
  readonly excessBlobGas: bigint;
  readonly parentBeaconBlockRoot: Uint8Array;
}

export interface Receipt {
  readonly status: 0 | 1;
  readonly cumulativeGasUsed: bigint;
  readonly gasUsed: bigint;
  readonly logs: readonly Log[];
  readonly logsBloom: Uint8Array;
  readonly effectiveGasPrice: bigint;
  readonly contractAddress: bigint | null;
  readonly blobGasUsed: bigint;
  readonly blobGasPrice: bigint;
  /** Return or revert data, kept for traces and revert reasons (not part of consensus). */
  readonly output: Uint8Array;
}

export interface MinedTransaction {
  readonly tx: Transaction;
  readonly hash: Uint8Array;
  readonly from: bigint;
  readonly receipt: Receipt;
}

export interface Block {
  readonly header: BlockHeader;
  readonly hash: Uint8Array;
  readonly transactions: readonly MinedTransaction[];
  /** RLP size of the block, as eth_getBlockBy* reports it. */
  readonly size: number;
}

const u = (v: bigint): Uint8Array => bigIntToMinimalBytes(v);

function headerFields(h: BlockHeader): RlpItem[] {
  return [
    h.parentHash,
    EMPTY_OMMERS_HASH,
    addressBytes(h.coinbase),
    h.stateRoot,
    h.transactionsRoot,
    h.receiptsRoot,
    h.logsBloom,
    u(0n), // difficulty
    u(h.number),
    u(h.gasLimit),
    u(h.gasUsed),
    u(h.timestamp),
    h.extraData,
    h.mixHash,
    new Uint8Array(8), // nonce
    u(h.baseFeePerGas),
    h.withdrawalsRoot,
    u(h.blobGasUsed),
    u(h.excessBlobGas),
    h.parentBeaconBlockRoot,
  ];
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  return rlpEncode(headerFields(h));
}

export function encodeLog(log: Log): RlpItem {
  return [addressBytes(log.address), log.topics.map((t) => bigIntToBytes32(t)), log.data];
}

/** EIP-2718 receipt encoding: type byte (for typed transactions) || rlp([status, gas, bloom, logs]). */
export function encodeReceipt(type: number, r: Receipt): Uint8Array {
  const body = rlpEncode([u(BigInt(r.status)), u(r.cumulativeGasUsed), r.logsBloom, r.logs.map(encodeLog)]);
  if (type === 0) return body;
  const out = new Uint8Array(body.length + 1);
  out[0] = type;
  out.set(body, 1);
  return out;
}

function indexedRoot(items: readonly Uint8Array[]): Uint8Array {
  if (items.length === 0) return EMPTY_TRIE_ROOT;
  return trieRoot(items.map((item, i) => [rlpEncode(u(BigInt(i))), item] as const));
}

export function transactionsRoot(txs: readonly MinedTransaction[]): Uint8Array {
  return indexedRoot(txs.map((t) => encodeTransaction(t.tx)));
}

export function receiptsRoot(txs: readonly MinedTransaction[]): Uint8Array {
  return indexedRoot(txs.map((t) => encodeReceipt(t.tx.type, t.receipt)));
}

/** Length of an RLP string or list prefix plus payload. */
function rlpLength(payload: number, single = false): number {
  if (single) return payload;
  if (payload < 56) return payload + 1;
  let n = 0;
  for (let p = payload; p > 0; p = Math.floor(p / 256)) n++;
  return payload + 1 + n;
}

export function sealBlock(header: BlockHeader, transactions: readonly MinedTransaction[]): Block {
  const encoded = encodeHeader(header);
  // Body = rlp([header, transactions, ommers, withdrawals]); legacy transactions are embedded as
  // lists, typed ones as byte strings (EIP-2718).
  let txPayload = 0;
  for (const t of transactions) {
    const bytes = encodeTransaction(t.tx).length;
    txPayload += t.tx.type === 0 ? bytes : rlpLength(bytes, bytes === 1);
  }
  const size = rlpLength(encoded.length + rlpLength(txPayload) + 1 + 1);
  return { header, hash: keccak256(encoded), transactions, size };
}
