// `tdk worker run|status`: the Merkle-root worker over a data file or a directory of epoch files.
import type { Command } from 'commander';
import type { Hex } from 'viem';
import { parseTypes } from '../bridges/merkle/data.js';
import {
  fileJob,
  jsonLogSink,
  readableLogSink,
  startWorker,
  WorkerError,
  WorkerStore,
} from '../bridges/worker/index.js';
import { parseSmallUint } from './args.js';
import { writeJson } from './output.js';
import { untilSignal } from './signals.js';

interface RunOptions {
  rpc: string;
  registry: string;
  key?: string;
  keyEnv?: string;
  data: string;
  types: string;
  name: string;
  interval: string;
  confirmations: string;
  db: string;
  host: string;
  port: string;
  proofs: boolean;
  jsonLogs?: boolean;
  replaceAfter: string;
  maxFeeGwei: string;
}

interface StatusOptions {
  db: string;
  json?: boolean;
  limit: string;
}

export function registerWorkerCommands(program: Command): void {
  const worker = program
    .command('worker')
    .description(
      'publish the Merkle root of each epoch of a data set to a MerkleRootRegistry and serve proofs',
    );
  worker
    .command('run')
    .description('compute, publish and serve epochs until Ctrl-C (state survives restarts in --db)')
    .requiredOption('--rpc <url>', 'JSON-RPC endpoint of the chain')
    .requiredOption('--registry <address>', 'the MerkleRootRegistry to publish to')
    .option('--key <hex>', 'publisher private key (visible in `ps`: prefer --key-env)')
    .option('--key-env <var>', 'name of the environment variable holding the publisher private key')
    .requiredOption(
      '--data <path>',
      'a CSV/JSON file re-read every epoch, or a directory of epoch-<N>.csv|json',
    )
    .requiredOption('--types <types>', 'leaf encoding, e.g. address,uint256')
    .option('--name <job>', 'job name, part of the published metadata', 'file')
    .option('--interval <duration>', 'time between epochs: 500ms, 5s, 2m', '5s')
    .option('--confirmations <n>', 'blocks deep before a root counts as published (1 = mined)', '1')
    .option('--db <file>', 'SQLite state file', 'worker.sqlite')
    .option('--host <host>', 'proof server interface', '127.0.0.1')
    .option('-p, --port <port>', 'proof server port (0 picks a free one)', '8550')
    .option('--no-proofs', 'do not start the proof server')
    .option('--json-logs', 'log JSON lines on stdout instead of readable lines on stderr')
    .option('--replace-after <duration>', 'replace a transaction not mined after this long', '60s')
    .option('--max-fee-gwei <gwei>', 'never sign a maxFeePerGas above this', '500')
    .action(async (opts: RunOptions) => {
      process.exitCode = await runWorker(opts);
    });
  worker
    .command('status')
    .description('show the epochs, pending transaction and failures recorded in a worker database')
    .option('--db <file>', 'SQLite state file', 'worker.sqlite')
    .option('--limit <n>', 'how many recent epochs and failures to show', '10')
    .option('--json', 'print the status as JSON')
    .action((opts: StatusOptions) => {
      runStatus(opts);
    });
}

/** "500ms", "5s", "2m", "1h" or a bare number of seconds, in ms. */
export function parseDuration(name: string, s: string): number {
  const m = s.trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m?.[2] ?? 's') as 'ms'];
  const ms = m ? Math.round(Number(m[1]) * unit) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 10 || ms > 7 * 86_400_000) {
    throw new WorkerError(
      `--${name} is not a duration between 10ms and 7 days: ${s}`,
      'TDK_WORKER_INPUT',
      'e.g. 500ms, 5s, 2m',
    );
  }
  return ms;
}

