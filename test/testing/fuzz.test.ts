// The fuzzer against contracts executed on tdk's EVM: planted bugs found within the default 256 runs
// (issue 7, acceptance 3), shrinking, seed reproduction, assume-rejects, every ABI type.
import { type AbiFunction, decodeFunctionData, hexToBytes, parseAbiItem } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { abiKind } from '../../src/testing/fuzz/abi-type.js';
import { generate, ValueSource } from '../../src/testing/fuzz/generate.js';
import {
  buildDictionary,
  type FuzzDictionary,
  FuzzInputError,
  formatArgs,
  formatSeed,
  fuzz,
  gasStats,
  Prng,
  parseSeed,
  pushConstants,
  shrinkArgs,
  stripMetadata,
} from '../../src/testing/fuzz/index.js';
import { FUZZ_SOURCE } from './fuzz-fixture.js';
import { type Deployed, deploy } from './fuzz-harness.js';

const MAX = (1n << 256n) - 1n;
const MAGIC = 0xc0ffee_deadbeef_1234n;

/** forge-std StdUtils.bound, written again in TypeScript as the oracle for the shrunk inputs. */
function bound(x: bigint, lo: bigint, hi: bigint): bigint {
  if (x >= lo && x <= hi) return x;
  const size = hi - lo + 1n;
  if (x <= 3n && size > x) return lo + x;
  if (x >= MAX - 3n && size > MAX - x) return hi - (MAX - x);
  if (x > hi) {
    const r = (x - hi) % size;
    return r === 0n ? hi : lo + r - 1n;
  }
  const q = (lo - x) % size;
  return q === 0n ? lo : hi - q + 1n;
}

let d: Deployed;
let dict: FuzzDictionary;
beforeAll(() => {
  d = deploy(FUZZ_SOURCE, 'FuzzTargets');
  // What the runner hands over: the runtime code of every deployed contract, and their addresses.
  dict = buildDictionary(d.runtimeCodes, [], [d.address]);
});

