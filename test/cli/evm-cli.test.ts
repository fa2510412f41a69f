// The built CLI (`npm install` builds dist/): exit codes, human and JSON output of `tdk evm`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(`${ROOT}dist/src/cli/main.js`);
const EXAMPLE = fileURLToPath(
  new URL('../../../shared/fixtures/ethereum-tests/GeneralStateTests/stExample', import.meta.url),
);

function tdk(...args: string[]) {
  const r = spawnSync('node', ['bin/tdk.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('tdk evm (built CLI)', () => {
  it('run: result as JSON, exit 0', () => {
    const r = tdk('evm', 'run', '--code', '0x600160020160005260206000f3', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.output).toBe(`0x${'0'.repeat(63)}3`);
    expect(out.status).toBe('success');
    expect(out.error).toBeNull();
  });

  it('run: a halting program exits 1 and names the halt', () => {
    const r = tdk('evm', 'run', '--code', '0xfe');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/InvalidOpcode/);
  });

  it('bad input and usage errors exit 2 with a one-line error', () => {
    const badHex = tdk('evm', 'run', '--code', '0xzz');
    expect(badHex.code).toBe(2);
    expect(badHex.stderr).toMatch(/^error\[TDK_BAD_HEX\]/);
    expect(tdk('evm', 'run').code).toBe(2);
    expect(tdk('evm', 'run', '--code', '0x00', '--gas', 'lots').code).toBe(2);
    const missing = tdk('evm', 'statetest', '/nonexistent/path');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/TDK_NOT_FOUND/);
  });

  it('statetest: the last line is the summary', () => {
    const r = tdk('evm', 'statetest', EXAMPLE);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^[1-9]\d* passed, 0 failed, 0 skipped$/);
  });

  it('statetest --json: a stable summary object', () => {
    const r = tdk('evm', 'statetest', EXAMPLE, '--run', 'add11', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.passed).toBeGreaterThan(0);
    expect(out.failed).toBe(0);
    expect(out.failures).toEqual([]);
  });
});
