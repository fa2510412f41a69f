// Anyone can destroy the contract.
import { entryNodes } from '../access.js';
import { type Detector, reporter } from '../detector.js';

export const suicidal: Detector = {
  id: 'suicidal',
  title: 'Unprotected selfdestruct',
  severity: 'high',
  confidence: 'high',
  category: 'access_control',
  description: 'A public function reaches selfdestruct (suicide) without any check of who the caller is.',
  exploitScenario:
    'Anyone calls kill(); the contract is destroyed and its ether goes to the address given, or to the caller.',
  recommendation: 'Protect the function with an owner/role check (onlyOwner), or remove selfdestruct.',
  defence: 'guard it with an owner/role check (onlyOwner) or remove selfdestruct',
  detect(a) {
    const report = reporter(this, a);
    for (const e of entryNodes(a)) {
      if (e.protected) continue;
      const kill = e.calls.find((c) => c.kind === 'selfdestruct');
      if (!kill) continue;
      report({
        at: e.ast,
        contract: e.target.contract,
        fn: e.target.fn,
        message: `${a.name(e.target.fn)} lets anyone destroy the contract`,
        lines: [kill.node, e.target.fn],
      });
    }
  },
};
