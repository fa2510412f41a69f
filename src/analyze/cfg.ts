// A control-flow graph per function, built from the AST, with the function's modifiers inlined
// around the body at their `_`. Nodes are statements or conditions; `require`/`assert` conditions
// get their own node whose failing edge goes to the revert node, like `throw` and `revert(...)`.
import type { AstNode } from './ast.js';
import type { Program } from './program.js';

export type CfgKind = 'entry' | 'exit' | 'revert' | 'expr' | 'cond' | 'require' | 'join';

export interface CfgNode {
  readonly id: number;
  readonly kind: CfgKind;
  /** The expression or statement this node evaluates (absent for entry/exit/revert/join). */
  readonly ast?: AstNode;
  /** Successors (for `cond` and `require`: when the condition holds). */
  readonly succ: number[];
  /** `cond`: successors when the condition is false; `require`: the revert node. */
  readonly fail: number[];
}

export const ENTRY = 0;
export const EXIT = 1;
export const REVERT = 2;

interface Edge {
  from: number;
  onFail?: boolean;
}

interface Ctx {
  returnTo: number;
  breakTo?: Edge[];
  continueTo?: Edge[];
  placeholder?: (preds: Edge[]) => Edge[];
}

export class Cfg {
  readonly nodes: CfgNode[] = [];

  constructor(
    readonly fn: AstNode,
    /** The contract whose view of the function (overrides, modifiers) was used. */
    readonly contract: AstNode | undefined,
  ) {}

  node(id: number): CfgNode {
    return this.nodes[id]!;
  }

  /** Node ids reachable from `from` without passing through nodes `blocked` rejects. */
  reachable(from: number = ENTRY, blocked: (n: CfgNode) => boolean = () => false): Set<number> {
    const seen = new Set<number>([from]);
    const stack = [from];
    while (stack.length > 0) {
      const n = this.nodes[stack.pop()!]!;
      if (n.id !== from && blocked(n)) continue;
      for (const s of [...n.succ, ...n.fail])
        if (!seen.has(s)) {
          seen.add(s);
          stack.push(s);
        }
    }
    return seen;
  }

  predecessors(): number[][] {
    const preds: number[][] = this.nodes.map(() => []);
    for (const n of this.nodes) for (const s of [...n.succ, ...n.fail]) preds[s]!.push(n.id);
    return preds;
  }
}

