// Shared by unchecked-lowlevel and unchecked-send: whether the boolean a call returns is ever looked at.
import type { AstNode } from '../ast.js';
import { findAll } from '../ast.js';
import type { Program } from '../program.js';

/** True when the call's success flag is dropped or stored in a local nobody reads. */
export function resultIgnored(program: Program, call: AstNode): boolean {
  let node = call;
  let parent = program.parent(node);
  while (parent?.nodeType === 'TupleExpression' && parent.components?.length === 1) {
    node = parent;
    parent = program.parent(parent);
  }
  if (!parent) return false;
  if (parent.nodeType === 'ExpressionStatement') return true;
  const scope = program.enclosing(call, 'FunctionDefinition', 'ModifierDefinition');
  if (!scope?.body) return false;
  let declId: number | undefined;
  if (parent.nodeType === 'VariableDeclarationStatement') {
    const first = (parent.declarations as (AstNode | null)[])[0];
    if (!first) return true;
    declId = first.id;
  } else if (parent.nodeType === 'Assignment' && parent.rightHandSide === node) {
    const lhs = parent.leftHandSide as AstNode;
    const target = lhs.nodeType === 'TupleExpression' ? lhs.components?.[0] : lhs;
    if (!target) return true;
    const d = program.decl(target);
    if (!d || d.stateVariable || target.nodeType !== 'Identifier') return false;
    declId = d.id;
  } else return false;
  const uses = findAll(
    scope.body,
    (n) => n.nodeType === 'Identifier' && n.referencedDeclaration === declId && !isAssignedOnly(program, n),
  );
  return uses.length === 0;
}

function isAssignedOnly(program: Program, id: AstNode): boolean {
  const p = program.parent(id);
  if (p?.nodeType === 'Assignment' && p.leftHandSide === id && p.operator === '=') return true;
  if (p?.nodeType === 'TupleExpression') {
    const pp = program.parent(p);
    return pp?.nodeType === 'Assignment' && pp.leftHandSide === p;
  }
  return false;
}
