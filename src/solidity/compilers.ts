// The solc-js builds tdk ships (npm aliases, see package.json) and the choice among them: each root
// file gets the newest bundled version that satisfies its pragma and the pragmas of everything it
// imports, unless foundry.toml pins one. Nothing is ever downloaded.
import { createRequire } from 'node:module';
import semver from 'semver';
import { SolidityError } from './errors.js';
import { closure, type SourceGraph } from './graph.js';

const require = createRequire(import.meta.url);

/** npm packages holding a solc-js build, newest first. Their versions are read from the packages. */
const PACKAGES = ['solc', 'solc-0706', 'solc-0612', 'solc-0517', 'solc-0426'] as const;

export type ImportResult = { contents: string } | { error: string };

export interface SolcCompiler {
  version: string;
  /** e.g. 0.8.37+commit.f401782d.Emscripten.clang */
  longVersion: string;
  /** Standard-JSON in, standard-JSON out; `readFile` answers imports solc was not given. */
  compile(input: string, readFile: (path: string) => ImportResult): string;
}

interface SolcModule {
  version(): string;
  compile(input: string, callbacks?: unknown): string;
  compileStandardWrapper?(input: string, readFile?: (path: string) => ImportResult): string;
}

let bundled: { version: string; pkg: string }[] | undefined;

/** The bundled compiler versions, newest first. */
export function bundledVersions(): string[] {
  bundled ??= PACKAGES.map((pkg) => ({
    version: require(`${pkg}/package.json`).version as string,
    pkg,
  })).sort((a, b) => semver.rcompare(a.version, b.version));
  return bundled.map((b) => b.version);
}

const loaded = new Map<string, SolcCompiler>();

/** Loads a bundled compiler on first use (each soljson takes about a second to instantiate). */
export function loadCompiler(version: string): SolcCompiler {
  const hit = loaded.get(version);
  if (hit) return hit;
  bundledVersions();
  const entry = bundled!.find((b) => b.version === version);
  if (!entry) throw notBundled(version);
  const solc = require(entry.pkg) as SolcModule;
  const compiler: SolcCompiler = {
    version,
    longVersion: solc.version(),
    compile: (input, readFile) => {
      // The wrappers' calling conventions changed twice: 0.4 has compileStandardWrapper(input, fn),
      // 0.5 compile(input, fn), 0.6 and later compile(input, { import: fn }).
      if (semver.lt(version, '0.5.0')) return solc.compileStandardWrapper!(input, readFile);
      if (semver.lt(version, '0.6.0')) return solc.compile(input, readFile);
      return solc.compile(input, { import: readFile });
    },
  };
  loaded.set(version, compiler);
  return compiler;
}

/** The compiler version for each root file of the graph. */
export function selectVersions(graph: SourceGraph, pinned?: string): Map<string, string> {
  const versions = bundledVersions();
  if (pinned !== undefined && !versions.includes(pinned)) throw notBundled(pinned);
  const chosen = new Map<string, string>();
  for (const root of graph.roots) {
    const constraints = closure(graph, root).flatMap((file) =>
      graph.files.get(file)!.pragmas.map((pragma) => ({ file, pragma, range: pragmaRange(file, pragma) })),
    );
    const fits = (v: string) => constraints.every((c) => semver.satisfies(v, c.range));
    if (pinned !== undefined) {
      if (!fits(pinned)) {
        const bad = constraints.find((c) => !semver.satisfies(pinned, c.range))!;
        throw new SolidityError(
          `${root}: ${describe(bad)} cannot compile with the pinned solc ${pinned}`,
          'TDK_SOLC_VERSION',
          'remove `solc` from foundry.toml to pick a compiler per file, or change the pragma',
        );
      }
      chosen.set(root, pinned);
      continue;
    }
    const version = versions.find(fits);
    if (!version) throw noVersion(root, constraints, versions);
    chosen.set(root, version);
  }
  return chosen;
}

interface Constraint {
  file: string;
  pragma: string;
  range: string;
}

/** A pragma as a semver range. Solidity allows `>=0.8.0<0.9.0`; semver needs a space there. */
export function pragmaRange(file: string, pragma: string): string {
  const range = semver.validRange(pragma.replace(/(\d)(?=[<>=^~])/g, '$1 '));
  if (range === null) {
    throw new SolidityError(
      `${file}: cannot read \`pragma solidity ${pragma}\` as a version range`,
      'TDK_PRAGMA',
      'use npm-style ranges such as ^0.8.20 or >=0.4.22 <0.9.0',
    );
  }
  return range;
}

function noVersion(root: string, constraints: Constraint[], versions: string[]): SolidityError {
  const bundledList = `bundled: ${versions.join(', ')}`;
  const own = constraints.filter((c) => c.file === root);
  const ownFit = versions.filter((v) => own.every((c) => semver.satisfies(v, c.range)));
  if (ownFit.length === 0) {
    return new SolidityError(
      `${root}: no bundled solc satisfies ${own.map(describe).join(' and ')} (${bundledList})`,
      'TDK_SOLC_VERSION',
      'tdk never downloads compilers; change the pragma to a range one of the bundled versions meets',
    );
  }
  // Name the imports that rule out every version the file itself accepts.
  const culprits = constraints.filter(
    (c) => c.file !== root && !ownFit.some((v) => semver.satisfies(v, c.range)),
  );
  const shown = culprits.length > 0 ? culprits : constraints.filter((c) => c.file !== root);
  return new SolidityError(
    `${root}: no bundled solc satisfies it and its imports together: ${[...own, ...shown]
      .map((c) => `${c.file} (${describe(c)})`)
      .join(', ')} (${bundledList})`,
    'TDK_SOLC_VERSION',
    'a file and everything it imports compile with one compiler; align the pragmas',
  );
}

function describe(c: Constraint): string {
  return `pragma solidity ${c.pragma}`;
}

function notBundled(version: string): SolidityError {
  return new SolidityError(
    `solc ${version} is not bundled with tdk (bundled: ${bundledVersions().join(', ')})`,
    'TDK_SOLC_NOT_BUNDLED',
    'pin one of the bundled versions in foundry.toml, or remove `solc` to pick per pragma',
  );
}
