// A cast to a narrower integer type: solc truncates silently, in every version (0.8 included).

import { conditionsIn, definitions } from '../analysis.js';
import { type AstNode, findAll, typeString } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { canonical } from '../effects.js';

function bits(t: string): { signed: boolean; bits: number } | undefined {
  const m = /^(u?)int(\d*)$/.exec(t);
  return m ? { signed: m[1] !== 'u', bits: m[2] ? Number(m[2]) : 256 } : undefined;
}

export const unsafeDowncast: Detector = {
  id: 'unsafe-downcast',
  title: 'Unsafe integer downcast',
  severity: 'medium',
  confidence: 'medium',
  category: 'arithmetic',
  description:
    'A value is converted to a narrower integer type (uint256 to uint64, int256 to int128) without a bound check. Solidity truncates the high bits silently, even with checked arithmetic (0.8).',
  exploitScenario:
    'A vault stores deposits as uint96(amount). A deposit of 2**96 wei is recorded as 0, or a huge amount wraps to a small one and the accounting no longer matches the tokens held.',
  recommendation:
    'Use OpenZeppelin SafeCast (toUint64, ...) or require(x <= type(uint64).max) before the cast.',
  defence: 'SafeCast (toUintN) or an explicit require(x <= type(uintN).max)',
  detect(a) {
    const report = reporter(this, a);
    for (const { contract, fn } of definitions(a)) {
      const checked = new Set<string>();
      for (const cond of conditionsIn(a.program, fn.body))
        for (const n of findAll(cond, () => true)) checked.add(canonical(n));
      for (const n of findAll(fn.body, (x) => x.nodeType === 'FunctionCall' && x.kind === 'typeConversion')) {
        const arg = n.arguments?.[0] as AstNode | undefined;
        if (!arg || arg.isPure || arg.nodeType === 'Literal') continue;
        const to = bits(typeString(n));
        const from = bits(typeString(arg));
        if (!to || !from || to.bits >= from.bits) continue;
        // masked or reduced values fit by construction
        if (arg.nodeType === 'BinaryOperation' && ['%', '&', '>>'].includes(arg.operator)) continue;
        if (checked.has(canonical(arg))) continue;
        report({
          at: n,
          contract,
          fn,
          message: `${a.name(fn)} truncates ${typeString(arg)} to ${typeString(n)} without a bound check: \`${a.program.code(n).slice(0, 80)}\``,
        });
      }
    }
  },
};
