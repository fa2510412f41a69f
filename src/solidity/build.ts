// `tdk build` as a library call: config -> source graph -> a compiler per root -> solc runs for the
// roots whose cache key changed (one run per compiler, holding those roots and all they import) ->
// artifacts, build-info and cache. Artifacts of sources that left the project are removed.
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import semver from 'semver';
import { writeFileAtomic } from '../util/atomic-write.js';
import { type Artifact, artifactPath, type BuildInfo, toArtifact } from './artifacts.js';
import { type BuildCache, emptyCache, readCache, rootKey, writeCache } from './cache.js';
import { compileStandardJson } from './compile.js';
import { loadCompiler, selectVersions } from './compilers.js';
import { findProjectRoot, loadProjectConfig, type ProjectConfig } from './config.js';
import { type Diagnostic, toDiagnostics } from './diagnostics.js';
import { buildSourceGraph, closure, locateUnit, type SourceGraph, sha256 } from './graph.js';
import { type SolcSettings, solcSettings, standardJsonInput, VIA_IR_SINCE } from './settings.js';

export interface BuildOptions {
  /** Project root; defaults to the nearest folder with foundry.toml above the working folder. */
  root?: string;
  /** Ignore the cache and compile everything. */
  force?: boolean;
  /** foundry.toml profile; defaults to FOUNDRY_PROFILE, then "default". */
  profile?: string;
  /** Called before each compiler run, e.g. "Compiling 7 files with solc 0.8.37". */
  onProgress?: (message: string) => void;
}

