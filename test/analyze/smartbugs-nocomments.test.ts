// The analyser never reads comments: with every comment of the fixture blanked (lines kept), the
// same recall floors hold and the findings are the same.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanFixtureWithoutComments } from '../../bench/scan-score.js';
import { FIXTURE, FLOORS } from './smartbugs-floors.js';

describe('SmartBugs-curated dev fixture without comments', () => {
  it('meets the same recall floors', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tdk-scan-nocomments-'));
    try {
      const { score } = await scanFixtureWithoutComments(FIXTURE, dir);
      for (const [category, floor] of Object.entries(FLOORS)) {
        const row = score.categories.find((c) => c.category === category)!;
        expect({ category, recall: row.found / row.annotated }).toEqual({
          category,
          recall: expect.toSatisfy((r: number) => r >= floor),
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
