// The chain loses confirmed roots (a devnet reverted to a snapshot: what a deep reorganisation looks
// like to the worker): the worker notices the registry is behind what it confirmed, stops serving
// the lost epochs, publishes the same roots again at the chain's next epochs, and nothing is
// skipped or duplicated.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type MerkleJob,
  startWorker,
  type Worker,
  type WorkerLogEvent,
} from '../../src/bridges/worker/index.js';
import { rootUpdatedEvents, rpc, startTestChain, type TestChain, waitFor } from './support/registry.js';

const job: MerkleJob = {
  name: 'reorg',
  leafEncoding: ['address', 'uint256'],
  compute: (e) =>
    Array.from({ length: 3 }, (_, i) => [
      `0x${(0xd000 + Number(e) * 4 + i).toString(16).padStart(40, '0')}`,
      String(i + 1),
    ]),
};

const dir = mkdtempSync(join(tmpdir(), 'tdk-worker-reorg-'));
let chain: TestChain | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop();
  await chain?.devnet.close();
  worker = chain = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('worker after the chain loses confirmed roots', () => {
  it('republishes the lost epochs with the same roots and the same signed transactions, none skipped or doubled', async () => {
    chain = await startTestChain();
    const log: WorkerLogEvent[] = [];
    worker = await startWorker({
      rpcUrl: chain.url,
      registry: chain.registry,
      privateKey: chain.publisherKey,
      job,
      intervalMs: 200,
      confirmations: 1,
      dbPath: join(dir, 'reorg.sqlite'),
      proofServer: { port: 0 },
      log: (e) => log.push(e),
      tx: { pollMs: 20 },
    });
    await waitFor(() => worker!.status().lastConfirmedEpoch >= 2, 'epoch 2');
    const snapshot = await rpc<string>(chain.url, 'evm_snapshot', []);
    await waitFor(() => worker!.status().lastConfirmedEpoch >= 4, 'epoch 4');
    const roots = async () => {
      const doc = (await (await fetch(`${worker!.proofUrl}/roots`)).json()) as {
        roots: { epoch: number; root: string }[];
      };
      return doc.roots.map((r) => [r.epoch, r.root] as const);
    };
    const before = await roots();
    const landedBy = async () =>
      new Map(
        (await rootUpdatedEvents(chain!)).map((l) => [Number(l.args.epoch), l.transactionHash] as const),
      );
    const txBefore = await landedBy();
    // Roll the chain back to just after epoch 2: epochs 3 and 4 are gone from the registry.
    expect(await rpc(chain.url, 'evm_revert', [snapshot])).toBe(true);
    await waitFor(() => log.some((e) => e.event === 'chain.rolled-back'), 'the roll-back to be noticed');
    const notice = log.find((e) => e.event === 'chain.rolled-back')!;
    expect(notice.epoch).toBe(3);
    await waitFor(() => worker!.status().lastConfirmedEpoch >= 5, 'epoch 5 after the roll-back');
    const after = new Map(await roots());
    for (const [epoch, root] of before) expect(after.get(epoch)).toBe(root);
    // The signed transactions that had landed 3 and 4 were broadcast again, as they were.
    const txAfter = await landedBy();
    expect([txAfter.get(3), txAfter.get(4)]).toEqual([txBefore.get(3), txBefore.get(4)]);
    const metrics = await (await fetch(`${worker.proofUrl}/metrics`)).text();
    expect(metrics).toMatch(/^tdk_worker_epochs_rolled_back_total 2$/m);
    await worker.stop();

    // The registry holds each epoch once, in order, with the roots computed before the roll-back.
    const onChain = await rootUpdatedEvents(chain);
    expect(onChain.map((l) => Number(l.args.epoch))).toEqual(onChain.map((_, i) => i + 1));
    const rootOnChain = new Map(onChain.map((l) => [Number(l.args.epoch), l.args.root as string]));
    for (const [epoch, root] of before) expect(rootOnChain.get(epoch)).toBe(root);
  }, 120_000);
});
