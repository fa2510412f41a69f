// The build cache, cache/tdk-cache.json (Foundry keeps its own in cache/solidity-files-cache.json).
// A root file is up to date when its key (compiler version, settings, and the content hash of every
// file it reaches) is unchanged and the artifacts recorded for those files are still on disk.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { ProjectConfig } from './config.js';
import { sha256 } from './graph.js';

/** Bumped whenever artifacts or the key change shape, so older caches are ignored. */
const FORMAT = 'tdk-cache-1';

export interface BuildCache {
  format: string;
  /** Per root file: the compiler that built it, its key and the build-info of that run. */
  roots: Record<string, { version: string; key: string; buildInfo: string }>;
  /** Per source file: its content hash and the artifacts (root-relative) written for it per version. */
  files: Record<string, { hash: string; artifacts: Record<string, string[]> }>;
}

export function cachePath(config: ProjectConfig): string {
  return join(config.root, config.cachePath, 'tdk-cache.json');
}

export function emptyCache(): BuildCache {
  return { format: FORMAT, roots: {}, files: {} };
}

/** The saved cache, or an empty one when it is missing, unreadable or from another format. */
export function readCache(config: ProjectConfig): BuildCache {
  const path = cachePath(config);
  if (!existsSync(path)) return emptyCache();
  try {
    const c = JSON.parse(readFileSync(path, 'utf8')) as BuildCache;
    return c.format === FORMAT && c.roots && c.files ? c : emptyCache();
  } catch {
    return emptyCache();
  }
}

export function writeCache(config: ProjectConfig, cache: BuildCache): void {
  writeFileAtomic(cachePath(config), `${JSON.stringify(cache, null, 2)}\n`);
}

/** What decides a root's output: compiler, settings, and every reachable file's content. */
export function rootKey(
  version: string,
  settings: unknown,
  files: readonly { name: string; hash: string }[],
): string {
  const parts = [
    FORMAT,
    version,
    JSON.stringify(settings),
    ...files.map((f) => `${f.name}\0${f.hash}`).sort(),
  ];
  return sha256(parts.join('\n'));
}
