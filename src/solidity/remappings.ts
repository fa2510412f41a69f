// Import remappings (`[context:]prefix=target`) with solc's matching rule, plus the automatic ones
// Foundry users expect: one per folder in `libs`, and one per node_modules package an import names.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Remapping {
  context: string;
  prefix: string;
  target: string;
}

/** Parses `[context:]prefix=target`; undefined when the line is not a remapping. */
export function parseRemapping(text: string): Remapping | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  const left = text.slice(0, eq).trim();
  let target = text.slice(eq + 1).trim();
  const colon = left.indexOf(':');
  const context = colon >= 0 ? left.slice(0, colon) : '';
  const prefix = colon >= 0 ? left.slice(colon + 1) : left;
  if (prefix === '' || target === '') return undefined;
  // Foundry's rule: a folder prefix maps to a folder, so `a/=lib/a` means `a/=lib/a/`.
  if (prefix.endsWith('/') && !target.endsWith('/')) target += '/';
  return { context, prefix, target };
}

export function formatRemapping(r: Remapping): string {
  return `${r.context ? `${r.context}:` : ''}${r.prefix}=${r.target}`;
}

/**
 * solc's rule: among remappings whose context prefixes the importing unit and whose prefix prefixes
 * the path, the longest context wins, then the longest prefix, then the later entry.
 */
export function applyRemappings(remappings: readonly Remapping[], path: string, importer: string): string {
  let best: Remapping | undefined;
  for (const r of remappings) {
    if (!importer.startsWith(r.context) || !path.startsWith(r.prefix)) continue;
    if (
      !best ||
      r.context.length > best.context.length ||
      (r.context.length === best.context.length && r.prefix.length >= best.prefix.length)
    ) {
      best = r;
    }
  }
  return best ? best.target + path.slice(best.prefix.length) : path;
}

/** Keeps the first remapping for each (context, prefix): earlier sources take priority. */
export function dedupeRemappings(list: readonly Remapping[]): Remapping[] {
  const seen = new Set<string>();
  const out: Remapping[] = [];
  for (const r of list) {
    const key = `${r.context}:${r.prefix}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

/** `name/=lib/name/src/` (or `contracts/`, or the folder itself) for each folder under each lib. */
export function libRemappings(root: string, libs: readonly string[]): Remapping[] {
  const out: Remapping[] = [];
  for (const lib of libs) {
    const dir = join(root, lib);
    if (!isDir(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const pkg = join(dir, name);
      if (name.startsWith('.') || !isDir(pkg)) continue;
      const inner = ['src', 'contracts'].find((d) => isDir(join(pkg, d)));
      const target = `${toPosix(relative(root, pkg))}/${inner ? `${inner}/` : ''}`;
      out.push({ context: '', prefix: `${name}/`, target });
    }
  }
  return out;
}

/**
 * `forge-std/` to the clean-room forge-std tdk ships (contracts/forge-std), for an import of
 * `forge-std/...` that nothing else resolves, so a new project's tests compile out of the box. A
 * project's own copy always wins: any remapping for it, a `forge-std` folder in a lib folder, or a
 * node_modules package.
 */
export function bundledForgeStdRemapping(
  root: string,
  libs: readonly string[],
  importPath: string,
): Remapping | undefined {
  if (!importPath.startsWith('forge-std/')) return undefined;
  if (libs.some((lib) => isDir(join(root, lib, 'forge-std')))) return undefined;
  const bundled = bundledForgeStdDir();
  if (!bundled) return undefined;
  return { context: '', prefix: 'forge-std/', target: `${toPosix(relative(root, bundled))}/` };
}

/** contracts/forge-std of the tdk package, found from this file in src/solidity or dist/src/solidity. */
function bundledForgeStdDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'contracts', 'forge-std');
    if (existsSync(join(candidate, 'Test.sol'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The remapping for a package an import names (`@scope/pkg/...` maps the whole scope, `pkg/...` the
 * package), found in the nearest node_modules folder like Node's own resolution.
 */
export function nodeModulesRemapping(
  root: string,
  nodeModules: readonly string[],
  importPath: string,
): Remapping | undefined {
  const first = importPath.split('/')[0];
  if (!first || first === '.' || first === '..' || !importPath.includes('/')) return undefined;
  for (const dir of nodeModules) {
    if (!isDir(join(dir, first))) continue;
    if (!existsSync(join(dir, importPath))) continue;
    return { context: '', prefix: `${first}/`, target: `${toPosix(relative(root, join(dir, first)))}/` };
  }
  return undefined;
}

/** node_modules folders from the project root up to the filesystem root, nearest first. */
export function nodeModulesDirs(root: string): string[] {
  const out: string[] = [];
  let dir = root;
  for (;;) {
    const nm = join(dir, 'node_modules');
    if (isDir(nm)) out.push(nm);
    const parent = join(dir, '..');
    if (parent === dir) return out;
    dir = parent;
  }
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
