// `tdk test --junit`: the run as JUnit XML (the format CI systems read, as `forge test --junit`
// prints it): one <testsuite> per test contract, a <testcase> per test with <failure> or <skipped>;
// a file that did not compile is one <testcase> with an <error>. Written with fast-xml-parser, which
// escapes text and attributes.
import { XMLBuilder } from 'fast-xml-parser';
import type { SuiteResult, TestResult } from './results.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function failureText(t: TestResult): string {
  const lines: string[] = [];
  if (t.counterexample?.sequence) lines.push('Sequence:', ...t.counterexample.sequence.map((s) => `  ${s}`));
  else if (t.counterexample)
    lines.push(`counterexample: calldata=${t.counterexample.calldata} args=${t.counterexample.args}`);
  const seed = t.fuzz?.seed ?? t.invariant?.seed;
  if (seed !== undefined) lines.push(`seed: 0x${seed.toString(16)} (rerun with --fuzz-seed to reproduce)`);
  if (t.trace) lines.push('Traces:', t.trace);
  return lines.join('\n');
}

function testcase(t: TestResult, classname: string): Record<string, unknown> {
  const c: Record<string, unknown> = {
    '@_name': t.name,
    '@_classname': classname,
    '@_time': seconds(t.durationMs),
  };
  if (t.status === 'fail') c.failure = { '@_message': t.reason ?? 'failed', '#text': failureText(t) };
  if (t.status === 'skip') c.skipped = t.reason ? { '@_message': t.reason } : '';
  if (t.logs.length > 0) c['system-out'] = t.logs.join('\n');
  return c;
}

export function toJunit(suites: readonly SuiteResult[], wallMs: number): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const out = suites.map((s) => {
    const name = s.contract ? `${s.file}:${s.contract}` : s.file;
    if (s.compileError !== undefined) {
      tests++;
      errors++;
      return {
        '@_name': name,
        '@_tests': 1,
        '@_failures': 0,
        '@_errors': 1,
        '@_skipped': 0,
        '@_time': seconds(s.durationMs),
        testcase: [
          {
            '@_name': 'compile',
            '@_classname': name,
            '@_time': '0.000',
            error: { '@_message': `${s.file} does not compile`, '#text': s.compileError },
          },
        ],
      };
    }
    const f = s.tests.filter((t) => t.status === 'fail').length;
    const k = s.tests.filter((t) => t.status === 'skip').length;
    tests += s.tests.length;
    failures += f;
    skipped += k;
    return {
      '@_name': name,
      '@_tests': s.tests.length,
      '@_failures': f,
      '@_errors': 0,
      '@_skipped': k,
      '@_time': seconds(s.durationMs),
      testcase: s.tests.map((t) => testcase(t, name)),
    };
  });
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'tdk test',
      '@_tests': tests,
      '@_failures': failures,
      '@_errors': errors,
      '@_skipped': skipped,
      '@_time': seconds(wallMs),
      testsuite: out,
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
    suppressEmptyNode: true,
  });
  return builder.build(doc) as string;
}
