// forge's output format: per suite "Ran N tests for file:Contract", one line per test, a suite
// result line; then the run summary and the failing tests again. And the JSON form of a run.
import type { SuiteResult, TestResult } from './results.js';

export interface ReportOptions {
  readonly verbosity: number;
}

function ms(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${v.toFixed(2)}ms`;
}

export function testLine(t: TestResult): string {
  const cx = t.counterexample && !t.counterexample.sequence ? t.counterexample : undefined;
  const why = `${t.reason ?? 'failed'}${cx ? `; counterexample: calldata=${cx.calldata} args=${cx.args}` : ''}`;
  const tag =
    t.status === 'pass'
      ? '[PASS]'
      : t.status === 'skip'
        ? `[SKIP${t.reason ? `: ${t.reason}` : ''}]`
        : `[FAIL: ${why}]`;
  let stats = '';
  if (t.fuzz) stats = ` (runs: ${t.fuzz.runs}, μ: ${t.fuzz.mean}, ~: ${t.fuzz.median})`;
  else if (t.invariant)
    stats = ` (runs: ${t.invariant.runs}, calls: ${t.invariant.calls}, reverts: ${t.invariant.reverts})`;
  else if (t.gas !== undefined) stats = ` (gas: ${t.gas})`;
  const lines = [`${tag} ${t.name}${stats}`];
  if (t.counterexample?.sequence) {
    lines.push('\t[Sequence]');
    for (const s of t.counterexample.sequence) lines.push(`\t\t${s}`);
  }
  if (t.status === 'fail' && (t.fuzz || t.invariant)) {
    lines.push(
      `  seed: 0x${(t.fuzz?.seed ?? t.invariant?.seed ?? 0n).toString(16)} (rerun with --fuzz-seed to reproduce)`,
    );
  }
  return lines.join('\n');
}

export function formatTest(t: TestResult, o: ReportOptions): string {
  const out = [testLine(t)];
  if (t.logs.length > 0 && (o.verbosity >= 2 || (t.status === 'fail' && o.verbosity >= 1))) {
    out.push('Logs:', ...t.logs.map((l) => `  ${l}`));
  }
  if (t.trace) out.push('', 'Traces:', t.trace);
  return out.join('\n');
}

function counts(tests: readonly TestResult[]): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const t of tests) {
    if (t.status === 'pass') passed++;
    else if (t.status === 'fail') failed++;
    else skipped++;
  }
  return { passed, failed, skipped };
}

export function formatSuite(s: SuiteResult, o: ReportOptions): string {
  if (s.compileError !== undefined) {
    return `Failed to compile ${s.file}:\n${s.compileError.trimEnd()}\nSuite result: FAILED. 0 passed; 1 failed; 0 skipped\n`;
  }
  const n = s.tests.length;
  const c = counts(s.tests);
  const lines = [`Ran ${n} test${n === 1 ? '' : 's'} for ${s.file}:${s.contract}`];
  for (const t of s.tests) lines.push(formatTest(t, o));
  lines.push(
    `Suite result: ${c.failed > 0 ? 'FAILED' : 'ok'}. ${c.passed} passed; ${c.failed} failed; ${c.skipped} skipped; finished in ${ms(s.durationMs)}`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatSummary(suites: readonly SuiteResult[], wallMs: number): string {
  const all = suites.flatMap((s) => s.tests);
  const c = counts(all);
  const compileFailures = suites.filter((s) => s.compileError !== undefined).length;
  const failed = c.failed + compileFailures;
  const lines = [
    `Ran ${suites.length} test suite${suites.length === 1 ? '' : 's'} in ${ms(wallMs)}: ${c.passed} tests passed, ${failed} failed, ${c.skipped} skipped (${all.length + compileFailures} total tests)`,
  ];
  if (failed > 0) {
    lines.push('', 'Failing tests:');
    for (const s of suites) {
      if (s.compileError !== undefined) {
        lines.push(`Encountered a compilation error in ${s.file}`);
        continue;
      }
      const bad = s.tests.filter((t) => t.status === 'fail');
      if (bad.length === 0) continue;
      lines.push(
        `Encountered ${bad.length} failing test${bad.length === 1 ? '' : 's'} in ${s.file}:${s.contract}`,
      );
      for (const t of bad) lines.push(testLine(t));
      lines.push('');
    }
    lines.push(
      `Encountered a total of ${failed} failing test${failed === 1 ? '' : 's'}, ${c.passed} test${c.passed === 1 ? '' : 's'} succeeded`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The --json document: stable field names; bigints as decimal strings. */
export function toJson(suites: readonly SuiteResult[], wallMs: number): unknown {
  const all = suites.flatMap((s) => s.tests);
  const c = counts(all);
  const compileFailures = suites.filter((s) => s.compileError !== undefined).length;
  return {
    schema: 'tdk-test/1',
    ok: c.failed === 0 && compileFailures === 0,
    passed: c.passed,
    failed: c.failed + compileFailures,
    skipped: c.skipped,
    durationMs: Math.round(wallMs),
    suites: suites.map((s) => ({
      file: s.file,
      contract: s.contract,
      compileError: s.compileError,
      durationMs: Math.round(s.durationMs),
      tests: s.tests.map((t) => ({
        name: t.name,
        kind: t.kind,
        status: t.status,
        reason: t.reason,
        gas: t.gas?.toString(),
        fuzz: t.fuzz && {
          runs: t.fuzz.runs,
          mean: t.fuzz.mean.toString(),
          median: t.fuzz.median.toString(),
          seed: `0x${t.fuzz.seed.toString(16)}`,
          rejects: t.fuzz.rejects,
        },
        invariant: t.invariant && { ...t.invariant, seed: `0x${t.invariant.seed.toString(16)}` },
        counterexample: t.counterexample,
        logs: t.logs,
        trace: t.trace,
        durationMs: Math.round(t.durationMs),
      })),
    })),
  };
}
