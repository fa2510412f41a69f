// Crash safety through the built CLI: `tdk worker run` is SIGKILLed at deterministic points
// (TDK_WORKER_CRASH_AT) and at random moments over 22 epochs, and restarted each time. The devnet
// lives in the test process, so it survives every kill. In the end each epoch is on chain exactly
// once, in order, with the roots and metadata of an uninterrupted in-process run, and the publisher
// sent exactly one successful transaction per epoch.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { StandardMerkleTree as OzTree } from '@openzeppelin/merkle-tree';
import { createPublicClient, encodeFunctionData, type Hex, http } from 'viem';
import { afterAll, describe, expect, it } from 'vitest';
import { fileJob, startWorker, WorkerStore } from '../../src/bridges/worker/index.js';
import { registryAbi } from '../../src/bridges/worker/registry.js';
import { rpc, startTestChain, type TestChain } from './support/registry.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(`${ROOT}dist/src/cli/worker.js`);
const EPOCHS = 22;
const TYPES = ['address', 'uint256'];

function rows(epoch: number): string[][] {
  return Array.from({ length: 2 + (epoch % 5) }, (_, i) => [
    `0x${(0xb000 + epoch * 16 + i).toString(16).padStart(40, '0')}`,
    String(epoch * 31 + i),
  ]);
}

