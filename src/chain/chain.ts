// The devnet: one world state, a list of mined blocks, a pool of pending transactions, and the
// controls anvil and Hardhat offer (automine or interval mining, snapshots, time travel, account
// overrides, impersonation). It speaks bigints and bytes; src/chain/rpc turns it into JSON-RPC.
import { EventEmitter } from 'node:events';
import {
  Account,
  type BlockEnv,
  bigIntToBytes32,
  blobBaseFee,
  bytesToBigInt,
  CANCUN_PRECOMPILES,
  EVM,
  keccak256,
  PrecompileRegistry,
  runTransaction,
  type Transaction,
  type TxInvalid,
  type TxReceipt,
  transactionHash,
  type UnsignedTransaction,
  upfrontCost,
  validateTransaction,
  WorldState,
} from '../evm/index.js';
import { DEV_ACCOUNT_BALANCE, type DevAccount, deriveDevAccounts } from './accounts.js';
import {
  type Block,
  type BlockHeader,
  type MinedTransaction,
  type Receipt,
  receiptsRoot,
  sealBlock,
  transactionsRoot,
} from './block.js';
import { emptyBloom, logsBloom, orBloom } from './bloom.js';
import { installWasmRecovery } from './ecrecover.js';
import { RPC_SERVER_ERROR, RpcError, rejected } from './errors.js';
import { nextBaseFee, nextExcessBlobGas } from './fees.js';
import { History } from './history.js';
import { StorageRecorder } from './recorder.js';
import { underpricedReplacement } from './replacement.js';

export interface ChainOptions {
  readonly chainId?: bigint;
  /** Dev accounts; default the ten standard-mnemonic accounts. */
  readonly accounts?: readonly DevAccount[];
  readonly accountBalance?: bigint;
  readonly blockGasLimit?: bigint;
  /** Base fee of the genesis block. */
  readonly initialBaseFee?: bigint;
  readonly coinbase?: bigint;
  /** Genesis timestamp in seconds; default: now. */
  readonly genesisTimestamp?: bigint;
  /** Wall clock in seconds; injectable so tests control time. */
  readonly clock?: () => bigint;
  readonly automine?: boolean;
  readonly precompiles?: PrecompileRegistry;
}

/** Where a mined transaction sits. */
export interface TxLocation {
  readonly block: Block;
  readonly index: number;
}

interface PendingTx {
  readonly tx: Transaction;
  readonly hash: Uint8Array;
  readonly from: bigint;
}

interface Snapshot {
  readonly checkpoint: number;
  readonly openBefore: number;
  readonly blockCount: number;
  readonly pool: PendingTx[];
  readonly timeOffset: bigint;
  readonly nextTimestamp: bigint | null;
  readonly nextBaseFee: bigint | null;
}

export interface ChainEvents {
  block: [Block];
  pendingTransaction: [Uint8Array];
}

export const DEFAULT_CHAIN_ID = 31337n;
export const DEFAULT_BLOCK_GAS_LIMIT = 30_000_000n;
export const DEFAULT_BASE_FEE = 1_000_000_000n;
/** Header timestamps are 64-bit. */
const MAX_TIMESTAMP = 1n << 64n;

const systemClock = (): bigint => BigInt(Math.floor(Date.now() / 1000));

