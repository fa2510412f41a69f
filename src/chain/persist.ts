// `tdk node --state FILE`: the chain saved as JSON and resumed on the next start, like anvil's
// --state. Saves are atomic (a killed node leaves the previous file intact) and loads are checked:
// every block hash is recomputed, each body must match its header's transactions and receipts roots,
// and the accounts must hash to the saved state root (the head's, unless changed outside a block).
import { existsSync, readFileSync } from 'node:fs';
import {
  Account,
  bytesToHex,
  decodeTransaction,
  EvmError,
  encodeTransaction,
  equalBytes,
  hexToBigInt,
  hexToBytes,
  type Log,
  transactionHash,
} from '../evm/index.js';
import { removeStaleTemps, writeFileAtomic } from '../util/atomic-write.js';
import {
  type Block,
  type BlockHeader,
  type MinedTransaction,
  type Receipt,
  receiptsRoot,
  sealBlock,
  transactionsRoot,
} from './block.js';
import { logsBloom } from './bloom.js';
import type { Chain } from './chain.js';
import { toAddress, toQuantity } from './hex.js';

export const STATE_FORMAT = 'tdk-devnet-state';
export const STATE_VERSION = 1;

export class StateFileError extends EvmError {
  constructor(path: string, reason: string) {
    super(
      `cannot resume from ${path}: ${reason}`,
      'TDK_STATE_FILE',
      'the file is not a valid tdk state file; move it away or pass another --state path',
    );
  }
}

type Hex = string;

interface SavedHeader {
  parentHash: Hex;
  coinbase: Hex;
  stateRoot: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  logsBloom: Hex;
  number: Hex;
  gasLimit: Hex;
  gasUsed: Hex;
  timestamp: Hex;
  extraData: Hex;
  mixHash: Hex;
  baseFeePerGas: Hex;
  withdrawalsRoot: Hex;
  blobGasUsed: Hex;
  excessBlobGas: Hex;
  parentBeaconBlockRoot: Hex;
}

interface SavedTx {
  raw: Hex;
  hash: Hex;
  from: Hex;
  receipt: {
    status: 0 | 1;
    cumulativeGasUsed: Hex;
    gasUsed: Hex;
    effectiveGasPrice: Hex;
    contractAddress: Hex | null;
    blobGasUsed: Hex;
    blobGasPrice: Hex;
    output: Hex;
    logs: { address: Hex; topics: Hex[]; data: Hex }[];
  };
}

export interface SavedChain {
  format: typeof STATE_FORMAT;
  version: number;
  chainId: Hex;
  timeOffset: Hex;
  blocks: { hash: Hex; header: SavedHeader; transactions: SavedTx[] }[];
  accounts: Record<Hex, { nonce: Hex; balance: Hex; code: Hex; storage: Record<Hex, Hex> }>;
  /**
   * The root `accounts` hash to. It differs from the head block's state root after changes made
   * outside a block (anvil_setBalance & co.); files without it must match the head's root.
   */
  stateRoot?: Hex;
  /** What the storage recorder saw (optional: files from before it existed lack it). */
  preimages?: Record<Hex, Hex>;
  writtenSlots?: Record<Hex, Hex[]>;
}

const HEADER_BYTES: (keyof BlockHeader)[] = [
  'parentHash',
  'stateRoot',
  'transactionsRoot',
  'receiptsRoot',
  'logsBloom',
  'extraData',
  'mixHash',
  'withdrawalsRoot',
  'parentBeaconBlockRoot',
];
const HEADER_NUMBERS: (keyof BlockHeader)[] = [
  'coinbase',
  'number',
  'gasLimit',
  'gasUsed',
  'timestamp',
  'baseFeePerGas',
  'blobGasUsed',
  'excessBlobGas',
];

