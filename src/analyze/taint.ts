// A small data flow: which values derive from the caller (msg.sender, tx.origin, parameters,
// msg.data), from block data (timestamp, number, blockhash, prevrandao, coinbase), or from balances.
// Flow-insensitive per function: a local gets the union of every value assigned to it; internal calls
// pass their arguments' labels and their own return values' labels; state variables carry the
// block-data labels of anything ever stored in them (entropy kept in storage is still entropy).
import { type AstNode, findAll, typeString } from './ast.js';
import { calleeOf, type EffectAnalysis, isBuiltin, isMagic } from './effects.js';
import type { Program } from './program.js';

export type Label =
  | 'sender'
  | 'origin'
  | 'param'
  | 'msgdata'
  | 'value'
  | 'timestamp'
  | 'number'
  | 'blockhash'
  | 'difficulty'
  | 'coinbase'
  | 'gaslimit'
  | 'balance'
  | 'external';

/** Labels that make a value predictable to miners or other contracts in the same block. */
export const BLOCK_LABELS: readonly Label[] = [
  'timestamp',
  'number',
  'blockhash',
  'difficulty',
  'coinbase',
  'gaslimit',
];

type Labels = Set<Label>;

export class Taint {
  private readonly locals = new Map<number, Map<number, Labels>>();
  private readonly returns = new Map<number, Labels>();
  private stateLabels?: Map<number, Labels>;
  private readonly activeReturns = new Set<number>();

  constructor(
    readonly program: Program,
    readonly effects: EffectAnalysis,
  ) {}

  /** Labels of an expression evaluated inside `scope` (a function or modifier). */
  labels(expr: AstNode | undefined, scope?: AstNode): Labels {
    const out: Labels = new Set();
    if (!expr) return out;
    const vars = scope ? this.localsOf(scope) : undefined;
    const visit = (n: AstNode | undefined): void => {
      if (!n) return;
      switch (n.nodeType) {
        case 'MemberAccess': {
          const magic = magicLabel(n);
          if (magic) {
            out.add(magic);
            return;
          }
          if (n.memberName === 'balance' && typeString(n.expression).startsWith('address'))
            out.add('balance');
          visit(n.expression);
          return;
        }
        case 'Identifier': {
          if (isBuiltin(this.program, n, 'now')) out.add('timestamp');
          const d = this.program.decl(n);
          if (d?.nodeType !== 'VariableDeclaration') return;
          if (d.stateVariable) {
            for (const l of this.state().get(d.id) ?? []) out.add(l);
          } else {
            if (this.isParameter(d)) out.add('param');
            for (const l of vars?.get(d.id) ?? []) out.add(l);
          }
          return;
        }
        case 'IndexAccess':
          // a lookup by a value is not that value: balances[msg.sender] is not the sender
          visit(n.baseExpression);
          return;
        case 'FunctionCall': {
          const { callee } = calleeOf(n);
          if (isBuiltin(this.program, callee, 'blockhash') || isMagic(callee, 'block', 'blockhash')) {
            out.add('blockhash');
            return;
          }
          const args = (n.arguments ?? []) as AstNode[];
          const c = n.kind === 'typeConversion' ? undefined : this.effects.classify(n);
          if (c && 'internal' in c) {
            for (const l of this.returnLabels(c.internal)) out.add(l);
            args.forEach(visit);
            return;
          }
          if (c && 'external' in c) {
            out.add('external');
            return;
          }
          args.forEach(visit);
          if (n.kind === 'typeConversion' || callee.nodeType !== 'Identifier')
            visit(callee.nodeType === 'MemberAccess' ? callee.expression : undefined);
          return;
        }
        default:
          for (const key of [
            'leftExpression',
            'rightExpression',
            'subExpression',
            'condition',
            'trueExpression',
            'falseExpression',
            'expression',
          ])
            visit(n[key]);
          for (const c of (n.components ?? []) as (AstNode | null)[]) visit(c ?? undefined);
          for (const c of (n.arguments ?? []) as AstNode[]) visit(c);
      }
    };
    visit(expr);
    return out;
  }

  has(expr: AstNode | undefined, scope: AstNode | undefined, ...labels: Label[]): boolean {
    const l = this.labels(expr, scope);
    return labels.some((x) => l.has(x));
  }

  private isParameter(d: AstNode): boolean {
    const list = this.program.parent(d);
    const fn = list && this.program.parent(list);
    return (
      list?.nodeType === 'ParameterList' &&
      (fn?.nodeType === 'FunctionDefinition' || fn?.nodeType === 'ModifierDefinition') &&
      fn.parameters?.id === list.id &&
      fn.visibility !== 'internal' &&
      fn.visibility !== 'private'
    );
  }

