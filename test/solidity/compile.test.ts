// Every bundled compiler through the pipeline's own calls: settings for its version, standard JSON,
// and the import callback (each solc-js generation wants it passed differently).
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { compileStandardJson } from '../../src/solidity/compile.js';
import { bundledVersions, loadCompiler } from '../../src/solidity/compilers.js';
import { loadProjectConfig } from '../../src/solidity/config.js';
import { buildSourceGraph } from '../../src/solidity/graph.js';
import { solcSettings, standardJsonInput } from '../../src/solidity/settings.js';
import { tempProject } from './project.js';

describe('bundled compilers', () => {
  it.each(bundledVersions())('solc %s compiles, fetching an import through the callback', (version) => {
    const root = tempProject({
      'src/Main.sol': `pragma solidity ${version};\nimport "dep/Dep.sol";\ncontract Main is Dep {}\n`,
      'lib/dep/Dep.sol': `pragma solidity ${version};\ncontract Dep { uint256 public n = 7; }\n`,
    });
    const config = loadProjectConfig(root);
    const graph = buildSourceGraph(config);
    // Hand solc only the root: the import must come back through the callback.
    const input = standardJsonInput(
      [graph.files.get('src/Main.sol')!],
      solcSettings(config, graph.remappings, version),
    );
    const compiler = loadCompiler(version);
    expect(compiler.longVersion.startsWith(version)).toBe(true);
    const out = compileStandardJson(compiler, input, config);
    expect((out.errors ?? []).filter((e) => e.severity === 'error')).toEqual([]);
    expect(Object.keys(out.sources ?? {}).sort()).toEqual(['lib/dep/Dep.sol', 'src/Main.sol']);
    const main = out.contracts!['src/Main.sol']!.Main!;
    expect(main.evm.methodIdentifiers).toEqual({ 'n()': '2e52d606' });
    expect(main.evm.bytecode.object.length).toBeGreaterThan(100);
    expect(main.storageLayout !== undefined).toBe(semver.gte(version, '0.5.13'));
  });

  it('a missing import is solc’s error, located at the import', () => {
    const root = tempProject({
      'src/A.sol': 'pragma solidity ^0.8.0;\nimport "nowhere/X.sol";\ncontract A {}\n',
    });
    const config = loadProjectConfig(root);
    const graph = buildSourceGraph(config);
    const input = standardJsonInput(
      [...graph.files.values()],
      solcSettings(config, graph.remappings, '0.8.37'),
    );
    const out = compileStandardJson(loadCompiler('0.8.37'), input, config);
    expect(out.errors).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        sourceLocation: expect.objectContaining({ file: 'src/A.sol', start: 24 }),
        message: expect.stringContaining('nowhere/X.sol'),
      }),
    );
  });
});