export function dumpChain(chain: Chain): SavedChain {
  const accounts: SavedChain['accounts'] = {};
  for (const [address, a] of chain.state.accounts) {
    const storage: Record<Hex, Hex> = {};
    for (const [k, v] of a.storage) storage[toQuantity(k)] = toQuantity(v);
    accounts[toAddress(address)] = {
      nonce: toQuantity(a.nonce),
      balance: toQuantity(a.balance),
      code: bytesToHex(a.code),
      storage,
    };
  }
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    chainId: toQuantity(chain.chainId),
    timeOffset: toQuantity(chain.clockOffset < 0n ? 0n : chain.clockOffset),
    blocks: chain.blocks.map((b) => ({
      hash: bytesToHex(b.hash),
      header: saveHeader(b.header),
      transactions: b.transactions.map(saveTx),
    })),
    accounts,
    stateRoot: bytesToHex(chain.state.stateRoot()),
    preimages: Object.fromEntries(
      [...chain.recorder.preimages].map(([h, input]) => [toQuantity(h), bytesToHex(input)]),
    ),
    writtenSlots: Object.fromEntries(
      [...chain.recorder.written].map(([address, slots]) => [toAddress(address), [...slots].map(toQuantity)]),
    ),
  };
}

function saveHeader(h: BlockHeader): SavedHeader {
  const out: Record<string, Hex> = {};
  for (const k of HEADER_BYTES) out[k] = bytesToHex(h[k] as Uint8Array);
  for (const k of HEADER_NUMBERS) out[k] = toQuantity(h[k] as bigint);
  return out as unknown as SavedHeader;
}

function saveTx(t: MinedTransaction): SavedTx {
  const r = t.receipt;
  return {
    raw: bytesToHex(encodeTransaction(t.tx)),
    hash: bytesToHex(t.hash),
    from: toAddress(t.from),
    receipt: {
      status: r.status,
      cumulativeGasUsed: toQuantity(r.cumulativeGasUsed),
      gasUsed: toQuantity(r.gasUsed),
      effectiveGasPrice: toQuantity(r.effectiveGasPrice),
      contractAddress: r.contractAddress === null ? null : toAddress(r.contractAddress),
      blobGasUsed: toQuantity(r.blobGasUsed),
      blobGasPrice: toQuantity(r.blobGasPrice),
      output: bytesToHex(r.output),
      logs: r.logs.map((l) => ({
        address: toAddress(l.address),
        topics: l.topics.map(toQuantity),
        data: bytesToHex(l.data),
      })),
    },
  };
}

/** Saves atomically: a crash at any point leaves the previous file or the new one, never a mix. */
export function saveChain(chain: Chain, path: string): void {
  writeFileAtomic(path, JSON.stringify(dumpChain(chain)));
}

/** Loads `path` into `chain` if it exists; returns whether it did. Throws StateFileError on bad files. */
export function loadChain(chain: Chain, path: string): boolean {
  removeStaleTemps(path);
  if (!existsSync(path)) return false;
  let saved: SavedChain;
  try {
    saved = JSON.parse(readFileSync(path, 'utf8')) as SavedChain;
  } catch (e) {
    throw new StateFileError(path, `it is not valid JSON (${(e as Error).message})`);
  }
  restoreChain(chain, saved, path);
  return true;
}

