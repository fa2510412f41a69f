// ERC-20 short address attack: before solc 0.5.0 the ABI decoder did not check the calldata length,
// so an address argument missing its last byte shifts the amount after it left by 8 bits (x256).
import semver from 'semver';
import { conditionsWithModifiers, definitions } from '../analysis.js';
import { type AstNode, findAll } from '../ast.js';
import { type Detector, reporter } from '../detector.js';
import { isConstructor, isEntryPoint } from '../program.js';

export const shortAddress: Detector = {
  id: 'short-address',
  title: 'Short address attack',
  severity: 'low',
  confidence: 'medium',
  category: 'short_addresses',
  description:
    'Compiled with solc < 0.5.0, whose ABI decoder pads calldata that is too short with zeros instead of reverting. A public function takes an address followed by an amount and moves value with them, without checking msg.data.length.',
  exploitScenario:
    'An exchange builds a withdrawal to an address ending in 0x00 but drops that last byte; the token reads the amount shifted left by one byte, and the attacker receives 256 times what was asked for.',
  recommendation:
    'Compile with solc >= 0.5.0, which reverts on short calldata, or check msg.data.length (e.g. a modifier requiring msg.data.length >= size + 4).',
  defence: 'compile with solc >= 0.5.0 or require msg.data.length to cover every argument',
  detect(a) {
    const p = a.program;
    if (!semver.valid(p.version) || !semver.lt(p.version, '0.5.0')) return;
    const report = reporter(this, a);
    for (const { contract, fn } of definitions(a)) {
      if (fn.nodeType !== 'FunctionDefinition' || isConstructor(fn) || !isEntryPoint(fn)) continue;
      const params = (fn.parameters?.parameters ?? []) as AstNode[];
      const firstAddress = params.findIndex(
        (d) => d.typeName?.name === 'address' || d.typeDescriptions?.typeString === 'address',
      );
      if (firstAddress < 0) continue;
      const amounts = params
        .slice(firstAddress + 1)
        .filter((d) => /^uint\d*$/.test(d.typeDescriptions?.typeString ?? ''));
      if (amounts.length === 0) continue;
      const ids = new Set(amounts.map((d) => d.id));
      // The amount must move value: credited to a mapping, or sent as ether.
      const uses = (node: AstNode) =>
        findAll(node, (x) => x.nodeType === 'Identifier' && ids.has(p.decl(x)?.id ?? -1)).length > 0;
      const movesValue =
        findAll(
          fn.body,
          (x) =>
            x.nodeType === 'Assignment' &&
            x.leftHandSide?.nodeType === 'IndexAccess' &&
            uses(x.rightHandSide),
        ).length > 0 ||
        findAll(fn.body, (x) => x.nodeType === 'FunctionCall').some((call) => {
          const c = a.effects.classify(call);
          return (
            c !== undefined && 'external' in c && c.external.value !== undefined && uses(c.external.value)
          );
        });
      if (!movesValue) continue;
      if (conditionsWithModifiers(p, fn).some((c) => /msg\.data\.length/.test(p.code(c)))) continue;
      report({
        at: fn,
        contract,
        fn,
        message: `${a.name(fn)} takes an address then an amount and, built with solc < 0.5.0, accepts short calldata (no msg.data.length check)`,
      });
    }
  },
};
