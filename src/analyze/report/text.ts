// `tdk scan`'s default output: one block per finding (severity, detector, message, location, the
// source with the span underlined, the defence, and the `--confirm` verdict), then a summary line.
import { type Finding, SEVERITIES, type Severity } from '../finding.js';
import { sourceExcerpt } from './excerpt.js';

export interface TextFailure {
  readonly file: string;
  readonly formatted: string;
}

export function formatFinding(f: Finding, source: string | undefined): string {
  const loc = f.location;
  const out = [
    `${f.severity}[${f.detector}] ${f.message}`,
    `  --> ${loc.file}:${loc.startLine}:${loc.startColumn}`,
  ];
  const excerpt = source === undefined ? [] : sourceExcerpt(source, loc);
  const pad = excerpt.length > 0 ? excerpt[0]!.slice(0, -1) : '   ';
  out.push(...excerpt);
  for (const r of f.related)
    out.push(
      `${pad}= note: ${r.kind} ${r.name} at ${r.location.file}:${r.location.startLine}:${r.location.startColumn}`,
    );
  out.push(`${pad}= defence: ${f.defence}`);
  const c = f.confirmation;
  if (c) {
    out.push(`${pad}= ${c.status === 'error' ? 'confirm failed' : 'confirm'}: ${c.summary}`);
    for (const line of c.trace ?? []) out.push(`${pad}    ${line}`);
  }
  return `${out.join('\n')}\n`;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { high: 0, medium: 0, low: 0, informational: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export interface SummaryInput {
  readonly findings: readonly Finding[];
  readonly files: number;
  readonly failures: number;
  readonly suppressed: number;
  readonly elapsedMs: number;
}

/** `3 findings (1 high, 2 medium) in 4 files, 0.8s` plus what was suppressed or failed. */
export function formatSummary(s: SummaryInput): string {
  const counts = countBySeverity(s.findings);
  const parts = SEVERITIES.filter((sev) => counts[sev] > 0).map((sev) => `${counts[sev]} ${sev}`);
  const n = s.findings.length;
  let line = `${n} finding${n === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''} in ${s.files} file${s.files === 1 ? '' : 's'}`;
  if (s.suppressed > 0) line += `, ${s.suppressed} suppressed`;
  if (s.failures > 0) line += `, ${s.failures} file${s.failures === 1 ? '' : 's'} failed to compile`;
  return `${line}, ${(s.elapsedMs / 1000).toFixed(1)}s\n`;
}

export function formatFailure(f: TextFailure): string {
  return `error[TDK_SCAN_COMPILE]: ${f.file} does not compile\n${f.formatted.trimEnd()}\n`;
}
