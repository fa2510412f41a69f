// `tdk scan --json`: one object with a versioned schema name; fields are picked explicitly so the
// output stays stable when the in-memory types grow.
import { type Finding, SEVERITIES } from '../finding.js';
import { countBySeverity } from './text.js';

export const JSON_SCHEMA = 'tdk.scan/v1';

export interface JsonReportInput {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly { finding: Finding; directive: string }[];
  readonly files: readonly { file: string; solcVersion: string; contracts: readonly string[] }[];
  readonly failures: readonly { file: string; message: string; formatted: string }[];
  readonly elapsedMs: number;
}

function findingJson(f: Finding): Record<string, unknown> {
  const l = f.location;
  return {
    detector: f.detector,
    severity: f.severity,
    confidence: f.confidence,
    message: f.message,
    contract: f.contract,
    function: f.function ?? null,
    location: {
      file: l.file,
      startLine: l.startLine,
      startColumn: l.startColumn,
      endLine: l.endLine,
      endColumn: l.endColumn,
      offset: l.offset,
      length: l.length,
    },
    lines: f.lines,
    related: f.related.map((r) => ({
      kind: r.kind,
      name: r.name,
      file: r.location.file,
      line: r.location.startLine,
      column: r.location.startColumn,
    })),
    defence: f.defence,
    fingerprint: f.fingerprint,
    confirmation: f.confirmation
      ? { status: f.confirmation.status, summary: f.confirmation.summary, trace: f.confirmation.trace ?? [] }
      : null,
  };
}

export function jsonReport(r: JsonReportInput): Record<string, unknown> {
  const counts = countBySeverity(r.findings);
  return {
    schema: JSON_SCHEMA,
    findings: r.findings.map(findingJson),
    suppressed: r.suppressed.map((s) => ({ ...findingJson(s.finding), directive: s.directive })),
    files: r.files.map((f) => ({ file: f.file, solcVersion: f.solcVersion, contracts: f.contracts })),
    failures: r.failures.map((f) => ({ file: f.file, message: f.message, formatted: f.formatted })),
    summary: {
      findings: r.findings.length,
      ...Object.fromEntries(SEVERITIES.map((s) => [s, counts[s]])),
      files: r.files.length,
      failed: r.failures.length,
      suppressed: r.suppressed.length,
      elapsedMs: Math.round(r.elapsedMs),
    },
  };
}
