// keccak256 micro-benchmark: tdk's pure-TypeScript implementation vs @noble/hashes vs hash-wasm.
//
//   npx tsc -p tsconfig.build.json && node dist/bench/keccak.js
//
// Runs each implementation in interleaved rounds (so that machine noise hits all of them alike) and
// prints the median and best round. hash-wasm is asynchronous to set up (WASM) but hashing with a
// reused hasher (init/update/digest) is synchronous; it is included only as a reference point.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { createKeccak } from 'hash-wasm';
import { keccak256, keccak256Into } from '../src/evm/crypto/keccak.js';

type HashFn = (data: Uint8Array) => Uint8Array;

/** Deterministic bytes (xorshift32), no Math.random. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x;
  }
  return out;
}

const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Times `iterations` calls of fn over a rotating set of inputs; returns nanoseconds per call. */
function timeCalls(fn: HashFn, inputs: Uint8Array[], iterations: number): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink ^= fn(inputs[i & (inputs.length - 1)]!)[0]!;
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink === 0x1234) console.log('');
  return ns / iterations;
}

function report(
  title: string,
  unit: string,
  rows: [string, number[]][],
  convert: (ns: number) => number,
): void {
  console.log(`\n${title}`);
  const base = median(rows[0]![1]);
  for (const [name, samples] of rows) {
    const med = median(samples);
    const best = Math.min(...samples);
    const ratio = med / base;
    console.log(
      `  ${name.padEnd(26)} median ${convert(med).toFixed(3).padStart(9)} ${unit}   best ${convert(best)
        .toFixed(3)
        .padStart(9)} ${unit}   time x${ratio.toFixed(2)} vs ${rows[0]![0]}`,
    );
  }
}

async function main(): Promise<void> {
  const wasm = await createKeccak(256);
  const hashWasm: HashFn = (d) => wasm.init().update(d).digest('binary');
  const noble: HashFn = (d) => keccak_256(d);
  const out = new Uint8Array(32);
  const tdkInto: HashFn = (d) => {
    keccak256Into(d, out, 0);
    return out;
  };
  const impls: [string, HashFn][] = [
    ['tdk keccak256', keccak256],
    ['tdk keccak256Into', tdkInto],
    ['@noble/hashes keccak_256', noble],
    ['hash-wasm (reused hasher)', hashWasm],
  ];

  // Sanity: all implementations agree.
  for (const n of [0, 1, 32, 64, 135, 136, 137, 1000]) {
    const d = bytes(n, n + 7);
    const want = hex(noble(d));
    for (const [name, fn] of impls) {
      if (hex(fn(d)) !== want) throw new Error(`${name} disagrees with @noble/hashes at length ${n}`);
    }
  }

  const rounds = 5;
  for (const size of [32, 64]) {
    const inputs = Array.from({ length: 16 }, (_, i) => bytes(size, 1000 * size + i));
    const iterations = 200_000;
    for (const [, fn] of impls) timeCalls(fn, inputs, 20_000); // warm-up (JIT)
    const samples = impls.map((): number[] => []);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < impls.length; k++) samples[k]!.push(timeCalls(impls[k]![1], inputs, iterations));
    }
    report(
      `${size}-byte input, ${iterations} hashes x ${rounds} rounds (µs/hash)`,
      'µs',
      impls.map(([name], k) => [name, samples[k]!]),
      (ns) => ns / 1000,
    );
  }

  const big = [bytes(1 << 20, 99)];
  const bigImpls = impls.filter(([name]) => name !== 'tdk keccak256Into');
  for (const [, fn] of bigImpls) timeCalls(fn, big, 3);
  const bigSamples = bigImpls.map((): number[] => []);
  for (let r = 0; r < rounds; r++)
    for (let k = 0; k < bigImpls.length; k++) bigSamples[k]!.push(timeCalls(bigImpls[k]![1], big, 4));
  // MiB/s: a higher number is better; "time x" still compares time per hash.
  report(
    `1 MiB input, 4 hashes x ${rounds} rounds (MiB/s)`,
    'MiB/s',
    bigImpls.map(([name], k) => [name, bigSamples[k]!]),
    (ns) => 1e9 / ns, // one MiB per hash
  );
}

await main();
