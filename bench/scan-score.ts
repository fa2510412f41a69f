// Scoring tdk scan against SmartBugs-curated annotations (vulnerabilities.json, never the source
// comments): a vulnerability is found when a finding of the same category lists one of its lines.
// Also writes a comment-free copy of the dataset (line numbers kept) to show the analyser does not
// read comments.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { withoutComments } from '../src/analyze/compile.js';
import type { Finding } from '../src/analyze/finding.js';
import { listDetectors, type ScanResult, scan } from '../src/analyze/scan.js';

export interface Annotated {
  readonly path: string;
  readonly vulnerabilities: readonly { lines: number[]; category: string }[];
}

export interface CategoryScore {
  readonly category: string;
  readonly annotated: number;
  readonly found: number;
  /** Findings of this category that match no annotation (a false-positive proxy). */
  readonly unmatched: number;
}

export interface Score {
  readonly categories: CategoryScore[];
  readonly annotated: number;
  readonly found: number;
  readonly unmatched: number;
  readonly missed: { path: string; category: string; lines: number[] }[];
}

export function loadAnnotations(fixture: string): Annotated[] {
  return JSON.parse(readFileSync(join(fixture, 'vulnerabilities.json'), 'utf8')) as Annotated[];
}

/** `relativeOf` maps a finding's file to the dataset path used in vulnerabilities.json. */
export function score(
  result: ScanResult,
  annotations: Annotated[],
  relativeOf: (file: string) => string,
): Score {
  const categoryOf = new Map(listDetectors().map((d) => [d.id, d.category as string]));
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = relativeOf(f.location.file);
    byFile.set(key, [...(byFile.get(key) ?? []), f]);
  }
  const matched = new Set<Finding>();
  const rows = new Map<string, { annotated: number; found: number; unmatched: number }>();
  const row = (c: string) => {
    let r = rows.get(c);
    if (!r) rows.set(c, (r = { annotated: 0, found: 0, unmatched: 0 }));
    return r;
  };
  const missed: Score['missed'] = [];
  for (const contract of annotations)
    for (const v of contract.vulnerabilities) {
      const r = row(v.category);
      r.annotated++;
      const hits = (byFile.get(contract.path) ?? []).filter(
        (f) => categoryOf.get(f.detector) === v.category && f.lines.some((l) => v.lines.includes(l)),
      );
      for (const h of hits) matched.add(h);
      if (hits.length > 0) r.found++;
      else missed.push({ path: contract.path, category: v.category, lines: v.lines });
    }
  for (const f of result.findings) if (!matched.has(f)) row(categoryOf.get(f.detector)!).unmatched++;
  const categories = [...rows]
    .map(([category, r]) => ({ category, ...r }))
    .sort((a, b) => (a.category < b.category ? -1 : 1));
  return {
    categories,
    annotated: categories.reduce((s, c) => s + c.annotated, 0),
    found: categories.reduce((s, c) => s + c.found, 0),
    unmatched: categories.reduce((s, c) => s + c.unmatched, 0),
    missed,
  };
}

/** Scans the fixture's dataset and scores it. */
export async function scanFixture(fixture: string): Promise<{ result: ScanResult; score: Score }> {
  const dataset = join(fixture, 'dataset');
  const result = await scan([dataset]);
  return { result, score: score(result, loadAnnotations(fixture), (f) => relative(fixture, f)) };
}

/** Copies the dataset with every comment blanked (lines kept) under `out`, then scans and scores that. */
export async function scanFixtureWithoutComments(
  fixture: string,
  out: string,
): Promise<{ result: ScanResult; score: Score }> {
  const annotations = loadAnnotations(fixture);
  for (const a of annotations) {
    const target = join(out, a.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, withoutComments(readFileSync(join(fixture, a.path), 'utf8')));
  }
  const result = await scan([join(out, 'dataset')]);
  return { result, score: score(result, annotations, (f) => relative(out, f)) };
}
