// Integer overflow and underflow: unchecked arithmetic (before 0.8, or in `unchecked`) that no guard
// covers and whose result reaches state, an ether transfer, a call or a condition.
import { definitions } from '../analysis.js';
import { boundedByNature, guarded, reachesSink, uncheckedOperations } from '../arithmetic.js';
import { type Detector, reporter } from '../detector.js';

export const integerOverflow: Detector = {
  id: 'integer-overflow',
  title: 'Integer overflow or underflow',
  severity: 'high',
  confidence: 'medium',
  category: 'arithmetic',
  description:
    'An addition, subtraction or multiplication on integers is not checked by the compiler (solc before 0.8, or an unchecked block) nor by the code, and its result is stored, sent, passed on or decides a condition. It wraps around silently.',
  exploitScenario:
    'batchTransfer computes amount = receivers * value. With two receivers and value = 2**255 the product wraps to 0, the balance check passes, and each receiver is credited 2**255 tokens (the BeautyChain BEC bug).',
  recommendation:
    'Compile with solc 0.8 or later (checked arithmetic), use SafeMath before 0.8, or require the bound explicitly before the operation; keep unchecked blocks for provably safe operations.',
  defence: 'checked arithmetic: solc >= 0.8, SafeMath, or an explicit require on the operands',
  detect(a) {
    const report = reporter(this, a);
    for (const { contract, fn } of definitions(a)) {
      for (const op of uncheckedOperations(a.program, fn.body)) {
        if (boundedByNature(a, op, fn) || guarded(a, op, fn)) continue;
        const sink = reachesSink(a, op, fn);
        if (!sink) continue;
        const verb = op.op === '-' ? 'underflow' : 'overflow';
        const explicit = a.program.enclosing(op.node, 'UncheckedBlock') !== undefined;
        report({
          // an `unchecked` block is the author's claim that the operation cannot wrap; it is
          // reported for review, one step below the compiler-unchecked arithmetic of solc < 0.8
          ...(explicit ? { severity: 'medium' as const, confidence: 'low' as const } : {}),
          at: op.node,
          contract,
          fn,
          message: `${a.name(fn)} can ${verb} in \`${a.program.code(op.node).slice(0, 80)}\`${explicit ? ' (unchecked block)' : ''}`,
          related:
            sink !== op.node ? [{ kind: 'statement', name: 'where the result is used', node: sink }] : [],
        });
      }
    }
  },
};
