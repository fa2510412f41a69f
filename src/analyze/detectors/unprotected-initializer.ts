// Anyone can set the state that decides who is in charge: an initializer (or a constructor whose name
// no longer matches the contract) left callable by everybody.
import { entryNodes, guardVariables } from '../access.js';
import { type AstNode, findAll, typeString } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { rootOf } from '../effects.js';

export const unprotectedInitializer: Detector = {
  id: 'unprotected-initializer',
  title: 'Unprotected initializer or owner change',
  severity: 'high',
  confidence: 'medium',
  category: 'access_control',
  description:
    'A public function without a caller check writes a state variable that caller checks elsewhere rely on (owner, creator, admins), with a value the caller controls. Typical causes: an initializer meant to run once at deployment, a constructor whose name no longer matches the contract (before 0.4.22), a missing onlyOwner.',
  exploitScenario:
    'initWallet() sets creator = msg.sender and was meant as the constructor. The attacker calls it, becomes creator, and calls migrateTo(attacker) to take the funds.',
  recommendation:
    "Use the constructor keyword; protect owner changes with the current owner's check; for proxies, use an initializer modifier and call _disableInitializers() in the implementation's constructor.",
  defence:
    'protect it with the owner/role check (onlyOwner), or make it a constructor / one-time initializer run at deployment',
  detect(a) {
    const report = reporter(this, a);
    const guardVars = new Map<number, Set<string>>();
    for (const e of entryNodes(a)) {
      if (e.protected || e.writes.size === 0) continue;
      const contract = e.target.contract;
      let vars = guardVars.get(contract.id);
      if (!vars) guardVars.set(contract.id, (vars = guardVariables(a, contract)));
      const fn = e.target.fn;
      const assignments = findAll(e.ast, (n) => n.nodeType === 'Assignment');
      for (const asg of assignments) {
        // who is in charge is an address (owner) or a flag (admins[x] = true)
        if (!/^(address|bool)( payable)?$/.test(typeString(asg.leftHandSide))) continue;
        const keys = a.effects.storageKeys(asg.leftHandSide);
        if (!keys.some((k) => vars!.has(k))) continue;
        // writing one's own entry (balances[msg.sender]) is not taking over someone else's
        if (keyedBySender(a, asg.leftHandSide, fn)) continue;
        // the new holder comes from the caller: msg.sender, an argument, or an address key set to true
        const value = a.taint.labels(asg.rightHandSide, fn);
        const byValue = value.has('sender') || value.has('param') || value.has('origin');
        const byKey =
          typeString(asg.leftHandSide) === 'bool' &&
          asg.leftHandSide.nodeType === 'IndexAccess' &&
          typeString(asg.leftHandSide.indexExpression).startsWith('address') &&
          indexLabels(a, asg.leftHandSide, fn).has('param');
        if (!byValue && !byKey) continue;
        report({
          at: asg,
          contract,
          fn,
          message: `${a.name(fn)} lets anyone set \`${a.program.code(asg.leftHandSide)}\`, which guards other functions`,
          lines: [fn],
        });
      }
    }
  },
};

function keyedBySender(a: Parameters<Detector['detect']>[0], lhs: AstNode, fn: AstNode): boolean {
  for (let n: AstNode | undefined = lhs; n && n !== rootOf(lhs); ) {
    if (n.nodeType === 'IndexAccess') {
      if (a.taint.has(n.indexExpression, fn, 'sender')) return true;
      n = n.baseExpression;
    } else if (n.nodeType === 'MemberAccess') n = n.expression;
    else break;
  }
  return false;
}

function indexLabels(a: Parameters<Detector['detect']>[0], lhs: AstNode, fn: AstNode) {
  const out = new Set<string>();
  for (let n: AstNode | undefined = lhs; n?.nodeType === 'IndexAccess' || n?.nodeType === 'MemberAccess'; )
    if (n.nodeType === 'IndexAccess') {
      for (const l of a.taint.labels(n.indexExpression, fn)) out.add(l);
      n = n.baseExpression;
    } else n = n.expression;
  return out;
}
