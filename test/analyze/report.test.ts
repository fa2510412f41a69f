// Reporters: the SARIF log validates against the SARIF 2.1.0 schema (ajv 8) and its regions cut out
// exactly the finding's source text; the text report shows file:line:col, the excerpt with carets,
// the defence; the JSON report keeps its schema.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { DetectorInfo, Finding, SourceLocation } from '../../src/analyze/finding.js';
import { jsonReport } from '../../src/analyze/report/json.js';
import { sarifReport } from '../../src/analyze/report/sarif.js';
import { formatFinding, formatSummary } from '../../src/analyze/report/text.js';

// biome-ignore lint/suspicious/noExplicitAny: the SARIF and JSON logs are walked as plain data
type Loose = any;

const ROOT = '/work/shared/fixtures/smartbugs-curated-dev/dataset';
const FILE = 'reentrancy/reentrancy_simple.sol';
const SOURCE = readFileSync(`${ROOT}/${FILE}`, 'utf8');

/** The location of the first occurrence of `text` in the file, computed from the raw source. */
function locate(file: string, source: string, text: string): SourceLocation {
  const offset = source.indexOf(text);
  if (offset < 0) throw new Error(`${text} not in ${file}`);
  const pos = (o: number) => {
    const before = source.slice(0, o);
    const line = before.split('\n').length;
    return { line, column: o - before.lastIndexOf('\n') };
  };
  const start = pos(offset);
  const end = pos(offset + text.length - 1);
  return {
    file,
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
    offset,
    length: text.length,
  };
}

const CALL = 'msg.sender.call.value(userBalance[msg.sender])()';
const WRITE = 'userBalance[msg.sender] = 0;';
const FN = `function withdrawBalance(){
         // send userBalance[msg.sender] ethers to msg.sender`;

const DETECTOR: DetectorInfo = {
  id: 'reentrancy-eth',
  title: 'Reentrancy vulnerabilities (theft of ethers)',
  severity: 'high',
  confidence: 'medium',
  category: 'reentrancy',
  description: 'An external call that sends ether comes before a state write the call could observe.',
  exploitScenario: 'The callee re-enters withdraw and is paid again before its balance is zeroed.',
  recommendation: 'Apply checks-effects-interactions or a reentrancy guard.',
};
const INFO: DetectorInfo = {
  ...DETECTOR,
  id: 'solc-version',
  title: 'Old compiler',
  severity: 'informational',
  category: 'other',
};

function makeFinding(text: string, detector = DETECTOR): Finding {
  const location = locate(FILE, SOURCE, text);
  return {
    detector: detector.id,
    severity: detector.severity,
    confidence: detector.confidence,
    message: 'Reentrance.withdrawBalance() sends ether before it zeroes userBalance[msg.sender]',
    location,
    lines: [location.startLine],
    contract: 'Reentrance',
    function: 'withdrawBalance()',
    related: [
      { kind: 'statement', name: 'userBalance[msg.sender] = 0', location: locate(FILE, SOURCE, WRITE) },
    ],
    defence: 'checks-effects-interactions: zero the balance before the call, or a nonReentrant lock',
    fingerprint: `fp-${text.length}`,
  };
}

let compiled: ReturnType<Ajv['compile']> | undefined;

function sarifValidator() {
  compiled ??= buildValidator();
  return compiled;
}

function buildValidator() {
  // The published schema is draft-04 (`id`, not `$id`); its keywords mean the same in draft-07, the
  // dialect ajv 8 reads, so only the root id moves. Formats are checked with small validators
  // instead of ajv-formats.
  const schema = JSON.parse(
    readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'),
  );
  const { id, $schema: _draft, ...rest } = schema;
  // unicodeRegExp off: the schema's language-tag pattern is not valid under the u flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile({ $id: id, ...rest });
}

/** The text a SARIF region covers (endColumn exclusive, 1-based). */
function regionText(
  source: string,
  r: { startLine: number; startColumn: number; endLine: number; endColumn: number },
): string {
  const lines = source.split('\n');
  if (r.startLine === r.endLine) return lines[r.startLine - 1]!.slice(r.startColumn - 1, r.endColumn - 1);
  return [
    lines[r.startLine - 1]!.slice(r.startColumn - 1),
    ...lines.slice(r.startLine, r.endLine - 1),
    lines[r.endLine - 1]!.slice(0, r.endColumn - 1),
  ].join('\n');
}