function privateKey(opts: RunOptions): Hex {
  if ((opts.key === undefined) === (opts.keyEnv === undefined))
    throw new WorkerError('give exactly one of --key and --key-env', 'TDK_WORKER_INPUT');
  const raw = opts.key ?? process.env[opts.keyEnv!];
  if (raw === undefined)
    throw new WorkerError(
      `environment variable ${opts.keyEnv} is not set`,
      'TDK_WORKER_INPUT',
      `export ${opts.keyEnv}=0x…`,
    );
  const key = raw.trim().startsWith('0x') ? raw.trim() : `0x${raw.trim()}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key))
    throw new WorkerError('the private key must be 32 bytes of hex', 'TDK_WORKER_INPUT');
  return key as Hex;
}

async function runWorker(opts: RunOptions): Promise<number> {
  const types = parseTypes(opts.types);
  const confirmations = parseSmallUint('confirmations', opts.confirmations, 1000);
  if (confirmations < 1) throw new WorkerError('--confirmations must be at least 1', 'TDK_WORKER_INPUT');
  const gwei = Number(opts.maxFeeGwei);
  if (!Number.isFinite(gwei) || gwei <= 0)
    throw new WorkerError(`--max-fee-gwei must be a positive number: ${opts.maxFeeGwei}`, 'TDK_WORKER_INPUT');
  const log = opts.jsonLogs
    ? jsonLogSink((l) => process.stdout.write(l))
    : readableLogSink((l) => process.stderr.write(l));
  // Listen before starting, so a Ctrl-C during start-up still stops cleanly once it is up.
  const stopRequested = untilSignal();
  const worker = await startWorker({
    rpcUrl: opts.rpc,
    registry: opts.registry as Hex,
    privateKey: privateKey(opts),
    job: fileJob(opts.data, types, opts.name),
    intervalMs: parseDuration('interval', opts.interval),
    confirmations,
    dbPath: opts.db,
    proofServer: opts.proofs ? { host: opts.host, port: parseSmallUint('port', opts.port, 65535) } : false,
    log,
    tx: {
      replaceAfterMs: parseDuration('replace-after', opts.replaceAfter),
      maxFeePerGas: BigInt(Math.round(gwei * 1e9)),
    },
  });
  await stopRequested;
  await worker.stop();
  return 0;
}

function runStatus(opts: StatusOptions): void {
  const limit = parseSmallUint('limit', opts.limit, 100_000);
  const store = WorkerStore.open(opts.db, { readonly: true });
  try {
    const epochs = store.epochs();
    const confirmed = epochs.filter((e) => e.status === 'confirmed');
    const pending = epochs.find((e) => e.status !== 'confirmed');
    const status = {
      ...store.identity(),
      lastConfirmedEpoch: confirmed.at(-1)?.epoch ?? 0,
      confirmedEpochs: confirmed.length,
      recent: confirmed.slice(-limit).map((e) => ({
        epoch: e.epoch,
        root: e.root,
        leafCount: e.leafCount,
        txHash: e.txHash,
        blockNumber: e.blockNumber,
        confirmedAt: e.confirmedAt === null ? null : new Date(e.confirmedAt).toISOString(),
      })),
      pending: pending
        ? {
            epoch: pending.epoch,
            root: pending.root,
            leafCount: pending.leafCount,
            attempts: store.attempts(pending.epoch).map((a) => ({
              attempt: a.attempt,
              nonce: a.nonce,
              hash: a.hash,
              maxFeePerGas: a.maxFeePerGas.toString(),
              maxPriorityFeePerGas: a.maxPriorityFeePerGas.toString(),
              outcome: a.outcome,
            })),
          }
        : null,
      failures: store.failureCount(),
      recentFailures: store.failures(limit).map((f) => ({ ...f, at: new Date(f.at).toISOString() })),
    };
    if (opts.json) {
      writeJson(status);
      return;
    }
    const lines = [
      `registry      ${status.registry ?? '?'} (chain ${status.chainId ?? '?'})`,
      `publisher     ${status.publisher ?? '?'}`,
      `job           ${status.job ?? '?'} (${status.leafEncoding ?? '?'})`,
      `last epoch    ${status.lastConfirmedEpoch} (${status.confirmedEpochs} confirmed)`,
    ];
    for (const e of status.recent)
      lines.push(
        `  epoch ${e.epoch}  ${e.root}  ${e.leafCount} leaves  block ${e.blockNumber}  tx ${e.txHash}`,
      );
    if (status.pending) {
      lines.push(`pending       epoch ${status.pending.epoch} ${status.pending.root}`);
      for (const a of status.pending.attempts)
        lines.push(
          `  attempt ${a.attempt} nonce ${a.nonce} ${a.hash} maxFee ${a.maxFeePerGas} tip ${a.maxPriorityFeePerGas} ${a.outcome ?? 'live'}`,
        );
    }
    lines.push(`failures      ${status.failures}`);
    for (const f of status.recentFailures) lines.push(`  ${f.at} epoch ${f.epoch} ${f.code}: ${f.message}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    store.close();
  }
}
