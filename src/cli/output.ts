// Shared printing rules: one-line errors with a stable code and hint; stacks only with --verbose.
import { EvmError } from '../evm/errors.js';

export function reportError(err: unknown, verbose: boolean): number {
  if (err instanceof EvmError || hasCode(err)) {
    process.stderr.write(`error[${err.code}]: ${err.message}\n`);
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
  } else if (err instanceof Error) {
    process.stderr.write(`error: ${err.message}\n`);
  } else {
    process.stderr.write(`error: ${String(err)}\n`);
  }
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 2;
}

/** Errors from outside the EVM (server, solidity) carry the same stable `code` and `hint`. */
function hasCode(err: unknown): err is Error & { code: string; hint?: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('TDK_');
}

export function writeJson(value: unknown): void {
  process.stdout.write(
    `${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))}\n`,
  );
}
