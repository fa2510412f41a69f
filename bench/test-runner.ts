import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import {
  fsPermissionKind,
  type HardhatSettings,
  hardhatAvailable,
  hardhatProject,
  removeProject,
  runHardhat,
} from './hardhat-cli.js';
import { repoRoot } from './solc.js';
import { timedRun } from './timed-run.js';

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
  const r = timedRun(process.execPath, [
    join(repoRoot(), 'bin', 'tdk.js'),
    'test',
    '--root',
    project,
    '--json',
    '--fuzz-seed',
    String(FUZZ_SEED),
  ]);
  if (r.status !== 0 && r.status !== 1) throw new Error(`tdk test exited with ${r.status}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as {
    suites: { contract: string; tests: { name: string; status: string }[] }[];
  };
  const tests = new Map<string, boolean>();
  for (const s of doc.suites)
    for (const t of s.tests)
      if (t.status !== 'skip') tests.set(`${s.contract}.${t.name}`, t.status === 'pass');
  return { ms: r.ms, cpuMs: r.cpuMs, tests };
}

/** Foundry's fs_permissions of the project (tdk enforces the same list). */
function foundryFsPermissions(project: string): { access: string; path: string }[] {
  const toml = readFileSync(join(project, 'foundry.toml'), 'utf8');
  return [...toml.matchAll(/\{\s*access\s*=\s*"([a-z-]+)"\s*,\s*path\s*=\s*"([^"]+)"\s*\}/g)].map((m) => ({
    access: m[1],
    path: m[2],
  }));
}

/** The project's fs_permissions in EDR's form. */
function fsPermissions(project: string, edr: typeof import('@nomicfoundation/edr')) {
  return foundryFsPermissions(project).map(({ access, path }) => {
    const kind = fsPermissionKind(project, access, path);
    const name = `${kind[0].toUpperCase()}${kind.slice(1)}` as keyof typeof edr.FsAccessPermission;
    return { access: edr.FsAccessPermission[name], path: resolve(project, path) };
  });
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

interface Peer {
  readonly name: string;
  readonly coldMs: number;
  readonly warmMs: number;
  readonly warmCpuMs: number;
  readonly tests: Map<string, boolean>;
}

/** Tests the two runners disagree on (a runner that fails a test the other passes, or skips it). */
function disagreements(tdk: Map<string, boolean>, other: Peer): string[] {
  const out: string[] = [];
  for (const [name, ok] of tdk) {
    const theirs = other.tests.get(name);
    if (theirs === undefined) out.push(`${name}: ${ok ? 'pass' : 'fail'} on tdk, not run by ${other.name}`);
    else if (theirs !== ok)
      out.push(`${name}: ${ok ? 'pass' : 'fail'} on tdk, ${theirs ? 'pass' : 'fail'} on ${other.name}`);
  }
  for (const name of other.tests.keys()) if (!tdk.has(name)) out.push(`${name}: only run by ${other.name}`);
  return out;
}

/** `hardhat test solidity` on a copy of the project: cold (compile + tests), then warm runs. */
function benchHardhatCli(
  source: string,
  runs: number,
  log: (s: string) => void,
): { ok: true; peer: Peer } | { ok: false; why: string } {
  const hardhat = hardhatAvailable(log);
  if (!hardhat.ok) return hardhat;
  const dir = copyProject(source);
  try {
    const settings: HardhatSettings = {
      fuzzRuns: FUZZ_RUNS,
      fuzzSeed: FUZZ_SEED,
      invariantRuns: DEFAULT_INVARIANT_RUNS,
      invariantDepth: DEFAULT_INVARIANT_DEPTH,
      fsPermissions: foundryFsPermissions(dir),
      env: readDotEnv(dir),
    };
    hardhatProject(hardhat, dir, settings);
    const cold = runHardhat(hardhat, dir, settings);
    log(`hardhat test solidity cold ${sec(cold.ms)} (${counts(cold.tests)})`);
    const warm = Array.from({ length: runs }, () => runHardhat(hardhat, dir, settings));
    const peer: Peer = {
      name: 'Hardhat 3',
      coldMs: cold.ms,
      warmMs: median(warm.map((w) => w.ms)),
      warmCpuMs: median(warm.map((w) => w.cpuMs)),
      tests: warm.at(-1)!.tests,
    };
    log(
      `hardhat test solidity warm ${sec(peer.warmMs)} wall, ${sec(peer.warmCpuMs)} CPU (median of ${runs})`,
    );
    return { ok: true, peer };
  } catch (err) {
    return { ok: false, why: err instanceof Error ? err.message : String(err) };
  } finally {
    removeProject(dir);
  }
}

/** EDR's Solidity test runner driven in this process: the engine alone, without any CLI around it. */
async function benchEdrEngine(source: string, runs: number, log: (s: string) => void): Promise<Peer> {
  const dir = copyProject(source);
  const cold = await runEdr(dir);
  const again: RunOutcome[] = [];
  for (let i = 0; i < runs; i++) again.push((await runEdr(dir)).run);
  rmSync(dir, { recursive: true, force: true });
  const peer: Peer = {
    name: 'EDR engine',
    coldMs: cold.compileMs + cold.run.ms,
    warmMs: median(again.map((w) => w.ms)),
    warmCpuMs: median(again.map((w) => w.cpuMs)),
    tests: again.at(-1)!.tests,
  };
  log(
    `EDR engine in-process: warm ${sec(peer.warmMs)} wall, ${sec(peer.warmCpuMs)} CPU (${counts(peer.tests)})`,
  );
  return peer;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      project: { type: 'string', default: 'examples/testing' },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      'no-hardhat': { type: 'boolean', default: false },
    },
  });
  const root = repoRoot();
  const source = resolve(root, values.project!);
  const runs = Math.max(1, Number(values.runs));
  const log = (s: string) => process.stderr.write(`${s}\n`);

  log(`project: ${source}`);
  const tdkDir = copyProject(source);
  const tdkCold = runTdk(tdkDir);
  log(`tdk test cold ${sec(tdkCold.ms)} (${counts(tdkCold.tests)})`);
  const warm: RunOutcome[] = [];
  for (let i = 0; i < runs; i++) warm.push(runTdk(tdkDir));
  rmSync(tdkDir, { recursive: true, force: true });
  const tdk: Peer = {
    name: 'tdk',
    coldMs: tdkCold.ms,
    warmMs: median(warm.map((w) => w.ms)),
    warmCpuMs: median(warm.map((w) => w.cpuMs)),
    tests: warm.at(-1)!.tests,
  };
  log(`tdk test warm ${sec(tdk.warmMs)} wall, ${sec(tdk.warmCpuMs)} CPU (median of ${runs})`);

  const cli = values['no-hardhat']
    ? ({ ok: false, why: 'skipped (--no-hardhat)' } as const)
    : benchHardhatCli(source, runs, log);
  if (!cli.ok) log(`Hardhat 3's CLI did not run: ${cli.why}`);
  const engine = await benchEdrEngine(source, runs, log);
  // The headline peer: Hardhat 3's command, like for like with `tdk test` (both whole processes).
  const peer = cli.ok ? cli.peer : engine;
  const ratio = (a: Peer, b: Peer) => ({
    warmWall: a.warmMs / b.warmMs,
    warmCpu: a.warmCpuMs / b.warmCpuMs,
    cold: a.coldMs / b.coldMs,
  });
  const headline = ratio(tdk, peer);
  const engineRatio = ratio(tdk, engine);
  const met = headline.warmWall <= TARGET_RATIO && headline.cold <= TARGET_RATIO;
  const agreement = disagreements(tdk.tests, peer);

  const round = (x: number) => Math.round(x);
  const fix = (r: ReturnType<typeof ratio>) => ({
    warmWall: Number(r.warmWall.toFixed(2)),
    warmCpu: Number(r.warmCpu.toFixed(2)),
    cold: Number(r.cold.toFixed(2)),
  });
  const times = (p: Peer) => ({
    coldMs: round(p.coldMs),
    warmMs: round(p.warmMs),
    warmCpuMs: round(p.warmCpuMs),
    result: counts(p.tests),
  });
  const report = {
    project: values.project,
    tests: tdk.tests.size,
    settings: {
      fuzzRuns: FUZZ_RUNS,
      fuzzSeed: Number(FUZZ_SEED),
      invariantRuns: DEFAULT_INVARIANT_RUNS,
      invariantDepth: DEFAULT_INVARIANT_DEPTH,
    },
    tdk: times(tdk),
    hardhat: cli.ok ? times(cli.peer) : { error: cli.why },
    edrEngine: times(engine),
    ratio: fix(headline),
    ratioTo: peer.name,
    engineRatio: fix(engineRatio),
    target: TARGET_RATIO,
    met,
    disagreements: agreement,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const row = (label: string, p: Peer) =>
    `${label.padEnd(34)} ${sec(p.coldMs).padEnd(13)} ${sec(p.warmMs).padEnd(11)} ${sec(p.warmCpuMs).padEnd(11)} ${counts(p.tests)}`;
  const lines = [
    `tdk test vs Hardhat 3 on ${values.project} (${tdk.tests.size} tests, fuzz ${FUZZ_RUNS} runs, invariant ${DEFAULT_INVARIANT_RUNS}×${DEFAULT_INVARIANT_DEPTH}, seed ${FUZZ_SEED})`,
    '',
    `${''.padEnd(34)} cold wall     warm wall   warm CPU    result`,
    row('tdk test', tdk),
    cli.ok
      ? row('hardhat test solidity (Node 22)', cli.peer)
      : `hardhat test solidity              did not run: ${cli.why}`,
    row('EDR engine, in-process (no CLI)', engine),
    '',
    `ratio tdk test / ${cli.ok ? 'hardhat test solidity' : 'EDR engine'}: warm ${headline.warmWall.toFixed(2)}x wall, ${headline.warmCpu.toFixed(2)}x CPU; cold ${headline.cold.toFixed(2)}x (target: within ${TARGET_RATIO}x) ${met ? 'MET' : 'NOT MET'}`,
    `ratio tdk test / EDR engine alone: warm ${engineRatio.warmWall.toFixed(2)}x wall, ${engineRatio.warmCpu.toFixed(2)}x CPU (tdk's figure includes its process start-up, the engine's does not)`,
    agreement.length === 0
      ? `tdk and ${peer.name} agree on every test`
      : `disagreements with ${peer.name}:\n  ${agreement.join('\n  ')}`,
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
