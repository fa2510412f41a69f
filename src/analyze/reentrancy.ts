// The reentrancy analysis the reentrancy-* detectors share (after Slither's): walk each function's
// CFG carrying the external calls that may already have happened (a may-analysis; loops reach a
// fixpoint). A state write reached after a call that can call back is a reentrancy when the written
// variable was read before that call (the callee re-enters on stale state) or is read by another
// entry point (cross-function). ETH sends before the write make it the ETH-stealing kind.
import type { Analysis, Target } from './analysis.js';
import type { AstNode } from './ast.js';
import { type Cfg, type CfgNode, REVERT } from './cfg.js';
import type { Effects, ExternalCall } from './effects.js';
import { isEntryPoint, isViewOrPure } from './program.js';

export interface ReentrancyCase {
  readonly target: Target;
  /** CFG node holding the call (in this function; the call itself may sit in an internal callee). */
  readonly callNode: AstNode;
  readonly calls: readonly ExternalCall[];
  /** ETH-sending calls and sends that precede the writes. */
  readonly sends: readonly AstNode[];
  readonly writes: readonly { node: AstNode; variables: string[] }[];
  /** Whether a variable written after the call is read before it in this function. */
  readonly sameFunction: boolean;
  /** Entry points (other than this function) that read a variable written after the call. */
  readonly crossFunction: readonly AstNode[];
  /** Public view functions that read a variable written after the call (read-only reentrancy). */
  readonly views: readonly AstNode[];
  /** Whether the function holds a reentrancy lock over the call. */
  readonly locked: boolean;
  /** Whether only a checked caller reaches the call (re-entering needs that privilege too). */
  readonly privileged: boolean;
}

const cache = new WeakMap<Analysis, ReentrancyCase[]>();

export function reentrancyCases(a: Analysis): ReentrancyCase[] {
  const hit = cache.get(a);
  if (hit) return hit;
  const out: ReentrancyCase[] = [];
  for (const t of a.targets()) {
    // paths start at entry points; calls inside internal functions are reached through them
    if (!isEntryPoint(t.fn) || isViewOrPure(t.fn) || t.contract.contractKind === 'library') continue;
    out.push(...casesIn(a, t));
  }
  cache.set(a, out);
  return out;
}

function sendsEth(c: ExternalCall): boolean {
  if (c.kind === 'send' || c.kind === 'transfer') return true;
  if (!c.value) return false;
  return !(c.value.nodeType === 'Literal' && /^0+$/.test(String(c.value.value)));
}

function casesIn(a: Analysis, t: Target): ReentrancyCase[] {
  const cfg = a.cfg(t);
  const fx: (Effects | undefined)[] = cfg.nodes.map((n) =>
    n.ast ? a.effects.of(n.ast, t.contract) : undefined,
  );
  const reentrant = (i: number) =>
    [...(fx[i]?.calls ?? []), ...(fx[i]?.deepCalls ?? [])].filter((c) => c.canReenter);
  const ethSends = (i: number) => [...(fx[i]?.calls ?? []), ...(fx[i]?.deepCalls ?? [])].filter(sendsEth);
  const callNodes = cfg.nodes.filter((n) => reentrant(n.id).length > 0).map((n) => n.id);
  if (callNodes.length === 0) return [];

  // may-happen-before sets of call nodes and ETH-send nodes
  const preds = cfg.predecessors();
  const inCalls = cfg.nodes.map(() => new Set<number>());
  const inSends = cfg.nodes.map(() => new Set<number>());
  const work = cfg.nodes.map((n) => n.id);
  while (work.length > 0) {
    const id = work.shift()!;
    const outCalls = new Set(inCalls[id]);
    const outSends = new Set(inSends[id]);
    if (reentrant(id).length > 0) outCalls.add(id);
    if (ethSends(id).length > 0) outSends.add(id);
    for (const s of [...cfg.node(id).succ, ...cfg.node(id).fail]) {
      const before = inCalls[s]!.size + inSends[s]!.size;
      for (const c of outCalls) inCalls[s]!.add(c);
      for (const c of outSends) inSends[s]!.add(c);
      if (inCalls[s]!.size + inSends[s]!.size !== before && !work.includes(s)) work.push(s);
    }
  }

  const readsBefore = new Map<number, Set<string>>();
  for (const c of callNodes) {
    const set = new Set<string>();
    for (const anc of ancestors(cfg, preds, c)) for (const r of fx[anc]?.reads ?? []) set.add(r);
    readsBefore.set(c, set);
  }

  const others = a.program
    .functionsOf(t.contract)
    .filter((f) => f.id !== t.fn.id && f.body)
    .map((f) => ({ fn: f, reads: a.effects.summary(f, t.contract).reads }));
  const entryReads = others.filter((o) => isEntryPoint(o.fn) && !isViewOrPure(o.fn));
  const viewReads = others.filter((o) => isEntryPoint(o.fn) && isViewOrPure(o.fn));

  const out: ReentrancyCase[] = [];
  for (const c of callNodes) {
    const writes: { node: AstNode; variables: string[] }[] = [];
    const sends = new Set<number>();
    let sameFunction = false;
    const cross = new Set<AstNode>();
    const views = new Set<AstNode>();
    for (const n of cfg.nodes) {
      if (n.id === c || !inCalls[n.id]!.has(c) || !n.ast) continue;
      const written = [...(fx[n.id]?.writes ?? [])];
      const relevant = written.filter((v) => {
        if (revalidated(a, t, cfg, fx, c, n.id, v)) return false;
        const same = readsBefore.get(c)!.has(v);
        const xf = entryReads.filter((o) => o.reads.has(v));
        for (const o of xf) cross.add(o.fn);
        for (const o of viewReads.filter((o) => o.reads.has(v))) views.add(o.fn);
        if (same) sameFunction = true;
        return same || xf.length > 0 || viewReads.some((o) => o.reads.has(v));
      });
      if (relevant.length === 0) continue;
      writes.push({ node: n.ast, variables: relevant });
      for (const s of inSends[n.id]!) sends.add(s);
    }
    if (writes.length === 0) continue;
    if (ethSends(c).length > 0) sends.add(c);
    out.push({
      target: t,
      callNode: cfg.node(c).ast!,
      calls: reentrant(c),
      sends: [...sends].map((s) => cfg.node(s).ast!),
      writes,
      sameFunction,
      crossFunction: [...cross],
      views: [...views],
      locked: isLocked(cfg, preds, fx, c),
      privileged: a.guards.isProtected(cfg, c),
    });
  }
  return out;
}

