// The project's source graph: every .sol file under src/test/script (the roots) and everything they
// import, keyed by solc source unit name (a root-relative posix path, after remapping), with content,
// content hash, pragmas and resolved imports.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, relative } from 'node:path';
import type { ProjectConfig } from './config.js';
import { scanDirectives } from './directives.js';
import { SolidityError } from './errors.js';
import {
  applyRemappings,
  bundledForgeStdRemapping,
  nodeModulesRemapping,
  type Remapping,
  toPosix,
} from './remappings.js';

export interface SourceFile {
  /** solc source unit name. */
  name: string;
  /** Absolute path on disk. */
  path: string;
  content: string;
  /** sha256 of the content, hex. */
  hash: string;
  pragmas: string[];
  /** Unit names of resolved imports; an unresolved one is left for solc to report with its location. */
  imports: string[];
}

export interface SourceGraph {
  roots: string[];
  files: Map<string, SourceFile>;
  /** The config's remappings plus the node_modules ones imports needed: what solc is given. */
  remappings: Remapping[];
}

export function buildSourceGraph(config: ProjectConfig): SourceGraph {
  const roots = findRoots(config);
  if (roots.length === 0) {
    throw new SolidityError(
      `no .sol files under ${[config.src, config.test, config.script].join(', ')} in ${config.root}`,
      'TDK_NO_SOURCES',
      'put contracts in src/ or set `src` in foundry.toml',
    );
  }
  const remappings = [...config.remappings];
  const files = new Map<string, SourceFile>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (files.has(name)) continue;
    const path = locateUnit(config, name);
    if (!path) continue;
    const content = readFileSync(path, 'utf8');
    const { imports, pragmas } = scanDirectives(content);
    const resolved: string[] = [];
    for (const imp of imports) {
      const unit = importUnitName(config, remappings, imp, name);
      if (!locateUnit(config, unit)) continue;
      resolved.push(unit);
      if (!files.has(unit)) queue.push(unit);
    }
    files.set(name, { name, path, content, hash: sha256(content), pragmas, imports: [...new Set(resolved)] });
  }
  return { roots, files, remappings };
}

/** A file and everything it imports, transitively, sorted. */
export function closure(graph: SourceGraph, name: string): string[] {
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const i of graph.files.get(n)?.imports ?? []) stack.push(i);
  }
  return [...seen].filter((n) => graph.files.has(n)).sort();
}

/**
 * What solc will call an import: relative paths resolve against the importer's unit name, then
 * remappings apply (solc's order). An import no remapping covers may name a node_modules package, or
 * forge-std (tdk ships one); its remapping is then added to the list.
 */
export function importUnitName(
  config: ProjectConfig,
  remappings: Remapping[],
  importPath: string,
  importer: string,
): string {
  const path =
    importPath.startsWith('./') || importPath.startsWith('../')
      ? posix.normalize(posix.join(posix.dirname(importer), importPath))
      : importPath;
  const mapped = applyRemappings(remappings, path, importer);
  if (mapped !== path || locateUnit(config, path)) return mapped;
  const auto =
    nodeModulesRemapping(config.root, config.nodeModules, path) ??
    bundledForgeStdRemapping(config.root, config.libs, path);
  if (!auto) return path;
  remappings.push(auto);
  return applyRemappings(remappings, path, importer);
}

/** The file behind a unit name: under the root, else under a lib folder (solc's include paths). */
export function locateUnit(config: ProjectConfig, name: string): string | undefined {
  // A remapping may point outside the project with an absolute target, as Foundry allows.
  if (isAbsolute(name)) return isFile(name) ? name : undefined;
  for (const base of ['', ...config.libs]) {
    const p = join(config.root, base, name);
    if (isFile(p)) return p;
  }
  return undefined;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function findRoots(config: ProjectConfig): string[] {
  // Never descend into dependencies or build output, even when src is the project root itself.
  const skip = new Set(
    ['node_modules', config.out, config.cachePath, ...config.libs].map((d) => join(config.root, d)),
  );
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const p = join(dir, entry.name);
      if (entry.isDirectory() && !skip.has(p)) walk(p);
      else if (entry.isFile() && entry.name.endsWith('.sol')) found.add(toPosix(relative(config.root, p)));
    }
  };
  for (const d of [config.src, config.test, config.script]) {
    const dir = join(config.root, d);
    if (existsSync(dir) && statSync(dir).isDirectory()) walk(dir);
  }
  return [...found].sort();
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
