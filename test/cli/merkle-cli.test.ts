// The built CLI (`npm run build`): `tdk merkle build|prove|verify`, exit codes, output, bad input.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StandardMerkleTree as OZ } from '@openzeppelin/merkle-tree';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(`${ROOT}dist/src/cli/merkle.js`);

function tdk(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('node', ['bin/tdk.js', ...args], { cwd: ROOT, encoding: 'utf8' });
}

const A = '0x1111111111111111111111111111111111111111';
const B = '0x2222222222222222222222222222222222222222';
const C = '0x3333333333333333333333333333333333333333';

describe.skipIf(!built)('tdk merkle (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tdk-merkle-'));
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const rows = [
    [A, '100'],
    [B, '200'],
    [C, '300'],
  ];
  const oz = OZ.of(rows, ['address', 'uint256']);

  it('build from CSV with a header, --json and --out; prove; verify', () => {
    const csv = file('d.csv', `account,amount\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const out = join(dir, 'tree.json');
    const r = tdk('merkle', 'build', csv, '--types', 'address,uint256', '--json', '--out', out);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ root: oz.root, count: 3 });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(oz.dump());

    const text = tdk('merkle', 'build', csv, '--types', 'address,uint256');
    expect(text.stdout).toContain(oz.root);

    const p = tdk('merkle', 'prove', out, '--leaf', `${B},200`, '--json');
    expect(p.status).toBe(0);
    const proof = JSON.parse(p.stdout);
    expect(proof.proof).toEqual(oz.getProof([B, '200']));
    expect(JSON.parse(tdk('merkle', 'prove', out, '--index', '1', '--json').stdout).proof).toEqual(
      proof.proof,
    );

    const ok = tdk(
      'merkle',
      'verify',
      '--root',
      oz.root,
      '--leaf',
      `${B},200`,
      '--proof',
      proof.proof.join(','),
    );
    expect([ok.status, ok.stdout.trim()]).toEqual([0, 'valid']);
    const bad = tdk(
      'merkle',
      'verify',
      '--root',
      oz.root,
      '--leaf',
      `${B},201`,
      '--proof',
      proof.proof.join(','),
    );
    expect([bad.status, bad.stdout.trim()]).toEqual([1, 'invalid']);
  });

  it('build from JSON', () => {
    const json = file('d.json', JSON.stringify(rows));
    const r = tdk('merkle', 'build', json, '--types', 'address,uint256', '--json');
    expect(JSON.parse(r.stdout).root).toBe(oz.root);
  });

  it.each([
    ['duplicates', `${A},1\n${B},2\n${A},1\n`, 'TDK_MERKLE_DUPLICATE', /line 1 and line 3/],
    ['a malformed address', `${A},1\n0x12,2\n`, 'TDK_MERKLE_VALUE', /line 2, column 1 \(address\)/],
    ['a wrong number', `${A},1\n${B},-2\n`, 'TDK_MERKLE_VALUE', /line 2, column 2 \(uint256\)/],
    ['a missing column', `${A},1\n${B}\n`, 'TDK_MERKLE_VALUE', /line 2: expected 2 value/],
    ['an empty file', '', 'TDK_MERKLE_EMPTY', /empty/],
    ['a header only', 'account,amount\n', 'TDK_MERKLE_EMPTY', /empty/],
  ])('bad input: %s is a one-line typed error, exit 2', (_name, text, code, message) => {
    const r = tdk('merkle', 'build', file('bad.csv', text), '--types', 'address,uint256', '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const first = r.stderr.split('\n')[0]!;
    expect(first).toContain(`error[${code}]`);
    expect(first).toMatch(message);
  });

  it('bad types, a missing leaf, a malformed root: exit 2', () => {
    expect(tdk('merkle', 'build', file('x.csv', `${A},1\n`), '--types', 'address,uint7').stderr).toContain(
      'TDK_MERKLE_TYPES',
    );
    const out = join(dir, 't2.json');
    tdk('merkle', 'build', file('y.csv', `${A},1\n${B},2\n`), '--types', 'address,uint256', '--out', out);
    const miss = tdk('merkle', 'prove', out, '--leaf', `${C},3`);
    expect([miss.status, miss.stderr.includes('TDK_MERKLE_NOT_FOUND')]).toEqual([2, true]);
    const root = tdk('merkle', 'verify', '--root', '0x12', '--leaf', `${A},1`);
    expect([root.status, root.stderr.includes('TDK_MERKLE_PROOF')]).toEqual([2, true]);
  });
});
