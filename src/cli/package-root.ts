// tdk's own package folder, found by walking up from this file: the same answer from src/cli (tests),
// dist/src/cli (tsc output) and dist/bundle (the bundled CLI).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EvmInputError } from '../evm/errors.js';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'tdk'
    )
      return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new EvmInputError('cannot find the tdk package folder', 'TDK_NOT_FOUND');
    dir = parent;
  }
}
