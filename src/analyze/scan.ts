// `tdk scan` as a library call: find the .sol files, compile each with a solc its pragma accepts,
// build the program model and run the detectors. Files that do not compile are reported with solc's
// messages and the scan goes on with the others.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadProjectConfig } from '../solidity/config.js';
import { toPosix } from '../solidity/remappings.js';
import { Analysis } from './analysis.js';
import { type CompileContext, type CompileFailure, compileAll, type ScanInput } from './compile.js';
import type { Detector } from './detector.js';
import { DETECTORS } from './detectors/index.js';
import { type DetectorInfo, type Finding, SEVERITIES } from './finding.js';
import { Program } from './program.js';
import { ScanError } from './scan-error.js';

export type { CompileFailure } from './compile.js';

export interface ScanOptions {
  /** Detector ids to run (default: all). */
  readonly detectors?: readonly string[];
  /** Detector ids to skip. */
  readonly exclude?: readonly string[];
  /** Project root for remappings/foundry.toml when scanning a project (default: cwd). */
  readonly root?: string;
  /** Called per file for progress. */
  readonly onFile?: (file: string, index: number, total: number) => void;
}

export interface ScannedFile {
  readonly file: string;
  readonly solcVersion: string;
  readonly contracts: readonly string[];
  /** Why the compiler differs from what the pragma asks for, when it does (a pin tdk does not ship). */
  readonly note?: string;
}

export interface ScanResult {
  /** sorted: severity, file, line, detector */
  readonly findings: Finding[];
  /** compiled and analysed */
  readonly files: readonly ScannedFile[];
  /** files that did not compile (scan went on) */
  readonly failures: readonly CompileFailure[];
  readonly elapsedMs: number;
}

export function listDetectors(): readonly DetectorInfo[] {
  return DETECTORS.map(
    ({ id, title, severity, confidence, category, description, exploitScenario, recommendation }) => ({
      id,
      title,
      severity,
      confidence,
      category,
      description,
      exploitScenario,
      recommendation,
    }),
  );
}

/** PATHS are .sol files or directories (recursively *.sol; a directory holding foundry.toml is scanned as a project: its src/). */
export async function scan(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const detectors = selectDetectors(options);
  const { inputs, ctx } = collectInputs(paths, options.root ?? process.cwd());
  let done = 0;
  const { batches, failures } = compileAll(inputs, ctx, (input) =>
    options.onFile?.(input.display, done++, inputs.length),
  );
  const findings: Finding[] = [];
  const files: ScannedFile[] = [];
  for (const batch of batches) {
    const program = new Program(batch);
    const analysis = new Analysis(program);
    for (const d of detectors) d.detect(analysis);
    findings.push(...analysis.findings);
    for (const root of batch.roots) {
      const index = batch.rootIndex.get(root.unit);
      const unit = index === undefined ? undefined : batch.units.get(index);
      const contracts = unit
        ? (unit.nodes as { nodeType: string; name: string }[])
            .filter((n) => n.nodeType === 'ContractDefinition')
            .map((n) => n.name)
        : [];
      files.push({
        file: root.display,
        solcVersion: batch.version,
        contracts,
        ...(batch.note ? { note: batch.note } : {}),
      });
    }
  }
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  findings.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      cmp(a.location.file, b.location.file) ||
      a.location.startLine - b.location.startLine ||
      cmp(a.detector, b.detector) ||
      a.location.offset - b.location.offset,
  );
  files.sort((a, b) => cmp(a.file, b.file));
  return { findings, files, failures, elapsedMs: performance.now() - started };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function selectDetectors(options: ScanOptions): Detector[] {
  const known = new Set(DETECTORS.map((d) => d.id));
  for (const id of [...(options.detectors ?? []), ...(options.exclude ?? [])])
    if (!known.has(id))
      throw new ScanError(
        `unknown detector \`${id}\``,
        'TDK_SCAN_DETECTOR',
        `known detectors: ${[...known].join(', ')}`,
      );
  return DETECTORS.filter(
    (d) => (!options.detectors || options.detectors.includes(d.id)) && !options.exclude?.includes(d.id),
  );
}

function collectInputs(paths: readonly string[], root: string): { inputs: ScanInput[]; ctx: CompileContext } {
  if (paths.length === 0)
    throw new ScanError('no path to scan', 'TDK_SCAN_PATH', 'give .sol files or folders');
  const inputs: ScanInput[] = [];
  let ctx: CompileContext = { base: process.cwd(), remappings: [], includePaths: [] };
  const seen = new Set<string>();
  const add = (display: string, unit: string, abs: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    inputs.push({ display, unit, text: readFileSync(abs, 'utf8') });
  };
  for (const given of paths) {
    const abs = resolve(given);
    if (!existsSync(abs))
      throw new ScanError(
        `${given}: no such file or folder`,
        'TDK_SCAN_PATH',
        'give .sol files or folders that exist',
      );
    if (statSync(abs).isFile()) {
      if (!abs.endsWith('.sol'))
        throw new ScanError(
          `${given}: not a Solidity file`,
          'TDK_SCAN_PATH',
          'scan .sol files or folders holding them',
        );
      add(toPosix(given), toPosix(given), abs);
      continue;
    }
    if (existsSync(join(abs, 'foundry.toml'))) {
      // A Foundry project: its sources, compiled with its remappings and lib folders.
      const config = loadProjectConfig(abs);
      ctx = {
        base: config.root,
        remappings: config.remappings,
        includePaths: config.libs.map((l) => join(config.root, l)),
      };
      for (const file of solFiles(join(config.root, config.src))) {
        const unit = toPosix(relative(config.root, file));
        add(unit, unit, file);
      }
      continue;
    }
    for (const file of solFiles(abs)) {
      const display = toPosix(join(given, relative(abs, file)));
      add(display, display, file);
    }
  }
  if (inputs.length === 0)
    throw new ScanError(
      `no .sol file under ${paths.join(', ')}`,
      'TDK_SCAN_NO_SOURCES',
      'point tdk scan at Solidity sources',
    );
  if (root !== process.cwd() && ctx.base === process.cwd() && existsSync(join(root, 'foundry.toml'))) {
    const config = loadProjectConfig(resolve(root));
    ctx = {
      base: process.cwd(),
      remappings: config.remappings,
      includePaths: [config.root, ...config.libs.map((l) => join(config.root, l))],
    };
  }
  return { inputs, ctx };
}

function solFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) visit(p);
      else if (name.endsWith('.sol')) out.push(p);
    }
  };
  visit(dir);
  return out;
}
