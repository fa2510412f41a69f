// The benchmark workloads (bench/workloads.ts) at a tiny size: they compile, run to success, and
// produce identical status, output, gasUsed and logs on tdk's EVM and on @ethereumjs/evm. Correctness
// only: no timing assertions.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffOutcomes, type Engine, EthereumjsEngine, type Outcome, TdkEngine } from '../bench/engines.js';
import { compileBenchContracts } from '../bench/solc.js';
import {
  arithLoopExpected,
  benchContracts,
  buildWorkloads,
  decodeWord,
  INITIAL_SUPPLY,
  SMALL_SIZES,
  type WorkloadSpec,
} from '../bench/workloads.js';

let workloads: WorkloadSpec[] = [];

beforeAll(async () => {
  const compiled = await compileBenchContracts();
  workloads = buildWorkloads(benchContracts(compiled.contracts), SMALL_SIZES);
});

interface Both {
  tdk: Outcome;
  ejs: Outcome;
  tdkDeploy?: Outcome;
  ejsDeploy?: Outcome;
}

async function runOn(
  engine: Engine,
  w: WorkloadSpec,
): Promise<{ deploy?: Outcome; outcome: Outcome; again: Outcome }> {
  const p = await engine.prepare(w);
  const first = await p.run();
  const second = await p.run();
  return { deploy: p.deploy, outcome: first.outcome, again: second.outcome };
}

async function both(id: string): Promise<Both> {
  const w = workloads.find((x) => x.id === id);
  if (w === undefined) throw new Error(`no workload ${id}`);
  const t = await runOn(new TdkEngine(), w);
  const e = await runOn(new EthereumjsEngine(), w);
  // Fresh state per run: a second run must repeat the first exactly.
  expect(diffOutcomes(t.outcome, t.again)).toEqual([]);
  expect(diffOutcomes(e.outcome, e.again)).toEqual([]);
  if (t.deploy !== undefined || e.deploy !== undefined) {
    expect(t.deploy?.status).toBe('success');
    expect(diffOutcomes(t.deploy!, e.deploy!)).toEqual([]);
  }
  expect(t.outcome.status).toBe('success');
  expect(diffOutcomes(t.outcome, e.outcome)).toEqual([]);
  return { tdk: t.outcome, ejs: e.outcome, tdkDeploy: t.deploy, ejsDeploy: e.deploy };
}

function chainedKeccak(n: number): bigint {
  let h: Uint8Array = new Uint8Array(32);
  for (let i = 0; i < n; i++) h = keccak_256(h);
  return BigInt(`0x${Buffer.from(h).toString('hex')}`);
}

describe('bench workloads (small size) agree on tdk and @ethereumjs/evm', () => {
  it('a. arithmetic loop', async () => {
    const r = await both('a');
    expect(decodeWord(r.tdk.output, 0)).toBe(arithLoopExpected(SMALL_SIZES.arith));
    // 13 ops / 46 gas per iteration plus a fixed prologue and epilogue.
    const r2 = SMALL_SIZES.arith;
    expect(r.tdk.gasUsed - 46 * r2).toBeLessThan(40);
  });

  it('b. keccak loop', async () => {
    const r = await both('b');
    expect(decodeWord(r.tdk.output, 0)).toBe(chainedKeccak(SMALL_SIZES.keccak));
  });

  it('c. ERC-20 transfer loop', async () => {
    const r = await both('c');
    expect(decodeWord(r.tdk.output, 0)).toBe(BigInt(SMALL_SIZES.transfers));
    expect(r.tdk.logCount).toBe(SMALL_SIZES.transfers);
  });

  it('d. ERC-20 mint loop', async () => {
    const r = await both('d');
    expect(decodeWord(r.tdk.output, 0)).toBe(INITIAL_SUPPLY + BigInt(SMALL_SIZES.mints) * 10n ** 18n);
    expect(r.tdk.logCount).toBe(SMALL_SIZES.mints);
  });

  it('e. ERC-20 approve + transferFrom loop', async () => {
    const r = await both('e');
    expect(decodeWord(r.tdk.output, 0)).toBe(BigInt(SMALL_SIZES.approveRounds));
    // One Approval per approve() and one Transfer per transferFrom() (OZ 5 emits no Approval on spend).
    expect(r.tdk.logCount).toBe(2 * SMALL_SIZES.approveRounds);
  });

  it('f. ray tracer', async () => {
    const r = await both('f');
    const { width, height } = SMALL_SIZES.ray;
    const checksum = decodeWord(r.tdk.output, 1);
    expect(checksum).toBeGreaterThan(0n);
    expect(checksum).toBeLessThanOrEqual(BigInt(255 * 3 * width * height));
  });
});
