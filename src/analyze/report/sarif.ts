// `tdk scan --sarif FILE`: SARIF 2.1.0 as GitHub code scanning reads it. Locations are relative to
// %SRCROOT% (the scan's root), rules carry `security-severity` and `precision` so alerts get
// GitHub's severity levels, and fingerprints keep alerts stable across pushes.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Confidence, DetectorInfo, Finding, Severity, SourceLocation } from '../finding.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  informational: undefined,
};

/** SARIF levels as Slither maps its impacts. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  high: 'error',
  medium: 'warning',
  low: 'note',
  informational: 'note',
};

const PRECISION: Record<Confidence, string> = { high: 'high', medium: 'medium', low: 'low' };

export interface SarifInput {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly { finding: Finding; directive: string }[];
  readonly failures: readonly { file: string; message: string }[];
  readonly detectors: readonly DetectorInfo[];
  /** Absolute folder the findings' paths are relative to (becomes %SRCROOT%). */
  readonly root: string;
  readonly version: string;
  /** The absolute path behind a reported file name (a project's files are named relative to it). */
  readonly locate?: (file: string) => string | undefined;
}

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

function rule(d: DetectorInfo): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    tags: ['security', 'solidity', d.category],
    precision: PRECISION[d.confidence],
    'problem.severity': LEVEL[d.severity] === 'note' ? 'recommendation' : LEVEL[d.severity],
  };
  const securitySeverity = SECURITY_SEVERITY[d.severity];
  if (securitySeverity !== undefined) properties['security-severity'] = securitySeverity;
  const help = `${d.description}\n\nExploit scenario: ${d.exploitScenario}\n\nRecommendation: ${d.recommendation}`;
  return {
    id: d.id,
    name: ruleName(d.id),
    shortDescription: { text: d.title },
    fullDescription: { text: d.description },
    help: {
      text: help,
      markdown: `${d.description}\n\n**Exploit scenario.** ${d.exploitScenario}\n\n**Recommendation.** ${d.recommendation}`,
    },
    defaultConfiguration: { level: LEVEL[d.severity] },
    properties,
  };
}

type Locate = (file: string) => string | undefined;

/** A relative POSIX path under %SRCROOT%, or an absolute file URI for a file outside the root. */
function artifactLocation(file: string, root: string, locate?: Locate): Record<string, unknown> {
  const abs = locate?.(file) ?? resolve(root, file);
  const rel = relative(root, abs);
  if (rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function physical(loc: SourceLocation, root: string, locate?: Locate): Record<string, unknown> {
  return {
    artifactLocation: artifactLocation(loc.file, root, locate),
    // SARIF's endColumn is the column after the region; tdk's is the last character.
    region: {
      startLine: loc.startLine,
      startColumn: loc.startColumn,
      endLine: loc.endLine,
      endColumn: loc.endColumn + 1,
    },
  };
}

function result(
  f: Finding,
  ruleIndex: number | undefined,
  root: string,
  locate: Locate | undefined,
  directive?: string,
): Record<string, unknown> {
  const r: Record<string, unknown> = {
    ruleId: f.detector,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[f.severity],
    message: { text: f.confirmation ? `${f.message} (${f.confirmation.summary})` : f.message },
    locations: [{ physicalLocation: physical(f.location, root, locate) }],
    partialFingerprints: { 'tdkFingerprint/v1': f.fingerprint },
    properties: {
      confidence: f.confidence,
      contract: f.contract,
      defence: f.defence,
      ...(f.function ? { function: f.function } : {}),
    },
  };
  if (f.related.length > 0) {
    r.relatedLocations = f.related.map((e, id) => ({
      id,
      message: { text: `${e.kind} ${e.name}` },
      physicalLocation: physical(e.location, root, locate),
    }));
  }
  if (directive !== undefined) r.suppressions = [{ kind: 'inSource', justification: directive }];
  return r;
}

export function sarifReport(input: SarifInput): Record<string, unknown> {
  const rules = input.detectors;
  const index = new Map(rules.map((d, i) => [d.id, i]));
  const rootUri = pathToFileURL(input.root.endsWith(sep) ? input.root : `${input.root}${sep}`).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tdk',
            semanticVersion: input.version,
            rules: rules.map(rule),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        invocations: [
          {
            executionSuccessful: input.failures.length === 0,
            toolExecutionNotifications: input.failures.map((f) => ({
              level: 'error',
              message: { text: f.message },
              locations: [
                {
                  physicalLocation: { artifactLocation: artifactLocation(f.file, input.root, input.locate) },
                },
              ],
            })),
          },
        ],
        results: [
          ...input.findings.map((f) => result(f, index.get(f.detector), input.root, input.locate)),
          ...input.suppressed.map((s) =>
            result(s.finding, index.get(s.finding.detector), input.root, input.locate, s.directive),
          ),
        ],
      },
    ],
  };
}