describe('SARIF', () => {
  const findings = [makeFinding(CALL), makeFinding(FN)];
  const suppressed = [{ finding: makeFinding(WRITE, INFO), directive: 'tdk-disable-next-line solc-version' }];
  const log = sarifReport({
    findings,
    suppressed,
    failures: [{ file: 'broken/Broken.sol', message: 'ParserError: Expected ";"' }],
    detectors: [DETECTOR, INFO],
    root: ROOT,
    version: '0.1.0',
  }) as Loose;

  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const ok = validate(JSON.parse(JSON.stringify(log)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validator rejects a log with a broken region (it can fail)', () => {
    const validate = sarifValidator();
    const bad = JSON.parse(JSON.stringify(log));
    bad.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(bad)).toBe(false);
    delete bad.version;
    expect(validate(bad)).toBe(false);
  });

  it('regions cut out exactly the source text of each finding, single- and multi-line', () => {
    const results = log.runs[0].results;
    expect(regionText(SOURCE, results[0].locations[0].physicalLocation.region)).toBe(CALL);
    expect(regionText(SOURCE, results[1].locations[0].physicalLocation.region)).toBe(FN);
    expect(results[1].locations[0].physicalLocation.region.endLine).toBe(
      results[1].locations[0].physicalLocation.region.startLine + 1,
    );
    expect(regionText(SOURCE, results[0].relatedLocations[0].physicalLocation.region)).toBe(WRITE);
  });

  it('uses relative URIs under %SRCROOT% and the code-scanning rule properties', () => {
    const run = log.runs[0];
    const loc = run.results[0].locations[0].physicalLocation.artifactLocation;
    expect(loc).toEqual({ uri: FILE, uriBaseId: '%SRCROOT%' });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${ROOT}/`);
    const rule = run.tool.driver.rules[run.results[0].ruleIndex];
    expect(rule.id).toBe('reentrancy-eth');
    expect(rule.shortDescription.text).toBe(DETECTOR.title);
    expect(rule.help.text).toContain(DETECTOR.recommendation);
    expect(rule.properties['security-severity']).toBe('8.0');
    expect(rule.properties.precision).toBe('medium');
    expect(rule.properties.tags).toContain('security');
    expect(run.results[0].level).toBe('error');
    expect(run.results[0].partialFingerprints['tdkFingerprint/v1']).toBe(findings[0]!.fingerprint);
  });

  it('carries suppressed findings as in-source suppressions and compile failures as notifications', () => {
    const run = log.runs[0];
    expect(run.results[2].suppressions).toEqual([
      { kind: 'inSource', justification: suppressed[0]!.directive },
    ]);
    expect(run.results[2].level).toBe('note');
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('ParserError');
  });

  it('a file outside the root gets an absolute file URI', () => {
    const f = makeFinding(CALL);
    const outside = { ...f, location: { ...f.location, file: '/elsewhere/A.sol' } };
    const l = sarifReport({
      findings: [outside],
      suppressed: [],
      failures: [],
      detectors: [DETECTOR],
      root: ROOT,
      version: '0.1.0',
    }) as Loose;
    expect(l.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'file:///elsewhere/A.sol',
    });
    expect(sarifValidator()(l)).toBe(true);
  });
});

describe('text', () => {
  it('prints severity[detector], file:line:col, the line with carets under the span, the defence', () => {
    const f = makeFinding(CALL);
    const out = formatFinding(f, SOURCE).split('\n');
    expect(out[0]).toBe(`high[reentrancy-eth] ${f.message}`);
    expect(out[1]).toBe(`  --> ${FILE}:24:${f.location.startColumn}`);
    expect(out[3]).toBe(`24 | ${SOURCE.split('\n')[23]!.trimEnd()}`);
    const caret = out[4]!;
    const line = out[3]!;
    expect(line.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe(CALL);
    expect(out.some((l) => l.includes('= defence: checks-effects-interactions'))).toBe(true);
    expect(out.some((l) => l.includes(`note: statement userBalance[msg.sender] = 0 at ${FILE}:27`))).toBe(
      true,
    );
  });

  it('shows the --confirm verdict and trace', () => {
    const f = {
      ...makeFinding(CALL),
      confirmation: { status: 'confirmed' as const, summary: 'confirmed: x', trace: ['CALL a -> b'] },
    };
    const out = formatFinding(f, SOURCE);
    expect(out).toContain('= confirm: confirmed: x');
    expect(out).toContain('    CALL a -> b');
  });

  it('summarises counts per severity, files and time', () => {
    const line = formatSummary({
      findings: [makeFinding(CALL), makeFinding(WRITE, INFO)],
      files: 3,
      failures: 1,
      suppressed: 2,
      elapsedMs: 1234,
    });
    expect(line).toBe(
      '2 findings (1 high, 1 informational) in 3 files, 2 suppressed, 1 file failed to compile, 1.2s\n',
    );
    expect(formatSummary({ findings: [], files: 1, failures: 0, suppressed: 0, elapsedMs: 50 })).toBe(
      '0 findings in 1 file, 0.1s\n',
    );
  });
});

describe('JSON', () => {
  it('has a stable schema name, explicit fields and a summary', () => {
    const f = makeFinding(CALL);
    const j = jsonReport({
      findings: [f],
      suppressed: [],
      files: [{ file: FILE, solcVersion: '0.4.26', contracts: ['Reentrance'] }],
      failures: [],
      elapsedMs: 12.4,
    }) as Loose;
    expect(j.schema).toBe('tdk.scan/v1');
    expect(Object.keys(j.findings[0])).toEqual([
      'detector',
      'severity',
      'confidence',
      'message',
      'contract',
      'function',
      'location',
      'lines',
      'related',
      'defence',
      'fingerprint',
      'confirmation',
    ]);
    expect(j.summary).toEqual({
      findings: 1,
      high: 1,
      medium: 0,
      low: 0,
      informational: 0,
      files: 1,
      failed: 0,
      suppressed: 0,
      elapsedMs: 12,
    });
  });
});
