// Reentrancy without ether: the callee re-enters and acts on stale state (tokens, flags, counters).
import { type Detector, reporter } from '../detector.js';
import { reportReentrancy } from './reentrancy-report.js';

export const reentrancyNoEth: Detector = {
  id: 'reentrancy-no-eth',
  title: 'Reentrancy vulnerability (no ether)',
  severity: 'medium',
  confidence: 'medium',
  category: 'reentrancy',
  description:
    'A call that lets the callee run code happens before a state variable the function (or another entry point) has read is written. No ether moves in that function, but the callee can re-enter on stale state.',
  exploitScenario:
    "airDrop() asks msg.sender whether it supports the token, then credits 20 tokens if its balance was 0. The attacker's supportsToken() calls airDrop() again before the credit is written, and collects the drop many times.",
  recommendation:
    'Write state before calling out (checks-effects-interactions) or guard the functions sharing the state with nonReentrant.',
  defence: 'checks-effects-interactions (update state before the call) or a nonReentrant guard',
  detect(a) {
    reportReentrancy(a, reporter(this, a), (c) => !c.locked && !c.privileged && c.sends.length === 0);
  },
};
