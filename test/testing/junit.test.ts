// `tdk test --junit`: well-formed JUnit XML (checked by fast-xml-parser's validator and parser, not by
// the writer) whose counts, names and failure messages are the run's own.
import { rmSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJunit } from '../../src/testing/junit.js';
import type { SuiteResult } from '../../src/testing/results.js';
import { type RunResult, runTests } from '../../src/testing/runner.js';
import { writeRunnerProject } from './runner-project.js';

let root: string;
let run: RunResult;
beforeAll(async () => {
  root = writeRunnerProject();
  run = await runTests({ root, jobs: 1, gasLimit: 3_000_000n, fuzz: { runs: 32, seed: 7n } });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (n) => ['testsuite', 'testcase'].includes(n),
});

describe('JUnit XML', () => {
  it('is well-formed and carries the run: counts, every test, failure reasons, logs', () => {
    const xml = toJunit(run.suites, run.durationMs);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml).testsuites;
    const all = run.suites.flatMap((s) => s.tests);
    // A file that does not compile counts as one test in error (the runner project has one).
    const broken = run.suites.filter((s) => s.compileError !== undefined).length;
    expect(broken).toBeGreaterThan(0);
    expect(Number(doc.tests)).toBe(all.length + broken);
    expect(Number(doc.errors)).toBe(broken);
    expect(Number(doc.failures)).toBe(all.filter((t) => t.status === 'fail').length);
    expect(Number(doc.failures)).toBeGreaterThan(5);
    expect(Number(doc.skipped)).toBe(all.filter((t) => t.status === 'skip').length);
    for (const s of run.suites) {
      if (s.compileError !== undefined) continue;
      const suite = doc.testsuite.find((x: { name: string }) => x.name === `${s.file}:${s.contract}`);
      expect(suite, s.contract).toBeDefined();
      expect(suite.testcase.map((c: { name: string }) => c.name)).toEqual(s.tests.map((t) => t.name));
      for (const t of s.tests) {
        const c = suite.testcase.find((x: { name: string }) => x.name === t.name);
        if (t.status === 'fail') expect(c.failure.message).toBe(t.reason);
        else expect(c.failure).toBeUndefined();
        if (t.logs.length > 0) expect(String(c['system-out'])).toBe(t.logs.join('\n'));
      }
    }
  });

  it('escapes what it quotes, and reports a file that does not compile as an error', () => {
    const suites: SuiteResult[] = [
      {
        file: 'test/Bad.t.sol',
        contract: '',
        tests: [],
        compileError: 'Error: Expected ";" but got "}" <here> & there',
        durationMs: 0,
      },
      {
        file: 'test/A.t.sol',
        contract: 'A',
        durationMs: 3,
        tests: [
          {
            name: 'test_X()',
            kind: 'unit',
            status: 'fail',
            reason: 'a < b && "q" \'s\'',
            logs: ['<log>'],
            durationMs: 1,
          },
        ],
      },
    ];
    const xml = toJunit(suites, 5);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml).testsuites;
    expect(Number(doc.errors)).toBe(1);
    expect(doc.testsuite[0].testcase[0].error['#text']).toBe(
      'Error: Expected ";" but got "}" <here> & there',
    );
    expect(doc.testsuite[1].testcase[0].failure.message).toBe('a < b && "q" \'s\'');
    expect(doc.testsuite[1].testcase[0]['system-out']).toBe('<log>');
  });
});
