// Temporary projects for the Solidity tests: a map of files, or a copy of an example.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function tempProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tdk-sol-'));
  for (const [path, text] of Object.entries(files)) writeFile(root, path, text);
  return root;
}

export function writeFile(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/**
 * A copy of examples/<name> without build output, with tdk's node_modules linked in and remappings
 * into the repository (`../../contracts/`) made absolute so they still resolve from the copy.
 */
export function copyExample(name: string): string {
  const root = mkdtempSync(join(tmpdir(), `tdk-${name}-`));
  cpSync(join(REPO, 'examples', name), root, {
    recursive: true,
    filter: (src) => !/[/\\](out|cache)$/.test(src),
  });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const toml = join(root, 'foundry.toml');
  writeFileSync(toml, readFileSync(toml, 'utf8').replaceAll('=../../', `=${REPO}`));
  return root;
}
