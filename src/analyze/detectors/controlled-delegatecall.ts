// delegatecall to code the caller chooses: it runs with this contract's storage and balance.
import { entryNodes } from '../access.js';
import { type Detector, reporter } from '../detector.js';

export const controlledDelegatecall: Detector = {
  id: 'controlled-delegatecall',
  title: 'Delegatecall controlled by the caller',
  severity: 'high',
  confidence: 'medium',
  category: 'access_control',
  description:
    "An unprotected function delegatecalls an address taken from its arguments, or forwards the caller's whole calldata (msg.data) through delegatecall. The callee's code runs with this contract's storage, balance and identity.",
  exploitScenario:
    "A wallet forwards unknown calls to its library with delegatecall(msg.data). The attacker calls the library's initWallet through it, becomes owner of the wallet, and withdraws everything (the Parity multisig hack).",
  recommendation:
    'Delegatecall only to fixed, trusted code; restrict which functions may be reached (explicit selectors) and protect the function with an owner/role check.',
  defence: 'delegatecall only to a fixed trusted target with explicit selectors, behind an owner/role check',
  detect(a) {
    const report = reporter(this, a);
    for (const e of entryNodes(a)) {
      if (e.protected) continue;
      for (const c of e.direct) {
        if (c.kind !== 'delegatecall' && c.kind !== 'callcode') continue;
        const fn = e.target.fn;
        const target = a.taint.labels(c.target, fn);
        const forwardsAll = c.args.length === 1 && a.taint.has(c.args[0], fn, 'msgdata');
        if (!target.has('param') && !target.has('msgdata') && !forwardsAll) continue;
        report({
          at: c.node,
          contract: e.target.contract,
          fn,
          message: `${a.name(fn)} lets any caller choose what runs in this contract's context: \`${a.program.code(c.node).slice(0, 80)}\``,
        });
      }
    }
  },
};
