// A low-level call whose success flag nobody checks: a failed call is silently taken for done.

import { definitions } from '../analysis.js';
import { findAll, typeString } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { resultIgnored } from './unchecked-call-result.js';

export const uncheckedLowlevel: Detector = {
  id: 'unchecked-lowlevel',
  title: 'Unchecked low-level call',
  severity: 'medium',
  confidence: 'medium',
  category: 'unchecked_low_level_calls',
  description:
    'The return value of call, delegatecall, callcode or staticcall is dropped. These calls do not revert when the callee fails; they return false.',
  exploitScenario:
    'A payout made with recipient.call.value(amount)() fails (the recipient reverts or runs out of gas); the contract carries on as if it had paid, records the debt as settled, and the ether stays stuck or is claimed twice.',
  recommendation:
    'Check the returned success flag (require(success)) or use a helper that reverts, such as OpenZeppelin Address.functionCall / sendValue.',
  defence: 'require the call to succeed: (bool ok, ) = target.call(...); require(ok);',
  detect(a) {
    const report = reporter(this, a);
    for (const { contract, fn } of definitions(a)) {
      // `addr.call.value(v);` only configures the call and drops it: nothing is sent, nothing checked
      for (const stmt of findAll(fn.body, (n) => n.nodeType === 'ExpressionStatement')) {
        const e = stmt.expression;
        const member = e?.nodeType === 'FunctionCall' ? e.expression : undefined;
        if (
          member?.nodeType !== 'MemberAccess' ||
          !['value', 'gas'].includes(member.memberName) ||
          member.expression?.nodeType !== 'MemberAccess' ||
          !['call', 'delegatecall', 'callcode'].includes(member.expression.memberName) ||
          !typeString(member.expression.expression).startsWith('address')
        )
          continue;
        report({
          at: e,
          contract,
          fn,
          message: `${a.name(fn)} never makes the low-level call \`${a.program.code(e).slice(0, 80)}\` (the call parentheses are missing), and nothing checks it`,
        });
      }
      for (const call of findAll(fn.body, (n) => n.nodeType === 'FunctionCall')) {
        const c = a.effects.classify(call);
        if (!c || !('external' in c)) continue;
        if (!['call', 'delegatecall', 'callcode', 'staticcall'].includes(c.external.kind)) continue;
        if (!resultIgnored(a.program, call)) continue;
        report({
          at: call,
          contract,
          fn,
          message: `${a.name(fn)} ignores whether the low-level ${c.external.kind} \`${a.program.code(call).slice(0, 80)}\` succeeded`,
        });
      }
    }
  },
};
