// block.timestamp / now deciding an outcome: miners choose the timestamp within a tolerance.

import { definitions } from '../analysis.js';
import { findAll } from '../ast.js';
import { type Detector, reporter } from '../detector.js';

const COMPARISONS = new Set(['<', '>', '<=', '>=', '==', '!=']);

export const timestamp: Detector = {
  id: 'timestamp',
  title: 'Block timestamp decides an outcome',
  severity: 'low',
  confidence: 'medium',
  category: 'time_manipulation',
  description:
    'A comparison depends on block.timestamp (now). The block producer picks the timestamp, within a tolerance of the previous block and the wall clock.',
  exploitScenario:
    'A lottery pays whoever plays when block.timestamp % 2 == 0, or a deadline check decides who wins an auction. A miner or validator who plays sets the timestamp of its own block to win.',
  recommendation:
    'Do not derive randomness or tight deadlines from timestamps. Deadlines with a tolerance of minutes are fine; use a commit-reveal scheme or an oracle (VRF) for randomness.',
  defence: 'tolerate a manipulated timestamp (coarse deadlines) and never draw randomness from it',
  detect(a) {
    const report = reporter(this, a);
    for (const { contract, fn } of definitions(a)) {
      for (const n of findAll(
        fn.body,
        (x) => x.nodeType === 'BinaryOperation' && COMPARISONS.has(x.operator),
      )) {
        const operands = [n.leftExpression, n.rightExpression];
        if (!operands.some((o) => a.taint.has(o, fn, 'timestamp'))) continue;
        // a timestamp compared with a constant bound is still a decision: keep it (Slither does)
        const sources = operands.flatMap((o) => a.tracer.trace(o, fn, ['timestamp']));
        report({
          at: n,
          contract,
          fn,
          message: `${a.name(fn)} decides on the block timestamp: \`${a.program.code(n).slice(0, 80)}\``,
          lines: sources,
        });
      }
    }
  },
};
