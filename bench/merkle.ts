// Merkle tree build benchmark: tdk's StandardMerkleTree vs @openzeppelin/merkle-tree on the same
// (address, uint256) data.
//
//   npm run bench:merkle            (tdk at 1,000,000 leaves, both at 50,000; sizes: --tdk N --oz N)
//
// Each measurement runs in its own child process so that peak memory (maxRSS) is its own. Time
// excludes generating the data; peak memory includes it (the baseline is printed). OpenZeppelin runs
// on the smaller size only; its time at the tdk size is extrapolated linearly (optimistic for it:
// sorting is n log n), and the ratio is stated both at equal size and extrapolated.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StandardMerkleTree as OZ } from '@openzeppelin/merkle-tree';
import { StandardMerkleTree } from '../src/bridges/merkle/index.js';

interface Result {
  impl: string;
  n: number;
  ms: number;
  maxRssMiB: number;
  baseRssMiB: number;
  root: string;
}

/** Deterministic (address, uint256) rows (xorshift32). */
function rows(n: number): string[][] {
  let x = 0x9e3779b9 | 0;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const out: string[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    let a = '0x';
    for (let k = 0; k < 5; k++) a += next().toString(16).padStart(8, '0');
    out[i] = [a, String(BigInt(next()) * 1_000_000_000_000n + BigInt(i))];
  }
  return out;
}

function child(impl: string, n: number): void {
  const data = rows(n);
  const baseRssMiB = process.resourceUsage().maxRSS / 1024;
  const t0 = performance.now();
  const root =
    impl === 'tdk'
      ? StandardMerkleTree.of(data, ['address', 'uint256']).root
      : OZ.of(data, ['address', 'uint256']).root;
  const ms = performance.now() - t0;
  const result: Result = { impl, n, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, baseRssMiB, root };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function run(impl: string, n: number): Result {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', impl, String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${impl} at ${n} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Result;
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const fmt = (r: Result): string =>
  `${r.impl.padEnd(4)} ${String(r.n).padStart(9)} leaves  ${(r.ms / 1000).toFixed(2).padStart(7)} s  ` +
  `peak RSS ${r.maxRssMiB.toFixed(0).padStart(5)} MiB (data alone ${r.baseRssMiB.toFixed(0)} MiB)  root ${r.root}`;

if (process.argv[2] === '--child') {
  child(process.argv[3]!, Number(process.argv[4]));
} else {
  const big = arg('--tdk', 1_000_000);
  const small = arg('--oz', 50_000);
  const tdkBig = run('tdk', big);
  console.log(fmt(tdkBig));
  const tdkSmall = run('tdk', small);
  console.log(fmt(tdkSmall));
  const ozSmall = run('oz', small);
  console.log(fmt(ozSmall));
  if (tdkSmall.root !== ozSmall.root) throw new Error('roots differ between tdk and OpenZeppelin');
  const ozBigMs = (ozSmall.ms * big) / small;
  console.log(
    `same size (${small}): tdk is ${(ozSmall.ms / tdkSmall.ms).toFixed(1)}x faster than OpenZeppelin`,
  );
  console.log(
    `extrapolated to ${big}: OpenZeppelin ≈ ${(ozBigMs / 1000).toFixed(0)} s (linear), ` +
      `tdk ${(tdkBig.ms / 1000).toFixed(2)} s: ${(ozBigMs / tdkBig.ms).toFixed(1)}x`,
  );
}
