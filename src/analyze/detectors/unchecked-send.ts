// send() returns false instead of reverting; ignoring it loses the failure.

import { definitions } from '../analysis.js';
import { findAll } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { resultIgnored } from './unchecked-call-result.js';

export const uncheckedSend: Detector = {
  id: 'unchecked-send',
  title: 'Unchecked send',
  severity: 'medium',
  confidence: 'medium',
  category: 'unchecked_low_level_calls',
  description:
    'The boolean returned by address.send() is dropped. send forwards 2300 gas and returns false on failure instead of reverting.',
  exploitScenario:
    'A king-of-the-hill game sends the previous king his compensation with send(); the king is a contract whose fallback needs more than 2300 gas, the send fails silently and the game moves on, keeping his ether.',
  recommendation:
    'Check the result (require(addr.send(x))), use transfer, or better let recipients withdraw (pull payments).',
  defence: 'check the result of send (require(to.send(amount))) or use pull payments',
  detect(a) {
    const report = reporter(this, a);
    for (const { contract, fn } of definitions(a)) {
      for (const call of findAll(fn.body, (n) => n.nodeType === 'FunctionCall')) {
        const c = a.effects.classify(call);
        if (!c || !('external' in c) || c.external.kind !== 'send') continue;
        if (!resultIgnored(a.program, call)) continue;
        report({
          at: call,
          contract,
          fn,
          message: `${a.name(fn)} ignores whether \`${a.program.code(call).slice(0, 80)}\` succeeded`,
        });
      }
    }
  },
};
