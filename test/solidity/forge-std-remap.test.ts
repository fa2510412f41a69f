// `forge-std/...` imports: a project that brings no forge-std gets tdk's clean-room copy
// (contracts/forge-std); a project with its own lib/forge-std or its own remapping keeps it.
import { join, relative } from 'node:path';
import { toFunctionSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { loadArtifact, loadBuildInfo } from '../../src/solidity/artifacts.js';
import { build } from '../../src/solidity/build.js';
import { loadProjectConfig } from '../../src/solidity/config.js';
import { buildSourceGraph } from '../../src/solidity/graph.js';
import { formatRemapping } from '../../src/solidity/remappings.js';
import { REPO, tempProject } from './project.js';
import { CHEATCODES } from './shared-cheatcodes.js';

const BUNDLED = join(REPO, 'contracts', 'forge-std');

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.13;
contract Counter {
    uint256 public number;
    function increment() external { number++; }
}
`;

const COUNTER_SCRIPT = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.13;
import {Script, console} from "forge-std/Script.sol";
import {Counter} from "../src/Counter.sol";
contract CounterScript is Script {
    function run() public {
        vm.startBroadcast();
        new Counter();
        vm.stopBroadcast();
    }
}
`;

const COUNTER_TEST = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.13;
import {Test, console, stdError, StdStorage, stdStorage} from "forge-std/Test.sol";
import {Counter} from "../src/Counter.sol";
contract CounterTest is Test {
    using stdStorage for StdStorage;
    Counter counter;
    function setUp() public { counter = new Counter(); }
    function test_Increment() public {
        counter.increment();
        console.log("number", counter.number());
        assertEq(counter.number(), 1, "one increment");
        vm.expectRevert(stdError.arithmeticError);
        this.underflow();
    }
    function testFuzz_Bound(uint256 x) public {
        uint256 y = bound(x, 10, 20);
        assertGe(y, 10);
        assertLe(y, 20);
        assertEq(stdstore.target(address(counter)).sig("number()").find(), 0);
    }
    function underflow() external pure returns (uint256) { uint256 z = 0; return z - 1; }
}
`;

describe('forge-std remapping', () => {
  it('resolves forge-std/ to tdk’s bundled copy when the project has none, and builds tests and scripts', async () => {
    const root = tempProject({
      'src/Counter.sol': COUNTER,
      'test/Counter.t.sol': COUNTER_TEST,
      'script/Counter.s.sol': COUNTER_SCRIPT,
    });
    const graph = buildSourceGraph(loadProjectConfig(root));
    const target = `${relative(root, BUNDLED)}/`;
    expect(graph.remappings.map(formatRemapping)).toEqual([`forge-std/=${target}`]);
    expect([...graph.files.keys()]).toContain(`${target}Test.sol`);
    expect([...graph.files.keys()]).toContain(`${target}Vm.sol`);

    const result = await build({ root });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.artifacts).toEqual(
      expect.arrayContaining([
        'out/Counter.t.sol/CounterTest.json',
        'out/Counter.s.sol/CounterScript.json',
        'out/Vm.sol/Vm.json',
      ]),
    );
    const test = loadArtifact(root, 'CounterTest');
    expect(Object.keys(test.methodIdentifiers)).toEqual(
      expect.arrayContaining([
        'IS_TEST()',
        'failed()',
        'setUp()',
        'test_Increment()',
        'testFuzz_Bound(uint256)',
      ]),
    );
    // solc was given the remapping too, so its own import resolution agrees with tdk's.
    const input = loadBuildInfo(root, test.buildInfo).input as { settings: { remappings: string[] } };
    expect(input.settings.remappings).toContain(`forge-std/=${target}`);

    // Every cheatcode of the shared list is declared with forge-std's signature: the selector solc
    // computed from tdk's Vm.sol equals the one computed here from the signature text.
    const vm = loadArtifact(root, 'Vm').methodIdentifiers;
    for (const signature of CHEATCODES) {
      expect(vm[signature], signature).toBe(toFunctionSelector(signature).slice(2));
    }
  }, 120_000);

  it('keeps a project’s own lib/forge-std', async () => {
    const root = tempProject({
      'lib/forge-std/src/Test.sol': `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.13;
abstract contract Test { bool public IS_TEST = true; function ownCopy() public pure returns (uint256) { return 7; } }
`,
      'test/Own.t.sol': `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.13;
import {Test} from "forge-std/Test.sol";
contract OwnTest is Test { function test_Own() public pure { require(ownCopy() == 7); } }
`,
    });
    const graph = buildSourceGraph(loadProjectConfig(root));
    expect(graph.remappings.map(formatRemapping)).toEqual(['forge-std/=lib/forge-std/src/']);
    expect([...graph.files.keys()].sort()).toEqual(['lib/forge-std/src/Test.sol', 'test/Own.t.sol']);
    const result = await build({ root });
    expect(result.errors).toEqual([]);
    expect(Object.keys(loadArtifact(root, 'OwnTest').methodIdentifiers)).toContain('ownCopy()');
  }, 60_000);

  it('keeps a written remapping for forge-std/, and leaves other imports alone', () => {
    const root = tempProject({
      'foundry.toml': '[profile.default]\nremappings = ["forge-std/=vendor/fs/"]\n',
      'vendor/fs/Test.sol':
        '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.13;\nabstract contract Test {}\n',
      'test/A.t.sol': 'import "forge-std/Test.sol";\nimport "forge-stdx/Nope.sol";\ncontract A {}\n',
    });
    const graph = buildSourceGraph(loadProjectConfig(root));
    expect(graph.remappings.map(formatRemapping)).toEqual(['forge-std/=vendor/fs/']);
    expect([...graph.files.keys()].sort()).toEqual(['test/A.t.sol', 'vendor/fs/Test.sol']);
  });
});