export interface BuildResult {
  ok: boolean;
  root: string;
  /** Every source handed to solc in this build, with the compiler that got it. */
  compiled: { file: string; version: string }[];
  /** Sources of the project that were up to date. */
  skipped: number;
  /** Artifacts written in this build, relative to the root. */
  artifacts: string[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  durationMs: number;
}

export async function build(opts: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const config = loadProjectConfig(opts.root ?? findProjectRoot(process.cwd()), { profile: opts.profile });
  const graph = buildSourceGraph(config);
  const versions = selectVersions(graph, config.solc);
  const plan = new Plan(config, graph, versions);
  const previous = readCache(config);
  const cache = emptyCache();
  const dirty = new Map<string, string[]>();
  for (const root of graph.roots) {
    const version = versions.get(root)!;
    if (!opts.force && plan.upToDate(root, previous)) {
      cache.roots[root] = previous.roots[root]!;
      for (const f of plan.closure(root)) keepArtifacts(cache, previous, f, version);
    } else {
      dirty.set(version, [...(dirty.get(version) ?? []), root]);
    }
  }

  const result: BuildResult = {
    ok: true,
    root: config.root,
    compiled: [],
    skipped: 0,
    artifacts: [],
    errors: [],
    warnings: [],
    durationMs: 0,
  };
  for (const [version, roots] of [...dirty].sort((a, b) => semver.rcompare(a[0], b[0]))) {
    const names = [...new Set(roots.flatMap((r) => plan.closure(r)))].sort();
    opts.onProgress?.(`Compiling ${names.length} file${names.length === 1 ? '' : 's'} with solc ${version}`);
    const settings = plan.settings(version);
    const input = standardJsonInput(
      names.map((n) => graph.files.get(n)!),
      settings,
    );
    const compiler = loadCompiler(version);
    const output = compileStandardJson(compiler, input, config);
    const diagnostics = toDiagnostics(output.errors ?? [], (f) => sourceText(config, graph, f));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    result.errors.push(...errors);
    result.warnings.push(...diagnostics.filter((d) => d.severity === 'warning'));
    if (config.viaIR && !settings.viaIR) result.warnings.push(viaIrIgnored(version));
    result.compiled.push(...names.map((file) => ({ file, version })));
    if (errors.length > 0) {
      // Keep what the last good build wrote; these roots stay uncached, so the next build retries.
      for (const f of names)
        for (const v of Object.keys(previous.files[f]?.artifacts ?? {})) keepArtifacts(cache, previous, f, v);
      continue;
    }
    const buildInfo = sha256(JSON.stringify(input)).slice(0, 32);
    const sourceIds = Object.fromEntries(Object.entries(output.sources ?? {}).map(([n, s]) => [n, s.id]));
    const info: BuildInfo = {
      id: buildInfo,
      solcVersion: version,
      solcLongVersion: compiler.longVersion,
      input,
      sourceIds,
    };
    writeFileAtomic(join(config.root, config.out, 'build-info', `${buildInfo}.json`), JSON.stringify(info));
    for (const file of names) {
      const written: string[] = [];
      const source = output.sources?.[file];
      for (const [name, contract] of Object.entries(output.contracts?.[file] ?? {})) {
        if (!source) continue;
        const artifact: Artifact = toArtifact(name, file, contract, source, version, buildInfo);
        const path = plan.artifactPath(file, name, version);
        writeFileAtomic(join(config.root, path), `${JSON.stringify(artifact, null, 2)}\n`);
        written.push(path);
      }
      setArtifacts(cache, file, graph.files.get(file)!.hash, version, written);
      result.artifacts.push(...written);
    }
    for (const root of roots) cache.roots[root] = { version, key: plan.key(root), buildInfo };
  }

  removeStale(config, previous, cache);
  writeCache(config, cache);
  const compiledFiles = new Set(result.compiled.map((c) => c.file));
  result.skipped = [...graph.files.keys()].filter((f) => !compiledFiles.has(f)).length;
  result.ok = result.errors.length === 0;
  result.artifacts.sort();
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

/** Per-build facts derived from the graph: closures, settings and keys per compiler, artifact names. */
class Plan {
  private closures = new Map<string, string[]>();
  private settingsByVersion = new Map<string, SolcSettings>();
  /** Compilers that reach each file, newest first: the newest names the plain artifact. */
  private fileVersions = new Map<string, string[]>();
  private sharedBasenames = new Set<string>();

  constructor(
    private config: ProjectConfig,
    private graph: SourceGraph,
    private versions: Map<string, string>,
  ) {
    for (const root of graph.roots) {
      const v = versions.get(root)!;
      for (const f of this.closure(root)) {
        const list = this.fileVersions.get(f) ?? [];
        if (!list.includes(v)) list.push(v);
        this.fileVersions.set(f, list.sort(semver.rcompare));
      }
    }
    const seen = new Set<string>();
    for (const f of graph.files.keys()) {
      const base = posix.basename(f);
      if (seen.has(base)) this.sharedBasenames.add(base);
      seen.add(base);
    }
  }

  closure(root: string): string[] {
    let c = this.closures.get(root);
    if (!c) this.closures.set(root, (c = closure(this.graph, root)));
    return c;
  }

  settings(version: string): SolcSettings {
    let s = this.settingsByVersion.get(version);
    if (!s)
      this.settingsByVersion.set(version, (s = solcSettings(this.config, this.graph.remappings, version)));
    return s;
  }

  key(root: string): string {
    const version = this.versions.get(root)!;
    const files = this.closure(root).map((n) => ({ name: n, hash: this.graph.files.get(n)!.hash }));
    return rootKey(version, this.settings(version), files);
  }

  artifactPath(file: string, contract: string, version: string): string {
    const newest = this.fileVersions.get(file)?.[0] ?? version;
    return artifactPath(this.config.out, file, contract, {
      sharedBasename: this.sharedBasenames.has(posix.basename(file)),
      olderVersion: version === newest ? undefined : version,
    });
  }

  /** Same key as last time, and every artifact recorded for what it reaches is still where it belongs. */
  upToDate(root: string, previous: BuildCache): boolean {
    const version = this.versions.get(root)!;
    if (previous.roots[root]?.key !== this.key(root)) return false;
    return this.closure(root).every((f) => {
      const entry = previous.files[f];
      const paths = entry?.hash === this.graph.files.get(f)!.hash ? entry.artifacts[version] : undefined;
      if (!paths) return false;
      return paths.every((p) => {
        const name = posix.basename(p, '.json').replace(`.${version}`, '');
        return p === this.artifactPath(f, name, version) && existsSync(join(this.config.root, p));
      });
    });
  }
}

function setArtifacts(cache: BuildCache, file: string, hash: string, version: string, paths: string[]): void {
  const entry = (cache.files[file] ??= { hash, artifacts: {} });
  entry.artifacts[version] = paths;
}

function keepArtifacts(cache: BuildCache, previous: BuildCache, file: string, version: string): void {
  const entry = previous.files[file];
  const paths = entry?.artifacts[version];
  if (entry && paths) setArtifacts(cache, file, entry.hash, version, paths);
}

/** Deletes artifacts and build-info files the previous build wrote and this one no longer accounts for. */
function removeStale(config: ProjectConfig, previous: BuildCache, cache: BuildCache): void {
  const live = new Set(Object.values(cache.files).flatMap((e) => Object.values(e.artifacts).flat()));
  for (const entry of Object.values(previous.files)) {
    for (const p of Object.values(entry.artifacts).flat()) {
      if (live.has(p)) continue;
      rmSync(join(config.root, p), { force: true });
      removeEmptyDirs(dirname(join(config.root, p)), join(config.root, config.out));
    }
  }
  const liveInfos = new Set(Object.values(cache.roots).map((r) => r.buildInfo));
  for (const r of Object.values(previous.roots)) {
    if (!liveInfos.has(r.buildInfo)) {
      rmSync(join(config.root, config.out, 'build-info', `${r.buildInfo}.json`), { force: true });
    }
  }
}

function removeEmptyDirs(dir: string, stop: string): void {
  while (dir.startsWith(stop) && dir !== stop && existsSync(dir) && readdirSync(dir).length === 0) {
    rmdirSync(dir);
    dir = dirname(dir);
  }
}

function sourceText(config: ProjectConfig, graph: SourceGraph, file: string): string | undefined {
  const known = graph.files.get(file)?.content;
  if (known !== undefined) return known;
  const path = locateUnit(config, file);
  return path ? readFileSync(path, 'utf8') : undefined;
}

function viaIrIgnored(version: string): Diagnostic {
  return {
    severity: 'warning',
    type: 'Config',
    message: `via_ir is ignored for solc ${version}, which predates production via-IR (${VIA_IR_SINCE})`,
  };
}
