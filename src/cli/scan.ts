// `tdk scan [PATHS...]`: security findings for Solidity sources, after slither's conventions.
// Exit codes: 0 no finding at or above --fail-on, 1 some, 2 bad input or a file that did not compile
// (the other files are still scanned and reported).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { loadScanConfig, pathExcluded, ScanConfigError } from '../analyze/config.js';
import { canConfirm, confirmFinding } from '../analyze/confirm/index.js';
import { type DetectorInfo, type Finding, SEVERITIES, type Severity } from '../analyze/finding.js';
import { jsonReport } from '../analyze/report/json.js';
import { sarifReport } from '../analyze/report/sarif.js';
import { formatFailure, formatFinding, formatSummary } from '../analyze/report/text.js';
import { listDetectors, type ScanResult, scan } from '../analyze/scan.js';
import { applySuppressions } from '../analyze/suppress.js';

const VERSION = '0.1.0';
const FAIL_ON = [...SEVERITIES, 'none'] as const;
type FailOn = Severity | 'none';

export interface ScanCliOptions {
  json?: boolean;
  sarif?: string;
  failOn?: FailOn;
  minSeverity?: Severity;
  detect?: string;
  exclude?: string;
  excludePaths?: string;
  config?: string;
  confirm?: boolean;
  listDetectors?: boolean;
}

export interface ScanIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** Progress lines on stderr (a TTY). */
  readonly progress: boolean;
}

const processIo = (): ScanIo => ({
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  progress: process.stderr.isTTY === true,
});

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description(
      'security findings for Solidity sources (text, --json, --sarif FILE); exit 1 on findings at --fail-on, 2 on bad input',
    )
    .argument('[paths...]', '.sol files or folders (default: the project in the current folder)')
    .option('--json', 'print findings as JSON (schema tdk.scan/v1)')
    .option('--sarif <file>', 'also write a SARIF 2.1.0 log for code scanning')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding at or above this severity remains (default: high)',
      ).choices(FAIL_ON),
    )
    .addOption(
      new Option('--min-severity <severity>', 'drop findings below this severity').choices(SEVERITIES),
    )
    .option('--detect <ids>', 'run only these detectors (comma-separated)')
    .option('--exclude <ids>', 'skip these detectors (comma-separated)')
    .option('--exclude-paths <globs>', 'do not report files matching these globs (comma-separated)')
    .option('--config <file>', 'scan settings (default: tdk.scan.toml, else foundry.toml [scan])')
    .option('--confirm', 'replay reentrancy findings against a generated attacker in the sandbox')
    .option('--list-detectors', 'list the detectors (id, severity, confidence, title) and exit')
    .action(async (paths: string[], opts: ScanCliOptions) => {
      process.exitCode = await runScan(paths, opts, processIo());
    });
}

const ids = (s: string | undefined): string[] | undefined =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

export async function runScan(paths: readonly string[], opts: ScanCliOptions, io: ScanIo): Promise<number> {
  const detectors = listDetectors();
  if (opts.listDetectors) {
    printDetectors(detectors, opts.json === true, io);
    return 0;
  }
  // Paths, the config and reported file names are all relative to the current folder.
  const cwd = process.cwd();
  const config = loadScanConfig(cwd, opts.config);
  const failOn: FailOn = opts.failOn ?? config.failOn ?? 'high';
  const minSeverity = opts.minSeverity ?? config.minSeverity;
  const excludePaths = [...config.excludePaths, ...(ids(opts.excludePaths) ?? [])];
  const given = paths.length > 0 ? [...paths] : ['.'];
  const progress = io.progress && !opts.json;
  const only = ids(opts.detect) ?? config.detectors;
  const exclude = [...config.excludeDetectors, ...(ids(opts.exclude) ?? [])];
  const result = await scan(given, {
    ...(only ? { detectors: only } : {}),
    exclude,
    root: cwd,
    ...(progress
      ? { onFile: (file: string, i: number, total: number) => io.err(`\r\x1b[2K[${i + 1}/${total}] ${file}`) }
      : {}),
  });
  if (progress) io.err('\r\x1b[2K');

  const locate = fileLocator(cwd, given);
  const sources = new Map<string, string | undefined>();
  const sourceOf = (file: string) => {
    if (!sources.has(file)) {
      const abs = locate(file);
      sources.set(file, abs ? readFileSync(abs, 'utf8') : undefined);
    }
    return sources.get(file);
  };
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const reported = result.findings.filter(
    (f) => rank(f.severity) <= rank(minSeverity) && !pathExcluded(f.location.file, excludePaths),
  );
  const failures = result.failures.filter((f) => !pathExcluded(f.file, excludePaths));
  const files = result.files.filter((f) => !pathExcluded(f.file, excludePaths));
  const { kept, suppressed, directives } = applySuppressions(reported, sourceOf);
  warnUnknownDirectives(directives, detectors, io);

  if (opts.confirm) confirmAll(kept, result, detectors, locate, progress, io);

  if (opts.sarif !== undefined) {
    const log = sarifReport({
      findings: kept,
      suppressed,
      failures,
      detectors,
      root: cwd,
      version: VERSION,
      locate,
    });
    const target = resolve(cwd, opts.sarif);
    try {
      writeFileSync(target, `${JSON.stringify(log, null, 2)}\n`);
    } catch (err) {
      throw new ScanConfigError(
        `cannot write the SARIF log to ${opts.sarif}: ${(err as Error).message}`,
        'give a writable path for --sarif',
      );
    }
  }
  const elapsedMs = result.elapsedMs;
  if (opts.json) {
    io.out(`${JSON.stringify(jsonReport({ findings: kept, suppressed, files, failures, elapsedMs }))}\n`);
  } else {
    for (const f of kept) io.out(`${formatFinding(f, sourceOf(f.location.file))}\n`);
    for (const f of failures) io.err(`${formatFailure(f)}\n`);
    io.out(
      formatSummary({
        findings: kept,
        files: files.length,
        failures: failures.length,
        suppressed: suppressed.length,
        elapsedMs,
      }),
    );
    if (opts.sarif !== undefined) io.err(`SARIF log written to ${opts.sarif}\n`);
  }
  if (failures.length > 0) return 2;
  return failOn !== 'none' && kept.some((f) => rank(f.severity) <= rank(failOn)) ? 1 : 0;
}

