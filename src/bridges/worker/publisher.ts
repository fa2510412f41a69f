// One publication cycle: reconcile with the chain (its latestEpoch is the source of truth), build
// the next epoch's tree, store it, then get updateRoot(epoch, root, metadataHash) confirmed. The
// contract accepts only latestEpoch + 1, so a retry after any crash can neither repeat nor skip an
// epoch; the local record makes the retry send the same transaction.
import type { Hex } from 'viem';
import { crashPoint } from './crash.js';
import { WorkerError } from './errors.js';
import { type BuiltEpoch, buildEpoch, EpochNotReady, type MerkleJob } from './job.js';
import type { LogSink } from './log.js';
import type { WorkerMetrics } from './metrics.js';
import { encodeUpdateRoot, type Registry } from './registry.js';
import { type Rpc, RpcError } from './rpc.js';
import { sleep } from './sleep.js';
import type { EpochRecord, WorkerStore } from './store.js';
import type { TxManager } from './tx-manager.js';

export type CycleResult = 'published' | 'not-ready' | 'failed' | 'stopped';

export interface PublisherDeps {
  readonly rpc: Rpc;
  readonly registry: Registry;
  readonly store: WorkerStore;
  readonly tx: TxManager;
  readonly job: MerkleJob;
  readonly confirmations: number;
  readonly pollMs: number;
  readonly metrics: WorkerMetrics;
  readonly log: LogSink;
  readonly signal: AbortSignal;
}

export class Publisher {
  /** The epoch being published right now, if any. */
  inFlight: number | undefined;
  private waitingFor: number | undefined;

  constructor(private readonly d: PublisherDeps) {}

  /** Publishes the next epoch if its data is ready; never throws for a bad batch or a node error. */
  async runOnce(): Promise<CycleResult> {
    let epoch = 0;
    try {
      const onchain = await this.d.registry.latestEpoch();
      this.noticeRollBack(onchain);
      if (!(await this.reconcile(onchain))) return 'stopped';
      epoch = onchain + 1;
      this.inFlight = epoch;
      const rec = this.d.store.epoch(epoch) ?? (await this.build(epoch));
      if (!rec) return 'not-ready';
      return await this.publish(rec);
    } catch (err) {
      if (err instanceof RpcError) {
        this.d.log({ level: 'warn', event: 'cycle.rpc-error', msg: err.message, epoch });
        return 'failed';
      }
      if (err instanceof WorkerError) {
        this.fail(epoch, err);
        return 'failed';
      }
      throw err;
    } finally {
      this.inFlight = undefined;
    }
  }

  private fail(epoch: number, err: WorkerError): void {
    this.d.store.addFailure({ epoch, at: Date.now(), code: err.code, message: err.message });
    this.d.metrics.batchFailed(err.code, epoch);
    this.d.log({
      level: 'error',
      event: 'epoch.failed',
      msg: err.message,
      epoch,
      code: err.code,
      ...(err.hint ? { hint: err.hint } : {}),
    });
  }

  /** Computes and stores the epoch; undefined if the job's data is not there yet. */
  private async build(epoch: number): Promise<EpochRecord | undefined> {
    let built: Awaited<ReturnType<typeof buildEpoch>>;
    try {
      built = await buildEpoch(this.d.job, epoch);
    } catch (err) {
      if (err instanceof EpochNotReady) {
        // Said once per epoch at info; the repeats while waiting are debug.
        const level = this.waitingFor === epoch ? 'debug' : 'info';
        this.waitingFor = epoch;
        this.d.log({ level, event: 'epoch.not-ready', msg: err.message, epoch });
        return undefined;
      }
      throw err;
    }
    this.storeBuilt(epoch, built);
    this.d.log({
      level: 'info',
      event: 'epoch.built',
      msg: `${built.tree.length} leaves`,
      epoch,
      root: built.root,
      metadataHash: built.metadataHash,
    });
    crashPoint('after-build', epoch);
    return this.d.store.epoch(epoch);
  }

  /** Records a built epoch (tree dump, root, metadata) before anything about it is sent. */
  private storeBuilt(epoch: number, built: BuiltEpoch): void {
    this.d.store.putEpoch({
      epoch,
      root: built.root,
      metadataHash: built.metadataHash,
      metadata: built.metadata,
      leafCount: built.tree.length,
      dump: JSON.stringify(built.tree.dump()),
      builtAt: Date.now(),
    });
  }

