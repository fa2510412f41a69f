// The SQLite driver: better-sqlite3, or Node's built-in node:sqlite when the native addon cannot be
// loaded by this Node (it is built for one ABI, and npm scripts may run another Node from
// node_modules/.bin). Only the small synchronous surface the store needs.
import { createRequire } from 'node:module';

export interface SqlStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqlDb {
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  close(): void;
}

interface DriverCtor {
  new (path: string, options: Record<string, unknown>): SqlDb & { open?: boolean; isOpen?: boolean };
}

const require = createRequire(import.meta.url);

function builtin(): DriverCtor | undefined {
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const mod = get?.('node:sqlite') as { DatabaseSync?: DriverCtor } | undefined;
  return mod?.DatabaseSync;
}

export function openSqlite(path: string, readonly: boolean): SqlDb {
  try {
    const Database = require('better-sqlite3') as DriverCtor;
    return new Database(path, { readonly, fileMustExist: readonly });
  } catch (err) {
    const msg = (err as Error).message;
    const abi = /NODE_MODULE_VERSION|did not self-register|invalid ELF|Cannot find module/.test(msg);
    const DatabaseSync = abi ? builtin() : undefined;
    if (!DatabaseSync) throw err;
    return new DatabaseSync(path, { readOnly: readonly });
  }
}

/** Runs `fn` in one write transaction (BEGIN IMMEDIATE: the write lock is taken up front). */
export function inTransaction<T>(db: SqlDb, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/** The value of a PRAGMA read. */
export function pragma(db: SqlDb, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown> | undefined;
  return row ? Object.values(row)[0] : undefined;
}
