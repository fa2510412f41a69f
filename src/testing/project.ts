// A Foundry-layout project made ready for testing: built with `tdk build`'s pipeline (cached on
// disk), its artifacts loaded, and its test contracts discovered. When some files do not compile,
// the roots that do not reach them are compiled again on their own, so every other test still runs
// and each broken file is reported with the compiler's message.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { type AbiFunction, toFunctionSelector } from 'viem';
import { type Artifact, listArtifacts, toArtifact } from '../solidity/artifacts.js';
import { build } from '../solidity/build.js';
import { compileStandardJson } from '../solidity/compile.js';
import { loadCompiler, selectVersions } from '../solidity/compilers.js';
import { loadProjectConfig, type ProjectConfig } from '../solidity/config.js';
import { type Diagnostic, formatDiagnostic, toDiagnostics } from '../solidity/diagnostics.js';
import { buildSourceGraph, closure } from '../solidity/graph.js';
import { solcSettings, standardJsonInput } from '../solidity/settings.js';
import { ErrorDecoder } from './revert-reason.js';
import { readTestSettings, type TestSettings } from './settings.js';
import { testKind } from './suite.js';
import type { TestArtifact, TestContext } from './test-inspector.js';

export interface LoadOptions {
  readonly root: string;
  readonly profile?: string;
  readonly force?: boolean;
  readonly onProgress?: (message: string) => void;
}

export interface TestProject {
  readonly root: string;
  readonly config: ProjectConfig;
  readonly context: TestContext;
  /** Test contracts in test-file order. */
  readonly suites: readonly TestArtifact[];
  /** Files that did not compile, with the compiler's messages. */
  readonly compileErrors: readonly { file: string; message: string }[];
  /** foundry.toml's [fuzz] and [invariant] settings of the active profile. */
  readonly settings: TestSettings;
}

