// A child process timed by wall clock and by CPU: bash's `time` reports the child's user + system
// time over all its threads, which spawnSync does not.
import { type SpawnSyncOptionsWithStringEncoding, spawnSync } from 'node:child_process';

export interface TimedRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly cpuMs: number;
}

export function timedRun(
  command: string,
  args: readonly string[],
  options: Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'> = {},
): TimedRun {
  const started = performance.now();
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="cpu %U %S"; time "$@"', 'bash', command, ...args], {
    maxBuffer: 256 * 1024 * 1024,
    ...options,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  const cpu = /cpu (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr);
  const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms, cpuMs };
}
