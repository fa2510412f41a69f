// `tdk evm statetest PATH...`: runs GeneralStateTests files; the last line is always
// `N passed, N failed, N skipped`. Skips come from one file that gives each skipped test's reason.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EvmInputError } from '../evm/errors.js';
import { runStateTest, type StateTestCase } from '../evm/statetest.js';
import { writeJson } from './output.js';
import { packageRoot } from './package-root.js';

export interface StatetestOptions {
  run?: string;
  fork?: string;
  skipFile?: string;
  json?: boolean;
}

/** Test names (file-level keys) that are skipped, with the reason for each. */
export function loadSkips(file: string): Map<string, string> {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { tests: Record<string, string> };
  return new Map(Object.entries(raw.tests));
}

export function collectFiles(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new EvmInputError(
        `no such file or folder: ${p}`,
        'TDK_NOT_FOUND',
        'check the path to the ethereum/tests fixtures',
      );
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(p).sort()) walk(join(p, entry));
    } else if (p.endsWith('.json')) files.push(p);
  };
  for (const p of paths) walk(resolve(p));
  return files;
}

export async function statetest(paths: string[], opts: StatetestOptions): Promise<number> {
  const files = collectFiles(paths);
  const skips = loadSkips(opts.skipFile ?? join(packageRoot(), 'conformance', 'skipped.json'));
  const pattern = opts.run ? new RegExp(opts.run) : undefined;
  const failures: StateTestCase[] = [];
  const skipped: { name: string; reason: string; cases: number }[] = [];
  let passed = 0;
  const progress = process.stderr.isTTY && !opts.json;
  const started = performance.now();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    let tests: Record<string, unknown>;
    try {
      tests = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new EvmInputError(`${file}: not valid JSON (${(err as Error).message})`, 'TDK_BAD_STATETEST');
    }
    for (const [name, test] of Object.entries(tests)) {
      const reason = skips.get(name);
      if (reason !== undefined) {
        const count =
          (test as { post?: Record<string, unknown[]> }).post?.[opts.fork ?? 'Cancun']?.length ?? 0;
        if (count > 0) skipped.push({ name, reason, cases: count });
        continue;
      }
      let cases: StateTestCase[];
      try {
        cases = runStateTest(name, test as Record<string, unknown>, {
          fork: opts.fork,
          filter: pattern ? (n) => pattern.test(n) : undefined,
        });
      } catch (err) {
        // A crash inside the EVM is a failure of the whole test, not of the run.
        cases = [crashed(name, err)];
      }
      for (const c of cases) {
        if (c.pass) passed++;
        else {
          failures.push(c);
          if (!opts.json) {
            process.stdout.write(
              `FAIL ${c.name} ${file}\n  root ${c.actualRoot} expected ${c.expectedRoot}\n  logs ${c.actualLogs} expected ${c.expectedLogs}\n  result ${c.detail ?? ''}${c.expectException ? ` (expected exception ${c.expectException})` : ''}\n`,
            );
          }
        }
      }
    }
    if (progress && (i % 20 === 0 || i === files.length - 1)) {
      process.stderr.write(`\r${i + 1}/${files.length} files, ${passed} passed, ${failures.length} failed`);
    }
  }
  if (progress) process.stderr.write('\n');
  const skippedCases = skipped.reduce((n, s) => n + s.cases, 0);
  const seconds = (performance.now() - started) / 1000;
  if (opts.json) {
    writeJson({
      passed,
      failed: failures.length,
      skipped: skippedCases,
      seconds,
      failures,
      skippedTests: skipped,
    });
  } else {
    for (const s of skipped) process.stdout.write(`SKIP ${s.name} (${s.cases} cases): ${s.reason}\n`);
    process.stdout.write(`time ${seconds.toFixed(1)} s\n`);
    process.stdout.write(`${passed} passed, ${failures.length} failed, ${skippedCases} skipped\n`);
  }
  return failures.length === 0 ? 0 : 1;
}

function crashed(name: string, err: unknown): StateTestCase {
  return {
    name,
    fork: '',
    index: { data: -1, gas: -1, value: -1 },
    pass: false,
    expectedRoot: '',
    actualRoot: '',
    expectedLogs: '',
    actualLogs: '',
    detail: `crashed: ${err instanceof Error ? err.message : String(err)}`,
  };
}
