// Parameter parsing for the JSON-RPC methods: transaction requests, block tags and log filters.
// Each parser names the offending field so that a client sees what to fix (-32602).
import type { AccessList, UnsignedTransaction } from '../../evm/index.js';
import { invalidParams } from '../errors.js';
import { parseAddress, parseData, parseHash, parseQuantity, parseSlot } from '../hex.js';

/** eth_call / eth_estimateGas / eth_sendTransaction request object. */
export interface TxRequest {
  from?: bigint;
  to: bigint | null;
  gas?: bigint;
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  maxFeePerBlobGas?: bigint;
  value: bigint;
  data: Uint8Array;
  nonce?: bigint;
  accessList?: AccessList;
  blobVersionedHashes?: Uint8Array[];
  type?: number;
}

const MAX_CALLDATA = 1 << 20;

export function param(params: readonly unknown[], index: number, name: string): unknown {
  if (index >= params.length || params[index] === undefined)
    throw invalidParams(`missing parameter ${index}: ${name}`);
  return params[index];
}

function opt<T>(
  o: Record<string, unknown>,
  key: string,
  parse: (v: unknown, name: string) => T,
): T | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : parse(v, key);
}

export function parseTxRequest(v: unknown): TxRequest {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw invalidParams(
      'the transaction must be an object such as {"from": "0x…", "to": "0x…", "data": "0x…"}',
    );
  }
  const o = v as Record<string, unknown>;
  if (o.data !== undefined && o.input !== undefined && o.data !== o.input) {
    throw invalidParams('"data" and "input" are both set and differ; send only "input"');
  }
  const data =
    opt(o, 'input', (x, n) => parseData(x, n, MAX_CALLDATA)) ??
    opt(o, 'data', (x, n) => parseData(x, n, MAX_CALLDATA));
  const type = opt(o, 'type', parseQuantity);
  if (type !== undefined && type > 3n) throw invalidParams(`transaction type ${type} is not supported (0-3)`);
  return {
    from: opt(o, 'from', parseAddress),
    to: opt(o, 'to', parseAddress) ?? null,
    gas: opt(o, 'gas', parseQuantity) ?? opt(o, 'gasLimit', parseQuantity),
    gasPrice: opt(o, 'gasPrice', parseQuantity),
    maxFeePerGas: opt(o, 'maxFeePerGas', parseQuantity),
    maxPriorityFeePerGas: opt(o, 'maxPriorityFeePerGas', parseQuantity),
    maxFeePerBlobGas: opt(o, 'maxFeePerBlobGas', parseQuantity),
    value: opt(o, 'value', parseQuantity) ?? 0n,
    data: data ?? new Uint8Array(0),
    nonce: opt(o, 'nonce', parseQuantity),
    accessList: opt(o, 'accessList', parseAccessList),
    blobVersionedHashes: opt(o, 'blobVersionedHashes', (x, n) => {
      if (!Array.isArray(x)) throw invalidParams(`${n} must be an array of 32-byte hashes`);
      return x.map((h, i) => parseData(h, `${n}[${i}]`, 32));
    }),
    type: type === undefined ? undefined : Number(type),
  };
}

export function parseAccessList(v: unknown, name: string): AccessList {
  if (!Array.isArray(v)) throw invalidParams(`${name} must be an array of {address, storageKeys}`);
  return v.map((e, i) => {
    if (typeof e !== 'object' || e === null)
      throw invalidParams(`${name}[${i}] must be {address, storageKeys}`);
    const entry = e as Record<string, unknown>;
    const keys = entry.storageKeys ?? [];
    if (!Array.isArray(keys)) throw invalidParams(`${name}[${i}].storageKeys must be an array`);
    return {
      address: parseAddress(entry.address, `${name}[${i}].address`),
      storageKeys: keys.map((k, j) => parseSlot(k, `${name}[${i}].storageKeys[${j}]`)),
    };
  });
}

export interface TxDefaults {
  readonly chainId: bigint;
  readonly nonce: bigint;
  readonly gas: bigint;
  /** Base fee of the block the transaction goes into. */
  readonly baseFee: bigint;
  readonly priorityFee: bigint;
  /** eth_call semantics: without any fee field, the call is fee-less (gas price 0). */
  readonly feeless: boolean;
}