/** Finds the file behind a reported path: relative to cwd, or to a scanned project folder. */
function fileLocator(cwd: string, given: readonly string[]): (file: string) => string | undefined {
  const bases = [
    cwd,
    ...given.map((g) => resolve(cwd, g)).filter((g) => existsSync(g) && statSync(g).isDirectory()),
  ];
  return (file) => {
    for (const base of bases) {
      const abs = resolve(base, file);
      if (existsSync(abs)) return abs;
    }
    return undefined;
  };
}

function confirmAll(
  findings: Finding[],
  result: ScanResult,
  detectors: readonly DetectorInfo[],
  locate: (file: string) => string | undefined,
  progress: boolean,
  io: ScanIo,
): void {
  const info = new Map(detectors.map((d) => [d.id, d]));
  const targets = findings.filter((f) => canConfirm(info.get(f.detector)));
  // Several findings on one function share one exploit attempt.
  const done = new Map<string, Finding['confirmation']>();
  targets.forEach((f, i) => {
    const key = `${f.location.file}\0${f.contract}\0${f.function ?? ''}`;
    if (done.has(key)) {
      f.confirmation = done.get(key);
      return;
    }
    if (progress)
      io.err(`\r\x1b[2Kconfirming [${i + 1}/${targets.length}] ${f.contract}.${f.function ?? ''}`);
    const scanned = result.files.find((s) => s.file === f.location.file);
    const abs = locate(f.location.file);
    if (!scanned || !abs) {
      f.confirmation = {
        status: 'error',
        summary: `cannot find ${f.location.file} or the solc version it compiled with`,
      };
      return;
    }
    // The sandbox compiles the file by its reported name relative to the folder that holds it.
    const root = abs.slice(0, abs.length - f.location.file.length) || dirname(abs);
    f.confirmation = confirmFinding(f, info.get(f.detector), { root, solcVersion: scanned.solcVersion });
    done.set(key, f.confirmation);
  });
  if (progress && targets.length > 0) io.err('\r\x1b[2K');
}

function warnUnknownDirectives(
  directives: Map<string, readonly { line: number; detectors: readonly string[] | 'all' }[]>,
  detectors: readonly DetectorInfo[],
  io: ScanIo,
): void {
  const known = new Set(detectors.map((d) => d.id));
  for (const [file, ds] of directives)
    for (const d of ds)
      if (d.detectors !== 'all')
        for (const id of d.detectors)
          if (!known.has(id))
            io.err(`warning: ${file}:${d.line}: suppression names unknown detector \`${id}\`\n`);
}

function printDetectors(detectors: readonly DetectorInfo[], json: boolean, io: ScanIo): void {
  if (json) {
    io.out(
      `${JSON.stringify(detectors.map((d) => ({ id: d.id, title: d.title, severity: d.severity, confidence: d.confidence, category: d.category })))}\n`,
    );
    return;
  }
  const rows = [
    ['ID', 'SEVERITY', 'CONFIDENCE', 'TITLE'],
    ...detectors.map((d) => [d.id, d.severity, d.confidence, d.title]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows)
    io.out(`${r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join('  ')}\n`);
}
