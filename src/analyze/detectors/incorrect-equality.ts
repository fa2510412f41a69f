// Strict equality on a balance: anyone can send ether or tokens to change it.

import { definitions } from '../analysis.js';
import { findAll } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { calleeOf } from '../effects.js';

export const incorrectEquality: Detector = {
  id: 'incorrect-equality',
  title: 'Strict equality on a balance',
  severity: 'medium',
  confidence: 'high',
  category: 'denial_of_service',
  description:
    'A == or != compares an ether balance (address.balance) or a token balance (balanceOf) with a value. Balances can be changed from outside: ether can be forced in with selfdestruct or as a block reward, tokens can be sent to anyone.',
  exploitScenario:
    'A game ends when this.balance == 10 ether. The attacker force-sends 1 wei with selfdestruct; the balance never equals 10 ether again and the game is stuck.',
  recommendation:
    'Compare with >= or <=, or track deposits in a state variable instead of reading the balance.',
  defence: 'use >= / <= or an internal accounting variable instead of the raw balance',
  detect(a) {
    const report = reporter(this, a);
    const isBalance = (n: unknown, fn: Parameters<typeof a.taint.labels>[1]) => {
      const node = n as Parameters<typeof a.taint.labels>[0];
      if (!node) return false;
      if (a.taint.has(node, fn, 'balance')) return true;
      return (
        findAll(node, (x) => x.nodeType === 'FunctionCall' && calleeOf(x).callee?.memberName === 'balanceOf')
          .length > 0
      );
    };
    for (const { contract, fn } of definitions(a))
      for (const n of findAll(
        fn.body,
        (x) => x.nodeType === 'BinaryOperation' && (x.operator === '==' || x.operator === '!='),
      )) {
        if (!isBalance(n.leftExpression, fn) && !isBalance(n.rightExpression, fn)) continue;
        report({
          at: n,
          contract,
          fn,
          message: `${a.name(fn)} compares a balance with strict equality: \`${a.program.code(n).slice(0, 80)}\``,
        });
      }
  },
};
