// Reentrancy where ETH leaves before the books are updated (the DAO bug).
import { type Detector, reporter } from '../detector.js';
import { reportReentrancy } from './reentrancy-report.js';

export const reentrancyEth: Detector = {
  id: 'reentrancy-eth',
  title: 'Reentrancy vulnerability (ether)',
  severity: 'high',
  confidence: 'medium',
  category: 'reentrancy',
  description:
    'An external call that hands over control (call, or a call to another contract) happens, together with an ether transfer, before state the function or another entry point relies on is updated. The callee can call back while that state is stale.',
  exploitScenario:
    "withdraw() sends balances[msg.sender] with msg.sender.call.value(...) and zeroes the balance afterwards. The attacker's fallback calls withdraw() again; the balance is still full, so the contract pays again until it is drained.",
  recommendation:
    'Apply checks-effects-interactions: update state before the call. Add a reentrancy guard (OpenZeppelin ReentrancyGuard nonReentrant) on every function sharing the state, or pay with pull payments.',
  defence: 'checks-effects-interactions (update state before the call) or a nonReentrant guard',
  detect(a) {
    reportReentrancy(a, reporter(this, a), (c) => !c.locked && !c.privileged && c.sends.length > 0);
  },
};
