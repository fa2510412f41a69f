// Acceptance: recall floors on the SmartBugs-curated dev fixture, scored from vulnerabilities.json
// (a finding matches when its category agrees and its lines include an annotated line).
import { describe, expect, it } from 'vitest';
import { scanFixture } from '../../bench/scan-score.js';
import { FIXTURE, FLOORS } from './smartbugs-floors.js';

describe('SmartBugs-curated dev fixture', () => {
  it('meets the recall floor of every scored category', { timeout: 300_000 }, async () => {
    const { result, score } = await scanFixture(FIXTURE);
    expect(result.files.length + result.failures.length).toBe(74);
    for (const [category, floor] of Object.entries(FLOORS)) {
      const row = score.categories.find((c) => c.category === category)!;
      expect({ category, recall: row.found / row.annotated }).toEqual({
        category,
        recall: expect.toSatisfy((r: number) => r >= floor),
      });
    }
  });
});
