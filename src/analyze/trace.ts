// Where a value comes from: the source expressions (block.timestamp, blockhash(...), ...) that flow
// into an expression, with the statements they flow through — locals, state variables, return values
// of internal functions and arguments at the call sites of internal functions. Findings list these
// lines, so a reviewer sees the whole path from the weak source to the decision.

import type { Analysis } from './analysis.js';
import { type AstNode, findAll } from './ast.js';
import { calleeOf, isBuiltin, isMagic } from './effects.js';
import type { Label } from './taint.js';

interface Flow {
  readonly at: AstNode;
  readonly value: AstNode;
  readonly scope?: AstNode;
}

export class Tracer {
  private flows?: Map<number, Flow[]>;
  private callSites?: Map<number, { call: AstNode; scope?: AstNode }[]>;

  constructor(readonly analysis: Analysis) {}

  /** Source nodes and intermediate statements feeding `expr` with one of `labels`. */
  trace(expr: AstNode | undefined, scope: AstNode | undefined, labels: readonly Label[]): AstNode[] {
    const out: AstNode[] = [];
    this.visit(expr, scope, labels, out, new Set(), 0);
    return out;
  }

  private visit(
    expr: AstNode | undefined,
    scope: AstNode | undefined,
    labels: readonly Label[],
    out: AstNode[],
    seen: Set<number>,
    depth: number,
  ): boolean {
    if (!expr || depth > 6) return false;
    const program = this.analysis.program;
    let found = false;
    for (const n of findAll(expr, () => true)) {
      const label = sourceLabel(program, n);
      if (label && labels.includes(label)) {
        out.push(n);
        found = true;
        continue;
      }
      if (n.nodeType === 'FunctionCall') {
        const c = n.kind === 'typeConversion' ? undefined : this.analysis.effects.classify(n);
        if (c && 'internal' in c && c.internal.body && !seen.has(c.internal.id)) {
          seen.add(c.internal.id);
          for (const r of findAll(c.internal.body, (x) => x.nodeType === 'Return'))
            if (this.visit(r.expression, c.internal, labels, out, seen, depth + 1)) {
              out.push(r);
              found = true;
            }
        }
      }
      if (n.nodeType !== 'Identifier') continue;
      const d = program.decl(n);
      if (d?.nodeType !== 'VariableDeclaration' || seen.has(d.id)) continue;
      seen.add(d.id);
      for (const f of this.flowsTo(d.id))
        if (this.visit(f.value, f.scope ?? scope, labels, out, seen, depth + 1)) {
          out.push(f.at);
          found = true;
        }
      // a parameter of an internal function: what its callers pass
      const list = program.parent(d);
      const fn = list && program.parent(list);
      if (
        list?.nodeType === 'ParameterList' &&
        fn?.nodeType === 'FunctionDefinition' &&
        fn.parameters?.id === list.id
      ) {
        const i = (list.parameters as AstNode[]).findIndex((p) => p.id === d.id);
        for (const site of this.sitesOf(fn.id))
          if (this.visit(site.call.arguments?.[i], site.scope, labels, out, seen, depth + 1)) {
            out.push(site.call);
            found = true;
          }
      }
    }
    return found;
  }

  private flowsTo(declId: number): Flow[] {
    if (!this.flows) this.index();
    return this.flows!.get(declId) ?? [];
  }

  private sitesOf(fnId: number): { call: AstNode; scope?: AstNode }[] {
    if (!this.callSites) this.index();
    return this.callSites!.get(fnId) ?? [];
  }

  private index(): void {
    const program = this.analysis.program;
    this.flows = new Map();
    this.callSites = new Map();
    const add = (id: number, f: Flow) => this.flows!.set(id, [...(this.flows!.get(id) ?? []), f]);
    for (const c of program.contracts)
      for (const n of findAll(c, (x) =>
        ['Assignment', 'VariableDeclarationStatement', 'VariableDeclaration', 'FunctionCall'].includes(
          x.nodeType,
        ),
      )) {
        const scope = program.enclosing(n, 'FunctionDefinition', 'ModifierDefinition');
        if (n.nodeType === 'Assignment') {
          const targets =
            n.leftHandSide.nodeType === 'TupleExpression' ? n.leftHandSide.components : [n.leftHandSide];
          for (const t of targets as (AstNode | null)[]) {
            let root = t ?? undefined;
            while (root && (root.nodeType === 'IndexAccess' || root.nodeType === 'MemberAccess'))
              root = root.nodeType === 'IndexAccess' ? root.baseExpression : root.expression;
            const d = program.decl(root);
            if (d) add(d.id, { at: n, value: n.rightHandSide, scope });
          }
        } else if (n.nodeType === 'VariableDeclarationStatement' && n.initialValue) {
          for (const d of n.declarations as (AstNode | null)[])
            if (d) add(d.id, { at: n, value: n.initialValue, scope });
        } else if (n.nodeType === 'VariableDeclaration' && n.stateVariable && n.value) {
          add(n.id, { at: n, value: n.value });
        } else if (n.nodeType === 'FunctionCall') {
          const { callee } = calleeOf(n);
          const d = program.decl(callee);
          if (d?.nodeType === 'FunctionDefinition')
            this.callSites.set(d.id, [...(this.callSites.get(d.id) ?? []), { call: n, scope }]);
        }
      }
  }
}

function sourceLabel(program: Analysis['program'], n: AstNode): Label | undefined {
  if (isMagic(n, 'block', 'timestamp') || isBuiltin(program, n, 'now')) return 'timestamp';
  if (isMagic(n, 'block', 'number')) return 'number';
  if (isMagic(n, 'block', 'difficulty', 'prevrandao')) return 'difficulty';
  if (isMagic(n, 'block', 'coinbase')) return 'coinbase';
  if (isMagic(n, 'block', 'gaslimit')) return 'gaslimit';
  if (n.nodeType === 'FunctionCall') {
    const { callee } = calleeOf(n);
    if (isBuiltin(program, callee, 'blockhash') || isMagic(callee, 'block', 'blockhash')) return 'blockhash';
  }
  return undefined;
}
