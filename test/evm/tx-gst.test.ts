// Transaction validity against every post.Cancun entry of ethereum/tests GeneralStateTests: each
// entry's txbytes must decode to the transaction the test describes, and validateTransaction (with
// the sender's pre-state and the block env) must return exactly the expectException code (one of
// the '|' alternatives), or null when no exception is expected. Sender recovery is cross-checked
// on a sample (about 2.5 ms per recovery).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addressToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../src/evm/bytes.js';
import {
  blobBaseFee,
  decodeTransaction,
  recoverSender,
  type Transaction,
  TxError,
  type TxValidationContext,
  validateTransaction,
} from '../../src/evm/tx/index.js';

const ROOT = new URL('../../../shared/fixtures/ethereum-tests/GeneralStateTests/', import.meta.url);
const CHAIN_ID = 1n;
/** Validity outcomes are the same with 0 or 10^6 here; only 201 tests lack currentBaseFee. */
const DEFAULT_BASE_FEE = 10n;
/** Recover the sender of the first Cancun entry in one file out of this many. */
const RECOVER_EVERY = 8;
/** Exceptions that must surface as a decoding error rather than a validation code. */
const DECODE_EXCEPTIONS = new Set(['RLP_INVALID_VALUE']);

interface GstAccount {
  balance: string;
  code: string;
  nonce: string;
}

interface GstAccessEntry {
  address: string;
  storageKeys: string[];
}

interface GstTest {
  env: Record<string, string | undefined>;
  pre: Record<string, GstAccount>;
  transaction: {
    data: string[];
    gasLimit: string[];
    value: string[];
    nonce: string;
    to: string;
    sender: string;
    gasPrice?: string;
    maxFeePerGas?: string;
    maxPriorityFeePerGas?: string;
    maxFeePerBlobGas?: string;
    blobVersionedHashes?: string[];
    accessLists?: (GstAccessEntry[] | null)[];
  };
  post: Record<
    string,
    { indexes: { data: number; gas: number; value: number }; txbytes: string; expectException?: string }[]
  >;
}

function listJson(dir: URL, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...listJson(new URL(`${e.name}/`, dir), `${prefix}${e.name}/`));
    else if (e.name.endsWith('.json')) out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

/** The fields of the decoded transaction that differ from what the test's transaction section says. */
function fieldMismatches(
  tx: Transaction,
  t: GstTest['transaction'],
  idx: { data: number; gas: number; value: number },
): string[] {
  const bad: string[] = [];
  const eq = (name: string, got: unknown, want: unknown) => {
    if (got !== want) bad.push(`${name}: got ${String(got)}, want ${String(want)}`);
  };
  eq('data', bytesToHex(tx.data), t.data[idx.data].toLowerCase());
  eq('gasLimit', tx.gasLimit, hexToBigInt(t.gasLimit[idx.gas]));
  eq('value', tx.value, hexToBigInt(t.value[idx.value]));
  eq('nonce', tx.nonce, hexToBigInt(t.nonce));
  eq('to', tx.to === null ? '' : addressToHex(tx.to), t.to.toLowerCase());
  if (tx.type === 0 || tx.type === 1) eq('gasPrice', tx.gasPrice, hexToBigInt(t.gasPrice ?? '0x'));
  else {
    eq('maxFeePerGas', tx.maxFeePerGas, hexToBigInt(t.maxFeePerGas ?? '0x'));
    eq('maxPriorityFeePerGas', tx.maxPriorityFeePerGas, hexToBigInt(t.maxPriorityFeePerGas ?? '0x'));
  }
  if (tx.type !== 0) {
    const want = (t.accessLists?.[idx.data] ?? []).map(
      (e) => `${e.address.toLowerCase()}:${e.storageKeys.map((k) => hexToBigInt(k).toString(16)).join(',')}`,
    );
    const got = tx.accessList.map(
      (e) => `${addressToHex(e.address)}:${e.storageKeys.map((k) => k.toString(16)).join(',')}`,
    );
    eq('accessList', got.join(';'), want.join(';'));
  }
  if (tx.type === 3) {
    eq('maxFeePerBlobGas', tx.maxFeePerBlobGas, hexToBigInt(t.maxFeePerBlobGas ?? '0x'));
    eq(
      'blobVersionedHashes',
      tx.blobVersionedHashes.map(bytesToHex).join(','),
      (t.blobVersionedHashes ?? []).map((h) => h.toLowerCase()).join(','),
    );
  }
  return bad;
}

