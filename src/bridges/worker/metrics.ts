// The worker's Prometheus metrics, rendered in the text exposition format (version 0.0.4). Counters
// live in memory and restart at zero with the process, as Prometheus expects of counters.

/** Upper bounds (seconds) of the publication-latency histogram: data computed -> root confirmed. */
const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export class WorkerMetrics {
  epochsPublished = 0;
  lastEpoch = 0;
  txAttempts = 0;
  txReplacements = 0;
  rpcErrors = 0;
  queueDepth = 0;
  /** Failed batches by error code (bad data, reverts, ...). */
  readonly batchFailures = new Map<string, number>();
  lastFailureEpoch = 0;
  /** Confirmed epochs the chain later lost (reorganisations, reverted devnets). */
  epochsRolledBack = 0;
  private readonly latencyCounts = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  private latencyCount = 0;
  private latencySum = 0;

  observeLatency(seconds: number): void {
    this.latencyCount++;
    this.latencySum += seconds;
    LATENCY_BUCKETS.forEach((b, i) => {
      if (seconds <= b) this.latencyCounts[i]!++;
    });
  }

  batchFailed(code: string, epoch: number): void {
    this.batchFailures.set(code, (this.batchFailures.get(code) ?? 0) + 1);
    this.lastFailureEpoch = epoch;
  }

  render(): string {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of samples) out.push(`${name}${labels} ${v}`);
    };
    metric(
      'tdk_worker_epochs_published_total',
      'counter',
      'Epoch roots confirmed on chain by this process.',
      [['', this.epochsPublished]],
    );
    metric('tdk_worker_last_epoch', 'gauge', 'Latest epoch whose root is confirmed on chain.', [
      ['', this.lastEpoch],
    ]);
    out.push(
      '# HELP tdk_worker_publication_latency_seconds From the epoch data computed to its root confirmed.',
      '# TYPE tdk_worker_publication_latency_seconds histogram',
    );
    LATENCY_BUCKETS.forEach((b, i) => {
      out.push(`tdk_worker_publication_latency_seconds_bucket{le="${b}"} ${this.latencyCounts[i]}`);
    });
    out.push(
      `tdk_worker_publication_latency_seconds_bucket{le="+Inf"} ${this.latencyCount}`,
      `tdk_worker_publication_latency_seconds_sum ${this.latencySum}`,
      `tdk_worker_publication_latency_seconds_count ${this.latencyCount}`,
    );
    metric('tdk_worker_tx_attempts_total', 'counter', 'Signed transactions (first sends and replacements).', [
      ['', this.txAttempts],
    ]);
    metric(
      'tdk_worker_tx_replacements_total',
      'counter',
      'Stuck transactions replaced with higher fees at the same nonce.',
      [['', this.txReplacements]],
    );
    metric('tdk_worker_rpc_errors_total', 'counter', 'Failed JSON-RPC requests (transport or node errors).', [
      ['', this.rpcErrors],
    ]);
    metric('tdk_worker_queue_depth', 'gauge', 'Epochs due but not yet confirmed (in flight plus waiting).', [
      ['', this.queueDepth],
    ]);
    metric(
      'tdk_worker_batch_failures_total',
      'counter',
      'Epoch attempts that failed (bad data, reverted or conflicting publication), by error code.',
      [...this.batchFailures].map(([code, n]) => [`{code="${code}"}`, n]),
    );
    metric('tdk_worker_last_failure_epoch', 'gauge', 'Epoch of the latest failed attempt (0: none).', [
      ['', this.lastFailureEpoch],
    ]);
    metric(
      'tdk_worker_epochs_rolled_back_total',
      'counter',
      'Confirmed epochs the chain later lost (reorganisation or reverted devnet) and that were published again.',
      [['', this.epochsRolledBack]],
    );
    return `${out.join('\n')}\n`;
  }
}
