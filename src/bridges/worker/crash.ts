// Deterministic kill points for crash tests: TDK_WORKER_CRASH_AT=<point>[:epoch=<n>] (several
// separated by ';') makes the process SIGKILL itself there, as a power cut would. Points:
// after-build (epoch stored, nothing signed), before-send (attempt recorded, not broadcast),
// after-send (broadcast returned), after-receipt (mined, depth not reached), after-confirm.
export type CrashPoint = 'after-build' | 'before-send' | 'after-send' | 'after-receipt' | 'after-confirm';

interface Rule {
  readonly point: string;
  readonly epoch?: number;
}

const rules: readonly Rule[] = (process.env.TDK_WORKER_CRASH_AT ?? '')
  .split(';')
  .map((s) => s.trim())
  .filter((s) => s !== '')
  .map((s) => {
    const [point, cond] = s.split(':');
    const m = cond?.match(/^epoch=(\d+)$/);
    return { point: point!, epoch: m ? Number(m[1]) : undefined };
  });

export function crashPoint(point: CrashPoint, epoch: number): void {
  if (rules.some((r) => r.point === point && (r.epoch === undefined || r.epoch === epoch))) {
    process.kill(process.pid, 'SIGKILL');
  }
}