  private async publish(rec: EpochRecord): Promise<CycleResult> {
    const { epoch } = rec;
    const data = encodeUpdateRoot(epoch, rec.root, rec.metadataHash);
    const result = await this.d.tx.land(epoch, this.d.registry.address, data, this.d.confirmations);
    if (!result) return 'stopped';
    if (result.kind === 'confirmed') {
      this.confirmed(rec, result.hash, result.blockNumber);
      return 'published';
    }
    // The nonce is used up without our root landing (reverted, or another transaction took it).
    this.d.store.closeAttempts(
      epoch,
      result.kind === 'reverted' ? 'reverted' : 'abandoned',
      result.kind === 'reverted' ? result.hash : undefined,
    );
    const onchain = await this.d.registry.latestEpoch();
    if (onchain >= epoch) {
      // Published after all (e.g. by an attempt of an earlier run): reconcile checks the root.
      return (await this.reconcile(onchain)) ? 'published' : 'stopped';
    }
    throw new WorkerError(
      result.kind === 'reverted'
        ? `updateRoot(${epoch}) reverted in block ${result.blockNumber}${result.reason ? `: ${result.reason}` : ''}`
        : `the nonce of epoch ${epoch}'s transaction was used by another transaction`,
      'TDK_WORKER_REVERT',
      result.kind === 'reverted'
        ? 'check that the key holds PUBLISHER_ROLE; the epoch is retried at the next interval'
        : 'run one worker per publisher key; the epoch is retried at the next interval',
    );
  }

  private confirmed(rec: EpochRecord, hash: Hex, blockNumber: number): void {
    const now = Date.now();
    this.d.store.confirm(rec.epoch, hash, blockNumber, now);
    this.d.metrics.epochsPublished++;
    this.d.metrics.lastEpoch = Math.max(this.d.metrics.lastEpoch, rec.epoch);
    this.d.metrics.observeLatency((now - rec.builtAt) / 1000);
    this.d.log({
      level: 'info',
      event: 'epoch.confirmed',
      msg: `root published in block ${blockNumber}`,
      epoch: rec.epoch,
      root: rec.root,
      hash,
      blockNumber,
    });
    crashPoint('after-confirm', rec.epoch);
  }

  /** The registry is behind what this worker confirmed: serve nothing past it and publish again. */
  private noticeRollBack(onchain: number): void {
    const last = this.d.store.confirmedEpochs().at(-1)?.epoch ?? 0;
    if (onchain >= last) return;
    this.d.store.rollBack(onchain + 1);
    this.d.metrics.epochsRolledBack += last - onchain;
    this.d.metrics.lastEpoch = onchain;
    this.d.log({
      level: 'warn',
      event: 'chain.rolled-back',
      msg: `the registry is at epoch ${onchain} but epochs up to ${last} were confirmed: publishing ${onchain + 1}..${last} again`,
      epoch: onchain + 1,
    });
  }

  /**
   * Marks every epoch up to `onchain` confirmed locally once its publication is deep enough,
   * after checking the chain holds this worker's root. Returns false if the worker stopped.
   */
  private async reconcile(onchain: number): Promise<boolean> {
    const confirmed = this.d.store.confirmedEpochs();
    const first = (confirmed.at(-1)?.epoch ?? 0) + 1;
    for (let e = first; e <= onchain; e++) {
      const chainRoot = await this.d.registry.rootOf(e);
      let rec = this.d.store.epoch(e);
      if (!rec) {
        // Published by a run whose record is gone: recompute (the job is deterministic) to compare.
        const built = await buildEpoch(this.d.job, e).catch(() => undefined);
        if (built?.root === chainRoot) {
          this.storeBuilt(e, built);
          rec = this.d.store.epoch(e)!;
        }
      }
      if (!rec || rec.root.toLowerCase() !== chainRoot.toLowerCase()) {
        throw new WorkerError(
          `epoch ${e} on the registry has root ${chainRoot}, ${rec ? `but this worker computed ${rec.root}` : 'which this job does not reproduce'}`,
          'TDK_WORKER_CONFLICT',
          'another publisher writes to this registry, or the job is not deterministic; use a fresh registry or the database of the run that published it',
        );
      }
      const landing = await this.landing(e);
      if (!landing) {
        throw new WorkerError(
          `epoch ${e} is on chain but its RootUpdated log was not found`,
          'TDK_WORKER_RPC',
          'the node may prune logs; use an archive node',
        );
      }
      // Wait for depth: a root is served only once its transaction is confirmed.
      for (;;) {
        const head = Number(await this.d.rpc.request<Hex>('eth_blockNumber'));
        if (head - landing.blockNumber + 1 >= this.d.confirmations) break;
        if (this.d.signal.aborted) return false;
        await sleep(this.d.pollMs, this.d.signal);
      }
      if (this.d.signal.aborted) return false;
      this.d.log({ level: 'info', event: 'epoch.reconciled', msg: 'found on chain', epoch: e });
      this.confirmed(rec, landing.txHash, landing.blockNumber);
    }
    return true;
  }

  /** Where epoch e's root landed: a recorded attempt's receipt, else the registry's event log. */
  private async landing(e: number): Promise<{ blockNumber: number; txHash: Hex } | undefined> {
    for (const a of this.d.store.attempts(e).reverse()) {
      const r = await this.d.rpc.request<{ blockNumber: Hex; status: Hex } | null>(
        'eth_getTransactionReceipt',
        [a.hash],
      );
      if (r?.blockNumber && r.status === '0x1') return { blockNumber: Number(r.blockNumber), txHash: a.hash };
    }
    return this.d.registry.publicationBlock(e);
  }
}
