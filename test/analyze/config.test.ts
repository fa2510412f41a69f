// Scan configuration: tdk.scan.toml, foundry.toml [scan], --config; typed errors for bad keys.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, globToRegExp, loadScanConfig, pathExcluded } from '../../src/analyze/config.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tdk-scan-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadScanConfig', () => {
  it('reads tdk.scan.toml', () => {
    const dir = project({
      'tdk.scan.toml': `exclude_detectors = ["solc-version"]\nexclude_paths = ["lib/**", "*.t.sol"]\nmin_severity = "low"\nfail_on = "medium"\n`,
    });
    expect(loadScanConfig(dir)).toEqual({
      source: 'tdk.scan.toml',
      excludeDetectors: ['solc-version'],
      excludePaths: ['lib/**', '*.t.sol'],
      minSeverity: 'low',
      failOn: 'medium',
    });
  });

  it('falls back to foundry.toml [scan], and to defaults without either', () => {
    const dir = project({
      'foundry.toml': `[profile.default]\nsrc = "src"\n\n[scan]\ndetectors = ["reentrancy-eth"]\n`,
    });
    expect(loadScanConfig(dir)).toMatchObject({
      source: 'foundry.toml [scan]',
      detectors: ['reentrancy-eth'],
    });
    expect(loadScanConfig(project({ 'foundry.toml': '[profile.default]\n' }))).toEqual(DEFAULT_CONFIG);
    expect(loadScanConfig(project({}))).toEqual(DEFAULT_CONFIG);
  });

  it('--config names the file explicitly', () => {
    const dir = project({ 'strict.toml': 'fail_on = "low"\n' });
    expect(loadScanConfig('/nonexistent', join(dir, 'strict.toml')).failOn).toBe('low');
  });

  it.each([
    ['exclude-detectors = ["x"]\n', /unknown key `exclude-detectors`/, /did you mean `exclude_detectors`/],
    ['colour = true\n', /unknown key `colour`/, /known keys: detectors, exclude_detectors/],
    ['exclude_paths = "lib"\n', /`exclude_paths` must be an array of strings/, /exclude_paths = /],
    [
      'min_severity = "critical"\n',
      /`min_severity` must be one of high, medium, low, informational/,
      /docs\/scan.md/,
    ],
    ['fail_on = [\n', /tdk.scan.toml/, /TOML syntax/],
  ])('%s is a TDK_SCAN_CONFIG error', (text, message, hint) => {
    const dir = project({ 'tdk.scan.toml': text });
    let err: { code?: string; message: string; hint?: string } | undefined;
    try {
      loadScanConfig(dir);
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.code).toBe('TDK_SCAN_CONFIG');
    expect(err?.message).toMatch(message);
    expect(err?.hint).toMatch(hint);
  });

  it('a missing --config file is an error', () => {
    expect(() => loadScanConfig('.', '/no/such/tdk.scan.toml')).toThrow(/no such config file/);
  });
});

describe('globs', () => {
  it.each([
    ['lib/**', 'lib/forge-std/src/Test.sol', true],
    ['lib/**', 'src/lib/A.sol', false],
    ['lib', 'lib/a/B.sol', true],
    ['mocks', 'src/mocks/M.sol', true],
    ['*.t.sol', 'test/deep/Vault.t.sol', true],
    ['*.t.sol', 'src/Vault.sol', false],
    ['src/**/*.sol', 'src/A.sol', true],
    ['src/**/*.sol', 'src/x/y/A.sol', true],
    ['src/*.sol', 'src/x/A.sol', false],
    ['src/{A,B}.sol', 'src/B.sol', true],
    ['src/?.sol', 'src/AB.sol', false],
    ['test/', 'test/A.t.sol', true],
    ['a.b/*.sol', 'axb/c.sol', false],
  ])('%s ~ %s: %s', (glob, path, expected) => {
    expect(pathExcluded(path, [glob])).toBe(expected);
  });

  it('./-prefixed paths match like bare ones', () => {
    expect(globToRegExp('src/*.sol').test('./src/A.sol')).toBe(true);
  });
});
