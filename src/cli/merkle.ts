// `tdk merkle build|prove|verify`: OpenZeppelin-format (standard-v1) Merkle trees from CSV or JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cell, inputError, parseCsv, parseTypes, readData } from '../bridges/merkle/data.js';
import {
  type Hex,
  type LeafValue,
  MerkleError,
  StandardMerkleTree,
  type StandardTreeDump,
} from '../bridges/merkle/index.js';
import { writeJson } from './output.js';

interface BuildOptions {
  types: string;
  json?: boolean;
  out?: string;
  header?: boolean;
}

interface ProveOptions {
  leaf?: string;
  index?: string;
  json?: boolean;
}

interface VerifyOptions {
  root: string;
  leaf: string;
  proof: string;
  types: string;
  json?: boolean;
}

export function registerMerkleCommands(program: Command): void {
  const merkle = program
    .command('merkle')
    .description(
      'Merkle trees in OpenZeppelin StandardMerkleTree format (standard-v1): build, prove, verify',
    );
  merkle
    .command('build')
    .description('build a tree from a CSV (one leaf per row, optional header) or a JSON array of arrays')
    .argument('<file>', 'CSV or JSON data file')
    .requiredOption('--types <types>', 'leaf encoding, e.g. address,uint256')
    .option('--header', 'the first CSV row is a header (default: detected)')
    .option('--out <file>', 'write the standard-v1 dump (for `tdk merkle prove`)')
    .option('--json', 'print {root, count, types, ms} as JSON')
    .action((file: string, opts: BuildOptions) => {
      runBuild(file, opts);
    });
  merkle
    .command('prove')
    .description('print the proof of one leaf of a standard-v1 dump')
    .argument('<tree>', 'standard-v1 dump (from `tdk merkle build --out`)')
    .option('--leaf <values>', 'the leaf values, comma-separated, e.g. "0xabc…,100"')
    .option('--index <n>', 'the leaf by its row index in the data (0-based)')
    .option('--json', 'print {root, index, leaf, leafHash, proof} as JSON')
    .action((tree: string, opts: ProveOptions) => {
      runProve(tree, opts);
    });
  merkle
    .command('verify')
    .description('check a proof against a root (exit 1 if it does not verify)')
    .requiredOption('--root <root>', 'the Merkle root')
    .requiredOption('--leaf <values>', 'the leaf values, comma-separated')
    .option('--proof <nodes>', 'the proof nodes, comma-separated', '')
    .option('--types <types>', 'leaf encoding', 'address,uint256')
    .option('--json', 'print {valid} as JSON')
    .action((opts: VerifyOptions) => {
      process.exitCode = runVerify(opts);
    });
}

/** Rewrites "row N" in a tree error into the file position. */
function located(err: unknown, file: string, where: (row: number) => string): unknown {
  if (!(err instanceof MerkleError)) return err;
  const msg = err.message
    .replace(/rows (\d+) and (\d+)/, (_m, a, b) => `${where(Number(a) - 1)} and ${where(Number(b) - 1)}`)
    .replace(/^row (\d+)/, (_m, a) => where(Number(a) - 1));
  return new MerkleError(`${file}: ${msg}`, err.code as 'TDK_MERKLE_VALUE', err.hint);
}

function runBuild(file: string, opts: BuildOptions): void {
  const types = parseTypes(opts.types);
  const t0 = performance.now();
  const { values, where } = readData(file, types, opts.header);
  let tree: StandardMerkleTree;
  try {
    tree = StandardMerkleTree.of(values, types);
  } catch (err) {
    throw located(err, file, where);
  }
  const ms = Math.round(performance.now() - t0);
  if (opts.out) writeFileSync(opts.out, `${JSON.stringify(tree.dump())}\n`);
  if (opts.json) {
    writeJson({ root: tree.root, count: tree.length, types, ms, ...(opts.out ? { out: opts.out } : {}) });
  } else {
    process.stdout.write(`root   ${tree.root}\nleaves ${tree.length}\ntime   ${ms} ms\n`);
    if (opts.out) process.stdout.write(`dump   ${opts.out}\n`);
  }
}

function parseLeaf(s: string, types: string[]): LeafValue {
  const { rows } = parseCsv(s);
  const row = rows[0] ?? [];
  return row.map((c, k) => cell(c, types[k] ?? ''));
}

function runProve(file: string, opts: ProveOptions): void {
  if ((opts.leaf === undefined) === (opts.index === undefined)) {
    throw inputError('give exactly one of --leaf and --index');
  }
  let dump: StandardTreeDump;
  try {
    dump = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MerkleError(`cannot read ${file}: ${(err as Error).message}`, 'TDK_MERKLE_DUMP');
  }
  const tree = StandardMerkleTree.load(dump);
  let index: number;
  if (opts.index !== undefined) {
    if (!/^\d+$/.test(opts.index))
      throw inputError(`--index must be a non-negative integer, got '${opts.index}'`);
    index = Number(opts.index);
  } else {
    index = tree.indexOf(parseLeaf(opts.leaf!, tree.leafEncoding));
  }
  const proof = tree.getProof(index);
  const leaf = tree.values[index]!;
  if (opts.json) {
    writeJson({ root: tree.root, index, leaf, leafHash: tree.leafHash(leaf), proof });
  } else {
    process.stdout.write(
      `root  ${tree.root}\nindex ${index}\nleaf  ${leaf.map(String).join(',')}\nproof ${proof.join(',')}\n`,
    );
  }
}

function runVerify(opts: VerifyOptions): number {
  const types = parseTypes(opts.types);
  const proof = opts.proof
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '') as Hex[];
  const valid = StandardMerkleTree.verify(opts.root, types, parseLeaf(opts.leaf, types), proof);
  if (opts.json) writeJson({ valid });
  else process.stdout.write(`${valid ? 'valid' : 'invalid'}\n`);
  return valid ? 0 : 1;
}
