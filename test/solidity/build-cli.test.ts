// The built CLI (`npm install` builds dist/): `tdk build` output, --json schema and exit codes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempProject, writeFile } from './project.js';

const built = existsSync(join(REPO, 'dist/src/cli/build.js'));

function tdk(cwd: string, ...args: string[]) {
  const r = spawnSync('node', [join(REPO, 'bin/tdk.js'), 'build', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('tdk build (built CLI)', () => {
  let root: string;
  beforeAll(() => {
    root = tempProject({
      'foundry.toml': '[profile.default]\nsrc = "contracts"\n',
      'contracts/A.sol':
        '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\ncontract A { uint256 public x; }\n',
      'contracts/B.sol':
        '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\nimport "./A.sol";\ncontract B is A {}\n',
      'contracts/Old.sol': '// SPDX-License-Identifier: MIT\npragma solidity ^0.7.0;\ncontract Old {}\n',
    });
  });

  it('prints a one-line summary, then skips an unchanged project', () => {
    const r = tdk(root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Compiled 2 files with solc 0\.8\.37, 1 file with solc 0\.7\.6 \(3 artifacts\) in \d+\.\d\ds\n$/,
    );
    const again = tdk(join(root, 'contracts')); // the root is found from a subfolder
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('No files changed, compilation skipped\n');
  });

  it('--json prints the stable schema', () => {
    const r = tdk('/', '--root', root, '--json', '--force');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(
      ['artifacts', 'compiled', 'durationMs', 'errors', 'ok', 'root', 'skipped', 'warnings'].sort(),
    );
    expect(out.ok).toBe(true);
    expect(out.compiled).toEqual([
      { file: 'contracts/A.sol', version: '0.8.37' },
      { file: 'contracts/B.sol', version: '0.8.37' },
      { file: 'contracts/Old.sol', version: '0.7.6' },
    ]);
    expect(out.artifacts).toEqual(['out/A.sol/A.json', 'out/B.sol/B.json', 'out/Old.sol/Old.json']);
    expect(out.skipped).toBe(0);
    expect(out.errors).toEqual([]);
  });

  it('a compile error exits 1 with file:line:col, the source line and a caret', () => {
    writeFile(
      root,
      'contracts/Bad.sol',
      'pragma solidity ^0.8.0;\ncontract Bad {\n    function f() { }\n}\n',
    );
    const r = tdk(root);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('contracts/Bad.sol:3:5: error[4937]: No visibility specified.');
    expect(r.stderr).toContain('3 |     function f() { }\n  |     ^^^^^^^^^^^^^^^^\n');
    expect(r.stderr).toMatch(/error: compilation failed: 1 error, \d+ warnings?\n$/);
    const json = tdk(root, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).errors[0]).toMatchObject({
      file: 'contracts/Bad.sol',
      line: 3,
      column: 5,
    });
  });

  it('bad config and usage exit 2 with a one-line error and a hint', () => {
    const broken = tempProject({ 'foundry.toml': '[profile.default\n', 'src/A.sol': 'contract A {}' });
    const r = tdk(broken);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[TDK_CONFIG\]: foundry\.toml:1:\d+: .*\nhint: /);
    const json = tdk(broken, '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, errors: [{ code: 'TDK_CONFIG' }] });
    expect(tdk(broken, '--no-such-flag').code).toBe(2);
    const future = tempProject({ 'src/F.sol': 'pragma solidity ^0.9.0;\ncontract F {}' });
    expect(tdk(future).stderr).toMatch(/^error\[TDK_SOLC_VERSION\]: src\/F\.sol: .*bundled: 0\.8\.37/);
  });
});
