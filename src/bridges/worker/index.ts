// The Merkle-committed off-chain worker: per interval, run a job for the next epoch, store its tree,
// publish its root to a MerkleRootRegistry, and serve proofs once the root is confirmed.
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { WorkerError } from './errors.js';
import type { MerkleJob } from './job.js';
import type { LogSink, WorkerLogEvent } from './log.js';
import { WorkerMetrics } from './metrics.js';
import { type ProofServer, type ProofServerOptions, startProofServer } from './proof-server.js';
import { Publisher } from './publisher.js';
import { Registry } from './registry.js';
import { countingRpc, type Eip1193Like, httpRpc, providerRpc, type Rpc, RpcError } from './rpc.js';
import { Scheduler } from './scheduler.js';
import { sleep } from './sleep.js';
import { type FailureRecord, WorkerStore } from './store.js';
import { DEFAULT_TX_POLICY, TxManager, type TxPolicy } from './tx-manager.js';

export { WorkerError, type WorkerErrorCode } from './errors.js';
export { buildEpoch, EpochNotReady, epochMetadata, fileJob, type MerkleJob, metadataHashOf } from './job.js';
export { jsonLogSink, type LogSink, readableLogSink, type WorkerLogEvent } from './log.js';
export { registryAbi } from './registry.js';
export { type StoreIdentity, WorkerStore } from './store.js';
export { DEFAULT_TX_POLICY, type TxPolicy } from './tx-manager.js';

export interface WorkerOptions {
  readonly rpcUrl?: string;
  readonly provider?: Eip1193Like;
  readonly registry: Hex;
  readonly privateKey: Hex;
  readonly job: MerkleJob;
  readonly intervalMs: number;
  /** Blocks deep (1 = mined) before a root counts as published and its proofs are served. */
  readonly confirmations: number;
  readonly dbPath: string;
  /** Defaults to 127.0.0.1:8550; false for none. */
  readonly proofServer?: ProofServerOptions | false;
  readonly log?: (event: WorkerLogEvent) => void;
  /** Replacement, rebroadcast and fee-cap policy; defaults in DEFAULT_TX_POLICY. */
  readonly tx?: Partial<TxPolicy>;
  /** Per-request timeout of --rpc (ms). */
  readonly rpcTimeoutMs?: number;
}

export interface WorkerStatus {
  readonly chainId: number;
  readonly registry: Hex;
  readonly publisher: Hex;
  readonly job: string;
  readonly lastConfirmedEpoch: number;
  readonly inFlightEpoch: number | null;
  readonly lastCycle: { readonly at: number; readonly result: string } | null;
  readonly lastFailure: FailureRecord | null;
  readonly failures: number;
}

export interface Worker {
  stop(): Promise<void>;
  readonly proofUrl?: string;
  status(): WorkerStatus;
}

/** Retries a start-up read a few times: a worker started together with its node may be early. */
async function startupCall<T>(what: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await what();
    } catch (err) {
      if (!(err instanceof RpcError) || i >= 5) throw err;
      await sleep(200 * 2 ** i);
    }
  }
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(options.registry))
    throw new WorkerError(`--registry is not an address: ${options.registry}`, 'TDK_WORKER_INPUT');
  if (!/^0x[0-9a-fA-F]{64}$/.test(options.privateKey))
    throw new WorkerError('the private key must be 32 bytes of hex (0x + 64 digits)', 'TDK_WORKER_INPUT');
  if (!Number.isInteger(options.confirmations) || options.confirmations < 1)
    throw new WorkerError('confirmations must be an integer >= 1 (1 = mined)', 'TDK_WORKER_INPUT');
  if (!(options.intervalMs >= 10))
    throw new WorkerError('the interval must be at least 10 ms', 'TDK_WORKER_INPUT');
  const transport = options.provider
    ? providerRpc(options.provider)
    : options.rpcUrl
      ? httpRpc(options.rpcUrl, options.rpcTimeoutMs)
      : undefined;
  if (!transport) throw new WorkerError('give the worker a node: rpcUrl or provider', 'TDK_WORKER_INPUT');
  const log: LogSink = options.log ?? (() => {});
  const metrics = new WorkerMetrics();
  const rpc: Rpc = countingRpc(transport, () => metrics.rpcErrors++);
  const account = privateKeyToAccount(options.privateKey);
  const registry = new Registry(rpc, options.registry);
  const chainId = Number(await startupCall(() => rpc.request<Hex>('eth_chainId')));
  if (!(await startupCall(() => registry.hasCode())))
    throw new WorkerError(
      `no contract at ${options.registry} on chain ${chainId}`,
      'TDK_WORKER_INPUT',
      'deploy contracts/bridges/MerkleRootRegistry.sol and pass its address as --registry',
    );
  const store = WorkerStore.open(options.dbPath);
  try {
    store.bind({
      chainId,
      registry: options.registry,
      publisher: account.address,
      job: options.job.name,
      leafEncoding: options.job.leafEncoding.join(','),
    });
  } catch (err) {
    store.close();
    throw err;
  }
  const confirmed = store.confirmedEpochs();
  metrics.lastEpoch = confirmed.at(-1)?.epoch ?? 0;
  const abort = new AbortController();
  const policy: TxPolicy = {
    ...DEFAULT_TX_POLICY,
    pollMs: Math.min(DEFAULT_TX_POLICY.pollMs, options.intervalMs),
    ...options.tx,
  };
  const tx = new TxManager(rpc, account, chainId, store, metrics, log, policy, abort.signal);
  const publisher = new Publisher({
    rpc,
    registry,
    store,
    tx,
    job: options.job,
    confirmations: options.confirmations,
    pollMs: policy.pollMs,
    metrics,
    log,
    signal: abort.signal,
  });
  const scheduler = new Scheduler(publisher, options.intervalMs, metrics, log);
  const status = (): WorkerStatus => {
    const failures = store.failures(1);
    return {
      chainId,
      registry: options.registry,
      publisher: account.address,
      job: options.job.name,
      lastConfirmedEpoch: store.confirmedEpochs().at(-1)?.epoch ?? 0,
      inFlightEpoch: publisher.inFlight ?? null,
      lastCycle: scheduler.lastCycle ?? null,
      lastFailure: failures[0] ?? null,
      failures: store.failureCount(),
    };
  };
  let server: ProofServer | undefined;
  if (options.proofServer !== false) {
    try {
      server = await startProofServer(
        {
          store,
          metrics,
          registry: options.registry,
          chainId,
          health: () => {
            const s = status();
            return {
              lastConfirmedEpoch: s.lastConfirmedEpoch,
              inFlightEpoch: s.inFlightEpoch,
              lastCycle: s.lastCycle,
            };
          },
        },
        options.proofServer ?? {},
      );
    } catch (err) {
      store.close();
      throw err;
    }
  }
  log({
    level: 'info',
    event: 'worker.started',
    msg: `job ${options.job.name} on chain ${chainId}, registry ${options.registry}`,
    publisher: account.address,
    lastConfirmedEpoch: metrics.lastEpoch,
    ...(server ? { proofUrl: server.url } : {}),
  });
  scheduler.start();
  let stopping: Promise<void> | undefined;
  return {
    proofUrl: server?.url,
    status,
    stop() {
      stopping ??= (async () => {
        abort.abort();
        await scheduler.stop();
        await server?.close();
        store.close();
        log({ level: 'info', event: 'worker.stopped', msg: 'stopped' });
      })();
      return stopping;
    },
  };
}
