// foundry.toml / remappings.txt reading, remapping rules, and the directive scanner.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/solidity/config.js';
import { scanDirectives } from '../../src/solidity/directives.js';
import { SolidityError } from '../../src/solidity/errors.js';
import { evmVersionFor } from '../../src/solidity/evm-versions.js';
import { applyRemappings, formatRemapping, parseRemapping } from '../../src/solidity/remappings.js';
import { tempProject } from './project.js';

const remaps = (root: string, profile?: string) =>
  loadProjectConfig(root, { profile }).remappings.map(formatRemapping);

function configError(fn: () => unknown): SolidityError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SolidityError) return err;
    throw err;
  }
  throw new Error('expected a SolidityError');
}

describe('project config', () => {
  afterEach(() => {
    delete process.env.FOUNDRY_PROFILE;
  });

  it('uses Foundry defaults (and a Cancun target) when foundry.toml is absent', () => {
    const root = tempProject({ 'src/A.sol': '' });
    const c = loadProjectConfig(root);
    expect(c).toMatchObject({
      profile: 'default',
      src: 'src',
      test: 'test',
      script: 'script',
      out: 'out',
      cachePath: 'cache',
      libs: ['lib'],
      remappings: [],
      optimizer: false,
      optimizerRuns: 200,
      evmVersion: 'cancun',
      viaIR: false,
    });
    expect(c.solc).toBeUndefined();
  });

  it('reads [profile.default] and overlays the FOUNDRY_PROFILE profile on it', () => {
    const root = tempProject({
      'foundry.toml': `[profile.default]
src = "contracts"
out = "artifacts"
libs = ["deps"]
solc_version = "0.8.37"
optimizer = true
optimizer_runs = 10_000
evm_version = "shanghai"
via_ir = true
remappings = ["a/=deps/a/"]

[profile.ci]
optimizer_runs = 1
out = "ci-out"
`,
    });
    expect(loadProjectConfig(root)).toMatchObject({
      src: 'contracts',
      out: 'artifacts',
      libs: ['deps'],
      solc: '0.8.37',
      optimizer: true,
      optimizerRuns: 10000,
      evmVersion: 'shanghai',
      viaIR: true,
    });
    process.env.FOUNDRY_PROFILE = 'ci';
    const ci = loadProjectConfig(root);
    expect(ci).toMatchObject({
      profile: 'ci',
      src: 'contracts',
      out: 'ci-out',
      optimizerRuns: 1,
      optimizer: true,
    });
    expect(configError(() => loadProjectConfig(root, { profile: 'fast' })).message).toMatch(
      /no \[profile\.fast\]/,
    );
  });

  it('merges remappings: foundry.toml first, then remappings.txt, then one per lib folder', () => {
    const root = tempProject({
      'foundry.toml': '[profile.default]\nremappings = ["forge-std/=vendor/forge-std/src/", "x=y"]\n',
      'remappings.txt': '# comment\nsolmate/=lib/solmate/src\nforge-std/=ignored/\nctx:@a/=lib/a/\n',
      'lib/forge-std/src/Test.sol': '',
      'lib/solmate/src/tokens/ERC20.sol': '',
      'lib/oz/contracts/token/ERC20.sol': '',
      'lib/plain/Plain.sol': '',
    });
    expect(remaps(root)).toEqual([
      'forge-std/=vendor/forge-std/src/',
      'x=y',
      'solmate/=lib/solmate/src/', // a folder prefix gets a folder target
      'ctx:@a/=lib/a/',
      'oz/=lib/oz/contracts/',
      'plain/=lib/plain/',
    ]);
  });

  it('auto_detect_remappings = false keeps only the written ones', () => {
    const root = tempProject({
      'foundry.toml': '[profile.default]\nauto_detect_remappings = false\n',
      'lib/solmate/src/A.sol': '',
    });
    mkdirSync(join(root, 'node_modules'));
    const c = loadProjectConfig(root);
    expect(c.remappings).toEqual([]);
    expect(c.nodeModules).toEqual([]);
  });

  it('rejects bad TOML, wrong types, bad remappings and unknown EVM versions with TDK_CONFIG', () => {
    const cases = [
      ['[profile.default\nsrc = "x"', /foundry\.toml:1:\d+:/],
      ['[profile.default]\nsrc = 1', /src must be a string/],
      ['[profile.default]\nlibs = "lib"', /libs must be an array of strings/],
      ['[profile.default]\noptimizer_runs = -1', /optimizer_runs must be a non-negative integer/],
      ['[profile.default]\nsolc = "latest"', /is not a version/],
      ['[profile.default]\nevm_version = "frontier2"', /unknown evm_version/],
      ['[profile.default]\nremappings = ["nothing"]', /"nothing" is not a remapping/],
    ] as const;
    for (const [toml, message] of cases) {
      const root = tempProject({ 'foundry.toml': toml });
      const err = configError(() => loadProjectConfig(root));
      expect(err.code).toBe('TDK_CONFIG');
      expect(err.message).toMatch(message);
      expect(err.hint).toBeTruthy();
    }
    expect(configError(() => loadProjectConfig('/no/such/project')).message).toMatch(/is not a folder/);
    const txt = tempProject({ 'remappings.txt': 'ok/=a/\nbroken\n' });
    expect(configError(() => loadProjectConfig(txt)).message).toMatch(/remappings\.txt:2/);
  });
});

