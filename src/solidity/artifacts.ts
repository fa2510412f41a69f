// Foundry-style artifacts, out/<File>.sol/<Contract>.json, and the loader other features use to find
// a contract's ABI and bytecode by name.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import type { SolcContractOutput } from './compile.js';
import { findProjectRoot, loadProjectConfig } from './config.js';
import { SolidityError } from './errors.js';
import { toPosix } from './remappings.js';

export type LinkReferences = Record<string, Record<string, { start: number; length: number }[]>>;
export type ImmutableReferences = Record<string, { start: number; length: number }[]>;

export interface StorageLayout {
  storage: {
    astId: number;
    contract: string;
    label: string;
    offset: number;
    slot: string;
    type: string;
  }[];
  types: Record<
    string,
    { encoding: string; label: string; numberOfBytes: string; [k: string]: unknown }
  > | null;
}

export interface Artifact {
  abi: unknown[];
  bytecode: { object: string; sourceMap: string; linkReferences: LinkReferences };
  deployedBytecode: {
    object: string;
    sourceMap: string;
    linkReferences: LinkReferences;
    immutableReferences: ImmutableReferences;
  };
  methodIdentifiers: Record<string, string>;
  /** Absent for compilers before 0.5.13, which cannot report it. */
  storageLayout?: StorageLayout;
  ast: unknown;
  /** The compiler's metadata, parsed; rawMetadata is the exact string its hash in the bytecode covers. */
  metadata: unknown;
  rawMetadata: string;
  /** The source's id in its compilation (what source maps refer to). */
  id: number;
  contractName: string;
  sourcePath: string;
  compiler: { version: string };
  /** Name of out/build-info/<id>.json, the standard-JSON input this artifact came from. */
  buildInfo: string;
}

export interface BuildInfo {
  id: string;
  solcVersion: string;
  solcLongVersion: string;
  input: unknown;
  /** Source unit name -> id, to read source maps. */
  sourceIds: Record<string, number>;
}

export function toArtifact(
  contractName: string,
  sourcePath: string,
  c: SolcContractOutput,
  source: { id: number; ast?: unknown; legacyAST?: unknown },
  version: string,
  buildInfo: string,
): Artifact {
  const hex = (s: string) => (s.startsWith('0x') ? s : `0x${s}`);
  const a: Artifact = {
    abi: c.abi,
    bytecode: {
      object: hex(c.evm.bytecode.object),
      sourceMap: c.evm.bytecode.sourceMap ?? '',
      linkReferences: (c.evm.bytecode.linkReferences ?? {}) as LinkReferences,
    },
    deployedBytecode: {
      object: hex(c.evm.deployedBytecode.object),
      sourceMap: c.evm.deployedBytecode.sourceMap ?? '',
      linkReferences: (c.evm.deployedBytecode.linkReferences ?? {}) as LinkReferences,
      immutableReferences: (c.evm.deployedBytecode.immutableReferences ?? {}) as ImmutableReferences,
    },
    methodIdentifiers: c.evm.methodIdentifiers ?? {},
    ast: source.ast ?? source.legacyAST ?? null,
    metadata: c.metadata ? JSON.parse(c.metadata) : null,
    rawMetadata: c.metadata ?? '',
    id: source.id,
    contractName,
    sourcePath,
    compiler: { version },
    buildInfo,
  };
  if (c.storageLayout) a.storageLayout = c.storageLayout as StorageLayout;
  return a;
}

/**
 * Where a contract's artifact goes, relative to the root: out/<File>.sol/<Name>.json. The folder is
 * the full source path when two sources share a file name, and a file compiled by several compilers
 * gets <Name>.<version>.json for all but the newest, as Foundry does.
 */
export function artifactPath(
  out: string,
  sourcePath: string,
  contractName: string,
  opts: { sharedBasename: boolean; olderVersion?: string },
): string {
  const dir = opts.sharedBasename ? sourcePath.replace(/^(\.\.\/)+/, '') : posix.basename(sourcePath);
  const file = opts.olderVersion ? `${contractName}.${opts.olderVersion}.json` : `${contractName}.json`;
  return posix.join(out, dir, file);
}

/**
 * Loads a built contract: `Name`, `File.sol:Name` or `path/to/File.sol:Name`. The root may be any
 * folder inside the project (the nearest foundry.toml above it is used).
 */
export function loadArtifact(projectRoot: string, ref: string): Artifact {
  const root = findProjectRoot(projectRoot);
  const config = loadProjectConfig(root);
  const outDir = join(root, config.out);
  const colon = ref.lastIndexOf(':');
  const filePart = colon >= 0 ? ref.slice(0, colon) : undefined;
  const name = colon >= 0 ? ref.slice(colon + 1) : ref;
  const matches: { path: string; artifact?: Artifact }[] = [];
  for (const path of findFiles(outDir, `${name}.json`)) {
    if (filePart === undefined || (!filePart.includes('/') && basename(dirname(path)) === filePart)) {
      matches.push({ path });
    } else if (filePart.includes('/')) {
      const artifact = readArtifact(path);
      if (artifact.sourcePath === filePart || artifact.sourcePath.endsWith(`/${filePart}`)) {
        matches.push({ path, artifact });
      }
    }
  }
  if (matches.length === 0) {
    throw new SolidityError(
      `no artifact for ${ref} in ${toPosix(relative(process.cwd(), outDir)) || '.'}`,
      'TDK_ARTIFACT_NOT_FOUND',
      existsSync(outDir) ? 'check the contract name, then run `tdk build`' : 'run `tdk build` first',
    );
  }
  if (matches.length > 1) {
    const names = matches.map((m) => `${(m.artifact ?? readArtifact(m.path)).sourcePath}:${name}`);
    throw new SolidityError(
      `${ref} is ambiguous: ${names.join(', ')}`,
      'TDK_ARTIFACT_AMBIGUOUS',
      'name the file as well, e.g. File.sol:Name or src/path/File.sol:Name',
    );
  }
  return matches[0]!.artifact ?? readArtifact(matches[0]!.path);
}

export function loadBuildInfo(projectRoot: string, id: string): BuildInfo {
  const root = findProjectRoot(projectRoot);
  const path = join(root, loadProjectConfig(root).out, 'build-info', `${id}.json`);
  if (!existsSync(path)) {
    throw new SolidityError(`no build info ${id}`, 'TDK_ARTIFACT_NOT_FOUND', 'run `tdk build` again');
  }
  return JSON.parse(readFileSync(path, 'utf8')) as BuildInfo;
}

function readArtifact(path: string): Artifact {
  return JSON.parse(readFileSync(path, 'utf8')) as Artifact;
}

/** Artifact files under `dir` (build-info excluded), named `fileName` or, without it, all of them. */
function findFiles(dir: string, fileName?: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'build-info') out.push(...findFiles(p, fileName));
    else if (
      entry.isFile() &&
      (fileName === undefined ? entry.name.endsWith('.json') : entry.name === fileName)
    ) {
      out.push(p);
    }
  }
  return out.sort();
}

/** Every artifact of a built project, in a stable order. */
export function listArtifacts(projectRoot: string): Artifact[] {
  const root = findProjectRoot(projectRoot);
  return findFiles(join(root, loadProjectConfig(root).out)).map(readArtifact);
}
