// Read-only reentrancy: during the callback, a view function reports state that is about to change.
import { type Detector, reporter } from '../detector.js';
import { reportReentrancy } from './reentrancy-report.js';

export const reentrancyReadOnly: Detector = {
  id: 'reentrancy-read-only',
  title: 'Read-only reentrancy through a view function',
  severity: 'medium',
  confidence: 'low',
  category: 'reentrancy',
  description:
    'A function calls out before it writes state that a public view function returns. While the callee runs, that view reports the old value; a reentrancy guard on the writing function does not cover views.',
  exploitScenario:
    "A lending protocol prices collateral with this contract's view getter. During the callback of a withdrawal, before the withdrawal is booked, the attacker borrows against the stale, inflated value.",
  recommendation:
    'Update state before the call. If views must stay callable, make them check the reentrancy lock (OpenZeppelin nonReentrantView / _reentrancyGuardEntered()).',
  defence: 'update state before calling out, or have the view revert while the lock is held',
  detect(a) {
    // when the writing function itself can be re-entered, reentrancy-eth/no-eth already report the
    // call; read-only reentrancy is what remains once it is locked or privileged
    reportReentrancy(a, reporter(this, a), (c) => c.views.length > 0 && (c.locked || c.privileged), true);
  },
};