describe('remappings', () => {
  const list = ['a/=x/', 'a/b/=y/', 'src/legacy:a/=old/', 'a/=z/'].map((t) => parseRemapping(t)!);

  it("follow solc's rule: longest context, then longest prefix, then the later entry", () => {
    expect(applyRemappings(list, 'a/b/c.sol', 'src/A.sol')).toBe('y/c.sol');
    expect(applyRemappings(list, 'a/c.sol', 'src/A.sol')).toBe('z/c.sol');
    expect(applyRemappings(list, 'a/b/c.sol', 'src/legacy/V.sol')).toBe('old/b/c.sol');
    expect(applyRemappings(list, 'other/c.sol', 'src/A.sol')).toBe('other/c.sol');
  });

  it('parse and print [context:]prefix=target', () => {
    expect(parseRemapping('ctx:@oz/=node_modules/@oz')).toEqual({
      context: 'ctx',
      prefix: '@oz/',
      target: 'node_modules/@oz/',
    });
    expect(parseRemapping('=x')).toBeUndefined();
    expect(parseRemapping('x=')).toBeUndefined();
  });
});

describe('directives', () => {
  it('finds every import form and pragma, ignoring comments but not strings', () => {
    const src = `// SPDX-License-Identifier: MIT
pragma solidity >=0.8.0 <0.9.0;
pragma abicoder v2;
import "./A.sol";
import './B.sol' as B;
import * as C from "lib/C.sol";
import {D, E as F} from "@x/D.sol";
import{G}from"G.sol";
// import "commented.sol";
/* import "blocked.sol";
   pragma solidity ^0.4.0; */
contract K { string s = "// not a comment"; }
import "after-string.sol";
`;
    expect(scanDirectives(src)).toEqual({
      imports: ['./A.sol', './B.sol', 'lib/C.sol', '@x/D.sol', 'G.sol', 'after-string.sol'],
      pragmas: ['>=0.8.0 <0.9.0'],
    });
  });
});

describe('EVM version per compiler', () => {
  it('lowers a target a compiler does not know to its newest, and omits it before 0.4.21', () => {
    expect(evmVersionFor('cancun', '0.8.37')).toBe('cancun');
    expect(evmVersionFor('cancun', '0.7.6')).toBe('istanbul');
    expect(evmVersionFor('cancun', '0.4.26')).toBe('constantinople');
    expect(evmVersionFor('byzantium', '0.8.37')).toBe('byzantium');
    expect(evmVersionFor('cancun', '0.4.20')).toBeUndefined();
  });
});
