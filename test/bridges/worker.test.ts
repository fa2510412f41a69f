// The Merkle-root worker in process against a devnet over HTTP: epochs published in order with the
// roots @openzeppelin/merkle-tree computes, proofs served only once confirmed and accepted by the
// registry on chain, restarts that neither repeat nor skip an epoch, and bad batches that publish
// nothing and are retried.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandardMerkleTree as OzTree } from '@openzeppelin/merkle-tree';
import { createPublicClient, type Hex, http, keccak256, stringToBytes } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fileJob,
  type MerkleJob,
  startWorker,
  type Worker,
  type WorkerLogEvent,
} from '../../src/bridges/worker/index.js';
import { registryAbi } from '../../src/bridges/worker/registry.js';
import { rpc, startTestChain, type TestChain } from './support/registry.js';

const TYPES = ['address', 'uint256'];

/** A deterministic airdrop: epoch e pays 3 + e accounts amounts derived from e. */
function airdropRows(epoch: number): string[][] {
  return Array.from({ length: 3 + epoch }, (_, i) => [
    `0x${(0xa000 + i).toString(16).padStart(40, '0')}`,
    String(epoch * 1000 + i * 7),
  ]);
}

const airdrop: MerkleJob = { name: 'airdrop', leafEncoding: TYPES, compute: (e) => airdropRows(Number(e)) };

