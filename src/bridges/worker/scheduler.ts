// Runs one publication cycle per interval. A cycle that overruns its interval leaves the missed
// ticks queued (bounded), and they run back to back afterwards; a cycle that fails or finds no
// data drops the queue, so a failing batch is retried once per interval, never in a tight loop.
import type { LogSink } from './log.js';
import type { WorkerMetrics } from './metrics.js';
import type { CycleResult, Publisher } from './publisher.js';

const MAX_BACKLOG = 100;

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private due = 0;
  private running: Promise<void> | undefined;
  private stopped = false;
  lastCycle: { readonly at: number; readonly result: CycleResult } | undefined;

  constructor(
    private readonly publisher: Publisher,
    private readonly intervalMs: number,
    private readonly metrics: WorkerMetrics,
    private readonly log: LogSink,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.tick();
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.due < MAX_BACKLOG) this.due++;
    else
      this.log({
        level: 'warn',
        event: 'queue.full',
        msg: `${MAX_BACKLOG} epochs already due; tick dropped`,
      });
    this.updateDepth();
    if (!this.running) this.running = this.drain().finally(() => (this.running = undefined));
  }

  private updateDepth(): void {
    this.metrics.queueDepth = this.due + (this.publisher.inFlight !== undefined ? 1 : 0);
  }

  private async drain(): Promise<void> {
    while (this.due > 0 && !this.stopped) {
      this.due--;
      this.updateDepth();
      let result: CycleResult;
      try {
        result = await this.publisher.runOnce();
      } catch (err) {
        // A bug, not a bad batch: log it and carry on at the next interval.
        this.log({ level: 'error', event: 'cycle.crashed', msg: (err as Error).stack ?? String(err) });
        result = 'failed';
      }
      this.lastCycle = { at: Date.now(), result };
      if (result !== 'published') this.due = 0;
      this.updateDepth();
    }
  }

  /** Stops ticking and waits for the cycle in progress (its wait loops end on the abort signal). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
