// foundry.toml's [fuzz] and [invariant] settings: read per profile as forge does, validated, and
// applied by the runner under the command line's flags.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRunError } from '../../src/testing/errors.js';
import { runTests } from '../../src/testing/runner.js';
import { readTestSettings } from '../../src/testing/settings.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(toml: string, withSources = false): string {
  const root = mkdtempSync(join(tmpdir(), 'tdk-settings-'));
  dirs.push(root);
  writeFileSync(join(root, 'foundry.toml'), toml);
  if (withSources) {
    mkdirSync(join(root, 'src'));
    mkdirSync(join(root, 'test'));
    writeFileSync(
      join(root, 'src', 'Counter.sol'),
      `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Counter {
    uint256 public n;
    function add(uint256 x) external { n += x % 10; }
}
`,
    );
    writeFileSync(
      join(root, 'test', 'Settings.t.sol'),
      `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
import {Counter} from "../src/Counter.sol";
contract SettingsTest {
    Counter internal counter;
    function setUp() public { counter = new Counter(); }
    function testFuzz_Anything(uint256 x) public pure { x; }
    function invariant_Bounded() public view { require(counter.n() < 1e30, "unbounded"); }
}
`,
    );
  }
  return root;
}

describe('foundry.toml [fuzz] and [invariant]', () => {
  it('merges the top-level table, [profile.default.*] and the active profile, key by key', () => {
    const root = project(`
[fuzz]
runs = 5
[profile.default]
src = "src"
[profile.default.fuzz]
runs = 7
seed = "0x2a"
[profile.default.invariant]
runs = 9
fail_on_revert = true
[profile.ci.invariant]
depth = 3
`);
    expect(readTestSettings(root, 'default')).toEqual({
      fuzz: { runs: 7, seed: 42n },
      invariant: { runs: 9, depth: undefined, failOnRevert: true },
    });
    expect(readTestSettings(root, 'ci')).toEqual({
      fuzz: { runs: 7, seed: 42n },
      invariant: { runs: 9, depth: 3, failOnRevert: true },
    });
    expect(readTestSettings(project('[fuzz]\nruns = 5\n'), 'default').fuzz).toEqual({
      runs: 5,
      seed: undefined,
    });
  });

  it('rejects a bad value with the key it came from', () => {
    const bad = (toml: string) => () => readTestSettings(project(toml), 'default');
    expect(bad('[profile.default.fuzz]\nruns = 0\n')).toThrow(TestRunError);
    expect(bad('[profile.default.fuzz]\nruns = 0\n')).toThrow(
      /\[profile\.default\.fuzz\] runs must be an integer/,
    );
    expect(bad('[profile.default.fuzz]\nseed = "zz"\n')).toThrow(/seed must be a hex or decimal uint256/);
    expect(bad('[profile.default.invariant]\ndepth = 1.5\n')).toThrow(/depth must be an integer/);
    expect(bad('[profile.default.invariant]\nfail_on_revert = "yes"\n')).toThrow(
      /fail_on_revert must be true or false/,
    );
  });

  it('the runner uses them, and the command line wins', async () => {
    const root = project(
      `[profile.default]
src = "src"
test = "test"
[profile.default.fuzz]
runs = 7
seed = "0x2a"
[profile.default.invariant]
runs = 3
depth = 4
`,
      true,
    );
    const fromToml = await runTests({ root, jobs: 1 });
    const tests = fromToml.suites.flatMap((s) => s.tests);
    const fuzz = tests.find((t) => t.name.startsWith('testFuzz_'))!;
    const inv = tests.find((t) => t.name.startsWith('invariant_'))!;
    expect(fuzz.status).toBe('pass');
    expect(fuzz.fuzz).toMatchObject({ runs: 7, seed: 42n });
    expect(inv.status).toBe('pass');
    expect(inv.invariant).toMatchObject({ runs: 3, calls: 12 });

    const fromFlags = await runTests({ root, jobs: 1, fuzz: { runs: 9 }, invariant: { depth: 2 } });
    const t2 = fromFlags.suites.flatMap((s) => s.tests);
    expect(t2.find((t) => t.name.startsWith('testFuzz_'))!.fuzz).toMatchObject({ runs: 9, seed: 42n });
    expect(t2.find((t) => t.name.startsWith('invariant_'))!.invariant).toMatchObject({ runs: 3, calls: 6 });
  }, 120_000);
});