export async function loadTestProject(opts: LoadOptions): Promise<TestProject> {
  const config = loadProjectConfig(opts.root, { profile: opts.profile });
  const settings = readTestSettings(config.root, config.profile);
  const built = await build({
    root: config.root,
    force: opts.force,
    profile: opts.profile,
    onProgress: opts.onProgress,
  });
  let artifacts: TestArtifact[];
  const compileErrors: { file: string; message: string }[] = [];
  if (built.ok) {
    artifacts = listArtifacts(config.root).map(slim);
  } else {
    const broken = new Map<string, Diagnostic[]>();
    for (const d of built.errors) {
      const key = d.file ?? '<project>';
      broken.set(key, [...(broken.get(key) ?? []), d]);
    }
    artifacts = compileWithout(config, broken).artifacts;
    for (const [file, ds] of broken)
      compileErrors.push({ file, message: ds.map((d) => formatDiagnostic(d)).join('') });
  }
  const errors = new ErrorDecoder(artifacts.map((a) => a.abi));
  const vmSignatures = new Map<number, string>();
  for (const a of artifacts) {
    if (a.contractName !== 'Vm' && a.contractName !== 'VmSafe') continue;
    for (const item of a.abi as AbiFunction[]) {
      if (item.type !== 'function') continue;
      const sig = `${item.name}(${item.inputs.map((i) => i.type).join(',')})`;
      vmSignatures.set(Number.parseInt(toFunctionSelector(item).slice(2), 16), sig);
    }
  }
  const context: TestContext = {
    root: config.root,
    fsPermissions: readFsPermissions(config),
    artifacts,
    errors,
    vmSignatures,
    env: readDotEnv(join(config.root, '.env')),
  };
  const testDir = posix.normalize(config.test).replace(/\/$/, '');
  const suites = artifacts
    .filter((a) => a.sourcePath.startsWith(`${testDir}/`) && a.sourcePath.endsWith('.t.sol'))
    .filter((a) => a.bytecode.length > 2 && isTestContract(a))
    .sort((a, b) =>
      a.sourcePath === b.sourcePath ? cmp(a.contractName, b.contractName) : cmp(a.sourcePath, b.sourcePath),
    );
  return { root: config.root, config, context, suites, compileErrors, settings };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isTestContract(a: TestArtifact): boolean {
  return (a.abi as AbiFunction[]).some(
    (f) => f.type === 'function' && (testKind(f) !== undefined || f.name === 'IS_TEST'),
  );
}

function slim(a: Artifact): TestArtifact {
  return {
    contractName: a.contractName,
    sourcePath: a.sourcePath,
    abi: a.abi,
    bytecode: a.bytecode.object,
    deployedBytecode: a.deployedBytecode.object,
  };
}

/**
 * Compiles, in memory, every root whose imports avoid the broken files. solc may stop at the first
 * file with errors, so newly reported files join `broken` and the rest is compiled again.
 */
function compileWithout(
  config: ProjectConfig,
  broken: Map<string, Diagnostic[]>,
): { artifacts: TestArtifact[] } {
  const graph = buildSourceGraph(config);
  const versions = selectVersions(graph, config.solc);
  const out: TestArtifact[] = [];
  if (broken.has('<project>')) return { artifacts: out };
  const pending = new Set(graph.roots);
  for (let attempt = 0; attempt <= graph.roots.length && pending.size > 0; attempt++) {
    const byVersion = new Map<string, string[]>();
    for (const root of pending) {
      if (closure(graph, root).some((f) => broken.has(f))) {
        pending.delete(root);
        continue;
      }
      const v = versions.get(root)!;
      byVersion.set(v, [...(byVersion.get(v) ?? []), root]);
    }
    for (const [version, roots] of byVersion) {
      const names = [...new Set(roots.flatMap((r) => closure(graph, r)))].sort();
      const input = standardJsonInput(
        names.map((n) => graph.files.get(n)!),
        solcSettings(config, graph.remappings, version),
      );
      const output = compileStandardJson(loadCompiler(version), input, config);
      const errs = toDiagnostics(output.errors ?? [], (f) => graph.files.get(f)?.content).filter(
        (d) => d.severity === 'error',
      );
      if (errs.length > 0) {
        for (const d of errs) {
          const key = d.file ?? '<project>';
          broken.set(key, [...(broken.get(key) ?? []), d]);
        }
        // Without a file to blame nothing more can be excluded: give up on these roots.
        if (errs.every((d) => d.file === undefined)) for (const r of roots) pending.delete(r);
        continue;
      }
      for (const r of roots) pending.delete(r);
      for (const [file, contracts] of Object.entries(output.contracts ?? {})) {
        const source = output.sources?.[file];
        if (!source) continue;
        for (const [name, c] of Object.entries(contracts))
          out.push(slim(toArtifact(name, file, c, source, version, '')));
      }
    }
  }
  return { artifacts: out };
}

interface FsPermission {
  readonly access: 'read' | 'write' | 'read-write';
  readonly path: string;
}

/** foundry.toml `fs_permissions` of the active profile (none: file cheatcodes are refused). */
function readFsPermissions(config: ProjectConfig): FsPermission[] {
  const path = join(config.root, 'foundry.toml');
  if (!existsSync(path)) return [];
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return [];
  }
  const profiles = (doc.profile ?? {}) as Record<string, Record<string, unknown>>;
  const list = profiles[config.profile]?.fs_permissions ?? profiles.default?.fs_permissions;
  if (!Array.isArray(list)) return [];
  const out: FsPermission[] = [];
  for (const p of list as { access?: unknown; path?: unknown }[]) {
    const access = p.access === true ? 'read-write' : p.access;
    if ((access === 'read' || access === 'write' || access === 'read-write') && typeof p.path === 'string')
      out.push({ access, path: p.path });
  }
  return out;
}

/** KEY=VALUE lines of a .env file (comments, `export ` and surrounding quotes allowed). */
export function readDotEnv(path: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(path)) return out;
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out.set(m[1], value);
  }
  return out;
}
