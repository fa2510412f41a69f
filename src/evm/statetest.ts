// Runs ethereum/tests GeneralStateTests cases (already parsed from JSON) against tdk's EVM. Pure:
// the caller reads the files. A case passes when the post-state root and the logs hash match, or,
// for an expected exception, when the transaction is rejected and the state left untouched.

import { addressBytes } from './address.js';
import { bytesToHex, hexToBigInt, hexToBytes } from './bytes.js';
import { keccak256 } from './crypto/keccak.js';
import { EvmInputError } from './errors.js';
import { EVM } from './evm.js';
import { type RlpItem, rlpEncode } from './rlp.js';
import { Account } from './state/account.js';
import { type Log, WorldState } from './state/world.js';
import { runTransaction } from './transaction.js';
import type { AccessList, Transaction, UnsignedTransaction } from './tx/types.js';
import { blobBaseFee } from './tx/validate.js';

export interface StateTestCase {
  readonly name: string;
  readonly fork: string;
  readonly index: { readonly data: number; readonly gas: number; readonly value: number };
  readonly pass: boolean;
  readonly expectedRoot: string;
  readonly actualRoot: string;
  readonly expectedLogs: string;
  readonly actualLogs: string;
  readonly expectException?: string;
  /** What the EVM did: a halt reason, or why the transaction was rejected. */
  readonly detail?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON is validated field by field as it is read
type Json = Record<string, any>;

export function logsHash(logs: readonly Log[]): Uint8Array {
  const items: RlpItem[] = logs.map((l) => [
    addressBytes(l.address),
    l.topics.map((t) => {
      const b = new Uint8Array(32);
      const h = hexToBytes(t.toString(16).padStart(64, '0'));
      b.set(h);
      return b;
    }),
    l.data,
  ]);
  return keccak256(rlpEncode(items));
}

/** Fixture numbers are hex, sometimes written `0x:bigint 0x...` for values past 256 bits. */
function num(s: string): bigint {
  return hexToBigInt(s.startsWith('0x:bigint ') ? s.slice(10) : s);
}

const TWO_256 = 1n << 256n;

/** Fields no valid transaction encoding can carry: the tx would not even decode (RLP_INVALID_VALUE). */
function overWide(tx: UnsignedTransaction): boolean {
  const prices = tx.type === 0 || tx.type === 1 ? [tx.gasPrice] : [tx.maxFeePerGas, tx.maxPriorityFeePerGas];
  return tx.value >= TWO_256 || prices.some((p) => p >= TWO_256);
}

function parsePre(pre: Json): Map<bigint, Account> {
  const out = new Map<bigint, Account>();
  for (const [addr, acc] of Object.entries<Json>(pre)) {
    const a = new Account();
    a.balance = hexToBigInt(acc.balance);
    a.nonce = hexToBigInt(acc.nonce);
    a.code = hexToBytes(acc.code);
    for (const [k, v] of Object.entries<string>(acc.storage ?? {})) {
      const value = hexToBigInt(v);
      if (value !== 0n) a.storage.set(hexToBigInt(k), value);
    }
    out.set(hexToBigInt(addr), a);
  }
  return out;
}

function parseAccessList(list: Json[] | null | undefined): AccessList | undefined {
  if (list === undefined || list === null) return undefined;
  return list.map((e) => ({
    address: hexToBigInt(e.address),
    storageKeys: (e.storageKeys as string[]).map(hexToBigInt),
  }));
}

/** Builds the transaction for one (data, gas, value) index combination. */
export function buildTransaction(
  t: Json,
  index: { data: number; gas: number; value: number },
): UnsignedTransaction {
  const common = {
    nonce: hexToBigInt(t.nonce),
    gasLimit: hexToBigInt(t.gasLimit[index.gas]),
    to: t.to === '' || t.to === undefined || t.to === null ? null : hexToBigInt(t.to),
    value: num(t.value[index.value]),
    data: hexToBytes(t.data[index.data]),
  };
  const accessList = parseAccessList(t.accessLists?.[index.data]);
  if (t.blobVersionedHashes !== undefined) {
    return {
      ...common,
      type: 3,
      chainId: 1n,
      maxFeePerGas: hexToBigInt(t.maxFeePerGas),
      maxPriorityFeePerGas: hexToBigInt(t.maxPriorityFeePerGas),
      maxFeePerBlobGas: hexToBigInt(t.maxFeePerBlobGas),
      blobVersionedHashes: (t.blobVersionedHashes as string[]).map(hexToBytes),
      accessList: accessList ?? [],
    };
  }
  if (t.maxFeePerGas !== undefined) {
    return {
      ...common,
      type: 2,
      chainId: 1n,
      maxFeePerGas: hexToBigInt(t.maxFeePerGas),
      maxPriorityFeePerGas: hexToBigInt(t.maxPriorityFeePerGas),
      accessList: accessList ?? [],
    };
  }
  if (accessList !== undefined)
    return { ...common, type: 1, chainId: 1n, gasPrice: hexToBigInt(t.gasPrice), accessList };
  return { ...common, type: 0, chainId: 1n, gasPrice: hexToBigInt(t.gasPrice) };
}

/** Hash of block n in state tests (as geth's test harness defines it): keccak256 of n in decimal. */
function testBlockHash(n: bigint): bigint {
  return hexToBigInt(bytesToHex(keccak256(new TextEncoder().encode(n.toString()))));
}

export interface RunOptions {
  readonly fork?: string;
  /** Called per case; return false to skip it (e.g. a --run filter). */
  readonly filter?: (caseName: string) => boolean;
}

/** Runs every post[fork] case of one state test. */
export function runStateTest(name: string, test: Json, options: RunOptions = {}): StateTestCase[] {
  const fork = options.fork ?? 'Cancun';
  const posts: Json[] | undefined = test.post?.[fork];
  if (!posts) return [];
  const env = test.env;
  if (!env || !test.pre || !test.transaction)
    throw new EvmInputError(`${name}: not a state test (env/pre/transaction missing)`, 'TDK_BAD_STATETEST');
  const pre = parsePre(test.pre);
  const excess = env.currentExcessBlobGas !== undefined ? hexToBigInt(env.currentExcessBlobGas) : 0n;
  const block = {
    number: hexToBigInt(env.currentNumber),
    coinbase: hexToBigInt(env.currentCoinbase),
    timestamp: hexToBigInt(env.currentTimestamp),
    gasLimit: hexToBigInt(env.currentGasLimit),
    baseFee: env.currentBaseFee !== undefined ? hexToBigInt(env.currentBaseFee) : 0n,
    prevRandao:
      env.currentRandom !== undefined
        ? hexToBigInt(env.currentRandom)
        : hexToBigInt(env.currentDifficulty ?? '0x0'),
    chainId: 1n,
    blobBaseFee: blobBaseFee(excess),
    blockHash: testBlockHash,
  };
  const sender = hexToBigInt(test.transaction.sender);
  const results: StateTestCase[] = [];
  posts.forEach((post, i) => {
    const caseName = `${name}[${fork}][${i}]`;
    if (options.filter && !options.filter(caseName)) return;
    const state = new WorldState();
    for (const [addr, acc] of pre) state.accounts.set(addr, acc.clone());
    const evm = new EVM({ state, block });
    const tx = buildTransaction(test.transaction, post.indexes);
    let accepted = false;
    let logList: readonly Log[] = [];
    let detail = 'RLP_INVALID_VALUE';
    if (!overWide(tx)) {
      const outcome = runTransaction(evm, tx as Transaction, sender);
      accepted = outcome.ok;
      if (outcome.ok) {
        logList = outcome.receipt.logs;
        detail = outcome.receipt.halt ?? outcome.receipt.status;
      } else detail = outcome.error.code;
    }
    const root = bytesToHex(state.stateRoot());
    const logs = bytesToHex(logsHash(logList));
    const expectException: string | undefined = post.expectException;
    let pass = root === post.hash && logs === post.logs;
    if (expectException !== undefined && accepted) pass = false;
    results.push({
      name: caseName,
      fork,
      index: post.indexes,
      pass,
      expectedRoot: post.hash,
      actualRoot: root,
      expectedLogs: post.logs,
      actualLogs: logs,
      expectException,
      detail,
    });
  });
  return results;
}
