// The gas report: statistics per function checked against a brute-force oracle, merging of worker
// reports, the JSON schema and the table layout.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/testing/fuzz/index.js';
import { GasReport } from '../../src/testing/gas-report.js';

/** The oracle: mean by float division then floor, median by explicit middle elements. */
function expected(gas: number[]) {
  const s = gas.slice().sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : Math.floor((s[n / 2 - 1] + s[n / 2]) / 2);
  return {
    calls: n,
    min: s[0],
    mean: Math.floor(s.reduce((a, b) => a + b, 0) / n),
    median,
    max: s[n - 1],
  };
}

describe('gas report', () => {
  it('min, mean, median, max and calls per function match the oracle, for odd and even counts', () => {
    const rng = new Prng(1n);
    const report = new GasReport();
    const samples: Record<string, number[]> = {
      'transfer(address,uint256)': [],
      'approve(address,uint256)': [],
    };
    for (let i = 0; i < 101; i++) {
      const fn = i % 3 === 0 ? 'approve(address,uint256)' : 'transfer(address,uint256)';
      const gas = 21_000 + rng.below(40_000);
      samples[fn].push(gas);
      report.addCall({ contract: 'src/Token.sol:Token', fn, gas: BigInt(gas) });
    }
    report.addDeployment('src/Token.sol:Token', 512_345n, 2_345);
    const json = report.toJSON();
    expect(json).toHaveLength(1);
    expect(json[0].contract).toBe('src/Token.sol:Token');
    expect(json[0].deployment).toEqual({ gas: 512_345, size: 2_345 });
    expect(Object.keys(json[0].functions)).toEqual(['approve(address,uint256)', 'transfer(address,uint256)']);
    for (const [fn, gas] of Object.entries(samples)) expect(json[0].functions[fn]).toEqual(expected(gas));
    expect(samples['approve(address,uint256)'].length % 2).toBe(0);
    expect(samples['transfer(address,uint256)'].length % 2).toBe(1);
  });

  it('merging worker reports equals one report fed everything', () => {
    const all = new GasReport();
    const parts = [new GasReport(), new GasReport(), new GasReport()];
    const rng = new Prng(2n);
    for (let i = 0; i < 90; i++) {
      const s = { contract: `C${i % 2}`, fn: `f${i % 4}()`, gas: BigInt(1000 + rng.below(5000)) };
      all.addCall(s);
      parts[i % 3].addCall(s);
    }
    all.addDeployment('C0', 100n, 10);
    parts[2].addDeployment('C0', 100n, 10);
    const merged = new GasReport();
    for (const p of parts) merged.merge(p);
    expect(merged.toJSON()).toEqual(all.toJSON());
    expect(merged.toTable()).toEqual(all.toTable());
  });

  it('prints a table per contract like forge, with overloaded functions by signature', () => {
    const r = new GasReport();
    r.addDeployment('src/Counter.sol:Counter', 106_715n, 277);
    r.addCall({ contract: 'src/Counter.sol:Counter', fn: 'increment()', gas: 43_404n });
    r.addCall({ contract: 'src/Counter.sol:Counter', fn: 'setNumber(uint256)', gas: 23_784n });
    r.addCall({ contract: 'src/Counter.sol:Counter', fn: 'setNumber(uint256)', gas: 43_684n });
    r.addCall({ contract: 'src/Counter.sol:Counter', fn: 'set(uint256)', gas: 1n });
    r.addCall({ contract: 'src/Counter.sol:Counter', fn: 'set(uint256,uint256)', gas: 2n });
    const lines = r.toTable().split('\n');
    expect(lines[1]).toMatch(/^\| src\/Counter\.sol:Counter Contract +\| +\|/);
    expect(lines[2]).toMatch(/^\+=+\+/);
    expect(lines[3]).toMatch(/^\| Deployment Cost +\| Deployment Size \|/);
    expect(lines[4]).toMatch(/^\| 106715 +\| 277 +\|/);
    expect(lines[6]).toMatch(/^\| Function Name +\| Min +\| Avg +\| Median +\| Max +\| # Calls \|$/);
    const body = lines.slice(7, -1).map((l) =>
      l
        .split('|')
        .map((c) => c.trim())
        .slice(1, -1),
    );
    expect(body).toEqual([
      ['increment', '43404', '43404', '43404', '43404', '1'],
      ['set(uint256)', '1', '1', '1', '1', '1'],
      ['set(uint256,uint256)', '2', '2', '2', '2', '1'],
      ['setNumber', '23784', '33734', '33734', '43684', '2'],
    ]);
    // Every line of a table has the same width.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('an empty report is empty; a contract called but never deployed has no deployment', () => {
    const r = new GasReport();
    expect(r.isEmpty).toBe(true);
    expect(r.toJSON()).toEqual([]);
    r.addCall({ contract: 'X', fn: 'f()', gas: 5n });
    expect(r.toJSON()[0].deployment).toBeNull();
    expect(r.toTable()).toContain('| -');
  });
});
