// Building examples/token (OpenZeppelin ERC-20 on 0.8.x, a Greeter, a 0.4.x vault) in a temp copy:
// artifacts match what solc itself returns for the same input, the cache skips unchanged work, and
// compile errors are located. One build of the copy serves every test in order.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Artifact, loadArtifact, loadBuildInfo } from '../../src/solidity/artifacts.js';
import { build } from '../../src/solidity/build.js';
import type { SolcOutput } from '../../src/solidity/compile.js';
import { formatDiagnostic } from '../../src/solidity/diagnostics.js';
import { copyExample, REPO, tempProject, writeFile } from './project.js';

const require = createRequire(import.meta.url);
type Solc = { compile(input: string): string; compileStandardWrapper?(input: string): string };

/** The oracle: the npm package itself, given exactly the standard-JSON input tdk recorded. */
function solcOutput(pkg: string, input: unknown): SolcOutput {
  const solc = require(pkg) as Solc;
  const json = JSON.stringify(input);
  return JSON.parse(solc.compileStandardWrapper ? solc.compileStandardWrapper(json) : solc.compile(json));
}

describe('tdk build on examples/token', () => {
  let root: string;
  let first: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    root = copyExample('token');
    first = await build({ root });
  });

  it('compiles every source with the compiler its pragmas pick', () => {
    expect(first.ok).toBe(true);
    expect(first.errors).toEqual([]);
    const byFile = Object.fromEntries(first.compiled.map((c) => [c.file, c.version]));
    expect(byFile['src/Token.sol']).toBe('0.8.37');
    expect(byFile['src/Greeter.sol']).toBe('0.8.37');
    expect(byFile['src/legacy/OldVault.sol']).toBe('0.4.26');
    expect(byFile['node_modules/@openzeppelin/contracts/token/ERC20/ERC20.sol']).toBe('0.8.37');
    expect(first.artifacts).toEqual(
      expect.arrayContaining([
        'out/Token.sol/Token.json',
        'out/Greeter.sol/Greeter.json',
        'out/OldVault.sol/OldVault.json',
        'out/ERC20.sol/ERC20.json',
        'out/draft-IERC6093.sol/IERC20Errors.json',
      ]),
    );
  });

  it('writes artifacts whose bytecode is what solc returns for the recorded input (0.8 and 0.4)', () => {
    const runs = new Map<string, SolcOutput>(); // Token and Greeter share one run: compile it once
    for (const [name, pkg] of [
      ['Token', 'solc'],
      ['Greeter', 'solc'],
      ['OldVault', 'solc-0426'],
    ] as const) {
      const artifact = loadArtifact(root, name);
      let output = runs.get(artifact.buildInfo);
      if (!output)
        runs.set(
          artifact.buildInfo,
          (output = solcOutput(pkg, loadBuildInfo(root, artifact.buildInfo).input)),
        );
      const expected = output.contracts![artifact.sourcePath]![name]!;
      expect(artifact.bytecode.object).toBe(`0x${expected.evm.bytecode.object}`);
      expect(artifact.deployedBytecode.object).toBe(`0x${expected.evm.deployedBytecode.object}`);
      expect(artifact.bytecode.object.length).toBeGreaterThan(200);
      expect(artifact.rawMetadata).toBe(expected.metadata);
    }
    expect(runs.size).toBe(2);
  });

  it('gives the 0.4 contract the settings its compiler understands', () => {
    // Built independently of tdk's build-info: source from disk, settings written out by hand.
    const source = 'src/legacy/OldVault.sol';
    const input = {
      language: 'Solidity',
      sources: { [source]: { content: readFileSync(join(root, source), 'utf8') } },
      settings: {
        optimizer: { enabled: true, runs: 200 },
        // foundry.toml's own remapping (made absolute by copyExample), then the automatic one.
        remappings: [`tdk/contracts/=${REPO}contracts/`, '@openzeppelin/=node_modules/@openzeppelin/'],
        evmVersion: 'constantinople', // cancun lowered to the newest 0.4.26 knows
        outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
      },
    };
    const expected = solcOutput('solc-0426', input).contracts![source]!.OldVault!.evm.bytecode.object;
    const vault = loadArtifact(root, 'OldVault.sol:OldVault');
    expect(vault.bytecode.object).toBe(`0x${expected}`);
    expect(vault.compiler.version).toBe('0.4.26');
    expect(vault.storageLayout).toBeUndefined(); // solc 0.4 cannot report it
    expect(vault.methodIdentifiers).toMatchObject({
      'deposit()': 'd0e30db0',
      'withdraw(uint256)': '2e1a7d4d',
    });
  });

  it('fills the Foundry artifact fields', () => {
    const token: Artifact = loadArtifact(root, 'src/Token.sol:Token');
    expect(token.contractName).toBe('Token');
    expect(token.methodIdentifiers['transfer(address,uint256)']).toBe('a9059cbb');
    expect(token.abi).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'constructor' })]));
    expect(token.storageLayout!.storage.map((s) => s.label)).toEqual([
      '_balances',
      '_allowances',
      '_totalSupply',
      '_name',
      '_symbol',
      '_owner',
    ]);
    expect(token.bytecode.sourceMap).not.toBe('');
    expect(token.bytecode.linkReferences).toEqual({});
    expect((token.ast as { nodeType: string }).nodeType).toBe('SourceUnit');
    expect((token.metadata as { language: string }).language).toBe('Solidity');
    expect(token.id).toBe(loadBuildInfo(root, token.buildInfo).sourceIds['src/Token.sol']);
    const greeter = loadArtifact(root, 'Greeter');
    expect(Object.keys(greeter.deployedBytecode.immutableReferences)).toHaveLength(1); // `owner`
  });

  it('loadArtifact reports unknown and ambiguous names with typed errors', () => {
    expect(() => loadArtifact(root, 'Nope')).toThrow(
      expect.objectContaining({ code: 'TDK_ARTIFACT_NOT_FOUND' }),
    );
    expect(() => loadArtifact(root, 'Greeter.sol:Token')).toThrow(
      expect.objectContaining({ code: 'TDK_ARTIFACT_NOT_FOUND' }),
    );
  });

  it('compiles nothing the second time', async () => {
    const again = await build({ root });
    expect(again).toMatchObject({ ok: true, compiled: [], artifacts: [] });
    expect(again.skipped).toBe(first.compiled.length);
  });

  it('recompiles only the changed file when nothing imports it', async () => {
    const path = join(root, 'src/Greeter.sol');
    writeFileSync(path, `${readFileSync(path, 'utf8')}\n// touched\n`);
    const r = await build({ root });
    expect(r.compiled).toEqual([{ file: 'src/Greeter.sol', version: '0.8.37' }]);
    expect(r.artifacts).toEqual(['out/Greeter.sol/Greeter.json']);
  });

  it('prints a syntax error as file:line:col with the source line and a caret, and writes nothing', async () => {
    writeFile(root, 'src/Broken.sol', 'pragma solidity ^0.8.0;\ncontract Broken {\n    uint256 x = 1\n}\n');
    const r = await build({ root });
    expect(r.ok).toBe(false);
    expect(r.compiled).toEqual([{ file: 'src/Broken.sol', version: '0.8.37' }]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      file: 'src/Broken.sol',
      line: 4,
      column: 1,
      type: 'ParserError',
      code: '2314',
    });
    expect(formatDiagnostic(r.errors[0]!)).toBe(
      "src/Broken.sol:4:1: error[2314]: Expected ';' but got '}'\n  |\n4 | }\n  | ^\n",
    );
    expect(existsSync(join(root, 'out/Broken.sol'))).toBe(false);
    rmSync(join(root, 'src/Broken.sol'));
    expect((await build({ root })).compiled).toEqual([]);
  });
});

