// src/evm must be deterministic: no clocks, randomness, timers, async or I/O, and the same input
// must give the same state root on every run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runStateTest } from '../../src/evm/statetest.js';

const EVM_DIR = fileURLToPath(new URL('../../src/evm/', import.meta.url));
const GST = fileURLToPath(
  new URL('../../../shared/fixtures/ethereum-tests/GeneralStateTests/', import.meta.url),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Strips comments so that prose mentioning Date or async does not trip the scan. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\b/, 'Date'],
  [/Math\.random/, 'Math.random'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/, 'timers'],
  [/\basync\b|\bawait\b|\bPromise\b/, 'async'],
  [
    /from ['"](node:)?(fs|fs\/promises|net|http|https|child_process|worker_threads|os|dgram|tls)['"]/,
    'I/O module',
  ],
  [/\bprocess\./, 'process'],
  [/\bperformance\b/, 'performance clock'],
  [/getRandomValues|randomBytes/, 'randomness'],
  [/\brequire\(/, 'require'],
];

describe('src/evm determinism', () => {
  const files = sourceFiles(EVM_DIR);

  it('scans a real source tree', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(FORBIDDEN)('uses no %s', (pattern, what) => {
    const offenders = files.filter((f) => pattern.test(code(readFileSync(f, 'utf8'))));
    expect(offenders, `${what} found in src/evm`).toEqual([]);
  });

  it('the scan catches a planted violation', () => {
    expect(FORBIDDEN.some(([p]) => p.test(code('const t = Date.now();')))).toBe(true);
    expect(FORBIDDEN.some(([p]) => p.test(code('// Date is fine in a comment')))).toBe(false);
  });

  it('gives the same state roots when the same tests run again', () => {
    const file = join(GST, 'stRandom2/randomStatetest384.json');
    const run = () => {
      const tests = JSON.parse(readFileSync(file, 'utf8'));
      return Object.entries(tests).flatMap(([name, t]) =>
        runStateTest(name, t as Record<string, unknown>).map((c) => c.actualRoot),
      );
    };
    const first = run();
    expect(first.length).toBeGreaterThan(0);
    expect(run()).toEqual(first);
    expect(run()).toEqual(first);
  });
});