/** mulberry32: reproducible "random" kill times; the seed is printed on failure. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dir = mkdtempSync(join(tmpdir(), 'tdk-worker-crash-'));
const chains: TestChain[] = [];
afterAll(async () => {
  await Promise.all(chains.map((c) => c.devnet.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function published(c: TestChain): Promise<{ epochs: number[]; roots: Hex[]; metadata: Hex[] }> {
  const client = createPublicClient({ transport: http(c.url) });
  const logs = await client.getContractEvents({
    address: c.registry,
    abi: registryAbi,
    eventName: 'RootUpdated',
    fromBlock: 0n,
  });
  return {
    epochs: logs.map((l) => Number(l.args.epoch)),
    roots: logs.map((l) => l.args.root!),
    metadata: logs.map((l) => l.args.metadataHash!),
  };
}

async function latestEpoch(c: TestChain): Promise<number> {
  const data = encodeFunctionData({ abi: registryAbi, functionName: 'latestEpoch' });
  return Number(BigInt(await rpc<Hex>(c.url, 'eth_call', [{ to: c.registry, data }, 'latest'])));
}

describe.skipIf(!built)('worker crash safety (built CLI, SIGKILL)', () => {
  it('publishes every epoch exactly once, in order, with the uninterrupted roots', async () => {
    const data = join(dir, 'data');
    const live = join(dir, 'live');
    const csv = (e: number) =>
      `account,amount\n${rows(e)
        .map((r) => r.join(','))
        .join('\n')}\n`;
    for (const d of [data, live]) {
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d);
    }
    // The reference sees all epochs at once; the crashing worker gets them a few at a time, so the
    // number of kills does not depend on how fast the machine is.
    for (let e = 1; e <= EPOCHS; e++) writeFileSync(join(data, `epoch-${e}.csv`), csv(e));
    for (let e = 1; e <= 6; e++) writeFileSync(join(live, `epoch-${e}.csv`), csv(e));

    // The reference: an uninterrupted in-process run on its own chain.
    const ref = await startTestChain();
    chains.push(ref);
    const w = await startWorker({
      rpcUrl: ref.url,
      registry: ref.registry,
      privateKey: ref.publisherKey,
      job: fileJob(data, TYPES, 'crash'),
      intervalMs: 20,
      confirmations: 1,
      dbPath: join(dir, 'ref.sqlite'),
      proofServer: false,
      tx: { pollMs: 20 },
    });
    const refEnd = Date.now() + 60_000;
    while ((await latestEpoch(ref)) < EPOCHS && Date.now() < refEnd)
      await new Promise((r) => setTimeout(r, 50));
    await w.stop();
    const expected = await published(ref);
    expect(expected.epochs).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(expected.roots).toEqual(expected.epochs.map((e) => OzTree.of(rows(e), TYPES).root));

    const chain = await startTestChain();
    chains.push(chain);
    const db = join(dir, 'crash.sqlite');
    const seed = Number(process.env.TDK_CRASH_SEED ?? 0x5eed);
    const random = prng(seed);
    const spawnWorker = (crashAt?: string): ChildProcess =>
      spawn(
        process.execPath,
        [
          'bin/tdk.js',
          'worker',
          'run',
          '--rpc',
          chain.url,
          '--registry',
          chain.registry,
          '--key-env',
          'TDK_TEST_KEY',
          '--data',
          live,
          '--types',
          'address,uint256',
          '--name',
          'crash',
          '--interval',
          '100ms',
          '--db',
          db,
          '--no-proofs',
          '--json-logs',
          '--replace-after',
          '30s',
        ],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, TDK_TEST_KEY: chain.publisherKey, TDK_WORKER_CRASH_AT: crashAt ?? '' },
        },
      );
    const exited = (child: ChildProcess) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
    const started = (child: ChildProcess) =>
      new Promise<void>((resolve) => {
        createInterface({ input: child.stdout! }).on('line', (l) => {
          if (l.includes('"worker.started"')) resolve();
        });
        child.once('exit', () => resolve());
      });

    // Deterministic kill points: the process kills itself there.
    const points = [
      'after-build:epoch=2',
      'before-send:epoch=3',
      'after-send:epoch=4',
      'after-receipt:epoch=5',
      'after-confirm:epoch=6',
    ];
    let kills = 0;
    for (const point of points) {
      const child = spawnWorker(point);
      const end = await exited(child);
      expect(end.signal, `${point}: ${end.code}`).toBe('SIGKILL');
      kills++;
    }
    expect(await latestEpoch(chain)).toBeGreaterThanOrEqual(6);

    // Random moments: two more epochs per run, killed 0.15-1.15 s after start-up.
    const deadline = Date.now() + 150_000;
    for (let e = 7; e <= EPOCHS; e += 2) {
      writeFileSync(join(live, `epoch-${e}.csv`), csv(e));
      if (e + 1 <= EPOCHS) writeFileSync(join(live, `epoch-${e + 1}.csv`), csv(e + 1));
      const child = spawnWorker();
      const end = exited(child);
      await started(child);
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 1000)));
      child.kill('SIGKILL');
      await end;
      kills++;
    }
    // A last run without kills finishes the data set and stops cleanly on SIGTERM.
    const child = spawnWorker();
    const end = exited(child);
    await started(child);
    const confirmedLocally = () => {
      const store = WorkerStore.open(db, { readonly: true });
      try {
        return store.confirmedEpochs().length;
      } finally {
        store.close();
      }
    };
    while (confirmedLocally() < EPOCHS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect((await end).code).toBe(0);

    const got = await published(chain);
    expect(got.epochs, `seed ${seed}, ${kills} kills`).toEqual(expected.epochs);
    expect(got.roots).toEqual(expected.roots);
    expect(got.metadata).toEqual(expected.metadata);
    expect(kills).toBe(5 + Math.ceil((EPOCHS - 6) / 2));

    // Exactly one successful transaction per epoch from the publisher, no reverted ones.
    const nonce = Number(await rpc<Hex>(chain.url, 'eth_getTransactionCount', [chain.publisher, 'latest']));
    expect(nonce, `seed ${seed}`).toBe(EPOCHS);

    // The local record agrees: every epoch confirmed with the chain's root.
    const status = await new Promise<string>((resolve) => {
      const s = spawn(process.execPath, ['bin/tdk.js', 'worker', 'status', '--db', db, '--json'], {
        cwd: ROOT,
      });
      let out = '';
      s.stdout.on('data', (d) => (out += d));
      s.once('exit', () => resolve(out));
    });
    const st = JSON.parse(status);
    expect(st.lastConfirmedEpoch).toBe(EPOCHS);
    expect(st.pending).toBeNull();
  }, 240_000);
});
