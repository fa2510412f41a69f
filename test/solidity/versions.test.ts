// Compiler choice per root file from pragmas across import graphs, and import resolution.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledVersions, selectVersions } from '../../src/solidity/compilers.js';
import { loadProjectConfig } from '../../src/solidity/config.js';
import { SolidityError } from '../../src/solidity/errors.js';
import { buildSourceGraph, closure } from '../../src/solidity/graph.js';
import { formatRemapping } from '../../src/solidity/remappings.js';
import { REPO, tempProject } from './project.js';

const BUNDLED = ['0.8.37', '0.7.6', '0.6.12', '0.5.17', '0.4.26'];

function select(files: Record<string, string>, pinned?: string): Record<string, string> {
  const root = tempProject(files);
  const graph = buildSourceGraph(loadProjectConfig(root));
  return Object.fromEntries(selectVersions(graph, pinned));
}

function selectError(files: Record<string, string>, pinned?: string): SolidityError {
  try {
    select(files, pinned);
  } catch (err) {
    if (err instanceof SolidityError) return err;
    throw err;
  }
  throw new Error('expected a SolidityError');
}

const pragma = (range: string, body = '') => `pragma solidity ${range};\n${body}\ncontract X {}\n`;

describe('compiler selection', () => {
  it('ships the bundled set, newest first', () => {
    expect(bundledVersions()).toEqual(BUNDLED);
  });

  it('picks the newest bundled version each pragma allows', () => {
    const cases = [
      ['Caret8', '^0.8.20', '0.8.37'],
      ['Caret4', '^0.4.24', '0.4.26'],
      ['Range', '>=0.5.0 <0.7.0', '0.6.12'],
      ['Tight', '>=0.6.0<0.7.0', '0.6.12'],
      ['Exact', '0.5.17', '0.5.17'],
      ['Or', '^0.4.0 || ^0.7.0', '0.7.6'],
      ['Greater', '>0.4.23', '0.8.37'],
      ['Tilde', '~0.7.0', '0.7.6'],
    ] as const;
    const files = Object.fromEntries(cases.map(([name, range]) => [`src/${name}.sol`, pragma(range)]));
    const chosen = select({ ...files, 'src/None.sol': 'contract N {}\n' });
    for (const [name, , version] of cases) expect(chosen[`src/${name}.sol`], name).toBe(version);
    expect(chosen['src/None.sol']).toBe('0.8.37');
  });

  it('lets imports narrow the choice: a file compiles with one version that fits all it reaches', () => {
    const chosen = select({
      'src/Wide.sol': pragma('>=0.5.0', 'import "./Mid.sol";'),
      'src/Mid.sol': pragma('<0.8.0', 'import "./lib/Leaf.sol";'),
      'src/lib/Leaf.sol': pragma('>=0.6.0'),
      'src/Alone.sol': pragma('>=0.5.0'),
    });
    expect(chosen).toEqual({
      'src/Alone.sol': '0.8.37',
      'src/Mid.sol': '0.7.6',
      'src/Wide.sol': '0.7.6',
      'src/lib/Leaf.sol': '0.8.37',
    });
  });

  it('names the file, the conflicting import and the bundled set when pragmas conflict', () => {
    const err = selectError({
      'src/A.sol': pragma('^0.8.0', 'import "./B.sol";'),
      'src/B.sol': pragma('^0.7.0'),
      'src/Fine.sol': pragma('>=0.4.0', 'import "./B.sol";'),
    });
    expect(err.code).toBe('TDK_SOLC_VERSION');
    expect(err.message).toContain('src/A.sol');
    expect(err.message).toContain('src/B.sol (pragma solidity ^0.7.0)');
    expect(err.message).toContain(`bundled: ${BUNDLED.join(', ')}`);
  });

  it('reports a pragma no bundled compiler meets, and one semver cannot read', () => {
    const none = selectError({ 'src/Future.sol': pragma('^0.9.0') });
    expect(none.code).toBe('TDK_SOLC_VERSION');
    expect(none.message).toMatch(/src\/Future\.sol: no bundled solc satisfies pragma solidity \^0\.9\.0/);
    expect(selectError({ 'src/Bad.sol': pragma('banana') }).code).toBe('TDK_PRAGMA');
  });

  it('a pinned solc forces one version, and must fit every pragma and be bundled', () => {
    expect(select({ 'src/A.sol': pragma('>=0.6.0'), 'src/B.sol': pragma('^0.6.2') }, '0.6.12')).toEqual({
      'src/A.sol': '0.6.12',
      'src/B.sol': '0.6.12',
    });
    const misfit = selectError({ 'src/Old.sol': pragma('^0.4.24') }, '0.8.37');
    expect(misfit.code).toBe('TDK_SOLC_VERSION');
    expect(misfit.message).toMatch(
      /src\/Old\.sol: pragma solidity \^0\.4\.24 cannot compile with the pinned solc/,
    );
    expect(selectError({ 'src/A.sol': pragma('^0.8.0') }, '0.8.19').code).toBe('TDK_SOLC_NOT_BUNDLED');
  });
});

describe('source graph', () => {
  it('resolves relative imports, remappings, lib folders and node_modules packages', () => {
    const root = tempProject({
      'foundry.toml': '[profile.default]\nremappings = ["mine/=src/shared/"]\n',
      'src/A.sol': `import "./B.sol";
import {S} from "mine/S.sol";
import "solmate/tokens/T.sol";
import "@openzeppelin/contracts/utils/Context.sol";
import "missing/Nope.sol";
contract A {}`,
      'src/B.sol': 'import "../lib/solmate/src/tokens/T.sol";\ncontract B {}',
      'src/shared/S.sol': 'contract S {}',
      'lib/solmate/src/tokens/T.sol': 'contract T {}',
    });
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(join(REPO, 'node_modules/@openzeppelin'), join(root, 'node_modules/@openzeppelin'), 'dir');
    const graph = buildSourceGraph(loadProjectConfig(root));
    expect(graph.roots).toEqual(['src/A.sol', 'src/B.sol', 'src/shared/S.sol']);
    expect(graph.files.get('src/A.sol')!.imports).toEqual([
      'src/B.sol',
      'src/shared/S.sol',
      'lib/solmate/src/tokens/T.sol',
      'node_modules/@openzeppelin/contracts/utils/Context.sol',
    ]);
    expect(closure(graph, 'src/B.sol')).toEqual(['lib/solmate/src/tokens/T.sol', 'src/B.sol']);
    // The node_modules remapping is added because an import needed it, after the written ones.
    expect(graph.remappings.map(formatRemapping)).toEqual([
      'mine/=src/shared/',
      'solmate/=lib/solmate/src/',
      '@openzeppelin/=node_modules/@openzeppelin/',
    ]);
  });

  it('finds packages in node_modules folders above the project, as Node does', () => {
    const graph = buildSourceGraph(loadProjectConfig(join(REPO, 'examples/token')));
    expect(graph.remappings.map(formatRemapping)).toContain(
      '@openzeppelin/=../../node_modules/@openzeppelin/',
    );
    expect(closure(graph, 'src/Token.sol')).toContain(
      '../../node_modules/@openzeppelin/contracts/token/ERC20/ERC20.sol',
    );
  });

  it('says so when there is nothing to compile', () => {
    const root = tempProject({ 'README.md': '' });
    expect(() => buildSourceGraph(loadProjectConfig(root))).toThrow(/no \.sol files/);
  });
});
