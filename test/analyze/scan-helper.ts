// Scanning Solidity written inline in a test: each source goes to its own file in a fresh folder.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ScanResult, scan } from '../../src/analyze/scan.js';

export async function scanSource(
  source: string,
  detectors?: string[],
  name = 'Case.sol',
  dir = mkdtempSync(join(tmpdir(), 'tdk-scan-test-')),
): Promise<ScanResult> {
  const file = join(dir, name);
  writeFileSync(file, source);
  return scan([file], detectors ? { detectors } : {});
}

/** 1-based line of the first line containing `text`. */
export function lineOf(source: string, text: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`no line contains ${text}`);
  return i + 1;
}