export function restoreChain(chain: Chain, saved: SavedChain, path = 'state'): void {
  if (saved?.format !== STATE_FORMAT) throw new StateFileError(path, `its format is not "${STATE_FORMAT}"`);
  if (saved.version !== STATE_VERSION)
    throw new StateFileError(path, `version ${saved.version} is not supported (${STATE_VERSION} is)`);
  try {
    if (hexToBigInt(saved.chainId) !== chain.chainId) {
      throw new StateFileError(
        path,
        `it holds chain ${hexToBigInt(saved.chainId)}, but the node runs chain ${chain.chainId}`,
      );
    }
    const blocks: Block[] = [];
    for (const b of saved.blocks) {
      const block = sealBlock(loadHeader(b.header), b.transactions.map(loadTx));
      if (bytesToHex(block.hash) !== b.hash.toLowerCase()) {
        throw new StateFileError(path, `block ${block.header.number} does not hash to its recorded hash`);
      }
      // The header commits to the body: a changed transaction, receipt or log breaks a root.
      if (!equalBytes(transactionsRoot(block.transactions), block.header.transactionsRoot)) {
        throw new StateFileError(path, `block ${block.header.number}'s transactions do not match its header`);
      }
      if (!equalBytes(receiptsRoot(block.transactions), block.header.receiptsRoot)) {
        throw new StateFileError(path, `block ${block.header.number}'s receipts do not match its header`);
      }
      for (const t of block.transactions) {
        if (!equalBytes(t.hash, transactionHash(t.tx))) {
          throw new StateFileError(
            path,
            `a transaction of block ${block.header.number} does not hash to its hash`,
          );
        }
      }
      const parent = blocks[blocks.length - 1];
      if (parent && !equalBytes(parent.hash, block.header.parentHash)) {
        throw new StateFileError(path, `block ${block.header.number} does not follow its parent`);
      }
      blocks.push(block);
    }
    const accounts = new Map<bigint, Account>();
    for (const [address, a] of Object.entries(saved.accounts)) {
      const account = new Account();
      account.nonce = hexToBigInt(a.nonce);
      account.balance = hexToBigInt(a.balance);
      account.code = hexToBytes(a.code);
      for (const [k, v] of Object.entries(a.storage)) {
        const value = hexToBigInt(v);
        if (value !== 0n) account.storage.set(hexToBigInt(k), value);
      }
      accounts.set(hexToBigInt(address), account);
    }
    chain.restore(blocks, accounts, hexToBigInt(saved.timeOffset));
    for (const [h, input] of Object.entries(saved.preimages ?? {}))
      chain.recorder.preimages.set(hexToBigInt(h), hexToBytes(input));
    for (const [address, slots] of Object.entries(saved.writtenSlots ?? {})) {
      for (const slot of slots) chain.recorder.storageWrite(hexToBigInt(address), hexToBigInt(slot));
    }
    const head = blocks[blocks.length - 1].header.stateRoot;
    const expected = saved.stateRoot === undefined ? head : hexToBytes(saved.stateRoot);
    if (!equalBytes(chain.state.stateRoot(), expected)) {
      throw new StateFileError(
        path,
        saved.stateRoot === undefined
          ? "the saved accounts do not hash to the head block's state root"
          : 'the saved accounts do not hash to the saved state root',
      );
    }
  } catch (e) {
    if (e instanceof StateFileError) throw e;
    throw new StateFileError(path, (e as Error).message);
  }
}

function loadHeader(h: SavedHeader): BlockHeader {
  const out: Record<string, unknown> = {};
  for (const k of HEADER_BYTES) out[k] = hexToBytes((h as unknown as Record<string, Hex>)[k]);
  for (const k of HEADER_NUMBERS) out[k] = hexToBigInt((h as unknown as Record<string, Hex>)[k]);
  return out as unknown as BlockHeader;
}

function loadTx(t: SavedTx): MinedTransaction {
  const r = t.receipt;
  const logs: Log[] = r.logs.map((l) => ({
    address: hexToBigInt(l.address),
    topics: l.topics.map(hexToBigInt),
    data: hexToBytes(l.data),
  }));
  const receipt: Receipt = {
    status: r.status,
    cumulativeGasUsed: hexToBigInt(r.cumulativeGasUsed),
    gasUsed: hexToBigInt(r.gasUsed),
    logs,
    logsBloom: logsBloom(logs),
    effectiveGasPrice: hexToBigInt(r.effectiveGasPrice),
    contractAddress: r.contractAddress === null ? null : hexToBigInt(r.contractAddress),
    blobGasUsed: hexToBigInt(r.blobGasUsed),
    blobGasPrice: hexToBigInt(r.blobGasPrice),
    output: hexToBytes(r.output),
  };
  return {
    tx: decodeTransaction(hexToBytes(t.raw)),
    hash: hexToBytes(t.hash),
    from: hexToBigInt(t.from),
    receipt,
  };
}