export class Chain extends EventEmitter<ChainEvents> {
  readonly chainId: bigint;
  readonly state = new WorldState();
  readonly precompiles: PrecompileRegistry;
  readonly devAccounts: readonly DevAccount[];
  private readonly keys = new Map<bigint, Uint8Array>();
  readonly impersonated = new Set<bigint>();
  /** anvil_autoImpersonateAccount: every sender may send without a key. */
  autoImpersonate = false;
  readonly blocks: Block[] = [];
  readonly history = new History();
  /** Keccak preimages and written slots of every mined transaction (tdk storage, tdk layout). */
  readonly recorder = new StorageRecorder();
  private readonly byHash = new Map<string, Block>();
  private readonly txs = new Map<string, TxLocation>();
  pool: PendingTx[] = [];
  automine: boolean;
  blockGasLimit: bigint;
  coinbase: bigint;
  private readonly clock: () => bigint;
  private timeOffset = 0n;
  private nextTimestamp: bigint | null = null;
  private nextBaseFeeOverride: bigint | null = null;
  private snapshots = new Map<number, Snapshot>();
  private snapshotCounter = 0;
  private intervalTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ChainOptions = {}) {
    super();
    installWasmRecovery();
    this.chainId = options.chainId ?? DEFAULT_CHAIN_ID;
    this.precompiles = options.precompiles ?? new PrecompileRegistry(CANCUN_PRECOMPILES);
    this.devAccounts = options.accounts ?? deriveDevAccounts();
    for (const a of this.devAccounts) this.keys.set(a.address, a.privateKey);
    this.automine = options.automine ?? true;
    this.blockGasLimit = options.blockGasLimit ?? DEFAULT_BLOCK_GAS_LIMIT;
    this.coinbase = options.coinbase ?? 0n;
    this.clock = options.clock ?? systemClock;
    const balance = options.accountBalance ?? DEV_ACCOUNT_BALANCE;
    for (const a of this.devAccounts) {
      const account = new Account();
      account.balance = balance;
      this.state.putAccount(a.address, account);
    }
    this.pushBlock(this.genesisHeader(options.genesisTimestamp ?? this.clock(), options.initialBaseFee));
  }

  private genesisHeader(timestamp: bigint, baseFee = DEFAULT_BASE_FEE): BlockHeader {
    return {
      parentHash: new Uint8Array(32),
      coinbase: this.coinbase,
      stateRoot: this.state.stateRoot(),
      transactionsRoot: receiptsRoot([]),
      receiptsRoot: receiptsRoot([]),
      logsBloom: emptyBloom(),
      number: 0n,
      gasLimit: this.blockGasLimit,
      gasUsed: 0n,
      timestamp,
      extraData: new Uint8Array(0),
      mixHash: new Uint8Array(32),
      baseFeePerGas: baseFee,
      withdrawalsRoot: receiptsRoot([]),
      blobGasUsed: 0n,
      excessBlobGas: 0n,
      parentBeaconBlockRoot: new Uint8Array(32),
    };
  }

  // ---- reading ----------------------------------------------------------------------------

  get latest(): Block {
    return this.blocks[this.blocks.length - 1];
  }

  blockByNumber(n: bigint): Block | undefined {
    return n >= 0n && n < BigInt(this.blocks.length) ? this.blocks[Number(n)] : undefined;
  }

  blockByHash(hash: Uint8Array): Block | undefined {
    return this.byHash.get(hashKey(hash));
  }

  transaction(hash: Uint8Array): TxLocation | undefined {
    return this.txs.get(hashKey(hash));
  }

  pendingTransaction(hash: Uint8Array): PendingTx | undefined {
    const key = hashKey(hash);
    return this.pool.find((p) => hashKey(p.hash) === key);
  }

  isDevAccount(address: bigint): boolean {
    return this.keys.has(address);
  }

  privateKey(address: bigint): Uint8Array | undefined {
    return this.keys.get(address);
  }

  /** The next nonce for a sender, counting transactions still in the pool. */
  pendingNonce(address: bigint): bigint {
    let nonce = this.state.getNonce(address);
    for (const p of this.pool) if (p.from === address && p.tx.nonce === nonce) nonce++;
    return nonce;
  }

  /** Base fee of the next block. */
  get nextBaseFee(): bigint {
    return this.nextBaseFeeOverride ?? nextBaseFee(this.latest.header);
  }

  /** The block environment a new block (or a 'pending' call) runs in. */
  pendingEnv(timestamp = this.nextBlockTimestamp()): BlockEnv {
    const parent = this.latest.header;
    const number = parent.number + 1n;
    return {
      number,
      coinbase: this.coinbase,
      timestamp,
      gasLimit: this.blockGasLimit,
      baseFee: this.nextBaseFee,
      prevRandao: bytesToBigInt(prevRandao(number)),
      chainId: this.chainId,
      blobBaseFee: blobBaseFee(nextExcessBlobGas(parent)),
      blockHash: (n) => this.hashOfBlock(n),
    };
  }

  /** The environment of an already-mined block, for eth_call at that block. */
  blockEnv(block: Block): BlockEnv {
    const h = block.header;
    return {
      number: h.number,
      coinbase: h.coinbase,
      timestamp: h.timestamp,
      gasLimit: h.gasLimit,
      baseFee: h.baseFeePerGas,
      prevRandao: bytesToBigInt(h.mixHash),
      chainId: this.chainId,
      blobBaseFee: blobBaseFee(h.excessBlobGas),
      blockHash: (n) => this.hashOfBlock(n),
    };
  }

  private hashOfBlock(n: bigint): bigint {
    const b = this.blockByNumber(n);
    return b ? bytesToBigInt(b.hash) : 0n;
  }

  // ---- time --------------------------------------------------------------------------------

  now(): bigint {
    return this.clock() + this.timeOffset;
  }

  nextBlockTimestamp(): bigint {
    if (this.nextTimestamp !== null) return this.nextTimestamp;
    const parent = this.latest.header.timestamp;
    const now = this.now();
    return now > parent ? now : parent + 1n;
  }

  /** evm_increaseTime: moves the clock forward; returns the total offset in seconds. */
  increaseTime(seconds: bigint): bigint {
    if (seconds < 0n) throw rejected('evm_increaseTime takes a non-negative number of seconds');
    this.timeOffset += seconds;
    return this.timeOffset;
  }

  /** evm_setNextBlockTimestamp: the next block gets exactly this timestamp; later ones follow it. */
  setNextBlockTimestamp(timestamp: bigint): void {
    if (timestamp >= MAX_TIMESTAMP)
      throw rejected(`timestamp ${timestamp} does not fit a block header (below 2^64)`);
    if (timestamp <= this.latest.header.timestamp) {
      throw rejected(
        `timestamp ${timestamp} is not after the latest block's timestamp ${this.latest.header.timestamp}`,
      );
    }
    this.nextTimestamp = timestamp;
  }

  setNextBlockBaseFee(baseFee: bigint): void {
    this.nextBaseFeeOverride = baseFee;
  }

  // ---- transactions --------------------------------------------------------------------------

  /**
   * Validates a signed (or impersonated) transaction against the pending state and adds it to the
   * pool; with automine it is mined at once. Returns the transaction hash.
   */
  submit(tx: Transaction, from: bigint, hash = transactionHash(tx)): Uint8Array {
    if (this.transaction(hash) || this.pendingTransaction(hash)) {
      throw rejected(`already known: transaction ${hex(hash)} was submitted before`);
    }
    const expected = this.pendingNonce(from);
    // A pending transaction with this nonce may be replaced by one that pays enough more (geth's rule).
    const replaces = this.pool.findIndex((p) => p.from === from && p.tx.nonce === tx.nonce);
    if (replaces >= 0) {
      const why = underpricedReplacement(this.pool[replaces].tx, tx);
      if (why) throw rejected(`replacement transaction underpriced: ${why}`);
    } else if (tx.nonce < expected) {
      throw rejected(`nonce too low: next nonce ${expected}, tx nonce ${tx.nonce}`);
    }
    if (tx.nonce > expected && this.automine) {
      throw rejected(
        `nonce too high: next nonce ${expected}, tx nonce ${tx.nonce} (transactions cannot be queued while automining)`,
      );
    }
    const account = this.state.getAccount(from);
    const invalid = validateTransaction(tx, {
      senderNonce: tx.nonce,
      senderBalance: account?.balance ?? 0n,
      senderHasCode: (account?.code.length ?? 0) > 0 && !this.impersonated.has(from),
      baseFee: this.nextBaseFee,
      blockGasLimit: this.blockGasLimit,
      blobBaseFee: this.pendingEnv().blobBaseFee,
      chainId: this.chainId,
    });
    if (invalid) throw txRejection(invalid, tx, account?.balance ?? 0n);
    if (replaces >= 0) this.pool[replaces] = { tx, hash, from };
    else this.pool.push({ tx, hash, from });
    this.emit('pendingTransaction', hash);
    if (this.automine) this.mine();
    return hash;
  }

  /**
   * Mines one block from the pool: ready transactions in arrival order, per sender by nonce, as
   * long as they fit the block gas limit. Transactions that became invalid are dropped.
   */
  mine(timestamp?: bigint): Block {
    const ts = timestamp ?? this.nextBlockTimestamp();
    if (ts >= MAX_TIMESTAMP) throw rejected(`timestamp ${ts} does not fit a block header (below 2^64)`);
    if (ts <= this.latest.header.timestamp && timestamp !== undefined) {
      throw rejected(
        `timestamp ${ts} is not after the latest block's timestamp ${this.latest.header.timestamp}`,
      );
    }
    const env = this.pendingEnv(ts);
    const evm = new EVM({
      state: this.state,
      block: env,
      precompiles: this.precompiles,
      inspector: this.recorder,
    });
    const mined: MinedTransaction[] = [];
    const bloom = emptyBloom();
    let gasUsed = 0n;
    let blobGas = 0n;
    // The block runs inside a checkpoint so that the values it overwrites can be kept (History).
    const cp = this.state.checkpoint();
    let pending = this.pool;
    for (let progress = true; progress && pending.length > 0; ) {
      progress = false;
      const next: PendingTx[] = [];
      for (const p of pending) {
        const nonce = this.state.getNonce(p.from);
        if (p.tx.nonce < nonce) continue; // replaced or made stale: drop
        if (p.tx.nonce > nonce || p.tx.gasLimit > env.gasLimit - gasUsed) {
          next.push(p);
          continue;
        }
        const outcome = runTransaction(evm, p.tx, p.from);
        if (!outcome.ok) continue;
        progress = true;
        gasUsed += outcome.receipt.gasUsed;
        blobGas += outcome.receipt.blobGasUsed;
        const receipt = toReceipt(outcome.receipt, gasUsed, env.blobBaseFee);
        orBloom(bloom, receipt.logsBloom);
        mined.push({ tx: p.tx, hash: p.hash, from: p.from, receipt });
      }
      pending = next;
    }
    this.pool = pending;
    this.history.record(this.blocks.length, this.state.changesSince(cp));
    this.state.commit(cp);
    const parent = this.latest.header;
    const header: BlockHeader = {
      parentHash: this.latest.hash,
      coinbase: env.coinbase,
      stateRoot: this.state.stateRoot(),
      transactionsRoot: transactionsRoot(mined),
      receiptsRoot: receiptsRoot(mined),
      logsBloom: bloom,
      number: env.number,
      gasLimit: env.gasLimit,
      gasUsed,
      timestamp: ts,
      extraData: new Uint8Array(0),
      mixHash: bigIntToBytes32(env.prevRandao),
      baseFeePerGas: env.baseFee,
      withdrawalsRoot: receiptsRoot([]),
      blobGasUsed: blobGas,
      excessBlobGas: nextExcessBlobGas(parent),
      parentBeaconBlockRoot: new Uint8Array(32),
    };
    this.nextTimestamp = null;
    this.nextBaseFeeOverride = null;
    if (ts > this.clock() + this.timeOffset) this.timeOffset = ts - this.clock();
    return this.pushBlock(header, mined);
  }

  /**
   * Replaces the whole chain with saved blocks and head state (a --state file). The state of
   * earlier blocks is not kept in the file, so only the head can be queried.
   */
  restore(blocks: readonly Block[], accounts: ReadonlyMap<bigint, Account>, timeOffset: bigint): void {
    if (blocks.length === 0) throw new Error('a restored chain needs at least its genesis block');
    for (const address of [...this.state.accounts.keys()]) this.state.deleteAccount(address);
    for (const [address, account] of accounts) this.state.putAccount(address, account);
    this.blocks.length = 0;
    this.byHash.clear();
    this.txs.clear();
    this.pool = [];
    this.snapshots.clear();
    for (const block of blocks) {
      this.blocks.push(block);
      this.byHash.set(hashKey(block.hash), block);
      block.transactions.forEach((t, index) => {
        this.txs.set(hashKey(t.hash), { block, index });
      });
    }
    this.history.reset(blocks.length);
    this.timeOffset = timeOffset;
    this.nextTimestamp = null;
    this.nextBaseFeeOverride = null;
  }

  get clockOffset(): bigint {
    return this.timeOffset;
  }

  private pushBlock(header: BlockHeader, mined: MinedTransaction[] = []): Block {
    const block = sealBlock(header, mined);
    this.blocks.push(block);
    this.byHash.set(hashKey(block.hash), block);
    mined.forEach((t, index) => {
      this.txs.set(hashKey(t.hash), { block, index });
    });
    if (block.header.number > 0n) this.emit('block', block);
    return block;
  }

  // ---- simulation ----------------------------------------------------------------------------

  /**
   * Runs a transaction without keeping any of its effects (eth_call, eth_estimateGas, traces).
   * Nonce and sender-code checks are skipped as geth does for calls; a zero gas price also zeroes
   * the base fee so that fee-less calls are valid.
   */
  simulate(
    tx: UnsignedTransaction,
    from: bigint,
    env: BlockEnv = this.pendingEnv(),
    /** Attaches a tracer (debug_traceCall). */
    attach?: (evm: EVM) => void,
    state: WorldState = this.state,
  ): TxReceipt | TxInvalid {
    const feeless = (tx.type === 0 || tx.type === 1 ? tx.gasPrice : tx.maxFeePerGas) === 0n && tx.type !== 3;
    const block = feeless ? { ...env, baseFee: 0n } : env;
    const evm = new EVM({ state, block, precompiles: this.precompiles });
    attach?.(evm);
    const open = state.openCheckpointCount;
    const cp = state.checkpoint();
    try {
      const outcome = runTransaction(evm, { ...tx, nonce: state.getNonce(from) }, from, {
        skipAccountChecks: true,
      });
      return outcome.ok ? outcome.receipt : outcome.error;
    } finally {
      state.abort(cp, open);
    }
  }

  /** The world state right after block `n` (the live state for the latest block). */
  stateAt(n: bigint): WorldState {
    const latest = this.latest.header.number;
    if (n === latest) return this.state;
    if (n < 0n || n > latest || !this.history.available(Number(n))) {
      throw new RpcError(
        RPC_SERVER_ERROR,
        `state of block ${n} is not available (tdk keeps the last ${this.history.limit} blocks; latest is ${latest})`,
      );
    }
    return this.history.stateAt(this.state, Number(n));
  }

  /**
   * Re-executes a mined transaction with an inspector attached (debug_traceTransaction): the state
   * after the parent block, then the block's earlier transactions, then this one.
   */
  replay(location: TxLocation, attach: (evm: EVM) => void): TxReceipt | TxInvalid {
    const block = location.block;
    const parent = this.stateAt(block.header.number - 1n);
    const state = new WorldState();
    for (const [address, account] of parent.accounts) state.accounts.set(address, account.clone());
    const evm = new EVM({ state, block: this.blockEnv(block), precompiles: this.precompiles });
    for (let i = 0; i < location.index; i++) {
      const t = block.transactions[i];
      runTransaction(evm, t.tx, t.from);
    }
    const t = block.transactions[location.index];
    attach(evm);
    const outcome = runTransaction(evm, t.tx, t.from);
    return outcome.ok ? outcome.receipt : outcome.error;
  }

  /**
   * Changes the head state outside any block (anvil_setBalance, anvil_setCode, ...), as anvil and
   * Hardhat do: the change is visible at 'latest' at once and undone by evm_revert.
   */
  modify(change: (state: WorldState) => void): void {
    change(this.state);
    this.history.invalidate();
  }

  // ---- snapshots ------------------------------------------------------------------------------

  snapshot(): number {
    const openBefore = this.state.openCheckpointCount;
    const id = ++this.snapshotCounter;
    this.snapshots.set(id, {
      checkpoint: this.state.checkpoint(),
      openBefore,
      blockCount: this.blocks.length,
      pool: [...this.pool],
      timeOffset: this.timeOffset,
      nextTimestamp: this.nextTimestamp,
      nextBaseFee: this.nextBaseFeeOverride,
    });
    return id;
  }

  /** evm_revert: back to the snapshot, which is used up along with every later one. */
  revert(id: number): boolean {
    const snap = this.snapshots.get(id);
    if (!snap) return false;
    this.state.abort(snap.checkpoint, snap.openBefore);
    for (const block of this.blocks.splice(snap.blockCount)) {
      this.byHash.delete(hashKey(block.hash));
      for (const t of block.transactions) this.txs.delete(hashKey(t.hash));
    }
    this.history.truncate(this.blocks.length);
    this.pool = snap.pool;
    this.timeOffset = snap.timeOffset;
    this.nextTimestamp = snap.nextTimestamp;
    this.nextBaseFeeOverride = snap.nextBaseFee;
    for (const key of [...this.snapshots.keys()]) if (key >= id) this.snapshots.delete(key);
    return true;
  }

  // ---- mining modes ---------------------------------------------------------------------------

  /** Interval mining every `ms` milliseconds (0 stops it). */
  setIntervalMining(ms: number): void {
    if (this.intervalTimer) clearInterval(this.intervalTimer);
    this.intervalTimer = undefined;
    if (ms > 0) {
      this.intervalTimer = setInterval(() => this.mine(), ms);
      this.intervalTimer.unref();
    }
  }

  close(): void {
    this.setIntervalMining(0);
  }
}

