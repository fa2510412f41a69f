// Helpers the access-control detectors share: walking the entry points of scanned contracts node by
// node with the calls each CFG node makes, and the state variables that guard access.
import { type Analysis, conditionsIn, type Target } from './analysis.js';
import type { AstNode } from './ast.js';
import type { CfgNode } from './cfg.js';
import type { ExternalCall } from './effects.js';
import { isEntryPoint } from './program.js';

export interface EntryNode {
  readonly target: Target;
  readonly node: CfgNode;
  readonly ast: AstNode;
  /** Calls made at this node, directly or inside internal functions it calls. */
  readonly calls: readonly ExternalCall[];
  readonly direct: readonly ExternalCall[];
  readonly writes: ReadonlySet<string>;
  readonly protected: boolean;
}

/** Every CFG node of every entry point (public/external/fallback, constructors excluded). */
export function entryNodes(a: Analysis): EntryNode[] {
  const out: EntryNode[] = [];
  for (const target of a.targets()) {
    if (!isEntryPoint(target.fn) || target.contract.contractKind === 'library') continue;
    const cfg = a.cfg(target);
    for (const node of cfg.nodes) {
      if (!node.ast) continue;
      const fx = a.effects.of(node.ast, target.contract);
      out.push({
        target,
        node,
        ast: node.ast,
        calls: [...fx.calls, ...fx.deepCalls],
        direct: fx.calls,
        writes: fx.writes,
        protected: a.guards.isProtected(cfg, node.id),
      });
    }
  }
  return out;
}

/** State variables read by caller checks anywhere in the contract (owner, admins, roles). */
export function guardVariables(a: Analysis, contract: AstNode): Set<string> {
  const out = new Set<string>();
  for (const fn of a.program.functionsOf(contract)) {
    const cfg = a.cfg({ contract, fn });
    for (const n of cfg.nodes)
      if (n.ast && a.guards.isGuardNode(cfg, n))
        for (const r of a.effects.of(n.ast, contract).reads) out.add(r);
  }
  // modifiers state who may act even when no function uses them (yet)
  for (const base of a.program.linearization(contract))
    for (const m of base.nodes as AstNode[])
      if (m.nodeType === 'ModifierDefinition' && m.body)
        for (const cond of conditionsIn(a.program, m.body))
          if (a.guards.checksCaller(cond, m)) for (const r of a.effects.of(cond, contract).reads) out.add(r);
  return out;
}
