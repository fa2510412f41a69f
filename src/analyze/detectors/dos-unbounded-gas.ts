// Work that grows without bound in one transaction: a loop over a caller-chosen count or over a
// storage array anyone can grow, doing storage writes or external calls each round, and wiping a
// dynamic storage array (which clears every slot). Past the block gas limit the function can never
// run again.
import { definitions } from '../analysis.js';
import { type AstNode, findAll, typeString } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { isConstructor } from '../program.js';

const LOOPS = ['ForStatement', 'WhileStatement', 'DoWhileStatement'];

/** A dynamic array in storage (not a fixed-size one, not memory). */
function isDynamicStorageArray(node: AstNode | undefined): boolean {
  return /\[\] storage (?:ref|pointer)$/.test(typeString(node)) || /\[\] storage$/.test(typeString(node));
}

/** push() on, or a longer length for, a dynamic storage array inside `body`. */
function growsStorageArray(body: AstNode): boolean {
  const pushes = findAll(
    body,
    (x) =>
      x.nodeType === 'FunctionCall' &&
      x.expression?.nodeType === 'MemberAccess' &&
      x.expression.memberName === 'push' &&
      isDynamicStorageArray(x.expression.expression),
  );
  const longer = findAll(
    body,
    (x) =>
      (x.nodeType === 'Assignment' && (x.operator === '+=' || x.operator === '=')) ||
      (x.nodeType === 'UnaryOperation' && x.operator === '++'),
  ).some((x) => {
    const target = (x.leftHandSide ?? x.subExpression) as AstNode | undefined;
    return (
      target?.nodeType === 'MemberAccess' &&
      target.memberName === 'length' &&
      isDynamicStorageArray(target.expression)
    );
  });
  return pushes.length > 0 || longer;
}

export const dosUnboundedGas: Detector = {
  id: 'dos-unbounded-gas',
  title: 'Denial of service by unbounded gas',
  severity: 'medium',
  confidence: 'low',
  category: 'denial_of_service',
  description:
    'A loop grows a storage array as many times as a caller asks, or runs over a whole storage array writing storage or calling out each round; or a whole dynamic storage array is wiped (`arr = new T[](0)`, `delete arr`, `arr.length = 0`), which clears every slot it used. The cost grows with the data: once it passes the block gas limit the function always runs out of gas.',
  exploitScenario:
    'A payout list grows by one entry per deposit, and the function that resets it after a round assigns a new empty array: after enough deposits the reset needs more gas than a block holds, the round can never end and the pot is stuck.',
  recommendation:
    'Bound the work per call (process a fixed-size batch and keep a cursor), cap the collection size, or replace the array with a mapping plus a counter so that a reset is one write.',
  defence: 'bound the loop (fixed batch with a cursor) or reset with a counter instead of clearing the array',
  detect(a) {
    const report = reporter(this, a);
    const p = a.program;
    for (const { contract, fn } of definitions(a)) {
      if (fn.nodeType !== 'FunctionDefinition' || isConstructor(fn)) continue;
      const params = new Set<number>(
        fn.visibility === 'public' || fn.visibility === 'external'
          ? ((fn.parameters?.parameters ?? []) as AstNode[]).map((d) => d.id)
          : [],
      );
      for (const loop of findAll(fn.body, (n) => LOOPS.includes(n.nodeType))) {
        if (!loop.condition) continue;
        const byCaller = findAll(loop.condition, (x) => x.nodeType === 'Identifier').some((id) =>
          params.has(p.decl(id)?.id ?? -1),
        );
        const byStorageLength = findAll(
          loop.condition,
          (x) =>
            x.nodeType === 'MemberAccess' && x.memberName === 'length' && isDynamicStorageArray(x.expression),
        ).some((m) =>
          findAll(m.expression, (x) => x.nodeType === 'Identifier').some((id) =>
            p.isStateVariable(p.decl(id)),
          ),
        );
        const body = loop.body as AstNode;
        // A caller-chosen count only costs the caller, unless each round leaves a storage array longer:
        // then every later pass over that array pays for it.
        const grows = byCaller && growsStorageArray(body);
        const effects = a.effects.of(body, contract);
        const heavy = effects.writes.size > 0 || effects.calls.length > 0 || effects.deepCalls.length > 0;
        if (!grows && !(byStorageLength && heavy)) continue;
        const what = grows
          ? 'grows a storage array as many times as the caller asks'
          : 'loops over a whole storage array and writes storage or calls out each round';
        report({
          at: loop,
          contract,
          fn,
          message: `${a.name(fn)} ${what}: \`${p.code(loop.condition).slice(0, 60)}\``,
        });
      }
      for (const n of findAll(
        fn.body,
        (x) => x.nodeType === 'Assignment' || x.nodeType === 'UnaryOperation',
      )) {
        let target: AstNode | undefined;
        if (n.nodeType === 'UnaryOperation' && n.operator === 'delete') target = n.subExpression;
        else if (n.nodeType === 'Assignment' && n.operator === '=') {
          const lhs = n.leftHandSide as AstNode;
          const rhs = n.rightHandSide as AstNode;
          if (
            isDynamicStorageArray(lhs) &&
            rhs?.nodeType === 'FunctionCall' &&
            rhs.expression?.nodeType === 'NewExpression'
          )
            target = lhs;
          else if (
            lhs?.nodeType === 'MemberAccess' &&
            lhs.memberName === 'length' &&
            isDynamicStorageArray(lhs.expression) &&
            p.code(rhs).trim() === '0'
          )
            target = lhs.expression;
        }
        if (!target || !isDynamicStorageArray(target)) continue;
        if (!findAll(target, (x) => x.nodeType === 'Identifier').some((id) => p.isStateVariable(p.decl(id))))
          continue;
        report({
          at: n,
          contract,
          fn,
          message: `${a.name(fn)} clears a whole dynamic storage array, one slot per element: \`${p.code(n).slice(0, 80)}\``,
        });
      }
    }
  },
};
