// Randomness drawn from block data that the block producer, or a contract in the same block, knows.

import { definitions } from '../analysis.js';
import { type AstNode, findAll, typeString } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { calleeOf, isBuiltin } from '../effects.js';
import { BLOCK_LABELS } from '../taint.js';

const HASHES = ['keccak256', 'sha3', 'sha256', 'ripemd160'];

export const weakPrng: Detector = {
  id: 'weak-prng',
  title: 'Weak randomness from block data',
  severity: 'high',
  confidence: 'medium',
  category: 'bad_randomness',
  description:
    'A number used as random comes from blockhash, block.number, block.timestamp/now, prevrandao/difficulty or coinbase: taken modulo a range, or hashed and read as an integer. Every contract executed in the same block sees the same values, and block producers can choose or withhold them.',
  exploitScenario:
    'A game computes the winning number as uint8(keccak256(blockhash(block.number - 1), now)). An attacker contract computes the same expression in the same block and only plays when it wins.',
  recommendation:
    'Use a verifiable random function (Chainlink VRF) or a commit-reveal scheme with a future block; never block data alone.',
  defence: 'draw randomness from a VRF or a commit-reveal scheme, not from block data',
  detect(a) {
    const report = reporter(this, a);
    const isHash = (n: AstNode) =>
      n.nodeType === 'FunctionCall' && isBuiltin(a.program, calleeOf(n).callee, ...HASHES);
    for (const { contract, fn } of definitions(a)) {
      const entropy = findAll(fn.body, (n) => {
        if (n.nodeType === 'BinaryOperation' && n.operator === '%')
          return a.taint.has(n.leftExpression, fn, ...BLOCK_LABELS);
        // a hash of block data read as a number
        if (n.nodeType === 'FunctionCall' && n.kind === 'typeConversion' && /^u?int/.test(typeString(n))) {
          const arg = n.arguments?.[0] as AstNode | undefined;
          const inner =
            arg?.nodeType === 'FunctionCall' && arg.kind === 'typeConversion' ? arg.arguments?.[0] : arg;
          return !!inner && isHash(inner) && a.taint.has(inner, fn, ...BLOCK_LABELS);
        }
        return false;
      });
      for (const n of entropy) {
        // the innermost use is reported; an enclosing modulo of a reported hash is the same draw
        if (entropy.some((o) => o !== n && o.src !== n.src && contains(n, o))) continue;
        const sources = a.tracer.trace(n, fn, BLOCK_LABELS);
        report({
          at: n,
          contract,
          fn,
          message: `${a.name(fn)} draws a random number from block data: \`${a.program.code(n).slice(0, 80)}\``,
          lines: sources,
        });
      }
    }
  },
};

function contains(outer: AstNode, inner: AstNode): boolean {
  const [os, ol] = outer.src.split(':').map(Number);
  const [is, il] = inner.src.split(':').map(Number);
  return is! >= os! && is! + il! <= os! + ol!;
}