describe('incremental builds', () => {
  const lib =
    'pragma solidity ^0.8.0;\nlibrary L { function one() internal pure returns (uint256) { return 1; } }\n';
  let root: string;

  beforeAll(async () => {
    root = tempProject({
      'src/L.sol': lib,
      'src/A.sol':
        'pragma solidity ^0.8.0;\nimport "./L.sol";\ncontract A { function f() external pure returns (uint256) { return L.one(); } }\n',
      'src/B.sol': 'pragma solidity ^0.8.0;\ncontract B {}\n',
      'src/other/B.sol': 'pragma solidity ^0.7.0;\ncontract B2 {}\n',
    });
    await build({ root });
  });

  it('names artifact folders by path when two sources share a file name', () => {
    expect(existsSync(join(root, 'out/src/B.sol/B.json'))).toBe(true);
    expect(existsSync(join(root, 'out/src/other/B.sol/B2.json'))).toBe(true);
    expect(loadArtifact(root, 'B2').compiler.version).toBe('0.7.6');
  });

  it('recompiles a changed file and its dependants, not the rest', async () => {
    writeFile(root, 'src/L.sol', lib.replace('return 1', 'return 2'));
    const r = await build({ root });
    expect(r.compiled.map((c) => c.file)).toEqual(['src/A.sol', 'src/L.sol']);
    expect(r.skipped).toBe(2);
  });

  it('removes the artifacts of a deleted source, and --force recompiles everything', async () => {
    rmSync(join(root, 'src/A.sol'));
    expect((await build({ root })).compiled).toEqual([]);
    expect(existsSync(join(root, 'out/A.sol'))).toBe(false);
    const forced = await build({ root, force: true });
    expect(forced.compiled.map((c) => c.file).sort()).toEqual(['src/B.sol', 'src/L.sol', 'src/other/B.sol']);
  });

  it('rebuilds when an artifact disappears', async () => {
    rmSync(join(root, 'out/L.sol/L.json'));
    expect((await build({ root })).compiled.map((c) => c.file)).toEqual(['src/L.sol']);
    expect(existsSync(join(root, 'out/L.sol/L.json'))).toBe(true);
  });

  it('a source two compilers reach gets Name.json from the newest and Name.<version>.json from the other', async () => {
    const shared = tempProject({
      'src/Shared.sol': 'pragma solidity >=0.7.0;\ncontract Shared {}\n',
      'src/New.sol': 'pragma solidity ^0.8.0;\nimport "./Shared.sol";\ncontract New {}\n',
      'src/Old.sol': 'pragma solidity ^0.7.0;\nimport "./Shared.sol";\ncontract Old {}\n',
    });
    const r = await build({ root: shared });
    expect(r.artifacts).toEqual([
      'out/New.sol/New.json',
      'out/Old.sol/Old.json',
      'out/Shared.sol/Shared.0.7.6.json',
      'out/Shared.sol/Shared.json',
    ]);
    expect(loadArtifact(shared, 'Shared').compiler.version).toBe('0.8.37');
    expect((await build({ root: shared })).compiled).toEqual([]);
  });
});
