// Arithmetic that can wrap: + - * (and their compound assignments) on integers where the compiler
// does not check (before 0.8, or inside `unchecked`), minus the ones an explicit guard covers
// (require(a >= b) before a - b, SafeMath's assert(c >= a) after c = a + b, c / a == b after a * b),
// kept when the result reaches state, ether transfers or conditions.
import type { Analysis } from './analysis.js';
import { conditionsIn } from './analysis.js';
import { type AstNode, findAll, typeString } from './ast.js';
import { canonical, isMagic } from './effects.js';
import type { Program } from './program.js';

const BINARY = new Set(['+', '-', '*']);
const COMPOUND = new Set(['+=', '-=', '*=']);
const ORDER = new Set(['<', '>', '<=', '>=', '==', '!=']);

export interface Operation {
  readonly node: AstNode;
  readonly op: '+' | '-' | '*';
  readonly left: AstNode;
  readonly right: AstNode;
}

/** Unchecked integer operations of a function body. */
export function uncheckedOperations(program: Program, body: AstNode): Operation[] {
  const out: Operation[] = [];
  for (const n of findAll(body, (x) => x.nodeType === 'BinaryOperation' || x.nodeType === 'Assignment')) {
    if (!/^u?int\d*$/.test(typeString(n))) continue;
    if (program.checkedArithmetic && !program.enclosing(n, 'UncheckedBlock')) continue;
    if (n.nodeType === 'BinaryOperation' && BINARY.has(n.operator) && !n.isPure)
      out.push({ node: n, op: n.operator, left: n.leftExpression, right: n.rightExpression });
    if (n.nodeType === 'Assignment' && COMPOUND.has(n.operator))
      out.push({ node: n, op: n.operator[0], left: n.leftHandSide, right: n.rightHandSide });
  }
  return out;
}

/** Operands that cannot make the operation wrap in practice: constants, msg.value, time and block numbers plus a constant. */
export function boundedByNature(a: Analysis, op: Operation, scope: AstNode): boolean {
  const isConst = (e: AstNode) => e.isPure === true || e.nodeType === 'Literal';
  // a counter stepped by a small constant cannot wrap a 64-bit or wider integer in any real lifetime
  const width = Number(/^u?int(\d*)$/.exec(typeString(op.node))?.[1] || 256);
  if (
    op.op === '+' &&
    width >= 64 &&
    [op.left, op.right].some((e) => e.nodeType === 'Literal' && Number(e.value) <= 1000)
  )
    return true;
  // ether amounts stay below 2**90 (the whole supply): scaling one by a constant cannot wrap 256 bits
  const ether = (e: AstNode) =>
    isMagic(e, 'msg', 'value') ||
    (e.nodeType === 'MemberAccess' && e.memberName === 'balance' && width === 256);
  if (
    op.op === '*' &&
    width === 256 &&
    ((ether(op.left) && isConst(op.right)) || (ether(op.right) && isConst(op.left)))
  )
    return true;
  // block.number - 1, now - 1 days: block height and time are far above small constants
  if (
    op.op === '-' &&
    isConst(op.right) &&
    a.taint.has(op.left, scope, 'timestamp', 'number') &&
    !a.taint.has(op.left, scope, 'param')
  )
    return true;
  if (op.op === '+') {
    const small = (e: AstNode) =>
      isMagic(e, 'msg', 'value') ||
      (a.taint.has(e, scope, 'timestamp', 'number') && !a.taint.has(e, scope, 'param'));
    if (small(op.left) && (isConst(op.right) || small(op.right))) return true;
    if (small(op.right) && isConst(op.left)) return true;
    if (isMagic(op.right, 'msg', 'value') || isMagic(op.left, 'msg', 'value')) return true;
  }
  return false;
}