/** Turns a request into a transaction of the type its fields imply, filling what is missing. */
export function toUnsigned(req: TxRequest, d: TxDefaults): UnsignedTransaction {
  const common = {
    nonce: req.nonce ?? d.nonce,
    gasLimit: req.gas ?? d.gas,
    to: req.to,
    value: req.value,
    data: req.data,
  };
  const accessList = req.accessList ?? [];
  const has1559 = req.maxFeePerGas !== undefined || req.maxPriorityFeePerGas !== undefined;
  const type =
    req.type ??
    (req.blobVersionedHashes !== undefined
      ? 3
      : has1559
        ? 2
        : req.gasPrice !== undefined
          ? req.accessList !== undefined
            ? 1
            : 0
          : d.feeless
            ? 0
            : 2);
  if (type === 0 || type === 1) {
    const gasPrice = req.gasPrice ?? (d.feeless ? 0n : d.baseFee + d.priorityFee);
    return type === 0
      ? { type, chainId: d.chainId, gasPrice, ...common }
      : { type, chainId: d.chainId, gasPrice, accessList, ...common };
  }
  let priority = req.maxPriorityFeePerGas ?? (d.feeless && !has1559 ? 0n : d.priorityFee);
  const maxFee = req.maxFeePerGas ?? (d.feeless && !has1559 ? 0n : 2n * d.baseFee + priority);
  if (req.maxPriorityFeePerGas === undefined && priority > maxFee) priority = maxFee;
  const fees = { maxFeePerGas: maxFee, maxPriorityFeePerGas: priority };
  if (type === 2) return { type, chainId: d.chainId, accessList, ...fees, ...common };
  return {
    type: 3,
    chainId: d.chainId,
    accessList,
    ...fees,
    maxFeePerBlobGas: req.maxFeePerBlobGas ?? 0n,
    blobVersionedHashes: req.blobVersionedHashes ?? [],
    ...common,
  };
}

export type BlockTag =
  | { kind: 'latest' }
  | { kind: 'pending' }
  | { kind: 'earliest' }
  | { kind: 'number'; number: bigint }
  | { kind: 'hash'; hash: bigint };

export function parseBlockTag(v: unknown, name = 'block'): BlockTag {
  if (v === undefined || v === null) return { kind: 'latest' };
  if (typeof v === 'string') {
    switch (v) {
      case 'latest':
      case 'safe':
      case 'finalized':
        return { kind: 'latest' };
      case 'pending':
        return { kind: 'pending' };
      case 'earliest':
        return { kind: 'earliest' };
    }
    return { kind: 'number', number: parseQuantity(v, name) };
  }
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (o.blockHash !== undefined) return { kind: 'hash', hash: parseHash(o.blockHash, `${name}.blockHash`) };
    if (o.blockNumber !== undefined) return parseBlockTag(o.blockNumber, `${name}.blockNumber`);
  }
  throw invalidParams(
    `${name} must be a block number, "latest", "pending", "earliest", "safe", "finalized" or {"blockHash": …}`,
  );
}

export interface LogFilter {
  fromBlock?: BlockTag;
  toBlock?: BlockTag;
  blockHash?: bigint;
  addresses: bigint[] | null;
  /** Per position: null matches anything, otherwise any of the listed topics. */
  topics: (bigint[] | null)[];
}

export function parseLogFilter(v: unknown): LogFilter {
  if (v === undefined || v === null) return { addresses: null, topics: [] };
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidParams('the filter must be an object');
  const o = v as Record<string, unknown>;
  const filter: LogFilter = { addresses: null, topics: [] };
  if (o.blockHash !== undefined && o.blockHash !== null) {
    if (o.fromBlock !== undefined || o.toBlock !== undefined) {
      throw invalidParams('a filter may have blockHash or fromBlock/toBlock, not both');
    }
    filter.blockHash = parseHash(o.blockHash, 'blockHash');
  }
  if (o.fromBlock !== undefined && o.fromBlock !== null)
    filter.fromBlock = parseBlockTag(o.fromBlock, 'fromBlock');
  if (o.toBlock !== undefined && o.toBlock !== null) filter.toBlock = parseBlockTag(o.toBlock, 'toBlock');
  if (o.address !== undefined && o.address !== null) {
    filter.addresses = Array.isArray(o.address)
      ? o.address.map((a, i) => parseAddress(a, `address[${i}]`))
      : [parseAddress(o.address, 'address')];
  }
  if (o.topics !== undefined && o.topics !== null) {
    if (!Array.isArray(o.topics) || o.topics.length > 4)
      throw invalidParams('topics must be an array of at most 4 entries');
    filter.topics = o.topics.map((t, i) => {
      if (t === null) return null;
      if (Array.isArray(t)) return t.map((x, j) => parseHash(x, `topics[${i}][${j}]`));
      return [parseHash(t, `topics[${i}]`)];
    });
  }
  return filter;
}
