// The worker behind a fault-injecting JSON-RPC proxy: dropped connections, delays, HTTP 500s,
// timeouts and lost answers neither duplicate nor skip an epoch; a transaction the network never
// sees is replaced at the same nonce with both fee fields raised by at least 10 %, and only one of
// the two can land.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandardMerkleTree as OzTree } from '@openzeppelin/merkle-tree';
import { type Hex, keccak256, parseTransaction } from 'viem';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type MerkleJob,
  startWorker,
  type Worker,
  type WorkerLogEvent,
  WorkerStore,
} from '../../src/bridges/worker/index.js';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js';
import { rootUpdatedEvents, rpc, startTestChain, type TestChain, waitFor } from './support/registry.js';

const TYPES = ['address', 'uint256'];
const rows = (e: number): string[][] =>
  Array.from({ length: 4 }, (_, i) => [
    `0x${(0xc000 + e * 8 + i).toString(16).padStart(40, '0')}`,
    String(e + i),
  ]);
const job: MerkleJob = { name: 'faults', leafEncoding: TYPES, compute: (e) => rows(Number(e)) };

const dir = mkdtempSync(join(tmpdir(), 'tdk-worker-faults-'));
let chain: TestChain | undefined;
let proxy: FaultProxy | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop();
  await proxy?.close();
  await chain?.devnet.close();
  worker = proxy = chain = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('worker behind a faulty RPC', () => {
  it('publishes each epoch once, in order, through drops, 500s, delays, timeouts and lost answers', async () => {
    chain = await startTestChain();
    const seed = Number(process.env.TDK_FAULT_SEED ?? 0xfa17);
    const random = prng(seed);
    let sends = 0;
    proxy = await startFaultProxy(chain.url, (req) => {
      // Every third broadcast reaches the node but its answer is lost: the worker must not resend
      // a new transaction for an epoch that is already on its way.
      if (req.method === 'eth_sendRawTransaction' && sends++ % 3 === 0) return { kind: 'forward-then-drop' };
      const x = random();
      if (x < 0.06) return { kind: 'drop' };
      if (x < 0.12) return { kind: 'forward-then-drop' };
      if (x < 0.17) return { kind: 'http-500' };
      if (x < 0.2) return { kind: 'hang' };
      if (x < 0.3) return { kind: 'delay', ms: Math.floor(random() * 150) };
      return undefined;
    });
    worker = await startWorker({
      rpcUrl: proxy.url,
      registry: chain.registry,
      privateKey: chain.publisherKey,
      job,
      intervalMs: 30,
      confirmations: 1,
      dbPath: join(dir, 'faults.sqlite'),
      proofServer: { port: 0 },
      rpcTimeoutMs: 400,
      tx: { pollMs: 20, rebroadcastMs: 200 },
    });
    const EPOCHS = 8;
    await waitFor(async () => worker!.status().lastConfirmedEpoch >= EPOCHS, `epoch ${EPOCHS}`, 90_000);
    const metrics = await (await fetch(`${worker.proofUrl}/metrics`)).text();
    await worker.stop();

    const logs = await rootUpdatedEvents(chain);
    const n = logs.length;
    expect(n).toBeGreaterThanOrEqual(EPOCHS);
    expect(
      logs.map((l) => Number(l.args.epoch)),
      `seed ${seed}`,
    ).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(logs.map((l) => l.args.root)).toEqual(logs.map((_, i) => OzTree.of(rows(i + 1), TYPES).root));
    // No duplicate or wasted transaction: the publisher's nonce equals the epochs published.
    expect(Number(await rpc<Hex>(chain.url, 'eth_getTransactionCount', [chain.publisher, 'latest']))).toBe(n);
    // The faults did happen, and were counted.
    const injected = proxy.seen.filter((s) => s.fault && s.fault !== 'delay');
    expect(injected.length).toBeGreaterThan(10);
    expect(
      proxy.seen.some((s) => s.fault === 'forward-then-drop' && s.req.method === 'eth_sendRawTransaction'),
    ).toBe(true);
    const rpcErrors = Number(metrics.match(/^tdk_worker_rpc_errors_total (\d+)$/m)![1]);
    expect(rpcErrors).toBeGreaterThan(0);
  }, 120_000);

  it('replaces a transaction the network never saw with higher fees at the same nonce; one lands', async () => {
    chain = await startTestChain();
    // The first raw transaction is "accepted" by the proxy but never reaches the node, every time.
    let lost: Hex | undefined;
    proxy = await startFaultProxy(chain.url, (req) => {
      if (req.method !== 'eth_sendRawTransaction') return undefined;
      const raw = req.params[0] as Hex;
      lost ??= raw;
      return raw === lost ? { kind: 'fake-result', result: keccak256(raw) } : undefined;
    });
    const db = join(dir, 'stuck.sqlite');
    worker = await startWorker({
      rpcUrl: proxy.url,
      registry: chain.registry,
      privateKey: chain.publisherKey,
      job,
      intervalMs: 50,
      confirmations: 1,
      dbPath: db,
      proofServer: { port: 0 },
      tx: { pollMs: 20, replaceAfterMs: 400, rebroadcastMs: 100 },
    });
    await waitFor(() => worker!.status().lastConfirmedEpoch >= 1, 'epoch 1');
    const metrics = await (await fetch(`${worker.proofUrl}/metrics`)).text();
    await worker.stop();

    // What went over the wire, decoded from the signed bytes themselves.
    const sent = [
      ...new Set(
        proxy.seen
          .filter((s) => s.req.method === 'eth_sendRawTransaction')
          .map((s) => s.req.params[0] as Hex),
      ),
    ];
    const first = parseTransaction(lost!);
    const epoch1 = sent.filter((raw) => {
      const tx = parseTransaction(raw);
      return tx.nonce === first.nonce;
    });
    expect(epoch1.length).toBeGreaterThanOrEqual(2);
    const replacement = parseTransaction(epoch1[1]!);
    expect(replacement.nonce).toBe(first.nonce);
    expect(replacement.data).toBe(first.data);
    expect(replacement.maxFeePerGas! * 100n).toBeGreaterThanOrEqual(first.maxFeePerGas! * 110n);
    expect(replacement.maxPriorityFeePerGas! * 100n).toBeGreaterThanOrEqual(
      first.maxPriorityFeePerGas! * 110n,
    );

    // Exactly one landed: the replacement. The lost original can no longer be mined.
    const receiptOf = (raw: Hex) =>
      rpc<{ status: Hex } | null>(chain!.url, 'eth_getTransactionReceipt', [keccak256(raw)]);
    expect(await receiptOf(lost!)).toBeNull();
    expect((await receiptOf(epoch1[1]!))?.status).toBe('0x1');
    await expect(rpc(chain.url, 'eth_sendRawTransaction', [lost])).rejects.toThrow(/nonce too low/);
    expect((await rootUpdatedEvents(chain)).filter((l) => l.args.epoch === 1n)).toHaveLength(1);

    // The local record holds both attempts; /metrics counted the replacement.
    const store = WorkerStore.open(db, { readonly: true });
    const attempts = store.attempts(1);
    let later = 0;
    for (let epoch = 2; epoch <= 64; epoch++) later += store.attempts(epoch).length;
    store.close();
    expect(attempts.map((a) => [a.nonce, a.outcome])).toEqual([
      [first.nonce, 'abandoned'],
      [first.nonce, 'mined'],
    ]);
    expect(metrics).toMatch(/^tdk_worker_tx_replacements_total 1$/m);
    // The counter is process-wide: later epochs may already have signed by the scrape.
    const counted = Number(metrics.match(/^tdk_worker_tx_attempts_total (\d+)$/m)![1]);
    expect(counted).toBeGreaterThanOrEqual(2);
    expect(counted).toBeLessThanOrEqual(2 + later);
  }, 120_000);

  it('never signs above the fee cap: at the cap the last attempt is re-sent, not replaced', async () => {
    chain = await startTestChain();
    proxy = await startFaultProxy(chain.url, (req) =>
      req.method === 'eth_sendRawTransaction'
        ? { kind: 'fake-result', result: keccak256(req.params[0] as Hex) }
        : undefined,
    );
    // The worker's first offer is 2 * base fee + tip; allow 5 % above it, less than one bump.
    const block = await rpc<{ baseFeePerGas: Hex }>(chain.url, 'eth_getBlockByNumber', ['latest', false]);
    const tip = BigInt(await rpc<Hex>(chain.url, 'eth_maxPriorityFeePerGas'));
    const firstOffer = 2n * BigInt(block.baseFeePerGas) + tip;
    const log: WorkerLogEvent[] = [];
    worker = await startWorker({
      rpcUrl: proxy.url,
      registry: chain.registry,
      privateKey: chain.publisherKey,
      job,
      intervalMs: 50,
      confirmations: 1,
      dbPath: join(dir, 'cap.sqlite'),
      proofServer: false,
      log: (e) => log.push(e),
      tx: { pollMs: 20, replaceAfterMs: 150, rebroadcastMs: 50, maxFeePerGas: firstOffer + firstOffer / 20n },
    });
    await waitFor(() => log.some((e) => e.event === 'tx.fee-cap'), 'the fee-cap warning');
    await waitFor(
      () => proxy!.seen.filter((s) => s.req.method === 'eth_sendRawTransaction').length >= 3,
      'rebroadcasts',
    );
    await worker.stop();
    const raws = new Set(
      proxy.seen.filter((s) => s.req.method === 'eth_sendRawTransaction').map((s) => s.req.params[0] as Hex),
    );
    expect(raws.size).toBe(1);
    expect(parseTransaction([...raws][0]!).maxFeePerGas).toBe(firstOffer);
    expect(log.filter((e) => e.event === 'tx.replaced')).toHaveLength(0);
  }, 60_000);
});
