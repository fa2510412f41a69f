// tx.origin used to decide who may act: any contract the owner calls can then act as the owner.
import { conditionsIn, definitions } from '../analysis.js';
import { type Detector, reporter } from '../detector.js';

export const txOrigin: Detector = {
  id: 'tx-origin',
  title: 'Authorisation through tx.origin',
  severity: 'medium',
  confidence: 'medium',
  category: 'access_control',
  description:
    'A condition that decides what may happen reads tx.origin and not msg.sender. tx.origin is the account that signed the transaction, not the one calling this contract.',
  exploitScenario:
    'The owner is lured into calling a contract of the attacker (a token transfer, a game); that contract calls withdrawAll(attacker). tx.origin is still the owner, so the check passes and the funds go to the attacker.',
  recommendation:
    'Authenticate with msg.sender. Use tx.origin only to tell externally owned accounts from contracts (msg.sender == tx.origin).',
  defence: 'check msg.sender instead of tx.origin',
  detect(a) {
    const report = reporter(this, a);
    for (const { contract, fn } of definitions(a)) {
      for (const cond of conditionsIn(a.program, fn.body)) {
        const labels = a.taint.labels(cond, fn);
        if (!labels.has('origin') || labels.has('sender')) continue;
        report({
          at: cond,
          contract,
          fn,
          message: `${a.name(fn)} decides on tx.origin (\`${a.program.code(cond)}\`), which any contract the origin calls can satisfy`,
        });
      }
    }
  },
};
