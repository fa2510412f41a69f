// A job: a name, a leaf encoding and a deterministic computation from an epoch number to the leaf
// values. This file turns one epoch's values into a tree and its metadata; a bad batch becomes a
// TDK_WORKER_DATA error before anything is stored or sent.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Hex, keccak256, stringToBytes } from 'viem';
import { readData } from '../merkle/data.js';
import { MerkleError, StandardMerkleTree } from '../merkle/index.js';
import { WorkerError } from './errors.js';

export type LeafRow = readonly unknown[];

export interface MerkleJob {
  readonly name: string;
  readonly leafEncoding: readonly string[];
  /** Deterministic: the same epoch always gives the same values. May throw EpochNotReady. */
  compute(epoch: bigint): Promise<readonly LeafRow[]> | readonly LeafRow[];
}

/** Thrown by a job whose data for an epoch does not exist yet: not a failure, just "try later". */
export class EpochNotReady extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EpochNotReady';
  }
}

/** Where a row came from (file and line), for jobs that read files; errors name rows by it. */
const locators = new WeakMap<object, { readonly source: string; readonly where: (row: number) => string }>();

export interface BuiltEpoch {
  readonly epoch: number;
  readonly tree: StandardMerkleTree;
  readonly root: Hex;
  /** Canonical JSON: sorted keys, no whitespace (RFC 8785 for these value types). */
  readonly metadata: string;
  readonly metadataHash: Hex;
}

/** The canonical metadata of an epoch; its keccak256 is published next to the root. */
export function epochMetadata(
  job: string,
  epoch: number,
  leafCount: number,
  leafEncoding: readonly string[],
): string {
  return JSON.stringify({ epoch, job, leafCount, leafEncoding: [...leafEncoding] });
}

export function metadataHashOf(metadata: string): Hex {
  return keccak256(stringToBytes(metadata));
}

/** bigint values are stored as decimal strings, so dumps and proof answers are plain JSON. */
function normalize(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(normalize);
  return value;
}

/** Runs the job for `epoch` and builds its tree; throws TDK_WORKER_DATA for a bad batch. */
export async function buildEpoch(job: MerkleJob, epoch: number): Promise<BuiltEpoch> {
  let rows: readonly LeafRow[];
  try {
    rows = await job.compute(BigInt(epoch));
  } catch (err) {
    if (err instanceof EpochNotReady || err instanceof WorkerError) throw err;
    throw new WorkerError(
      `job ${job.name}, epoch ${epoch}: ${(err as Error).message}`,
      'TDK_WORKER_DATA',
      err instanceof MerkleError ? err.hint : 'the job threw while computing the epoch',
    );
  }
  if (!Array.isArray(rows)) {
    throw new WorkerError(
      `job ${job.name}, epoch ${epoch}: compute() did not return an array of rows`,
      'TDK_WORKER_DATA',
    );
  }
  let tree: StandardMerkleTree;
  try {
    tree = StandardMerkleTree.of(
      rows.map((r) => normalize(r) as LeafRow),
      job.leafEncoding,
    );
  } catch (err) {
    if (!(err instanceof MerkleError)) throw err;
    const located = locators.get(rows);
    const where = located?.where ?? ((r: number) => `row ${r + 1}`);
    const message = `${located ? `${located.source}: ` : ''}${err.message
      .replace(/rows (\d+) and (\d+)/, (_m, a, b) => `${where(Number(a) - 1)} and ${where(Number(b) - 1)}`)
      .replace(/^row (\d+)/, (_m, a) => where(Number(a) - 1))}`;
    const hint =
      err.code === 'TDK_MERKLE_EMPTY'
        ? 'an epoch needs at least one leaf; the worker retries at the next interval'
        : (err.hint ?? 'fix the data; the worker retries this epoch at the next interval');
    throw new WorkerError(
      `job ${job.name}, epoch ${epoch}: ${message} [${err.code}]`,
      'TDK_WORKER_DATA',
      hint,
    );
  }
  const metadata = epochMetadata(job.name, epoch, tree.length, job.leafEncoding);
  return { epoch, tree, root: tree.root, metadata, metadataHash: metadataHashOf(metadata) };
}

/**
 * The CLI's job: a data file (CSV with optional header, or a JSON array of arrays). A directory
 * holds one file per epoch, `epoch-<N>.csv` or `epoch-<N>.json`; a plain file is re-read at every
 * epoch, so its current contents become the next epoch.
 */
export function fileJob(path: string, leafEncoding: readonly string[], name = 'file'): MerkleJob {
  const types = [...leafEncoding];
  return {
    name,
    leafEncoding: types,
    compute(epoch) {
      let file = path;
      if (existsSync(path) && statSync(path).isDirectory()) {
        const candidates = [`epoch-${epoch}.csv`, `epoch-${epoch}.json`].map((f) => join(path, f));
        const found = candidates.find((f) => existsSync(f));
        if (!found) throw new EpochNotReady(`waiting for ${candidates.join(' or ')}`);
        file = found;
      } else if (!existsSync(path)) {
        throw new EpochNotReady(`waiting for ${path}`);
      }
      let data: ReturnType<typeof readData>;
      try {
        data = readData(file, types);
      } catch (err) {
        if (!(err instanceof MerkleError) || err.message.includes(file)) throw err;
        throw new MerkleError(`${file}: ${err.message}`, err.code as 'TDK_MERKLE_INPUT', err.hint);
      }
      const { values, where } = data;
      locators.set(values, { source: file, where });
      return values;
    },
  };
}
