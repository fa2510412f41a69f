// An uninitialised local storage pointer (solc < 0.5 let `Game game;` compile): it points at slot 0,
// so writing its fields overwrites the contract's first state variables.
import { definitions } from '../analysis.js';
import { type AstNode, findAll, typeString } from '../ast.js';
import { type Detector, reporter } from '../detector.js';

export const uninitializedStorage: Detector = {
  id: 'uninitialized-storage',
  title: 'Uninitialised storage pointer',
  severity: 'high',
  confidence: 'high',
  category: 'other',
  description:
    'A local variable of a struct, array or mapping type is declared without a value and without `memory`. Before solc 0.5 such a local is a storage pointer to slot 0: writing through it overwrites the first state variables of the contract.',
  exploitScenario:
    'A roulette records each bet with `Game game; game.player = msg.sender; game.number = number;`. The writes land in slots 0 and 1, where the secret number and the owner live: a player sets the secret to his own bet and wins, or a visitor becomes the owner.',
  recommendation:
    'Declare the local `memory` when it is a copy, or point it at a real entry (`Game storage game = games[id];`); solc >= 0.5 refuses the uninitialised form.',
  defence: 'declare the local `memory` or initialise the storage pointer to a real entry',
  detect(a) {
    const p = a.program;
    const report = reporter(this, a);
    for (const { contract, fn } of definitions(a)) {
      for (const stmt of findAll(fn.body, (n) => n.nodeType === 'VariableDeclarationStatement')) {
        if (stmt.initialValue) continue;
        for (const d of (stmt.declarations ?? []) as (AstNode | null)[]) {
          if (!d || d.storageLocation === 'memory' || d.storageLocation === 'calldata') continue;
          // Old compilers leave the location out of typeString; typeIdentifier always has it.
          const id = (d.typeDescriptions?.typeIdentifier ?? '') as string;
          if (!/ storage (?:pointer|ref)$/.test(typeString(d)) && !/_storage(?:_ptr)?$/.test(id)) continue;
          // `Game storage g; ... g = games[i];` points it somewhere real before use.
          const pointedLater = findAll(
            fn.body,
            (x) =>
              x.nodeType === 'Assignment' &&
              x.leftHandSide?.nodeType === 'Identifier' &&
              p.decl(x.leftHandSide) === d,
          );
          if (pointedLater.length > 0) continue;
          report({
            at: stmt,
            contract,
            fn,
            message: `${a.name(fn)} declares \`${p.code(stmt).slice(0, 60)}\` with no value: a storage pointer to slot 0, whose writes overwrite state`,
          });
        }
      }
    }
  },
};
