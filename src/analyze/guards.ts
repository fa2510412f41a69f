// Access control as the analyser sees it: a condition that checks who the caller is (msg.sender
// compared with stored state, a role/owner lookup keyed by the caller, a bool-returning check called
// with the caller). A CFG node is protected when every path from the entry to it passes such a check,
// through modifiers (onlyOwner) and internal helpers (_checkOwner) alike.
import type { AstNode } from './ast.js';
import { typeString } from './ast.js';
import { buildCfg, type Cfg, type CfgNode, ENTRY, EXIT } from './cfg.js';
import type { EffectAnalysis } from './effects.js';
import type { Program } from './program.js';
import type { Taint } from './taint.js';

export class Guards {
  private readonly helperGuards = new Map<number, boolean>();
  private readonly protectedSets = new WeakMap<Cfg, Set<number>>();

  constructor(
    readonly program: Program,
    readonly effects: EffectAnalysis,
    readonly taint: Taint,
  ) {}

  /** Whether `cond` (evaluated in `scope`) checks the caller's identity. */
  checksCaller(cond: AstNode | undefined, scope: AstNode | undefined, depth = 0): boolean {
    if (!cond || depth > 4) return false;
    switch (cond.nodeType) {
      case 'BinaryOperation': {
        if (['&&', '||'].includes(cond.operator))
          return (
            this.checksCaller(cond.leftExpression, scope, depth) ||
            this.checksCaller(cond.rightExpression, scope, depth)
          );
        if (['==', '!='].includes(cond.operator)) {
          // owners[msg.sender] != 0: an entry looked up by the caller
          // (an address or flag, not an amount: balances[msg.sender] == 0 is not a permission)
          const permission = (e: AstNode) =>
            /^(address|bool)/.test(typeString(e)) && this.keyedByCaller(e, scope);
          if (permission(cond.leftExpression) || permission(cond.rightExpression)) return true;
          const l = this.taint.labels(cond.leftExpression, scope);
          const r = this.taint.labels(cond.rightExpression, scope);
          const caller = (s: Set<string>) => s.has('sender');
          if (caller(l) === caller(r)) return false;
          const other = caller(l) ? r : l;
          // msg.sender == tx.origin tells EOAs from contracts; it does not say who may act
          return !other.has('origin');
        }
        return false;
      }
      case 'UnaryOperation':
        return cond.operator === '!' && this.checksCaller(cond.subExpression, scope, depth);
      case 'TupleExpression':
        return cond.components?.length === 1 && this.checksCaller(cond.components[0], scope, depth);
      case 'IndexAccess':
      case 'MemberAccess':
        return this.lookupByCaller(cond, scope);
      case 'FunctionCall': {
        if (typeString(cond) !== 'bool') return false;
        const args = (cond.arguments ?? []) as AstNode[];
        if (args.some((a) => this.taint.has(a, scope, 'sender'))) return true;
        const c = this.effects.classify(cond);
        if (c && 'internal' in c && c.internal.body) {
          const returns = findReturns(c.internal.body);
          return (
            returns.length > 0 && returns.every((r) => this.checksCaller(r.expression, c.internal, depth + 1))
          );
        }
        return false;
      }
      default:
        return false;
    }
  }

  /** `owners[msg.sender]`, `members[msg.sender].admin`: a bool looked up by the caller. */
  private lookupByCaller(node: AstNode, scope: AstNode | undefined): boolean {
    return typeString(node) === 'bool' && this.keyedByCaller(node, scope);
  }

  /** An entry of a mapping or array selected by the caller's address. */
  keyedByCaller(node: AstNode | undefined, scope: AstNode | undefined): boolean {
    for (let n: AstNode | undefined = node; n; ) {
      if (n.nodeType === 'IndexAccess') {
        if (this.taint.has(n.indexExpression, scope, 'sender')) return true;
        n = n.baseExpression;
      } else if (n.nodeType === 'MemberAccess') n = n.expression;
      else return false;
    }
    return false;
  }

  /** Whether a CFG node is a caller check that reverts (or skips the rest) when it fails. */
  isGuardNode(cfg: Cfg, node: CfgNode): boolean {
    if (!node.ast) return false;
    const scope = this.scopeOf(node.ast) ?? cfg.fn;
    if (node.kind === 'require') return this.checksCaller((node.ast.arguments ?? [])[0], scope);
    if (node.kind === 'cond') return this.checksCaller(node.ast, scope);
    if (node.kind === 'expr') return this.callsGuardHelper(node.ast, cfg.contract);
    return false;
  }

  /** An expression calling an internal function that only returns when the caller passed a check. */
  private callsGuardHelper(expr: AstNode, contract: AstNode | undefined): boolean {
    const call = expr.nodeType === 'FunctionCall' ? expr : undefined;
    if (!call) return false;
    const c = this.effects.classify(call);
    if (!c || !('internal' in c)) return false;
    const fn = this.program.dispatch(contract, c.internal);
    const hit = this.helperGuards.get(fn.id);
    if (hit !== undefined) return hit;
    this.helperGuards.set(fn.id, false);
    const cfg = buildCfg(this.program, fn, contract);
    const guarded = fn.body ? !this.reach(cfg).has(EXIT) : false;
    this.helperGuards.set(fn.id, guarded);
    return guarded;
  }

  private reach(cfg: Cfg): Set<number> {
    return cfg.reachable(ENTRY, (n) => this.isGuardNode(cfg, n));
  }

  /** Whether every path from the function's entry to `nodeId` passes a caller check. */
  isProtected(cfg: Cfg, nodeId: number): boolean {
    let set = this.protectedSets.get(cfg);
    if (!set) {
      set = this.reach(cfg);
      this.protectedSets.set(cfg, set);
    }
    return !set.has(nodeId);
  }

  private scopeOf(node: AstNode): AstNode | undefined {
    return this.program.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
  }
}

function findReturns(body: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (n: AstNode) => {
    if (n.nodeType === 'Return') out.push(n);
    for (const k in n) {
      const v = n[k];
      if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'nodeType' in x) visit(x);
      if (v && typeof v === 'object' && 'nodeType' in v && k !== 'typeDescriptions') visit(v);
    }
  };
  visit(body);
  return out;
}
