// Differential fuzzing of tdk's EVM against @ethereumjs/evm (fuzz/evm): a short seeded run must agree
// everywhere, the generator must be deterministic, and the comparison must catch planted faults.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareOutcomes,
  Differential,
  type Outcome,
  RunStats,
  runTdk,
} from '../../fuzz/evm/differential.js';
import { describeProgram, generateProgram, KZG_VECTORS, opcodesIn, Rng } from '../../fuzz/evm/generator.js';
import { CANCUN_PRECOMPILES, identity } from '../../src/evm/precompiles/index.js';
import { getMicroEthSignerKzg } from '../../src/evm/precompiles/microEthSignerKzg.js';
import { PrecompileRegistry } from '../../src/evm/precompiles/registry.js';

const SEED = 20_240_601n;
const PROGRAMS = 200;

let differential: Differential;

beforeAll(async () => {
  differential = await Differential.create();
});

describe('generator', () => {
  it('is deterministic for a seed and index', () => {
    for (const i of [0, 1, 17, 123]) {
      const a = JSON.stringify(describeProgram(generateProgram(SEED, i)));
      const b = JSON.stringify(describeProgram(generateProgram(SEED, i)));
      expect(a).toBe(b);
    }
    // Generating other programs in between does not change a program.
    const before = JSON.stringify(describeProgram(generateProgram(7n, 5)));
    for (let i = 0; i < 5; i++) generateProgram(7n, i);
    expect(JSON.stringify(describeProgram(generateProgram(7n, 5)))).toBe(before);
  });

  it('gives different programs for different indexes and seeds', () => {
    const code = (s: bigint, i: number) => JSON.stringify(describeProgram(generateProgram(s, i)));
    expect(code(SEED, 0)).not.toBe(code(SEED, 1));
    expect(code(SEED, 0)).not.toBe(code(SEED + 1n, 0));
  });

  it('has a PRNG that is reproducible and spread out', () => {
    const a = new Rng(42n);
    const b = new Rng(42n);
    const xs = Array.from({ length: 1000 }, () => a.next32());
    expect(Array.from({ length: 1000 }, () => b.next32())).toEqual(xs);
    expect(new Set(xs).size).toBeGreaterThan(990);
    const buckets = new Array<number>(10).fill(0);
    const r = new Rng(7n);
    for (let i = 0; i < 10_000; i++) buckets[r.int(10)]++;
    for (const n of buckets) expect(n).toBeGreaterThan(850);
  });

  it('covers every defined Cancun opcode within a few hundred programs', () => {
    const counts = new Uint32Array(256);
    for (let i = 0; i < 300; i++) {
      const p = generateProgram(SEED, i);
      for (const a of p.accounts) opcodesIn(a.code, counts);
    }
    const missing: string[] = [];
    const defined = [
      ...Array.from({ length: 0x0c }, (_, i) => i),
      ...Array.from({ length: 0x0e }, (_, i) => 0x10 + i),
      0x20,
      ...Array.from({ length: 0x1b }, (_, i) => 0x30 + i),
      ...Array.from({ length: 0x50 }, (_, i) => 0x50 + i),
      0xa0,
      0xa1,
      0xa2,
      0xa3,
      0xa4,
      0xf0,
      0xf1,
      0xf2,
      0xf3,
      0xf4,
      0xf5,
      0xfa,
      0xfd,
      0xfe,
      0xff,
    ];
    for (const op of defined) if (counts[op] === 0) missing.push(op.toString(16));
    expect(missing).toEqual([]);
  });

  it('embeds KZG openings that verify', () => {
    const kzg = getMicroEthSignerKzg();
    for (const v of KZG_VECTORS) {
      const fe = (x: bigint) => `0x${x.toString(16).padStart(64, '0')}`;
      expect(kzg.verifyProof(`0x${v.commitment}`, fe(v.z), fe(v.y), `0x${v.proof}`)).toBe(true);
      expect(kzg.verifyProof(`0x${v.commitment}`, fe(v.z), fe(v.y + 1n), `0x${v.proof}`)).toBe(false);
    }
  });
});

