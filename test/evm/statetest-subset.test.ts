// A fixed, representative subset of ethereum/tests GeneralStateTests for CI: in every folder, every
// 8th file in name order starting with the first (so every folder is sampled), minus the extreme-time tests in conformance/skipped.json.
// `npm run conformance` runs all of them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runStateTest } from '../../src/evm/statetest.js';

const GST = fileURLToPath(
  new URL('../../../shared/fixtures/ethereum-tests/GeneralStateTests/', import.meta.url),
);
const SKIPS = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../conformance/skipped.json', import.meta.url)), 'utf8'),
).tests as Record<string, string>;
const STRIDE = 8;

/** JSON files under dir; `every` keeps the 1st, (every+1)th, ... file of each folder. */
function jsonFiles(dir: string, every = 1): string[] {
  const names = readdirSync(dir).sort();
  const files = names.filter((n) => n.endsWith('.json')).map((n) => join(dir, n));
  const folders = names.map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory());
  return [...files.filter((_, i) => i % every === 0), ...folders.flatMap((p) => jsonFiles(p, every))];
}

const all = jsonFiles(GST);
const subset = jsonFiles(GST, STRIDE);

describe('GeneralStateTests subset (Cancun)', () => {
  it('samples every folder of the fixtures', () => {
    expect(all.length).toBeGreaterThan(2600);
    const folders = new Set(all.map((f) => relative(GST, f).split('/')[0]));
    const sampled = new Set(subset.map((f) => relative(GST, f).split('/')[0]));
    expect(sampled).toEqual(folders);
    expect(subset.length).toBeLessThan(all.length / 5);
  });

  it.each(subset.map((f) => [relative(GST, f), f]))('%s', (_rel, file) => {
    const tests = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    for (const [name, test] of Object.entries(tests)) {
      if (SKIPS[name]) continue;
      for (const c of runStateTest(name, test)) {
        expect(c.pass, `${c.name}: root ${c.actualRoot} expected ${c.expectedRoot} (${c.detail})`).toBe(true);
      }
    }
  });
});
