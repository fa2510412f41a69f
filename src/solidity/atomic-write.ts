// Writes that never leave a half-written file behind: a concurrent reader (a test runner, a second
// build) sees the old file or the new one. rename() within one folder is atomic on POSIX and NTFS.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

let counter = 0;

export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${counter++}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
