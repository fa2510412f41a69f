// The worker's durable state in SQLite (WAL, synchronous=FULL): per epoch the computed root, the
// tree dump and metadata; every signed transaction attempt (raw bytes included, written before it
// is broadcast, so a restart rebroadcasts the same transaction instead of signing a new nonce); the
// confirmed block; and failed batches. Writes that belong together run in one transaction.
import type { Hex } from 'viem';
import { WorkerError } from './errors.js';
import { inTransaction, openSqlite, pragma, type SqlDb } from './sqlite.js';

export type EpochStatus = 'built' | 'confirmed';

export interface EpochRecord {
  readonly epoch: number;
  readonly root: Hex;
  readonly metadataHash: Hex;
  /** Canonical JSON whose keccak256 is metadataHash. */
  readonly metadata: string;
  readonly leafCount: number;
  readonly status: EpochStatus;
  /** Wall-clock ms when the epoch's data was computed (for the publication latency). */
  readonly builtAt: number;
  readonly txHash: Hex | null;
  readonly blockNumber: number | null;
  readonly confirmedAt: number | null;
}

export type AttemptOutcome = 'mined' | 'reverted' | 'abandoned';

export interface AttemptRecord {
  readonly epoch: number;
  readonly attempt: number;
  readonly nonce: number;
  readonly hash: Hex;
  readonly raw: Hex;
  readonly gas: bigint;
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly signedAt: number;
  /** null while the attempt may still land. */
  readonly outcome: AttemptOutcome | null;
}

export interface FailureRecord {
  readonly epoch: number;
  readonly at: number;
  readonly code: string;
  readonly message: string;
}

/** What a database is bound to; opening it for anything else is refused. */
export interface StoreIdentity {
  readonly chainId: number;
  readonly registry: string;
  readonly publisher: string;
  readonly job: string;
  readonly leafEncoding: string;
}

