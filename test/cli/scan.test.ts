// `tdk scan` end to end on real scans of small fixtures: text, --json, --sarif (regions checked
// against solc's byte offsets), suppression, config, --confirm, failures and exit codes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScan, type ScanCliOptions } from '../../src/cli/scan.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = 'test/analyze/fixtures-b/cli';
const BROKEN = 'test/analyze/fixtures-b/broken';
const BANK = `${CLI}/Bank.sol`;

async function scanCli(paths: string[], opts: ScanCliOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runScan(paths, opts, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    progress: false,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function errorOf(p: Promise<unknown>): Promise<{ code?: string; message: string; hint?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string; hint?: string };
  }
  throw new Error('expected an error');
}

const tmp = () => mkdtempSync(join(tmpdir(), 'tdk-scan-cli-'));

describe('tdk scan (in process)', () => {
  it('text: severity[detector], file:line:col, excerpt, defence, summary with the time; exit 1 on high', async () => {
    const r = await scanCli([CLI]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('high[reentrancy-eth] Bank.withdraw(uint256)');
    expect(r.stdout).toContain(`  --> ${BANK}:14:23`);
    expect(r.stdout).toContain('14 |         (bool ok, ) = msg.sender.call{value: amount}("");');
    expect(r.stdout).toContain('   |         ^^^^^^^^');
    expect(r.stdout).toContain('= defence: ');
    expect(r.stdout).toMatch(
      /\n\d+ findings \(\d+ high(, \d+ medium)?\) in 2 files, 1 suppressed, \d+\.\ds\n$/,
    );
  }, 60_000);

  it('--fail-on decides exit 1 vs 0; --min-severity drops findings', async () => {
    expect((await scanCli([CLI], { failOn: 'none' })).code).toBe(0);
    expect((await scanCli([CLI], { detect: 'tx-origin', failOn: 'high' })).code).toBe(0);
    expect((await scanCli([CLI], { detect: 'tx-origin', failOn: 'medium' })).code).toBe(1);
    const high = await scanCli([CLI], { minSeverity: 'high', failOn: 'none', json: true });
    const j = JSON.parse(high.stdout);
    expect(j.findings.length).toBeGreaterThan(0);
    expect(j.findings.every((f: { severity: string }) => f.severity === 'high')).toBe(true);
  }, 60_000);

  it('inline suppression hides Quiet.sol tx-origin and reports it as suppressed', async () => {
    const r = await scanCli([CLI], { json: true, detect: 'tx-origin' });
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: { location: { file: string } }) => f.location.file)).toEqual([BANK]);
    expect(j.suppressed).toHaveLength(1);
    expect(j.suppressed[0].location.file).toBe(`${CLI}/Quiet.sol`);
    expect(j.suppressed[0].directive).toBe(`tdk-disable-next-line tx-origin (${CLI}/Quiet.sol:8)`);
    expect(j.summary).toMatchObject({ findings: 1, medium: 1, suppressed: 1, files: 2, failed: 0 });
  }, 60_000);

  it('--sarif: every region covers exactly the bytes solc reported for the finding', async () => {
    const dir = tmp();
    const file = join(dir, 'scan.sarif');
    const r = await scanCli([CLI], { sarif: file, failOn: 'none' });
    expect(r.code).toBe(0);
    const log = JSON.parse(readFileSync(file, 'utf8'));
    const run = log.runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${ROOT}`);
    const json = JSON.parse((await scanCli([CLI], { json: true })).stdout);
    const live = run.results.filter((x: { suppressions?: unknown }) => !x.suppressions);
    expect(live).toHaveLength(json.findings.length);
    for (const [i, res] of live.entries()) {
      const { artifactLocation, region } = res.locations[0].physicalLocation;
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      const text = readFileSync(join(ROOT, artifactLocation.uri), 'utf8');
      const lines = text.split('\n');
      const covered =
        region.startLine === region.endLine
          ? lines[region.startLine - 1]!.slice(region.startColumn - 1, region.endColumn - 1)
          : [
              lines[region.startLine - 1]!.slice(region.startColumn - 1),
              ...lines.slice(region.startLine, region.endLine - 1),
              lines[region.endLine - 1]!.slice(0, region.endColumn - 1),
            ].join('\n');
      const { offset, length } = json.findings[i].location;
      expect(covered).toBe(text.slice(offset, offset + length));
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
    }
  }, 60_000);

  it('a config file excludes detectors and paths; unknown keys are TDK_SCAN_CONFIG errors', async () => {
    const dir = tmp();
    const config = join(dir, 'tdk.scan.toml');
    writeFileSync(
      config,
      'exclude_detectors = ["arbitrary-send-eth"]\nexclude_paths = ["**/Quiet.sol"]\nfail_on = "none"\n',
    );
    const r = await scanCli([CLI], { config, json: true });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.findings.some((f: { detector: string }) => f.detector === 'arbitrary-send-eth')).toBe(false);
    expect(
      j.findings.some((f: { location: { file: string } }) => f.location.file.endsWith('Quiet.sol')),
    ).toBe(false);
    expect(j.suppressed).toHaveLength(0);
    writeFileSync(config, 'fail-on = "high"\n');
    const err = await errorOf(scanCli([CLI], { config }));
    expect(err.code).toBe('TDK_SCAN_CONFIG');
    expect(err.hint).toContain('fail_on');
  }, 60_000);

  it('--confirm replays the reentrancy in the sandbox and prints the verdict with the trace', async () => {
    const r = await scanCli([BANK], { confirm: true, detect: 'reentrancy-eth' });
    expect(r.stdout).toContain(
      '= confirm: confirmed: alice deposited 20 ETH and the attacker 5 ETH through deposit()',
    );
    expect(r.stdout).toContain('CALL mallory -> attacker.attack()');
    const j = JSON.parse(
      (await scanCli([BANK], { confirm: true, detect: 'reentrancy-eth', json: true })).stdout,
    );
    expect(j.findings[0].confirmation.status).toBe('confirmed');
    expect(j.findings[0].confirmation.trace.length).toBeGreaterThan(4);
  }, 60_000);

  it('files that do not compile: solc messages on stderr, the others still reported, exit 2', async () => {
    const r = await scanCli([BROKEN]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`--> ${BROKEN}/Fine.sol:14:23`);
    expect(r.stdout).toMatch(/in 1 file, 3 files failed to compile, \d+\.\ds\n$/);
    expect(r.stderr).toContain(`error[TDK_SCAN_COMPILE]: ${BROKEN}/Syntax.sol does not compile`);
    expect(r.stderr).toContain("ParserError: Expected ';' but got '}'");
    expect(r.stderr).toMatch(/MissingImport.sol does not compile\n.*DoesNotExist.sol" not found/);
    expect(r.stderr).toContain('pragma solidity ^0.3.0');
    const j = JSON.parse((await scanCli([BROKEN], { json: true })).stdout);
    expect(j.failures.map((f: { file: string }) => f.file).sort()).toEqual(
      ['MissingImport.sol', 'OldPragma.sol', 'Syntax.sol'].map((f) => `${BROKEN}/${f}`),
    );
    expect(j.summary.failed).toBe(3);
  }, 60_000);

  it('a project scanned from another folder: SARIF URIs point at its files; unknown ids in directives warn', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'foundry.toml'), '[profile.default]\nsrc = "src"\n');
    const bank = readFileSync(join(ROOT, BANK), 'utf8').replace(
      '        require(tx.origin == owner);',
      '        // tdk-disable-next-line tx-orgin\n        require(tx.origin == owner);',
    );
    writeFileSync(join(dir, 'src', 'Bank.sol'), bank);
    const sarif = join(dir, 'out.sarif');
    const r = await scanCli([dir], { sarif, failOn: 'none' });
    expect(r.stderr).toContain('warning: src/Bank.sol:22: suppression names unknown detector `tx-orgin`');
    const uris = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.map(
      (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        x.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).toBe(`file://${dir}/src/Bank.sol`);
  }, 60_000);

  it('--list-detectors prints a table and JSON', async () => {
    const t = await scanCli([], { listDetectors: true });
    expect(t.code).toBe(0);
    expect(t.stdout.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+CONFIDENCE\s+TITLE$/);
    expect(t.stdout).toMatch(/\nreentrancy-eth\s+high\s+\w+\s+\S/);
    const j = JSON.parse((await scanCli([], { listDetectors: true, json: true })).stdout);
    expect(j.find((d: { id: string }) => d.id === 'tx-origin')).toMatchObject({ severity: 'medium' });
  });

  it('bad input: unknown detector, missing path', async () => {
    expect((await errorOf(scanCli([CLI], { detect: 'no-such-detector' }))).code).toBe('TDK_SCAN_DETECTOR');
    expect((await errorOf(scanCli(['no/such/dir']))).code).toBe('TDK_SCAN_PATH');
  });
});

const built = existsSync(`${ROOT}dist/src/cli/scan.js`);

describe.skipIf(!built)('tdk scan (built CLI)', () => {
  const tdk = (...args: string[]) =>
    spawnSync('node', ['bin/tdk.js', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('exit codes: 1 findings at --fail-on, 0 below, 2 bad input or compile failure', () => {
    expect(tdk('scan', CLI).status).toBe(1);
    expect(tdk('scan', CLI, '--fail-on', 'none').status).toBe(0);
    const bad = tdk('scan', CLI, '--fail-on', 'critical');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('critical');
    const missing = tdk('scan', 'no/such/file.sol');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error\[TDK_SCAN_PATH\]/);
    expect(tdk('scan', BROKEN, '--fail-on', 'none').status).toBe(2);
  }, 60_000);
});
