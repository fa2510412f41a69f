// Ether sent to an address the caller picks, by a function anyone may call.
import { entryNodes } from '../access.js';
import { type Detector, reporter } from '../detector.js';
import { isMagic } from '../effects.js';

export const arbitrarySendEth: Detector = {
  id: 'arbitrary-send-eth',
  title: 'Ether sent to an arbitrary address',
  severity: 'high',
  confidence: 'medium',
  category: 'access_control',
  description:
    'A function without a caller check sends ether (transfer, send, call with value) to an address taken from its arguments, and the amount is not just the ether sent with the call.',
  exploitScenario:
    "withdrawAll(address to) is public and pays the contract's balance to `to`; anyone calls it with their own address.",
  recommendation:
    'Check the caller (onlyOwner, msg.sender == beneficiary) or pay only msg.sender what it is owed.',
  defence: 'check who the caller is, or only pay msg.sender what it is owed',
  detect(a) {
    const report = reporter(this, a);
    for (const e of entryNodes(a)) {
      if (e.protected) continue;
      const fn = e.target.fn;
      for (const c of e.direct) {
        if (!['call', 'send', 'transfer', 'high-level'].includes(c.kind) || !c.value) continue;
        if (isMagic(c.value, 'msg', 'value')) continue;
        if (c.value.nodeType === 'Literal' && /^0+$/.test(String(c.value.value))) continue;
        const to = a.taint.labels(c.target, fn);
        if (!to.has('param') || to.has('sender')) continue;
        report({
          at: c.node,
          contract: e.target.contract,
          fn,
          message: `${a.name(fn)} sends ether to an address any caller chooses: \`${a.program.code(c.node).slice(0, 80)}\``,
        });
      }
    }
  },
};
