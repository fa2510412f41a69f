// An upgradeable implementation whose own initializer stays open: behind a proxy the proxy's storage
// is initialised, but the implementation contract itself can still be initialised by anyone, who then
// owns it (and, for UUPS, can call its upgrade and admin functions in the implementation's context).
import { type AstNode, findAll } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { isConstructor } from '../program.js';

const INITIALIZER_MODIFIERS = new Set(['initializer', 'reinitializer']);

export const uninitializedImplementation: Detector = {
  id: 'uninitialized-implementation',
  title: 'Upgradeable implementation left initialisable',
  severity: 'medium',
  confidence: 'medium',
  category: 'access_control',
  description:
    'A deployable contract with an initializer (a function carrying the initializer/reinitializer modifier) whose constructor never calls _disableInitializers(). Deployed as a proxy implementation, the implementation itself keeps an open initializer.',
  exploitScenario:
    'The team deploys VaultV1 behind an ERC1967 proxy and initialises the proxy. An attacker calls initialize() on the implementation address, becomes its owner, and calls upgradeToAndCall on it, or uses its privileged functions to mislead users who interact with the implementation directly.',
  recommendation:
    'Give the implementation a constructor that calls _disableInitializers() (OpenZeppelin Initializable), so only proxies can ever be initialised.',
  defence: 'call _disableInitializers() in the implementation’s constructor',
  detect(a) {
    const report = reporter(this, a);
    for (const contract of a.program.contracts) {
      if (contract.contractKind !== 'contract' || contract.abstract === true) continue;
      if (contract.fullyImplemented === false || !a.program.isRoot(contract)) continue;
      const functions = a.program.functionsOf(contract);
      const initializer = functions.find(
        (fn) =>
          !isConstructor(fn) &&
          ((fn.modifiers as AstNode[] | undefined) ?? []).some((m) =>
            INITIALIZER_MODIFIERS.has(String(m.modifierName?.name ?? m.modifierName?.namePath ?? '')),
          ),
      );
      if (!initializer) continue;
      const constructors = functions.filter((fn) => isConstructor(fn) && fn.body);
      const disables = constructors.some((fn) =>
        findAll(fn.body as AstNode, (n) => n.nodeType === 'FunctionCall').some(
          (call) =>
            call.expression?.nodeType === 'Identifier' && call.expression.name === '_disableInitializers',
        ),
      );
      if (disables) continue;
      report({
        at: contract,
        contract,
        fn: initializer,
        message: `${contract.name} has an initializer (${a.name(initializer)}) but no constructor calling _disableInitializers(): its implementation can be initialised by anyone`,
        lines: [initializer],
      });
    }
  },
};
