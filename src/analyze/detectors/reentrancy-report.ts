// One finding per reentrant call site, shared by the reentrancy-* detectors.
import type { Analysis } from '../analysis.js';
import type { reporter } from '../detector.js';
import { type ReentrancyCase, reentrancyCases } from '../reentrancy.js';

export function reportReentrancy(
  a: Analysis,
  report: ReturnType<typeof reporter>,
  accept: (c: ReentrancyCase) => boolean,
  readOnly = false,
): void {
  for (const c of reentrancyCases(a)) {
    if (!accept(c)) continue;
    const { contract, fn } = c.target;
    const names = [...new Set(c.writes.flatMap((w) => w.variables))].map((v) => variableName(a, v));
    const how = readOnly
      ? `view ${c.views.map((v) => a.name(v)).join(', ')} can be read in the meantime`
      : c.sameFunction
        ? 'it was read before the call'
        : `${c.crossFunction.map((f) => a.name(f)).join(', ')} read${c.crossFunction.length === 1 ? 's' : ''} it (cross-function)`;
    // point at the call itself when it is written in this statement, else at the statement reaching it
    const direct = c.calls.find((x) => within(x.node, c.callNode));
    report({
      at: direct?.node ?? c.callNode,
      contract,
      fn,
      message: `${a.name(fn)} calls out at \`${a.program.code(c.callNode).slice(0, 60)}\` and writes ${names.join(', ')} afterwards; ${how}`,
      related: [
        ...c.writes.map((w) => ({
          kind: 'statement' as const,
          name: `write of ${w.variables.map((v) => variableName(a, v)).join(', ')}`,
          node: w.node,
        })),
        ...c.sends.map((s) => ({ kind: 'expression' as const, name: 'ether sent', node: s })),
        ...(readOnly ? c.views.map((v) => ({ kind: 'function' as const, name: a.name(v), node: v })) : []),
      ],
      lines: [...c.calls.map((x) => x.node), ...modifierUse(a, c)],
    });
  }
}

function variableName(a: Analysis, key: string): string {
  if (key.startsWith('v')) return a.program.nodes.get(Number(key.slice(1)))?.name ?? key;
  return 'storage slot';
}

/** When the call sits in a modifier, the place the function applies that modifier. */
function modifierUse(a: Analysis, c: ReentrancyCase) {
  const mod = a.program.enclosing(c.callNode, 'ModifierDefinition');
  if (!mod) return [];
  return ((c.target.fn.modifiers ?? []) as { modifierName: { name: string } }[])
    .filter((m) => m.modifierName?.name === mod.name)
    .map((m) => m as unknown as Parameters<Analysis['program']['line']>[0]);
}

function within(inner: { src: string }, outer: { src: string }): boolean {
  const [is, il] = inner.src.split(':').map(Number);
  const [os, ol] = outer.src.split(':').map(Number);
  return is! >= os! && is! + il! <= os! + ol!;
}