  private returnLabels(fn: AstNode): Labels {
    const hit = this.returns.get(fn.id);
    if (hit) return hit;
    const out: Labels = new Set();
    if (this.activeReturns.has(fn.id) || !fn.body) return out;
    this.activeReturns.add(fn.id);
    for (const r of findAll(fn.body, (n) => n.nodeType === 'Return'))
      for (const l of this.labels(r.expression, fn)) out.add(l);
    for (const p of (fn.returnParameters?.parameters ?? []) as AstNode[])
      for (const l of this.localsOf(fn).get(p.id) ?? []) out.add(l);
    out.delete('param');
    this.activeReturns.delete(fn.id);
    this.returns.set(fn.id, out);
    return out;
  }

  private localsOf(scope: AstNode): Map<number, Labels> {
    const hit = this.locals.get(scope.id);
    if (hit) return hit;
    const vars = new Map<number, Labels>();
    this.locals.set(scope.id, vars);
    if (!scope.body) return vars;
    const flows: { target: number; from: AstNode }[] = [];
    for (const n of findAll(
      scope.body,
      (x) => x.nodeType === 'VariableDeclarationStatement' || x.nodeType === 'Assignment',
    )) {
      if (n.nodeType === 'Assignment') {
        const targets =
          n.leftHandSide.nodeType === 'TupleExpression' ? n.leftHandSide.components : [n.leftHandSide];
        for (const t of targets as (AstNode | null)[]) {
          const d = t?.nodeType === 'Identifier' ? this.program.decl(t) : undefined;
          if (d && !d.stateVariable) flows.push({ target: d.id, from: n.rightHandSide });
        }
      } else if (n.initialValue) {
        for (const d of n.declarations as (AstNode | null)[])
          if (d) flows.push({ target: d.id, from: n.initialValue });
      }
    }
    for (let round = 0; round < 4; round++) {
      let changed = false;
      for (const f of flows) {
        const set = vars.get(f.target) ?? new Set<Label>();
        const before = set.size;
        for (const l of this.labels(f.from, scope)) set.add(l);
        vars.set(f.target, set);
        if (set.size !== before) changed = true;
      }
      if (!changed) break;
    }
    return vars;
  }

  /** Block-data labels of state variables, from every assignment in the program. */
  private state(): Map<number, Labels> {
    if (this.stateLabels) return this.stateLabels;
    this.stateLabels = new Map();
    const assigns: { target: number; from: AstNode; scope?: AstNode }[] = [];
    for (const c of this.program.contracts)
      for (const n of findAll(
        c,
        (x) =>
          x.nodeType === 'Assignment' || (x.nodeType === 'VariableDeclaration' && x.stateVariable && x.value),
      )) {
        if (n.nodeType === 'VariableDeclaration') assigns.push({ target: n.id, from: n.value });
        else {
          const d = this.program.decl(n.leftHandSide);
          if (d?.stateVariable)
            assigns.push({
              target: d.id,
              from: n.rightHandSide,
              scope: this.program.enclosing(n, 'FunctionDefinition', 'ModifierDefinition'),
            });
        }
      }
    for (let round = 0; round < 3; round++) {
      let changed = false;
      for (const a of assigns) {
        const set = this.stateLabels.get(a.target) ?? new Set<Label>();
        const before = set.size;
        for (const l of this.labels(a.from, a.scope)) if (BLOCK_LABELS.includes(l)) set.add(l);
        this.stateLabels.set(a.target, set);
        if (set.size !== before) changed = true;
      }
      if (!changed) break;
    }
    return this.stateLabels;
  }
}

function magicLabel(n: AstNode): Label | undefined {
  if (isMagic(n, 'msg', 'sender')) return 'sender';
  if (isMagic(n, 'tx', 'origin')) return 'origin';
  if (isMagic(n, 'msg', 'data')) return 'msgdata';
  if (isMagic(n, 'msg', 'value')) return 'value';
  if (isMagic(n, 'block', 'timestamp')) return 'timestamp';
  if (isMagic(n, 'block', 'number')) return 'number';
  if (isMagic(n, 'block', 'difficulty', 'prevrandao')) return 'difficulty';
  if (isMagic(n, 'block', 'coinbase')) return 'coinbase';
  if (isMagic(n, 'block', 'gaslimit')) return 'gaslimit';
  return undefined;
}
