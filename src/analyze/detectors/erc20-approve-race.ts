// ERC-20 approve front-running (SWC-114): changing an allowance from N to M lets the spender, who
// sees the change pending, spend N first and then M.
import { conditionsIn, definitions } from '../analysis.js';
import { type AstNode, findAll } from '../ast.js';
import { type Detector, reporter } from '../detector.js';

export const erc20ApproveRace: Detector = {
  id: 'erc20-approve-race',
  title: 'ERC-20 approve race',
  severity: 'low',
  confidence: 'high',
  category: 'front_running',
  description:
    'approve(spender, value) overwrites the allowance with the new value whatever it was. A spender watching the mempool can spend the old allowance before the change is mined and the new one after it.',
  exploitScenario:
    'Alice lowers Bob’s allowance from 100 to 50. Bob sees the transaction pending, front-runs it with transferFrom(alice, bob, 100), then spends the new 50: 150 in total.',
  recommendation:
    'Offer increaseAllowance/decreaseAllowance (or permit with a nonce), or require the allowance to be set to 0 before a new non-zero value; wallets should reset to 0 first.',
  defence: 'use increase/decrease allowance functions or require a reset to 0 between two non-zero approvals',
  detect(a) {
    const p = a.program;
    const report = reporter(this, a);
    for (const { contract, fn } of definitions(a)) {
      if (fn.nodeType !== 'FunctionDefinition' || fn.name !== 'approve') continue;
      const params = (fn.parameters?.parameters ?? []) as AstNode[];
      if (params.length !== 2) continue;
      const [spender, value] = params;
      const isParam = (n: AstNode | undefined, d: AstNode) =>
        n?.nodeType === 'Identifier' && p.decl(n)?.id === d.id;
      // allowed[msg.sender][spender] = value
      const write = findAll(
        fn.body,
        (x) =>
          x.nodeType === 'Assignment' &&
          x.operator === '=' &&
          x.leftHandSide?.nodeType === 'IndexAccess' &&
          isParam(x.leftHandSide.indexExpression, spender!) &&
          x.leftHandSide.baseExpression?.nodeType === 'IndexAccess' &&
          /msg\.sender/.test(p.code(x.leftHandSide.baseExpression.indexExpression)) &&
          isParam(x.rightHandSide, value!),
      )[0];
      if (!write) continue;
      // A guard that the old or the new allowance is zero closes the race.
      const guarded = conditionsIn(p, fn.body).some(
        (c) =>
          /==\s*0\b|\b0\s*==/.test(p.code(c)) && (c.nodeType === 'BinaryOperation' || /\|\|/.test(p.code(c))),
      );
      if (guarded) continue;
      report({
        at: write,
        contract,
        fn,
        message: `${a.name(fn)} overwrites an allowance whatever its current value: \`${p.code(write).slice(0, 80)}\``,
      });
    }
  },
};
