// Everything detectors share for one compiled program: the program model, effects, data flow,
// access-control checks, CFGs (cached), and the finding builder.
import { createHash } from 'node:crypto';
import { type AstNode, findAll } from './ast.js';
import { buildCfg, type Cfg } from './cfg.js';
import { EffectAnalysis } from './effects.js';
import type { Confidence, DetectorInfo, Finding, FindingElement, Severity } from './finding.js';
import { Guards } from './guards.js';
import { isConstructor, type Program, qualifiedName, signature } from './program.js';
import { Taint } from './taint.js';
import { Tracer } from './trace.js';

/** A function as one concrete contract runs it. */
export interface Target {
  readonly contract: AstNode;
  readonly fn: AstNode;
}

export interface ReportInput {
  /** The node whose line a reviewer must look at. */
  readonly at: AstNode;
  readonly contract: AstNode;
  readonly fn?: AstNode;
  readonly message: string;
  readonly related?: readonly { kind: FindingElement['kind']; name: string; node: AstNode }[];
  /** Extra lines the finding covers (besides `at` and related nodes). */
  readonly lines?: readonly AstNode[];
  readonly defence?: string;
  /** When this finding is less severe or less certain than the detector's default. */
  readonly severity?: Severity;
  readonly confidence?: Confidence;
}

export class Analysis {
  readonly effects: EffectAnalysis;
  readonly taint: Taint;
  readonly guards: Guards;
  readonly tracer: Tracer;
  private readonly cfgs = new Map<string, Cfg>();
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly program: Program) {
    this.effects = new EffectAnalysis(program);
    this.taint = new Taint(program, this.effects);
    this.guards = new Guards(program, this.effects, this.taint);
    this.tracer = new Tracer(this);
  }

  /** Concrete contracts defined in the scanned files (interfaces and libraries excluded). */
  contracts(): AstNode[] {
    return this.program.contracts.filter((c) => c.contractKind === 'contract' && this.program.isRoot(c));
  }

  /** Every implemented function of every scanned contract, as that contract runs it. */
  targets(): Target[] {
    const out: Target[] = [];
    for (const contract of this.contracts())
      for (const fn of this.program.functionsOf(contract)) out.push({ contract, fn });
    // Library code in the scanned files is analysed on its own.
    for (const lib of this.program.contracts.filter(
      (c) => c.contractKind === 'library' && this.program.isRoot(c),
    ))
      for (const fn of lib.nodes as AstNode[])
        if (fn.nodeType === 'FunctionDefinition' && fn.implemented) out.push({ contract: lib, fn });
    return out;
  }

  cfg(t: Target): Cfg {
    const key = `${t.contract.id}:${t.fn.id}`;
    let cfg = this.cfgs.get(key);
    if (!cfg) {
      cfg = buildCfg(this.program, t.fn, t.contract);
      this.cfgs.set(key, cfg);
    }
    return cfg;
  }

  report(detector: DetectorInfo, input: ReportInput, defence: string): void {
    if (!this.program.isRoot(input.at)) return;
    const location = this.program.location(input.at);
    const key = `${detector.id}:${location.file}:${location.offset}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const related: FindingElement[] = (input.related ?? [])
      .filter((r) => this.program.isRoot(r.node))
      .map((r) => ({ kind: r.kind, name: r.name, location: this.program.location(r.node) }));
    const lines = new Set<number>([location.startLine]);
    for (const r of related) lines.add(r.location.startLine);
    for (const n of input.lines ?? []) if (this.program.isRoot(n)) lines.add(this.program.line(n));
    const fnName =
      input.fn && !isConstructor(input.fn) ? signature(input.fn) : input.fn ? 'constructor' : undefined;
    const code = this.program.code(input.at).replace(/\s+/g, ' ');
    const fingerprint = createHash('sha256')
      .update([detector.id, location.file, input.contract.name, fnName ?? '', code].join('\u0000'))
      .digest('hex')
      .slice(0, 32);
    this.findings.push({
      detector: detector.id,
      severity: input.severity ?? detector.severity,
      confidence: input.confidence ?? detector.confidence,
      // One line, as the finding's header: quoted code may span lines in the source.
      message: input.message.replace(/\s*\n\s*/g, ' '),
      location,
      lines: [...lines].sort((a, b) => a - b),
      contract: input.contract.name,
      ...(fnName ? { function: fnName } : {}),
      related,
      defence: input.defence ?? defence,
      fingerprint,
    });
  }

  name(fn: AstNode): string {
    return qualifiedName(this.program, fn);
  }
}

/** Functions and modifiers written in the scanned files, each once, with their contract. */
export function definitions(a: Analysis): { contract: AstNode; fn: AstNode }[] {
  const out: { contract: AstNode; fn: AstNode }[] = [];
  for (const contract of a.program.contracts) {
    if (!a.program.isRoot(contract) || contract.contractKind === 'interface') continue;
    for (const fn of contract.nodes as AstNode[])
      if ((fn.nodeType === 'FunctionDefinition' || fn.nodeType === 'ModifierDefinition') && fn.body)
        out.push({ contract, fn });
  }
  return out;
}

/** conditionsIn over a function's body and the bodies of the modifiers it applies. */
export function conditionsWithModifiers(program: Program, fn: AstNode): AstNode[] {
  const out = conditionsIn(program, fn.body as AstNode);
  for (const m of (fn.modifiers ?? []) as AstNode[]) {
    const def = program.decl(m.modifierName);
    if (def?.body) out.push(...conditionsIn(program, def.body));
  }
  return out;
}

/** Conditions a function branches or reverts on: if/while/for/ternary conditions, require/assert. */
export function conditionsIn(program: Program, body: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (const n of findAll(body, () => true)) {
    if (
      ['IfStatement', 'WhileStatement', 'DoWhileStatement', 'ForStatement', 'Conditional'].includes(
        n.nodeType,
      ) &&
      n.condition
    )
      out.push(n.condition);
    if (
      n.nodeType === 'FunctionCall' &&
      n.expression?.nodeType === 'Identifier' &&
      ['require', 'assert'].includes(n.expression.name) &&
      program.decl(n.expression) === undefined &&
      n.arguments?.[0]
    )
      out.push(n.arguments[0]);
  }
  return out;
}