// Each entry moves the schema from version i to i + 1 (PRAGMA user_version).
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE epochs (
     epoch INTEGER PRIMARY KEY,
     root TEXT NOT NULL,
     metadata_hash TEXT NOT NULL,
     metadata TEXT NOT NULL,
     leaf_count INTEGER NOT NULL,
     dump TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('built', 'confirmed')),
     built_at INTEGER NOT NULL,
     tx_hash TEXT,
     block_number INTEGER,
     confirmed_at INTEGER
   );
   CREATE TABLE attempts (
     epoch INTEGER NOT NULL REFERENCES epochs(epoch),
     attempt INTEGER NOT NULL,
     nonce INTEGER NOT NULL,
     hash TEXT NOT NULL UNIQUE,
     raw TEXT NOT NULL,
     gas TEXT NOT NULL,
     max_fee TEXT NOT NULL,
     max_priority_fee TEXT NOT NULL,
     signed_at INTEGER NOT NULL,
     outcome TEXT CHECK (outcome IN ('mined', 'reverted', 'abandoned')),
     PRIMARY KEY (epoch, attempt)
   );
   CREATE TABLE failures (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     epoch INTEGER NOT NULL,
     at INTEGER NOT NULL,
     code TEXT NOT NULL,
     message TEXT NOT NULL
   );`,
];

interface EpochRow {
  epoch: number;
  root: string;
  metadata_hash: string;
  metadata: string;
  leaf_count: number;
  status: EpochStatus;
  built_at: number;
  tx_hash: string | null;
  block_number: number | null;
  confirmed_at: number | null;
}

interface AttemptRow {
  epoch: number;
  attempt: number;
  nonce: number;
  hash: string;
  raw: string;
  gas: string;
  max_fee: string;
  max_priority_fee: string;
  signed_at: number;
  outcome: AttemptOutcome | null;
}

const toEpoch = (r: EpochRow): EpochRecord => ({
  epoch: r.epoch,
  root: r.root as Hex,
  metadataHash: r.metadata_hash as Hex,
  metadata: r.metadata,
  leafCount: r.leaf_count,
  status: r.status,
  builtAt: r.built_at,
  txHash: r.tx_hash as Hex | null,
  blockNumber: r.block_number,
  confirmedAt: r.confirmed_at,
});

const toAttempt = (r: AttemptRow): AttemptRecord => ({
  epoch: r.epoch,
  attempt: r.attempt,
  nonce: r.nonce,
  hash: r.hash as Hex,
  raw: r.raw as Hex,
  gas: BigInt(r.gas),
  maxFeePerGas: BigInt(r.max_fee),
  maxPriorityFeePerGas: BigInt(r.max_priority_fee),
  signedAt: r.signed_at,
  outcome: r.outcome,
});

export class WorkerStore {
  private readonly db: SqlDb;
  private closed = false;

  private constructor(db: SqlDb) {
    this.db = db;
  }

  /** Opens (creating and migrating if needed) the database at `path`. */
  static open(path: string, options: { readonly readonly?: boolean } = {}): WorkerStore {
    let db: SqlDb;
    try {
      db = openSqlite(path, options.readonly ?? false);
      if (!options.readonly) {
        db.exec('PRAGMA journal_mode = WAL');
        // FULL: a committed record survives power loss, not just a process kill.
        db.exec('PRAGMA synchronous = FULL');
      }
      db.exec('PRAGMA busy_timeout = 5000');
      db.exec('PRAGMA foreign_keys = ON');
    } catch (err) {
      throw new WorkerError(
        `cannot open the worker database ${path}: ${(err as Error).message}`,
        'TDK_WORKER_DB',
        options.readonly ? 'check the --db path (the worker creates it on its first run)' : undefined,
      );
    }
    const store = new WorkerStore(db);
    try {
      if (!options.readonly) store.migrate();
      else if ((pragma(db, 'user_version') as number) === 0) throw new Error('no worker schema');
    } catch (err) {
      store.close();
      if (err instanceof WorkerError) throw err;
      throw new WorkerError(
        `${path} is not a worker database (${(err as Error).message})`,
        'TDK_WORKER_DB',
        'pass the --db file `tdk worker run` created',
      );
    }
    return store;
  }

  private migrate(): void {
    const version = pragma(this.db, 'user_version') as number;
    if (version > MIGRATIONS.length) {
      throw new WorkerError(
        `the worker database has schema version ${version}, newer than this tdk (${MIGRATIONS.length})`,
        'TDK_WORKER_DB',
        'upgrade tdk, or use another --db',
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      inTransaction(this.db, () => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  /** Binds a new database to `id`, or checks that an existing one was bound to the same. */
  bind(id: StoreIdentity): void {
    const entries = Object.entries(id).map(([k, v]) => [k, String(v).toLowerCase()] as const);
    inTransaction(this.db, () => {
      for (const [key, value] of entries) {
        const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
          | { value: string }
          | undefined;
        if (!row) this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
        else if (row.value !== value) {
          throw new WorkerError(
            `the worker database was made for ${key} ${row.value}, not ${value}`,
            'TDK_WORKER_DB',
            'one database per (chain, registry, publisher, job): pass another --db',
          );
        }
      }
    });
  }

  identity(): Partial<Record<keyof StoreIdentity, string>> {
    const rows = this.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  epoch(epoch: number): EpochRecord | undefined {
    const row = this.db.prepare('SELECT * FROM epochs WHERE epoch = ?').get(epoch) as EpochRow | undefined;
    return row && toEpoch(row);
  }

  epochs(): EpochRecord[] {
    return (this.db.prepare('SELECT * FROM epochs ORDER BY epoch').all() as EpochRow[]).map(toEpoch);
  }

  confirmedEpochs(): EpochRecord[] {
    return (
      this.db.prepare("SELECT * FROM epochs WHERE status = 'confirmed' ORDER BY epoch").all() as EpochRow[]
    ).map(toEpoch);
  }

  /** The standard-v1 dump of an epoch, as stored. */
  dump(epoch: number): string | undefined {
    const row = this.db.prepare('SELECT dump FROM epochs WHERE epoch = ?').get(epoch) as
      | { dump: string }
      | undefined;
    return row?.dump;
  }

  /** Records a computed epoch; durable before any transaction for it is signed. */
  putEpoch(e: {
    epoch: number;
    root: Hex;
    metadataHash: Hex;
    metadata: string;
    leafCount: number;
    dump: string;
    builtAt: number;
  }): void {
    this.db
      .prepare(
        `INSERT INTO epochs (epoch, root, metadata_hash, metadata, leaf_count, dump, status, built_at)
         VALUES (?, ?, ?, ?, ?, ?, 'built', ?)`,
      )
      .run(e.epoch, e.root, e.metadataHash, e.metadata, e.leafCount, e.dump, e.builtAt);
  }

  confirm(epoch: number, txHash: Hex, blockNumber: number, at: number): void {
    inTransaction(this.db, () => {
      this.db
        .prepare(
          "UPDATE epochs SET status = 'confirmed', tx_hash = ?, block_number = ?, confirmed_at = ? WHERE epoch = ?",
        )
        .run(txHash, blockNumber, at, epoch);
      this.db
        .prepare('UPDATE attempts SET outcome = ? WHERE epoch = ? AND outcome IS NULL')
        .run('abandoned', epoch);
      this.db.prepare("UPDATE attempts SET outcome = 'mined' WHERE hash = ?").run(txHash);
    });
  }

  /**
   * The chain no longer holds epochs from `first` on (a reorganisation, or a devnet reverted to a
   * snapshot): they are built again, not confirmed, and the transactions that had landed them are
   * live again, to be broadcast as they were (as nodes re-inject reorganised-out transactions).
   */
  rollBack(first: number): void {
    inTransaction(this.db, () => {
      this.db
        .prepare(
          "UPDATE attempts SET outcome = NULL WHERE outcome = 'mined' AND epoch IN (SELECT epoch FROM epochs WHERE epoch >= ? AND status = 'confirmed')",
        )
        .run(first);
      this.db
        .prepare(
          "UPDATE epochs SET status = 'built', tx_hash = NULL, block_number = NULL, confirmed_at = NULL WHERE epoch >= ? AND status = 'confirmed'",
        )
        .run(first);
    });
  }

  attempts(epoch: number): AttemptRecord[] {
    return (
      this.db.prepare('SELECT * FROM attempts WHERE epoch = ? ORDER BY attempt').all(epoch) as AttemptRow[]
    ).map(toAttempt);
  }

  /** Attempts that may still land, oldest first. */
  liveAttempts(epoch: number): AttemptRecord[] {
    return this.attempts(epoch).filter((a) => a.outcome === null);
  }

  /** Records a signed transaction; durable before it is broadcast. */
  addAttempt(a: Omit<AttemptRecord, 'attempt' | 'outcome'>): AttemptRecord {
    return inTransaction(this.db, () => {
      const last = this.db.prepare('SELECT MAX(attempt) AS n FROM attempts WHERE epoch = ?').get(a.epoch) as {
        n: number | null;
      };
      const attempt = (last.n ?? 0) + 1;
      this.db
        .prepare(
          `INSERT INTO attempts (epoch, attempt, nonce, hash, raw, gas, max_fee, max_priority_fee, signed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          a.epoch,
          attempt,
          a.nonce,
          a.hash,
          a.raw,
          a.gas.toString(),
          a.maxFeePerGas.toString(),
          a.maxPriorityFeePerGas.toString(),
          a.signedAt,
        );
      return { ...a, attempt, outcome: null };
    });
  }

  /** Closes the live attempts of an epoch (its nonce was used up by a reverted or foreign tx). */
  closeAttempts(epoch: number, outcome: AttemptOutcome, hash?: Hex): void {
    inTransaction(this.db, () => {
      if (hash) this.db.prepare('UPDATE attempts SET outcome = ? WHERE hash = ?').run(outcome, hash);
      this.db
        .prepare("UPDATE attempts SET outcome = 'abandoned' WHERE epoch = ? AND outcome IS NULL")
        .run(epoch);
    });
  }

  addFailure(f: FailureRecord): void {
    this.db
      .prepare('INSERT INTO failures (epoch, at, code, message) VALUES (?, ?, ?, ?)')
      .run(f.epoch, f.at, f.code, f.message);
  }

  failures(limit = 20): FailureRecord[] {
    return (
      this.db
        .prepare('SELECT epoch, at, code, message FROM failures ORDER BY id DESC LIMIT ?')
        .all(limit) as FailureRecord[]
    ).reverse();
  }

  failureCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM failures').get() as { n: number }).n;
  }

  close(): void {
    if (!this.closed) this.db.close();
    this.closed = true;
  }
}
