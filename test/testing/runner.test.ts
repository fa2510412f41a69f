// The runner end to end on a small project: discovery, forge's addresses and defaults, per-test
// isolation, cheatcodes, console.log, revert decoding, bad input (a file that does not compile, a
// reverting setUp, an endless loop, unknown and unsupported cheatcodes), fuzz integration, reports.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSuite, formatSummary, toJson } from '../../src/testing/report.js';
import type { SuiteResult, TestResult } from '../../src/testing/results.js';
import { type RunResult, runTests } from '../../src/testing/runner.js';
import { writeRunnerProject } from './runner-project.js';

let root: string;
let run: RunResult;

function test(contract: string, name: string): TestResult {
  const suite = run.suites.find((s) => s.contract === contract);
  const t = suite?.tests.find((x) => x.name === name);
  if (!t) throw new Error(`no result for ${contract}.${name}`);
  return t;
}

beforeAll(async () => {
  root = writeRunnerProject();
  run = await runTests({ root, jobs: 1, gasLimit: 3_000_000n, fuzz: { runs: 256, seed: 7n }, verbosity: 3 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tdk test runner', () => {
  it('passes the tests that should pass', () => {
    const passing = [
      'test_Passes()',
      'test_IsolationWrites()',
      'test_IsolationReads()',
      'test_Addresses()',
      'test_Console()',
      'test_ExpectRevertCustom()',
      'test_ExpectRevertSelector()',
      'test_Prank()',
      'test_StartPrank()',
      'test_Env()',
      'test_DealStoreLoadEtch()',
      'test_Snapshot()',
      'test_SignAndAddr()',
      'test_Record()',
      'test_RecordLogs()',
      'test_ExpectEmit()',
      'test_ExpectCall()',
      'test_MockCall()',
      'test_Label()',
      'test_Strings()',
      'test_EnvVar()',
      'test_GetCode()',
    ];
    for (const name of passing)
      expect([name, test('BasicTest', name).status, test('BasicTest', name).reason]).toEqual([
        name,
        'pass',
        undefined,
      ]);
  });

  it('fails the tests that should fail, with forge-style reasons', () => {
    const failing: [string, string][] = [
      ['test_FailsWithMessage()', 'number: 5 != 6'],
      ['test_RequireFails()', 'plain'],
      ['test_ExpectRevertNoRevert()', 'call did not revert as expected'],
      ['test_CustomErrorDecoded()', 'TooBig(5000)'],
      // forge >= 1.0 (and EDR): a bytes4 expectation is the whole revert data, not a prefix.
      ['test_ExpectRevertSelectorIsWholeData()', 'TooBig(3000)'],
      ['test_ExpectEmitWrongData()', 'log != expected log'],
      ['test_ExpectCallMissing()', 'but was called 0 times'],
      ['test_ReadFileRefused()', 'not allowed to be accessed for read'],
      ['test_Unsupported()', 'unsupported cheatcode: deriveKey(string,uint32)'],
      ['test_Unknown()', 'unknown cheatcode 0x12345678'],
      ['test_LegacyFailedFlag()', 'assertion failed'],
      ['test_Panic()', 'panic: arithmetic underflow or overflow (0x11)'],
      ['test_EndlessLoop()', 'EvmError: OutOfGas'],
      // The callee burns its 63/64 and halts; the test's high-level call then reverts.
      ['test_EndlessLoopInCallee()', 'EvmError: Revert'],
    ];
    for (const [name, reason] of failing) {
      const t = test('BasicTest', name);
      expect([name, t.status]).toEqual([name, 'fail']);
      expect(t.reason).toContain(reason);
    }
  });

  it('skips vm.skip(true) tests', () => {
    expect(test('BasicTest', 'test_Skipped()').status).toBe('skip');
  });

  it('prints console.log lines per test, format strings applied', () => {
    expect(test('BasicTest', 'test_Console()').logs).toEqual(['value is 42', 'second 7 line']);
  });

  it('an endless loop stops at the per-test gas limit', () => {
    expect(test('BasicTest', 'test_EndlessLoop()').gas).toBe(3_000_000n);
  });

  it('a reverting setUp fails every test of its contract with the reason', () => {
    for (const name of ['test_A()', 'test_B()']) {
      const t = test('SetUpFailsTest', name);
      expect(t.status).toBe('fail');
      expect(t.reason).toBe('setUp() failed: no setup for you');
    }
  });

  it('a file that does not compile is reported and the others still run', () => {
    const broken = run.suites.find((s) => s.file === 'test/Broken.t.sol');
    expect(broken?.compileError).toMatch(/not implicitly convertible/);
    expect(test('BasicTest', 'test_Passes()').status).toBe('pass');
    expect(run.ok).toBe(false);
  });

  it('fuzzing finds a constant planted in the code and reports seed and counterexample', () => {
    const t = test('FuzzTest', 'testFuzz_Constant(uint256)');
    expect(t.status).toBe('fail');
    expect(t.reason).toBe('planted constant');
    expect(t.counterexample?.args).toBe(`[${0x7e57c0de5eedn}]`);
    expect(t.fuzz?.seed).toBe(7n);
    const ok = test('FuzzTest', 'testFuzz_Passes(uint256)');
    expect(ok.status).toBe('pass');
    expect(ok.fuzz?.runs).toBe(256);
  });

  it('traces failing tests at -vvv with decoded calls and reverts', () => {
    const trace = test('BasicTest', 'test_CustomErrorDecoded()').trace ?? '';
    expect(trace).toContain('BasicTest::test_CustomErrorDecoded()');
    expect(trace).toContain('Counter::set(5000)');
    expect(trace).toContain('[Revert] TooBig(5000)');
    expect(test('BasicTest', 'test_Passes()').trace).toBeUndefined();
  });

  it('reports in forge format and as JSON', () => {
    const basic = run.suites.find((s) => s.contract === 'BasicTest') as SuiteResult;
    const text = formatSuite(basic, { verbosity: 0 });
    expect(text).toMatch(/^Ran \d+ tests for test\/Basic\.t\.sol:BasicTest\n/);
    expect(text).toMatch(/\n\[PASS\] test_Passes\(\) \(gas: \d+\)\n/);
    expect(text).toContain('[FAIL: number: 5 != 6] test_FailsWithMessage() (gas: ');
    expect(text).toMatch(/Suite result: FAILED\. \d+ passed; \d+ failed; 1 skipped; finished in/);
    const summary = formatSummary(run.suites, run.durationMs);
    expect(summary).toMatch(
      /^Ran 4 test suites in .*: \d+ tests passed, \d+ failed, 1 skipped \(\d+ total tests\)/,
    );
    const json = JSON.parse(JSON.stringify(toJson(run.suites, run.durationMs))) as {
      schema: string;
      ok: boolean;
      suites: { contract: string; tests: { name: string; status: string; gas?: string }[] }[];
    };
    expect(json.schema).toBe('tdk-test/1');
    expect(json.ok).toBe(false);
    const passes = json.suites
      .find((s) => s.contract === 'BasicTest')!
      .tests.find((t) => t.name === 'test_Passes()')!;
    expect(passes.status).toBe('pass');
    expect(passes.gas).toMatch(/^\d+$/);
  });

  it('filters by test, contract and path', async () => {
    const r = await runTests({
      root,
      jobs: 1,
      matchTest: /^test_Is/,
      matchContract: /^Basic/,
      matchPath: 'test/*.t.sol',
    });
    const names = r.suites.flatMap((s) => s.tests.map((t) => t.name));
    expect(names.sort()).toEqual(['test_IsolationReads()', 'test_IsolationWrites()']);
    expect(r.suites.some((s) => s.compileError !== undefined)).toBe(true);
    const none = await runTests({ root, jobs: 1, matchPath: 'test/SetUp*.sol' });
    expect(none.suites.map((s) => s.contract)).toEqual(['SetUpFailsTest']);
  });
});