function ancestors(cfg: Cfg, preds: number[][], from: number): Set<number> {
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0)
    for (const p of preds[stack.pop()!]!)
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
  void cfg;
  return seen;
}

/**
 * A reentrancy lock (nonReentrant, whatever its name): before the call, state is checked (in a
 * require/if, or inside a helper that also sets it) and set, and after the call it is set again.
 */
function isLocked(cfg: Cfg, preds: number[][], fx: (Effects | undefined)[], call: number): boolean {
  const before = ancestors(cfg, preds, call);
  before.delete(call);
  const checked = new Set<string>();
  const writtenBefore = new Set<string>();
  for (const b of before) {
    const node = cfg.node(b);
    for (const r of fx[b]?.reads ?? [])
      if (node.kind === 'require' || node.kind === 'cond' || fx[b]?.writes.has(r)) checked.add(r);
    for (const w of fx[b]?.writes ?? []) writtenBefore.add(w);
  }
  const after = cfg.reachable(call);
  after.delete(call);
  for (const n of after)
    for (const w of fx[n]?.writes ?? []) if (checked.has(w) && writtenBefore.has(w)) return true;
  return false;
}

/**
 * The variable is checked again after the call, before it is written (a require/if that reverts, here
 * or inside the internal function doing the write, like TimelockController's _afterCall): whatever
 * the callee changed is caught, so the write does not act on stale state.
 */
function revalidated(
  a: Analysis,
  t: Target,
  cfg: Cfg,
  fx: (Effects | undefined)[],
  call: number,
  write: number,
  v: string,
): boolean {
  const afterCall = cfg.reachable(call);
  for (const m of cfg.nodes) {
    if (m.id === call || !afterCall.has(m.id) || !fx[m.id]?.reads.has(v)) continue;
    if (checkReverts(cfg, m) && cfg.reachable(m.id).has(write)) return true;
  }
  const node = cfg.node(write).ast;
  if (node?.nodeType !== 'ExpressionStatement' && node?.nodeType !== 'FunctionCall') return false;
  const call2 = node.nodeType === 'FunctionCall' ? node : node.expression;
  const c = call2?.nodeType === 'FunctionCall' ? a.effects.classify(call2) : undefined;
  if (!c || !('internal' in c)) return false;
  const inner = a.cfg({ contract: t.contract, fn: a.program.dispatch(t.contract, c.internal) });
  return inner.nodes.some((m) => checkReverts(inner, m) && a.effects.of(m.ast!, t.contract).reads.has(v));
}

/** A require, or an if with a branch that reverts. */
function checkReverts(cfg: Cfg, m: CfgNode): boolean {
  if (m.kind === 'require') return true;
  if (m.kind !== 'cond') return false;
  return [...m.succ, ...m.fail].some((s) => s === REVERT || cfg.node(s).succ.includes(REVERT));
}
