// The built CLI: `tdk test` exit codes (0 all pass, 1 a failure, 2 bad input), forge-style text and
// --json, on the runner tests' inline project.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRunnerProject } from '../testing/runner-project.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(`${ROOT}dist/src/cli/main.js`) && existsSync(`${ROOT}dist/src/testing/runner.js`);

function tdk(...args: string[]) {
  const r = spawnSync('node', ['bin/tdk.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let project: string;
beforeAll(() => {
  project = writeRunnerProject();
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe.skipIf(!built)('tdk test (built CLI)', () => {
  it('exit 0 when every selected test passes, forge-style lines', () => {
    const r = tdk(
      'test',
      '--root',
      project,
      '--match-path',
      'test/Basic.t.sol',
      '--match-test',
      '^test_(Passes|Prank)$',
      '-vv',
    );
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Ran 2 tests for test\/Basic\.t\.sol:BasicTest/);
    expect(r.stdout).toMatch(/\[PASS\] test_Passes\(\) \(gas: \d+\)/);
    expect(r.stdout).toMatch(/Ran 1 test suite in .*: 2 tests passed, 0 failed, 0 skipped \(2 total tests\)/);
  });

  it('exit 1 on a failing test, reason and the failing list printed', () => {
    const r = tdk('test', '--root', project, '--match-path', 'test/SetUpFails.t.sol');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[FAIL: setUp() failed: no setup for you] test_A()');
    expect(r.stdout).toContain('Encountered a total of 2 failing tests');
  });

  it('--json: the stable schema, exit 1 with failures', () => {
    const r = tdk('test', '--root', project, '--match-contract', 'SetUpFails', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('tdk-test/1');
    expect(doc.failed).toBeGreaterThanOrEqual(2);
    const suite = doc.suites.find((s: { contract: string }) => s.contract === 'SetUpFailsTest');
    expect(suite.tests.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual([
      ['test_A()', 'fail'],
      ['test_B()', 'fail'],
    ]);
  });

  it('-j 2 runs suites on worker threads, results in file order', () => {
    const args = [
      'test',
      '--root',
      project,
      '--match-contract',
      '^(SetUpFailsTest|FuzzTest)$',
      '--fuzz-seed',
      '7',
      '--json',
    ];
    const threads = JSON.parse(tdk(...args, '-j', '2').stdout);
    const main = JSON.parse(tdk(...args, '-j', '1').stdout);
    const view = (doc: {
      suites: { contract: string; tests: { name: string; status: string; reason?: string }[] }[];
    }) => doc.suites.map((s) => [s.contract, s.tests.map((t) => [t.name, t.status, t.reason])]);
    expect(view(threads)).toEqual(view(main));
    expect(view(main).map((s) => s[0])).toEqual(['', 'FuzzTest', 'SetUpFailsTest']);
  });

  it('bad options exit 2 with a typed one-line error', () => {
    const r = tdk('test', '--root', project, '--match-test', '(');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[TDK_TEST_OPTIONS\]/);
    expect(tdk('test', '--root', project, '--fuzz-runs', 'many').code).toBe(2);
    const both = tdk('test', '--root', project, '--json', '--junit');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give one of --json and --junit/);
  });

  it('--junit: JUnit XML on stdout, exit 1 with failures', () => {
    const r = tdk('test', '--root', project, '--match-path', 'test/Basic.t.sol', '--junit');
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    expect(r.stdout).toMatch(/<testsuite name="test\/Basic\.t\.sol:BasicTest"/);
    expect(r.stdout).toMatch(/<failure message="number: 5 != 6"/);
  });
});