function hashKey(hash: Uint8Array): string {
  return hex(hash);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function prevRandao(number: bigint): Uint8Array {
  return keccak256(bigIntToBytes32(number));
}

function toReceipt(r: TxReceipt, cumulativeGasUsed: bigint, blobGasPrice: bigint): Receipt {
  return {
    status: r.status === 'success' ? 1 : 0,
    cumulativeGasUsed,
    gasUsed: r.gasUsed,
    logs: r.logs,
    logsBloom: logsBloom(r.logs),
    effectiveGasPrice: r.effectiveGasPrice,
    contractAddress: r.createdAddress ?? null,
    blobGasUsed: r.blobGasUsed,
    blobGasPrice: r.blobGasUsed > 0n ? blobGasPrice : 0n,
    output: r.output,
  };
}

/** geth's wording, which viem and ethers match to pick their error classes. */
export function txRejection(e: TxInvalid, tx: Transaction | UnsignedTransaction, balance: bigint): RpcError {
  switch (e.code) {
    case 'INSUFFICIENT_ACCOUNT_FUNDS':
      return rejected(
        `insufficient funds for gas * price + value: balance ${balance}, tx cost ${upfrontCost(tx)}, overshot ${upfrontCost(tx) - balance}`,
      );
    case 'INTRINSIC_GAS_TOO_LOW':
      return rejected(`intrinsic gas too low: ${e.message}`);
    case 'INSUFFICIENT_MAX_FEE_PER_GAS':
      return rejected(`max fee per gas less than block base fee: ${e.message}`);
    case 'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS':
      return rejected(`max priority fee per gas higher than max fee per gas: ${e.message}`);
    case 'GAS_ALLOWANCE_EXCEEDED':
      return rejected(`exceeds block gas limit: ${e.message}`);
    case 'INVALID_CHAINID':
      return rejected(`invalid chain id for signer: ${e.message}`);
    case 'SENDER_NOT_EOA':
      return rejected(`sender not an eoa: ${e.message}`);
    case 'NONCE_MISMATCH_TOO_LOW':
      return rejected(`nonce too low: ${e.message}`);
    case 'NONCE_MISMATCH_TOO_HIGH':
      return rejected(`nonce too high: ${e.message}`);
    default:
      return rejected(`invalid transaction (${e.code}): ${e.message}`);
  }
}