/** Builds the CFG of `fn` as `contract` runs it (modifiers and overrides resolved there). */
export function buildCfg(program: Program, fn: AstNode, contract?: AstNode): Cfg {
  const cfg = new Cfg(fn, contract);
  const add = (kind: CfgKind, preds: Edge[], ast?: AstNode): number => {
    const id = cfg.nodes.length;
    cfg.nodes.push({ id, kind, ast, succ: [], fail: [] });
    link(preds, id);
    return id;
  };
  const link = (preds: Edge[], to: number) => {
    for (const p of preds) {
      const list = p.onFail ? cfg.nodes[p.from]!.fail : cfg.nodes[p.from]!.succ;
      if (!list.includes(to)) list.push(to);
    }
  };
  add('entry', []);
  add('exit', []);
  add('revert', []);

  const isBuiltinCall = (expr: AstNode | undefined, ...names: string[]) =>
    expr?.nodeType === 'FunctionCall' &&
    expr.expression?.nodeType === 'Identifier' &&
    names.includes(expr.expression.name) &&
    program.decl(expr.expression) === undefined;

  const stmt = (s: AstNode | undefined, preds: Edge[], ctx: Ctx): Edge[] => {
    if (!s || preds.length === 0) return preds;
    switch (s.nodeType) {
      case 'Block':
      case 'UncheckedBlock': {
        let cur = preds;
        for (const child of s.statements as AstNode[]) cur = stmt(child, cur, ctx);
        return cur;
      }
      case 'ExpressionStatement': {
        const e = s.expression as AstNode;
        if (isBuiltinCall(e, 'require', 'assert')) {
          const id = add('require', preds, e);
          cfg.nodes[id]!.fail.push(REVERT);
          return [{ from: id }];
        }
        if (isBuiltinCall(e, 'revert')) {
          link([{ from: add('expr', preds, e) }], REVERT);
          return [];
        }
        if (isBuiltinCall(e, 'selfdestruct', 'suicide')) {
          link([{ from: add('expr', preds, e) }], EXIT);
          return [];
        }
        return [{ from: add('expr', preds, e) }];
      }
      case 'VariableDeclarationStatement':
      case 'EmitStatement':
      case 'InlineAssembly':
        return [{ from: add('expr', preds, s) }];
      case 'RevertStatement':
      case 'Throw':
        link([{ from: add('expr', preds, s) }], REVERT);
        return [];
      case 'Return': {
        const at = s.expression ? [{ from: add('expr', preds, s) }] : preds;
        link(at, ctx.returnTo);
        return [];
      }
      case 'IfStatement': {
        const c = add('cond', preds, s.condition);
        const t = stmt(s.trueBody, [{ from: c }], ctx);
        const f = s.falseBody
          ? stmt(s.falseBody, [{ from: c, onFail: true }], ctx)
          : [{ from: c, onFail: true }];
        return [...t, ...f];
      }
      case 'WhileStatement':
      case 'ForStatement': {
        let cur = s.nodeType === 'ForStatement' ? stmt(s.initializationExpression, preds, ctx) : preds;
        const head = add(s.condition ? 'cond' : 'join', cur, s.condition);
        const breaks: Edge[] = [];
        const continues: Edge[] = [];
        cur = stmt(s.body, [{ from: head }], { ...ctx, breakTo: breaks, continueTo: continues });
        cur = [...cur, ...continues];
        if (s.loopExpression) cur = stmt(s.loopExpression, cur, ctx);
        link(cur, head);
        return [...(s.condition ? [{ from: head, onFail: true }] : []), ...breaks];
      }
      case 'DoWhileStatement': {
        const top = add('join', preds);
        const breaks: Edge[] = [];
        const continues: Edge[] = [];
        const body = stmt(s.body, [{ from: top }], { ...ctx, breakTo: breaks, continueTo: continues });
        const c = add('cond', [...body, ...continues], s.condition);
        link([{ from: c }], top);
        return [{ from: c, onFail: true }, ...breaks];
      }
      case 'Break':
        ctx.breakTo?.push(...preds);
        return [];
      case 'Continue':
        ctx.continueTo?.push(...preds);
        return [];
      case 'PlaceholderStatement':
        return ctx.placeholder ? ctx.placeholder(preds) : preds;
      case 'TryStatement': {
        const call = add('expr', preds, s.externalCall);
        return (s.clauses as AstNode[]).flatMap((c) => stmt(c.block, [{ from: call }], ctx));
      }
      default:
        return [{ from: add('expr', preds, s) }];
    }
  };

  // Layers: each modifier wraps the next; the body is innermost. A `return` in a layer resumes the
  // enclosing layer after its `_`.
  const modifiers = ((fn.modifiers ?? []) as AstNode[])
    .map((inv) => ({ inv, def: program.modifierDefinition(contract, inv) }))
    .filter((m) => m.def?.body);
  const layer = (i: number, preds: Edge[]): Edge[] => {
    const join = add('join', []);
    if (i === modifiers.length) {
      const out = stmt(fn.body, preds, { returnTo: join });
      link(out, join);
      return [{ from: join }];
    }
    const { inv, def } = modifiers[i]!;
    let cur = preds;
    if ((inv.arguments ?? []).length > 0) cur = [{ from: add('expr', cur, inv) }];
    const out = stmt(def!.body, cur, { returnTo: join, placeholder: (p) => layer(i + 1, p) });
    link(out, join);
    return [{ from: join }];
  };
  link(layer(0, [{ from: ENTRY }]), EXIT);
  return cfg;
}
