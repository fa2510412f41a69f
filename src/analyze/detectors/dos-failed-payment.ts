// A payment that must succeed, to a party the function does not control: that party can make it fail
// (a contract that reverts on receiving ether) and so block the function for everyone.
import { conditionsWithModifiers, definitions } from '../analysis.js';
import { type AstNode, findAll } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { isConstructor } from '../program.js';

const LOOPS = ['ForStatement', 'WhileStatement', 'DoWhileStatement'];
const PAYMENTS = new Set(['transfer', 'send', 'call']);
const SENDER = /^(?:(?:payable|address)\()*(?:msg\.sender|tx\.origin)\)*$/;

/** Whether a condition of the function or its modifiers ties the payee's state variable to msg.sender. */
function payeeIsCheckedCaller(a: Parameters<Detector['detect']>[0], fn: AstNode, target: AstNode): boolean {
  const p = a.program;
  const payee = new Set(
    findAll(target, (x) => x.nodeType === 'Identifier')
      .map((id) => p.decl(id))
      .filter((d) => p.isStateVariable(d))
      .map((d) => d!.id),
  );
  return conditionsWithModifiers(p, fn).some(
    (c) =>
      /msg\.sender/.test(p.code(c)) &&
      findAll(c, (x) => x.nodeType === 'Identifier').some((id) => payee.has(p.decl(id)?.id ?? -1)),
  );
}

export const dosFailedPayment: Detector = {
  id: 'dos-failed-payment',
  title: 'Denial of service by a failing payment',
  severity: 'medium',
  confidence: 'medium',
  category: 'denial_of_service',
  description:
    'Ether is pushed with transfer, or with send/call whose failure reverts, to an address kept in storage (someone other than the caller) or to each recipient of a loop. If that recipient is a contract that reverts on receiving ether, the whole function reverts, for everyone, every time.',
  exploitScenario:
    'An auction refunds the previous highest bidder inside bid() with require(previous.send(amount)). The attacker bids from a contract whose fallback reverts; every later bid reverts on the refund and the attacker wins at his price.',
  recommendation:
    'Let recipients withdraw (pull payments): record what is owed and pay it in a separate withdraw() called by the recipient; never make progress depend on a payment to a third party.',
  defence: 'use pull payments: record the amount owed and let the recipient withdraw it',
  detect(a) {
    const report = reporter(this, a);
    const p = a.program;
    /** State variables written outside constructors: a party set once at deployment is trusted. */
    const mutable = new Map<number, Set<string>>();
    const writtenLater = (contract: AstNode): Set<string> => {
      let set = mutable.get(contract.id);
      if (set) return set;
      set = new Set();
      for (const fn of p.functionsOf(contract))
        if (!isConstructor(fn)) for (const k of a.effects.summary(fn, contract).writes) set.add(k);
      mutable.set(contract.id, set);
      return set;
    };
    /** Whether the call's failure reverts: transfer, or a result that a require/assert/if-throw checks. */
    const mustSucceed = (call: AstNode, kind: string, fn: AstNode): boolean => {
      if (kind === 'transfer') return true;
      for (let n = p.parent(call); n && n !== fn.body; n = p.parent(n)) {
        if (
          n.nodeType === 'FunctionCall' &&
          n.expression?.nodeType === 'Identifier' &&
          (n.expression.name === 'require' || n.expression.name === 'assert')
        )
          return true;
        if (n.nodeType === 'IfStatement')
          return (
            findAll(n.trueBody, (x) => x.nodeType === 'Throw' || x.nodeType === 'RevertStatement').length >
              0 || findAll(n.trueBody, (x) => x.nodeType === 'Identifier' && x.name === 'revert').length > 0
          );
        if (n.nodeType.endsWith('Statement') || n.nodeType === 'Block') return false;
      }
      return false;
    };
    for (const { contract, fn } of definitions(a)) {
      if (fn.nodeType !== 'FunctionDefinition' || isConstructor(fn)) continue;
      for (const call of findAll(fn.body, (n) => n.nodeType === 'FunctionCall')) {
        const c = a.effects.classify(call);
        if (!c || !('external' in c)) continue;
        const ext = c.external;
        // Ether paid to an address (effects gives send/transfer their argument as the value).
        if (!ext.value || !PAYMENTS.has(ext.kind)) continue;
        if (SENDER.test(p.code(ext.target).replace(/\s+/g, ''))) continue;
        if (!mustSucceed(call, ext.kind, fn)) continue;
        const loop = p.enclosing(call, ...LOOPS);
        const inLoop =
          loop !== undefined && p.enclosing(loop, 'FunctionDefinition', 'ModifierDefinition') === fn;
        const later = writtenLater(contract);
        const stored = findAll(ext.target, (x) => x.nodeType === 'Identifier').some((id) => {
          const decl = p.decl(id);
          return p.isStateVariable(decl) && later.has(`v${decl!.id}`);
        });
        if (!inLoop && !stored) continue;
        // Paying the caller's own stored address (require(msg.sender == owner); owner.transfer(...)):
        // only the caller can block it, and only for himself.
        if (!inLoop && payeeIsCheckedCaller(a, fn, ext.target)) continue;
        report({
          at: call,
          contract,
          fn,
          message: inLoop
            ? `${a.name(fn)} pays every recipient of a loop and reverts if one payment fails: \`${p.code(call).slice(0, 80)}\``
            : `${a.name(fn)} reverts unless a payment to a stored address succeeds: \`${p.code(call).slice(0, 80)}\``,
        });
      }
    }
  },
};
