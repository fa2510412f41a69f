// The bundled example projects under `tdk test`, run in place (their out/ and cache/ are ignored by
// git, so a second run skips compilation): examples/testing passes, each test of
// examples/testing/failing fails with the reason its expected-failures.json gives,
// examples/forge-idioms passes unchanged, and examples/testing/broken reports its uncompilable file
// while its other file still runs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteResult, TestResult } from '../../src/testing/results.js';
import { runTests } from '../../src/testing/runner.js';
import { CHEATCODES } from '../solidity/shared-cheatcodes.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const SEED = 0x7d4n;

interface ExpectedFailure {
  contract: string;
  test: string;
  reason: string;
  logs?: string[];
}

/** KEY=VALUE lines (optionally quoted), as forge reads a project's .env. */
function readDotEnv(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return out;
}

async function run(project: string) {
  return runTests({ root: join(EXAMPLES, project), jobs: 1, fuzz: { runs: 256, seed: SEED } });
}

function byName(suites: readonly SuiteResult[]): Map<string, TestResult> {
  const out = new Map<string, TestResult>();
  for (const s of suites) for (const t of s.tests) out.set(`${s.contract}.${t.name}`, t);
  return out;
}

function notPassing(tests: Map<string, TestResult>): string[] {
  return [...tests]
    .filter(([, t]) => t.status !== 'pass')
    .map(([n, t]) => `${n}: ${t.status} ${t.reason ?? ''}`);
}

describe('examples/testing', () => {
  const env = readDotEnv(join(EXAMPLES, 'testing', '.env'));
  const saved: Record<string, string | undefined> = {};
  let tests: Map<string, TestResult>;
  let suites: readonly SuiteResult[];

  beforeAll(async () => {
    // forge loads the project's .env before running tests; the Environment tests read it.
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    const result = await run('testing');
    suites = result.suites;
    tests = byName(result.suites);
  }, 600_000);

  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('compiles every test file and discovers at least 40 tests', () => {
    expect(suites.filter((s) => s.compileError !== undefined)).toEqual([]);
    expect(tests.size).toBeGreaterThanOrEqual(40);
    expect([...tests.values()].filter((t) => t.kind === 'fuzz').length).toBeGreaterThanOrEqual(4);
    expect([...tests.values()].filter((t) => t.kind === 'invariant').length).toBeGreaterThanOrEqual(1);
  });

  it('uses every supported cheatcode', () => {
    const dir = join(EXAMPLES, 'testing', 'test');
    const sources = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const names = new Set(CHEATCODES.map((s) => s.slice(0, s.indexOf('('))).filter((n) => n !== 'deriveKey'));
    expect([...names].filter((n) => !sources.includes(`vm.${n}(`))).toEqual([]);
  });

  it('passes every test; vm.skip(true) is reported skipped', () => {
    const skipped = tests.get('EnvironmentTest.test_SkipTrueIsReportedSkipped()');
    expect(skipped?.status).toBe('skip');
    tests.delete('EnvironmentTest.test_SkipTrueIsReportedSkipped()');
    expect(notPassing(tests)).toEqual([]);
  });

  it('runs fuzz tests for the default 256 runs and prints console.log output', () => {
    const fuzz = tests.get('CounterTest.testFuzz_StepWithinBounds(uint256)');
    expect(fuzz?.fuzz?.runs).toBe(256);
    const logged = tests.get('CounterTest.test_IncrementLogsAndCounts()');
    expect(logged?.logs).toContain('number after one increment: 1');
  });
});

describe('examples/testing/failing', () => {
  const root = join(EXAMPLES, 'testing', 'failing');
  const expected = (
    JSON.parse(readFileSync(join(root, 'expected-failures.json'), 'utf8')) as { failures: ExpectedFailure[] }
  ).failures;
  let tests: Map<string, TestResult>;
  let ok: boolean;

  beforeAll(async () => {
    const result = await run(join('testing', 'failing'));
    ok = result.ok;
    tests = byName(result.suites);
  }, 600_000);

  it('fails the run', () => {
    expect(ok).toBe(false);
  });

  it('fails each test with its expected reason (and prints its expected logs)', () => {
    const mismatches: string[] = [];
    for (const e of expected) {
      // A setUp failure is reported on every test of the contract.
      const name =
        e.test === 'setUp()'
          ? [...tests.keys()].find((k) => k.startsWith(`${e.contract}.`))
          : `${e.contract}.${e.test}`;
      const t = name === undefined ? undefined : tests.get(name);
      const good =
        t !== undefined &&
        t.status === 'fail' &&
        (t.reason ?? '').includes(e.reason) &&
        (e.logs ?? []).every((l) => t.logs.includes(l));
      if (!good) mismatches.push(`${e.contract}.${e.test}: ${t?.status} ${t?.reason ?? ''}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('has no test left out of expected-failures.json', () => {
    const listed = new Set(expected.map((e) => `${e.contract}.${e.test}`));
    const contracts = new Set(expected.filter((e) => e.test === 'setUp()').map((e) => e.contract));
    const unlisted = [...tests.keys()].filter((k) => !listed.has(k) && !contracts.has(k.split('.')[0]!));
    expect(unlisted).toEqual([]);
  });

  it('shrinks the failing fuzz input and reports a counterexample', () => {
    const t = tests.get('FailingTest.testFuzz_FailsAboveThreshold(uint256)');
    expect(t?.counterexample?.calldata).toMatch(/^0x[0-9a-f]{72}$/);
  });
});

describe('examples/forge-idioms', () => {
  it('passes unchanged against tdk’s forge-std', async () => {
    const result = await run('forge-idioms');
    const tests = byName(result.suites);
    expect(tests.size).toBeGreaterThanOrEqual(10);
    expect(notPassing(tests)).toEqual([]);
    expect(result.ok).toBe(true);
  }, 600_000);
});

describe('examples/testing/broken', () => {
  it('reports the file that does not compile and still runs the other', async () => {
    const result = await run(join('testing', 'broken'));
    expect(result.ok).toBe(false);
    const broken = result.suites.find((s) => s.file === 'test/DoesNotCompile.t.sol');
    expect(broken?.compileError).toMatch(/not implicitly convertible/);
    expect(byName(result.suites).get('GoodTest.test_StillRuns()')?.status).toBe('pass');
  }, 600_000);
});