let dir: string;
let chain: TestChain;
const workers: Worker[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tdk-worker-'));
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await chain?.devnet.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until<T>(
  what: () => Promise<T | undefined> | T | undefined,
  label: string,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const client = (url: string) => createPublicClient({ transport: http(url) });

async function latestEpoch(c: TestChain): Promise<number> {
  return Number(
    await client(c.url).readContract({ address: c.registry, abi: registryAbi, functionName: 'latestEpoch' }),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field
type Json = any;

async function get(url: string): Promise<{ status: number; body: Json; text: string }> {
  const res = await fetch(url);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

async function start(
  job: MerkleJob,
  db: string,
  extra: { confirmations?: number; log?: WorkerLogEvent[] } = {},
) {
  const w = await startWorker({
    rpcUrl: chain.url,
    registry: chain.registry,
    privateKey: chain.publisherKey,
    job,
    intervalMs: 50,
    confirmations: extra.confirmations ?? 1,
    dbPath: join(dir, db),
    proofServer: { port: 0 },
    log: extra.log ? (e) => extra.log!.push(e) : undefined,
    tx: { pollMs: 20 },
  });
  workers.push(w);
  return w;
}

describe('Merkle-root worker', () => {
  it('publishes epochs in order with OpenZeppelin roots; proofs verify on chain', async () => {
    chain = await startTestChain();
    const w = await start(airdrop, 'happy.sqlite');
    await until(async () => (await latestEpoch(chain)) >= 4 && w.status().lastConfirmedEpoch >= 4, 'epoch 4');
    await w.stop();
    const onchain = await latestEpoch(chain);
    const c = client(chain.url);
    for (let e = 1; e <= onchain; e++) {
      const oz = OzTree.of(airdropRows(e), TYPES);
      expect(
        await c.readContract({
          address: chain.registry,
          abi: registryAbi,
          functionName: 'rootOf',
          args: [BigInt(e)],
        }),
      ).toBe(oz.root);
      const metadata = JSON.stringify({ epoch: e, job: 'airdrop', leafCount: 3 + e, leafEncoding: TYPES });
      expect(
        await c.readContract({
          address: chain.registry,
          abi: registryAbi,
          functionName: 'metadataOf',
          args: [BigInt(e)],
        }),
      ).toBe(keccak256(stringToBytes(metadata)));
    }
    // Exactly one RootUpdated per epoch, in order.
    const logs = await c.getContractEvents({
      address: chain.registry,
      abi: registryAbi,
      eventName: 'RootUpdated',
      fromBlock: 0n,
    });
    expect(logs.map((l) => Number(l.args.epoch))).toEqual(Array.from({ length: onchain }, (_, i) => i + 1));

    // A restart on the same database continues after the chain's latest epoch.
    const w2 = await start(airdrop, 'happy.sqlite');
    await until(async () => (await latestEpoch(chain)) >= onchain + 2, 'two more epochs');
    const url = w2.proofUrl!;
    const roots = await get(`${url}/roots`);
    expect(roots.status).toBe(200);
    expect(roots.body.roots.map((r: { epoch: number }) => r.epoch).slice(0, onchain + 1)).toEqual(
      Array.from({ length: onchain + 1 }, (_, i) => i + 1),
    );
    const one = await get(`${url}/roots/2`);
    expect(one.body.root).toBe(OzTree.of(airdropRows(2), TYPES).root);
    expect(one.body.metadata).toEqual({ epoch: 2, job: 'airdrop', leafCount: 5, leafEncoding: TYPES });

    const oz2 = OzTree.of(airdropRows(2), TYPES);
    const [addr, amount] = airdropRows(2)[3]!;
    const byIndex = await get(`${url}/proofs/2/3`);
    const byAddress = await get(`${url}/proofs/2/${addr!.toUpperCase().replace('0X', '0x')}`);
    const byValue = await get(`${url}/proofs/2?value=${addr},${amount}`);
    for (const p of [byIndex, byAddress, byValue]) {
      expect(p.status, p.text).toBe(200);
      expect(p.body.index).toBe(3);
      expect(p.body.proof).toEqual(oz2.getProof(3));
      expect(p.body.leafHash).toBe(oz2.leafHash([addr!, amount!]));
      const ok = await c.readContract({
        address: chain.registry,
        abi: registryAbi,
        functionName: 'verify',
        args: [2n, p.body.proof as Hex[], p.body.leafHash as Hex],
      });
      expect(ok).toBe(true);
    }
    // A proof of epoch 2 does not verify against epoch 3's root.
    expect(
      await c.readContract({
        address: chain.registry,
        abi: registryAbi,
        functionName: 'verify',
        args: [3n, byIndex.body.proof, byIndex.body.leafHash],
      }),
    ).toBe(false);

    expect((await get(`${url}/proofs/2/99`)).body.error.code).toBe('TDK_MERKLE_INDEX');
    expect((await get(`${url}/proofs/2/0x${'ff'.repeat(20)}`)).status).toBe(404);
    expect((await get(`${url}/proofs/x/1`)).status).toBe(400);
    expect((await get(`${url}/proofs/9999/1`)).body.error.code).toBe('TDK_WORKER_NOT_FOUND');
    expect((await get(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/roots`, { method: 'POST' })).status).toBe(405);
    const health = await get(`${url}/healthz`);
    expect(health.body.status).toBe('ok');
    const metrics = await get(`${url}/metrics`);
    expect(metrics.text).toMatch(/^tdk_worker_epochs_published_total [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^tdk_worker_publication_latency_seconds_count [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^tdk_worker_tx_replacements_total 0$/m);
  });

  it('serves an epoch only once its root is the configured number of blocks deep', async () => {
    chain = await startTestChain();
    chain.devnet.chain.automine = false; // blocks only when the test mines them
    const w = await start(airdrop, 'depth.sqlite', { confirmations: 3 });
    const c = chain.devnet.chain;
    await until(() => c.pool.length > 0 || undefined, 'the epoch-1 transaction in the pool');
    c.mine();
    expect(await latestEpoch(chain)).toBe(1);
    const early = await get(`${w.proofUrl}/roots/1`);
    expect(early.status).toBe(404);
    expect(early.body.error.code).toBe('TDK_WORKER_NOT_CONFIRMED');
    expect((await get(`${w.proofUrl}/proofs/1/0`)).status).toBe(404);
    c.mine();
    await new Promise((r) => setTimeout(r, 200));
    expect((await get(`${w.proofUrl}/roots/1`)).status).toBe(404); // 2 deep of 3
    c.mine();
    await until(
      async () => (await get(`${w.proofUrl}/roots/1`)).status === 200 || undefined,
      'epoch 1 confirmed',
    );
    expect((await get(`${w.proofUrl}/proofs/1/0`)).body.proof).toEqual(
      OzTree.of(airdropRows(1), TYPES).getProof(0),
    );
  });

  it('a bad batch publishes nothing, is recorded and retried; the fixed data is published', async () => {
    chain = await startTestChain();
    const data = join(dir, 'bad');
    mkdirSync(data);
    const csv = (r: string[][]) => `account,amount\n${r.map((x) => x.join(',')).join('\n')}\n`;
    writeFileSync(join(data, 'epoch-1.csv'), csv(airdropRows(1)));
    const [a, b] = airdropRows(2);
    const bad: [string, RegExp][] = [
      [`${csv([a!])}${b![0]},5,extra\n`, /line 3: expected 2 value\(s\)/],
      [csv([a!, [b![0]!, 'twelve']]), /line 3, column 2 \(uint256\)/],
      [csv([a!, b!, a!]), /duplicate leaf: line 2 and line 4/],
      ['account,amount\n', /no leaves/],
      [`${csv([a!])}"0xunterminated,1\n`, /unterminated quoted field/],
    ];
    const log: WorkerLogEvent[] = [];
    const w = await start(fileJob(data, TYPES, 'airdrop'), 'bad.sqlite', { log });
    await until(() => w.status().lastConfirmedEpoch === 1 || undefined, 'epoch 1');
    const nonce = () =>
      rpc<Hex>(chain.url, 'eth_getTransactionCount', [chain.publisher, 'latest']).then(Number);
    for (const [i, [text, message]] of bad.entries()) {
      writeFileSync(join(data, 'epoch-2.csv'), text);
      const f = await until(() => {
        const s = w.status();
        return s.failures > i && s.lastFailure?.message.match(message) ? s.lastFailure : undefined;
      }, `failure ${i}`);
      expect(f.code).toBe('TDK_WORKER_DATA');
      expect(f.epoch).toBe(2);
      expect(f.message).toContain('epoch-2.csv');
      // Nothing was sent: the epoch is not consumed.
      expect(await latestEpoch(chain)).toBe(1);
      expect(await nonce()).toBe(1);
    }
    const metrics = (await get(`${w.proofUrl}/metrics`)).text;
    expect(
      Number(metrics.match(/^tdk_worker_batch_failures_total\{code="TDK_WORKER_DATA"\} (\d+)$/m)?.[1]),
    ).toBeGreaterThanOrEqual(bad.length);
    expect(metrics).toMatch(/^tdk_worker_last_failure_epoch 2$/m);
    expect(
      log.some((e) => e.event === 'epoch.failed' && e.level === 'error' && e.code === 'TDK_WORKER_DATA'),
    ).toBe(true);
    expect((await get(`${w.proofUrl}/roots/2`)).status).toBe(404);

    writeFileSync(join(data, 'epoch-2.csv'), csv(airdropRows(2)));
    await until(() => w.status().lastConfirmedEpoch === 2 || undefined, 'epoch 2 after the fix');
    const c = client(chain.url);
    expect(
      await c.readContract({ address: chain.registry, abi: registryAbi, functionName: 'rootOf', args: [2n] }),
    ).toBe(OzTree.of(airdropRows(2), TYPES).root);
    expect(await nonce()).toBe(2);
  });

  it('a lost database is rebuilt from the chain; a different root on chain is a conflict', async () => {
    chain = await startTestChain();
    const a = await start(airdrop, 'first.sqlite');
    await until(() => a.status().lastConfirmedEpoch >= 2 || undefined, 'epoch 2');
    await a.stop();
    const before = await latestEpoch(chain);

    // Same job, fresh database: the published epochs are recomputed, adopted and served; no repeat.
    const b = await start(airdrop, 'second.sqlite');
    await until(() => b.status().lastConfirmedEpoch >= before + 1 || undefined, 'the next epoch');
    const proof = await get(`${b.proofUrl}/proofs/1/0`);
    expect(proof.body.proof).toEqual(OzTree.of(airdropRows(1), TYPES).getProof(0));
    await b.stop();
    const c = client(chain.url);
    const logs = await c.getContractEvents({
      address: chain.registry,
      abi: registryAbi,
      eventName: 'RootUpdated',
      fromBlock: 0n,
    });
    expect(logs.map((l) => Number(l.args.epoch))).toEqual(
      Array.from({ length: logs.length }, (_, i) => i + 1),
    );

    // A job whose epoch 1 differs from what is on chain: nothing is sent, the conflict is recorded.
    const published = await latestEpoch(chain);
    const other: MerkleJob = { ...airdrop, compute: (e) => airdropRows(Number(e) + 1) };
    const d = await start(other, 'third.sqlite');
    const f = await until(() => d.status().lastFailure ?? undefined, 'the conflict');
    expect(f.code).toBe('TDK_WORKER_CONFLICT');
    expect(f.message).toMatch(
      /^epoch 1 on the registry has root 0x[0-9a-f]{64}, which this job does not reproduce/,
    );
    expect(await latestEpoch(chain)).toBe(published);
    expect((await get(`${d.proofUrl}/roots`)).body.roots).toEqual([]);
  });
});
