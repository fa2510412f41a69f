// Structured worker events: one JSON object per line (--json-logs) or one readable line each.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface WorkerLogEvent {
  readonly level: LogLevel;
  /** A stable event name, e.g. 'epoch.built', 'tx.sent', 'tx.replaced', 'epoch.confirmed'. */
  readonly event: string;
  readonly msg: string;
  readonly epoch?: number;
  readonly [field: string]: unknown;
}

export type LogSink = (event: WorkerLogEvent) => void;

function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** JSON lines with a timestamp first, for log shippers. */
export function jsonLogSink(write: (line: string) => void): LogSink {
  return (e) => write(`${JSON.stringify({ time: new Date().toISOString(), ...e }, (_k, v) => plain(v))}\n`);
}

/** `HH:MM:SS level event message key=value ...` for a terminal; debug events only if asked. */
export function readableLogSink(write: (line: string) => void, debug = false): LogSink {
  return (e) => {
    if (e.level === 'debug' && !debug) return;
    const { level, event, msg, ...fields } = e;
    const extra = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => plain(x))}`)
      .join(' ');
    const time = new Date().toISOString().slice(11, 19);
    write(`${time} ${level.padEnd(5)} ${event.padEnd(18)} ${msg}${extra ? `  ${extra}` : ''}\n`);
  };
}