describe('seeded generator', () => {
  it('the same seed gives the same sequence, another seed another one', () => {
    const take = (seed: bigint) => {
      const r = new Prng(seed);
      return Array.from({ length: 64 }, () => r.next32());
    };
    expect(take(42n)).toEqual(take(42n));
    expect(take(42n)).not.toEqual(take(43n));
    // Seeds that differ only above bit 64 are different seeds.
    expect(take(1n)).not.toEqual(take(1n + (1n << 64n)));
  });

  it('below() is uniform enough and bigBelow() stays in range', () => {
    const r = new Prng(7n);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[r.below(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    for (let i = 0; i < 1000; i++) expect(r.bigBelow(1000n)).toBeLessThan(1000n);
  });

  it('seeds print and read back as hex or decimal', () => {
    expect(formatSeed(0xabcn)).toBe('0xabc');
    expect(parseSeed('0xabc')).toBe(0xabcn);
    expect(parseSeed('2748')).toBe(2748n);
    expect(parseSeed('12z')).toBeUndefined();
  });
});

describe('dictionary', () => {
  it('holds the constants of the code but neither jump targets nor the metadata hash', () => {
    const words = new Set(dict.words);
    expect(words.has(MAGIC)).toBe(true);
    expect(words.has(1_000_000n)).toBe(true);
    // solc's metadata (ipfs hash + version) is cut off before scanning.
    for (const code of d.runtimeCodes) expect(stripMetadata(code).length).toBeLessThan(code.length);
    // A PUSH2 before JUMP is skipped; a PUSH2 before ADD is kept.
    expect(pushConstants(hexToBytes('0x61012356611234015b'))).toEqual([0x1234n]);
    expect(dict.addresses).toContain(d.address);
  });

  it('takes storage values as words, and address-wide words and given addresses as addresses', () => {
    const addr = 0x1804c8ab1f12e6bbf3894d4083f33e07309d1f38n;
    const small = buildDictionary([], [5n, addr, 5n], [(1n << 160n) | 7n]);
    expect(small.words).toEqual([5n, addr]);
    expect(small.addresses).toEqual([7n, addr]);
  });
});

describe('acceptance 3: planted bugs within the default 256 runs', () => {
  it('(a) a property failing for exactly one value after bound() is found and shrunk, for every seed', () => {
    const fn = d.fn('testFuzz_withdrawUpToLimit');
    for (let seed = 1n; seed <= 20n; seed++) {
      const r = fuzz(fn, d.run, { runs: 256, seed, dictionary: dict });
      expect(r.passed).toBe(false);
      expect(r.runs).toBeLessThanOrEqual(256);
      const ce = r.counterexample!;
      expect(ce.reason).toBe('withdraw refused');
      // The oracle: the shrunk raw input lands on the one failing value once bounded; and it is that
      // value itself (also when the raw input found was 2^256-1, which bound maps to the top).
      expect(bound(ce.args[0] as bigint, 10n, 1_000_000n)).toBe(1_000_000n);
      expect(ce.args[0]).toBe(1_000_000n);
      expect(d.run(hexToBytes(ce.calldata)).success).toBe(false);
    }
  });

  it('(b) a property failing only for a 72-bit constant in the code is found through the dictionary', () => {
    const fn = d.fn('testFuzz_lockOpens');
    for (let seed = 1n; seed <= 20n; seed++) {
      const r = fuzz(fn, d.run, { runs: 256, seed, dictionary: dict });
      expect(r.passed).toBe(false);
      expect(r.counterexample?.args).toEqual([MAGIC]);
      expect(r.counterexample?.reason).toBe('lock jammed');
    }
    // Without the dictionary, random search does not hit it.
    const empty = { words: [], addresses: [] };
    for (let seed = 1n; seed <= 3n; seed++)
      expect(fuzz(fn, d.run, { runs: 256, seed, dictionary: empty }).passed).toBe(true);
  });

  it('the printed seed reproduces the run exactly', () => {
    const fn = d.fn('testFuzz_withdrawUpToLimit');
    const first = fuzz(fn, d.run, { runs: 256, seed: 0x5eedn, dictionary: dict });
    const printed = formatSeed(first.seed);
    const again = fuzz(fn, d.run, { runs: 256, seed: parseSeed(printed)!, dictionary: dict });
    expect(again).toEqual(first);
    // And every input of a passing run is the same too.
    const seen = (seed: bigint) => {
      const calls: string[] = [];
      fuzz(
        d.fn('testFuzz_scalars'),
        (cd) => {
          calls.push(Buffer.from(cd).toString('hex'));
          return d.run(cd);
        },
        { runs: 64, seed, dictionary: dict },
      );
      return calls;
    };
    expect(seen(9n)).toEqual(seen(9n));
    expect(seen(9n)).not.toEqual(seen(10n));
  });
});

describe('shrinking', () => {
  it('strings and arrays shrink to the shortest failing lengths', () => {
    const r = fuzz(d.fn('testFuzz_longInputs'), d.run, { runs: 256, seed: 1n, dictionary: dict });
    expect(r.passed).toBe(false);
    const [s, xs] = r.counterexample!.args as [string, bigint[]];
    // Three UTF-8 bytes at least (the property counts bytes), and no character could go.
    expect(Buffer.byteLength(s)).toBeGreaterThanOrEqual(3);
    expect([...s].length).toBeLessThanOrEqual(3);
    expect(xs).toEqual([0n, 0n]);
  });

  it('a raw 2^256-1 that bound() maps onto the failing value shrinks to that value via the dictionary', () => {
    const fn = d.fn('testFuzz_withdrawUpToLimit');
    const kinds = fn.inputs.map((p) => abiKind(p));
    const noHints = shrinkArgs(kinds, [MAX], 'withdraw refused', d.run, fn);
    expect(noHints.args).toEqual([MAX]); // out of a binary search's reach
    const withHints = shrinkArgs(kinds, [MAX], 'withdraw refused', d.run, fn, 1024, dict.words);
    expect(withHints.args).toEqual([1_000_000n]);
  });

  it('a negative failing value shrinks to -1', () => {
    const r = fuzz(d.fn('testFuzz_nonNegative'), d.run, { runs: 256, seed: 3n, dictionary: dict });
    expect(r.counterexample?.args).toEqual([-1n]);
    expect(formatArgs(r.counterexample!.args)).toBe('[-1]');
  });

  it('the shrink budget bounds the extra runs', () => {
    let calls = 0;
    const counting = (cd: Uint8Array) => {
      calls++;
      return d.run(cd);
    };
    const r = fuzz(d.fn('testFuzz_longInputs'), counting, {
      runs: 256,
      seed: 1n,
      dictionary: dict,
      maxShrinkSteps: 5,
    });
    expect(r.passed).toBe(false);
    // Five shrink trials, then one run of the shrunk input for its own failure message.
    expect(calls).toBe(r.runs + 5 + 1);
  });
});

describe('assume rejects', () => {
  it('rejected inputs do not count as runs', () => {
    const r = fuzz(d.fn('testFuzz_evenOnly'), d.run, { runs: 256, seed: 1n, dictionary: dict });
    expect(r.passed).toBe(true);
    expect(r.runs).toBe(256);
    expect(r.rejects).toBeGreaterThan(0);
  });

  it('too many rejects fail the test', () => {
    const r = fuzz(d.fn('testFuzz_alwaysRejected'), d.run, {
      runs: 256,
      seed: 1n,
      dictionary: dict,
      maxRejects: 100,
    });
    expect(r.passed).toBe(false);
    expect(r.reason).toBe('vm.assume rejected too many inputs (100 allowed)');
    expect(r.rejects).toBe(101);
  });
});

describe('every ABI type', () => {
  it('scalars, dynamic and composite parameters encode into calldata the contract accepts', () => {
    for (const name of ['testFuzz_scalars', 'testFuzz_dynamic', 'testFuzz_composite']) {
      const r = fuzz(d.fn(name), d.run, { runs: 256, seed: 11n, dictionary: dict });
      expect(r, name).toMatchObject({ passed: true, runs: 256 });
      expect(r.gasMean).toBeGreaterThan(21n);
    }
  });

  it('generated values round-trip through viem and reach the edges of each type', () => {
    const fn = parseAbiItem('function f(uint8 a, int16 b, bytes2 c, address e, bool g)') as AbiFunction;
    const kinds = fn.inputs.map((p) => abiKind(p));
    const src = new ValueSource(new Prng(5n), { words: [], addresses: [] });
    const seen = kinds.map(() => new Set<string>());
    for (let i = 0; i < 2000; i++) {
      const args = kinds.map((k) => generate(k, src));
      for (const [j, a] of args.entries()) seen[j].add(String(a));
    }
    for (const v of ['0', '255']) expect(seen[0].has(v)).toBe(true);
    for (const v of ['-32768', '32767', '-1', '0']) expect(seen[1].has(v)).toBe(true);
    for (const v of ['0x0000', '0xffff']) expect(seen[2].has(v)).toBe(true);
    expect(seen[3].has('0x0000000000000000000000000000000000000000')).toBe(true);
    expect(seen[4]).toEqual(new Set(['true', 'false']));
    // And what the fuzzer encodes decodes back to the same values.
    let last: unknown[] = [];
    const run = (cd: Uint8Array) => {
      last = [...decodeFunctionData({ abi: [fn], data: `0x${Buffer.from(cd).toString('hex')}` }).args!];
      return { success: last[0] !== 200, gasUsed: 0n, reason: 'uint8 200' };
    };
    const r = fuzz(fn, run, { runs: 256, seed: 1n, dictionary: { words: [200n], addresses: [] } });
    expect(r.counterexample?.args[0]).toBe(200n);
    expect(r.counterexample?.reason).toBe('uint8 200');
  });
});

describe('statistics and bad input', () => {
  it('μ is the mean and ~ the median (the middle two averaged)', () => {
    expect(gasStats([5n, 1n, 3n])).toEqual({ gasMean: 3n, gasMedian: 3n });
    expect(gasStats([1n, 2n, 3n, 10n])).toEqual({ gasMean: 4n, gasMedian: 2n });
    expect(gasStats([])).toEqual({ gasMean: 0n, gasMedian: 0n });
  });

  it('an ABI type that cannot be fuzzed and a negative run count are typed errors', () => {
    const fn = {
      type: 'function',
      name: 'f',
      inputs: [{ name: 'x', type: 'fixed128x18' }],
      outputs: [],
      stateMutability: 'pure',
    } as unknown as AbiFunction;
    expect(() => fuzz(fn, d.run, { runs: 1, seed: 1n, dictionary: dict })).toThrow(
      expect.objectContaining({ code: 'TDK_FUZZ_TYPE' }),
    );
    expect(() => fuzz(d.fn('testFuzz_lockOpens'), d.run, { runs: -1, seed: 1n, dictionary: dict })).toThrow(
      FuzzInputError,
    );
  });
});