describe('differential run', () => {
  it(`agrees with @ethereumjs/evm on ${PROGRAMS} seeded programs`, async () => {
    const stats = new RunStats();
    const mismatches: string[] = [];
    for (let i = 0; i < PROGRAMS; i++) {
      const r = await differential.run(generateProgram(SEED, i), stats);
      if (r.diffs.length > 0) {
        mismatches.push(
          `#${i}: ${r.diffs.map((d) => `${d.path} tdk=${d.tdk} ejs=${d.ethereumjs}`).join('; ')}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
    // Not vacuous: the programs did real work of every kind.
    expect(stats.topStatus.get('success') ?? 0).toBeGreaterThan(PROGRAMS / 3);
    expect([...stats.topStatus.keys()].some((k) => k !== 'success')).toBe(true);
    for (const kind of ['CALL', 'STATICCALL', 'DELEGATECALL', 'CALLCODE', 'CREATE', 'CREATE2']) {
      expect(stats.frames.get(kind) ?? 0).toBeGreaterThan(5);
    }
    expect(stats.precompileCalls.size).toBeGreaterThanOrEqual(9);
    expect(stats.logs).toBeGreaterThan(100);
    expect(stats.storageWrites).toBeGreaterThan(1000);
  });
});

describe('comparison', () => {
  let tdk: Outcome;
  let ejs: Outcome;

  beforeAll(async () => {
    // The first program that returns data and leaves storage behind.
    for (let i = 0; ; i++) {
      const r = await differential.run(generateProgram(SEED, i));
      const storage = [...r.tdk.accounts.values()].some((a) => a.storage.size > 0);
      if (r.diffs.length === 0 && r.tdk.output.length > 0 && r.tdk.logs.length > 0 && storage) {
        tdk = r.tdk;
        ejs = r.ethereumjs;
        return;
      }
    }
  });

  it('finds nothing between equal outcomes', () => {
    expect(compareOutcomes(tdk, ejs)).toEqual([]);
  });

  it('detects a flipped byte of return data', () => {
    const output = tdk.output.slice();
    output[output.length - 1] ^= 0x01;
    const diffs = compareOutcomes({ ...tdk, output }, ejs);
    expect(diffs.map((d) => d.path)).toEqual(['output']);
  });

  it('detects gas, refund, status, log and state differences', () => {
    const paths = (o: Outcome) => compareOutcomes(o, ejs).map((d) => d.path);
    expect(paths({ ...tdk, gasUsed: tdk.gasUsed + 1n })).toEqual(['gasUsed']);
    expect(paths({ ...tdk, gasRefund: tdk.gasRefund + 1n })).toEqual(['gasRefund']);
    expect(paths({ ...tdk, status: 'revert' })).toEqual(['status']);
    const log = tdk.logs[0];
    const data = new Uint8Array(log.data.length + 1);
    expect(paths({ ...tdk, logs: [{ ...log, data }, ...tdk.logs.slice(1)] })).toEqual(['logs[0].data']);
    expect(paths({ ...tdk, logs: tdk.logs.slice(1) })[0]).toBe('logs.length');

    const [address, account] = [...tdk.accounts].find(([, a]) => a.storage.size > 0)!;
    const [slot, value] = [...account.storage][0];
    const storage = new Map(account.storage);
    storage.set(slot, value + 1n);
    const accounts = new Map(tdk.accounts);
    accounts.set(address, { ...account, storage });
    expect(paths({ ...tdk, accounts })).toEqual([
      `accounts.0x${address.toString(16).padStart(40, '0')}.storage.0x${slot.toString(16)}`,
    ]);
    accounts.set(address, { ...account, balance: account.balance + 1n });
    expect(paths({ ...tdk, accounts })).toHaveLength(1);
    accounts.delete(address);
    expect(paths({ ...tdk, accounts })).toHaveLength(1);
  });

  it('catches a planted fault in the EVM end to end (identity flips a bit of its output)', async () => {
    const faulty = new PrecompileRegistry(CANCUN_PRECOMPILES).register(0x04n, {
      name: 'identity-with-a-fault',
      run(call) {
        const r = identity.run(call);
        if (r.status !== 'success' || r.output.length === 0) return r;
        const output = r.output.slice();
        output[0] ^= 0x80;
        return { ...r, output };
      },
    });
    let caught = 0;
    let clean = 0;
    for (let i = 0; i < 60; i++) {
      const p = generateProgram(SEED, i);
      const ejsOutcome = await differential.reference.run(p);
      const diffs = compareOutcomes(runTdk(p, { precompiles: faulty }), ejsOutcome);
      if (diffs.length > 0) caught++;
      else clean++;
    }
    expect(caught).toBeGreaterThan(3);
    expect(clean).toBeGreaterThan(0);
  });
});