/** Whether a check in the same function covers the operation. */
export function guarded(a: Analysis, op: Operation, scope: AstNode): boolean {
  const l = canonical(op.left);
  const r = canonical(op.right);
  const result = resultKey(a.program, op);
  const sum = op.node.nodeType === 'BinaryOperation' ? canonical(op.node) : `(${l}${op.op}${r})`;
  const conds = conditionsIn(a.program, scope.body);
  // inside `unchecked` (0.8+) the author opted out on purpose: any comparison of an operand, or a
  // flag computed from one (Math.tryAdd's c >= a), is taken as the reasoning that makes it safe
  if (a.program.checkedArithmetic) {
    const compared = new Set<string>();
    for (const cmp of findAll(scope.body, (x) => x.nodeType === 'BinaryOperation' && ORDER.has(x.operator)))
      for (const side of [cmp.leftExpression, cmp.rightExpression])
        for (const k of canonicalsIn(side)) compared.add(k);
    for (const call of findAll(
      scope.body,
      (x) =>
        x.nodeType === 'FunctionCall' &&
        /^(min|max)$/.test(x.expression?.memberName ?? x.expression?.name ?? ''),
    ))
      for (const arg of call.arguments ?? []) for (const k of canonicalsIn(arg)) compared.add(k);
    if (compared.has(l) || compared.has(r)) return true;
  }
  // a loop counter bounded by its loop condition
  if (op.op === '+' && op.right.nodeType === 'Literal') {
    const loop = a.program.enclosing(op.node, 'ForStatement', 'WhileStatement');
    if (loop?.condition && canonicalsIn(loop.condition).has(l)) return true;
  }
  for (const cond of conds)
    for (const cmp of findAll(
      cond,
      (x) => x.nodeType === 'BinaryOperation' && (ORDER.has(x.operator) || x.operator === '/'),
    )) {
      const cl = canonical(cmp.leftExpression);
      const cr = canonical(cmp.rightExpression);
      const both = new Set([cl, cr]);
      if (op.op === '-' && ORDER.has(cmp.operator) && both.has(l) && both.has(r)) return true;
      if (op.op === '+' && ORDER.has(cmp.operator)) {
        const sides = [canonicalsIn(cmp.leftExpression), canonicalsIn(cmp.rightExpression)];
        const hasResult = (s: Set<string>) => s.has(sum) || (result !== undefined && s.has(result));
        if (
          (hasResult(sides[0]!) && (cr === l || cr === r)) ||
          (hasResult(sides[1]!) && (cl === l || cl === r))
        )
          return true;
      }
      if (
        op.op === '-' &&
        ORDER.has(cmp.operator) &&
        result !== undefined &&
        both.has(result) &&
        (both.has(l) || both.has(r))
      )
        return true;
      if (op.op === '*' && cmp.operator === '/' && (cr === l || cr === r) && (cl === result || cl === sum))
        return true;
    }
  return false;
}

/** The local holding the result (`c` in `uint c = a + b`), or the compound-assigned variable. */
function resultKey(program: Program, op: Operation): string | undefined {
  if (op.node.nodeType === 'Assignment') return canonical(op.left);
  const p = program.parent(op.node);
  if (p?.nodeType === 'VariableDeclarationStatement' && p.declarations?.length === 1 && p.declarations[0])
    return `#${p.declarations[0].id}`;
  if (p?.nodeType === 'Assignment' && p.rightHandSide === op.node) return canonical(p.leftHandSide);
  return undefined;
}

function canonicalsIn(node: AstNode): Set<string> {
  return new Set(findAll(node, () => true).map(canonical));
}

/** Whether the operation's value ends in state, an ether amount, a call argument or a condition. */
export function reachesSink(a: Analysis, op: Operation, scope: AstNode, depth = 0): AstNode | undefined {
  const program = a.program;
  if (op.node.nodeType === 'Assignment') {
    if (a.effects.storageKeys(op.left).length > 0) return op.node;
  }
  let node = op.node;
  for (let p = program.parent(node); p; node = p, p = program.parent(p)) {
    switch (p.nodeType) {
      case 'Assignment':
        if (p.rightHandSide !== node) return undefined;
        if (a.effects.storageKeys(p.leftHandSide).length > 0) return p;
        return localSink(a, p.leftHandSide, scope, depth);
      case 'VariableDeclarationStatement': {
        const d = p.declarations?.[0] as AstNode | undefined;
        return d
          ? localSink(
              a,
              { nodeType: 'Identifier', id: -1, src: d.src, referencedDeclaration: d.id },
              scope,
              depth,
            )
          : undefined;
      }
      case 'FunctionCall': {
        if (p.expression === node) continue;
        const c = a.effects.classify(p);
        if (c && 'external' in c) return p;
        if (isRequire(program, p)) return p;
        continue;
      }
      case 'FunctionCallOptions':
        return p;
      case 'IfStatement':
      case 'WhileStatement':
      case 'ForStatement':
      case 'DoWhileStatement':
      case 'Conditional':
        return p.condition === node ? p : undefined;
      case 'BinaryOperation':
        if (ORDER.has(p.operator)) return p;
        continue;
      case 'Return':
      case 'ExpressionStatement':
      case 'EmitStatement':
        return undefined;
      default:
        continue;
    }
  }
  return undefined;
}

function localSink(a: Analysis, lhs: AstNode, scope: AstNode, depth: number): AstNode | undefined {
  if (depth > 2 || lhs.nodeType !== 'Identifier' || !scope.body) return undefined;
  const id = lhs.referencedDeclaration;
  for (const use of findAll(
    scope.body,
    (n) => n.nodeType === 'Identifier' && n.referencedDeclaration === id && n.src !== lhs.src,
  )) {
    const sink = reachesSink(a, { node: use, op: '+', left: use, right: use }, scope, depth + 1);
    if (sink) return sink;
  }
  return undefined;
}

function isRequire(program: Program, call: AstNode): boolean {
  return (
    call.expression?.nodeType === 'Identifier' &&
    ['require', 'assert'].includes(call.expression.name) &&
    program.decl(call.expression) === undefined
  );
}