function checkFile(file: string, recover: boolean): { entries: number; failures: string[] } {
  const json = JSON.parse(readFileSync(new URL(file, ROOT), 'utf8')) as Record<string, GstTest>;
  const failures: string[] = [];
  let entries = 0;
  for (const [name, t] of Object.entries(json)) {
    const post = t.post.Cancun;
    if (post === undefined) continue;
    const sender = t.transaction.sender.toLowerCase();
    const preKey = Object.keys(t.pre).find((k) => k.toLowerCase() === sender);
    const account = preKey === undefined ? undefined : t.pre[preKey];
    const env = t.env;
    const ctx: TxValidationContext = {
      senderNonce: account ? hexToBigInt(account.nonce) : 0n,
      senderBalance: account ? hexToBigInt(account.balance) : 0n,
      senderHasCode: account !== undefined && account.code !== '0x' && account.code !== '',
      baseFee: env.currentBaseFee ? hexToBigInt(env.currentBaseFee) : DEFAULT_BASE_FEE,
      blockGasLimit: hexToBigInt(env.currentGasLimit ?? '0x'),
      blobBaseFee: blobBaseFee(env.currentExcessBlobGas ? hexToBigInt(env.currentExcessBlobGas) : 0n),
      chainId: CHAIN_ID,
    };
    post.forEach((entry, i) => {
      entries++;
      const where = `${file} ${name} #${i}`;
      const expected = entry.expectException?.split('|').map((s) => s.replace(/^TransactionException\./, ''));
      let tx: Transaction;
      try {
        tx = decodeTransaction(hexToBytes(entry.txbytes));
      } catch (e) {
        if (!(e instanceof TxError)) throw e;
        if (!expected?.some((x) => DECODE_EXCEPTIONS.has(x)))
          failures.push(`${where}: decode failed: ${e.message}`);
        return;
      }
      if (expected?.some((x) => DECODE_EXCEPTIONS.has(x))) {
        failures.push(`${where}: decoded although ${expected.join('|')} was expected`);
        return;
      }
      for (const m of fieldMismatches(tx, t.transaction, entry.indexes)) failures.push(`${where}: ${m}`);
      if (recover && i === 0) {
        const got = addressToHex(recoverSender(tx));
        if (got !== sender) failures.push(`${where}: recovered sender ${got}, want ${sender}`);
      }
      const result = validateTransaction(tx, ctx);
      if (expected === undefined) {
        if (result !== null) failures.push(`${where}: valid tx rejected: ${result.code} (${result.message})`);
      } else if (result === null || !expected.includes(result.code)) {
        failures.push(`${where}: expected ${expected.join('|')}, got ${result ? result.code : 'valid'}`);
      }
    });
  }
  return { entries, failures };
}

describe('GeneralStateTests post.Cancun transaction validity', () => {
  const files = listJson(ROOT);
  const position = new Map(files.map((f, i) => [f, i]));
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const dir = f.split('/').slice(0, -1).join('/');
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  let total = 0;

  for (const [dir, dirFiles] of byDir) {
    it(dir, () => {
      const failures: string[] = [];
      for (const f of dirFiles) {
        const r = checkFile(f, position.get(f)! % RECOVER_EVERY === 0);
        total += r.entries;
        failures.push(...r.failures);
      }
      expect(failures).toEqual([]);
    });
  }

  it('covered every Cancun entry', () => {
    expect(files.length).toBe(2704); // 2,706 minus the two files over 4 MiB left out of the fixture copy
    expect(total).toBe(20_969);
  });
});
