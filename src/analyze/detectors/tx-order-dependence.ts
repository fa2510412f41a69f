// Transaction-order dependence (SWC-114): the ether a function pays is read from a state variable that
// another transaction can change first, so whoever gets mined first decides what is paid.
import { definitions } from '../analysis.js';
import { type AstNode, childrenOf, findAll, typeString } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { isConstructor, isEntryPoint, isViewOrPure } from '../program.js';

/** Identifiers of an expression, except inside `a[...]` (an index picks an entry, it is not the amount). */
function identifiersOutsideIndexing(node: AstNode): AstNode[] {
  if (node.nodeType === 'IndexAccess') return [];
  if (node.nodeType === 'Identifier') return [node];
  return childrenOf(node).flatMap(identifiersOutsideIndexing);
}

export const txOrderDependence: Detector = {
  id: 'tx-order-dependence',
  title: 'Transaction-order dependence',
  severity: 'medium',
  confidence: 'low',
  category: 'front_running',
  description:
    'A function sends ether whose amount is read from a single state variable (not a per-account balance) that an entry point of the contract writes. Both transactions can be pending at once; their order, which a miner or a front-runner chooses, decides how much is paid.',
  exploitScenario:
    'A puzzle pays `reward` to whoever submits a solution; the owner can change `reward` with setReward(). Seeing a solution pending, the owner front-runs it with setReward(0) and the solver is paid nothing.',
  recommendation:
    'Make the amount part of the caller’s request (a minimum or exact expected value checked on chain), commit-reveal the submission, or lock the variable while claims are open.',
  defence:
    'let the caller state the amount he expects (and revert otherwise), or freeze the value while claims are open',
  detect(a) {
    const p = a.program;
    const report = reporter(this, a);
    const writers = new Map<number, Map<number, AstNode[]>>();
    /** State variable id -> the entry points of `contract` that write it. */
    const writersOf = (contract: AstNode) => {
      let m = writers.get(contract.id);
      if (m) return m;
      m = new Map();
      for (const fn of p.functionsOf(contract)) {
        if (isConstructor(fn) || !isEntryPoint(fn) || isViewOrPure(fn)) continue;
        for (const key of a.effects.summary(fn, contract).writes) {
          if (!key.startsWith('v')) continue;
          const id = Number(key.slice(1));
          m.set(id, [...(m.get(id) ?? []), fn]);
        }
      }
      writers.set(contract.id, m);
      return m;
    };
    for (const { contract, fn } of definitions(a)) {
      if (fn.nodeType !== 'FunctionDefinition' || isConstructor(fn) || !isEntryPoint(fn)) continue;
      for (const call of findAll(fn.body, (n) => n.nodeType === 'FunctionCall')) {
        const c = a.effects.classify(call);
        if (!c || !('external' in c)) continue;
        const ext = c.external;
        // The ether paid (effects gives send/transfer their argument as the value).
        const amount = ext.value;
        if (!amount || (ext.kind !== 'transfer' && ext.kind !== 'send' && ext.kind !== 'call')) continue;
        // A plain state variable paid as it is: per-account entries (mappings, arrays) are not shared.
        const scalar = identifiersOutsideIndexing(amount)
          .map((id) => p.decl(id))
          .find((d) => p.isStateVariable(d) && /^u?int\d*$/.test(typeString(d)));
        if (!scalar) continue;
        const by = writersOf(contract).get(scalar.id);
        if (!by || by.length === 0) continue;
        report({
          at: call,
          contract,
          fn,
          message: `${a.name(fn)} pays \`${scalar.name}\`, which ${by.map((w) => a.name(w)).join(', ')} can change while the payment is pending`,
        });
      }
    }
  },
};
