// What an expression does to the world: state variables read and written (through storage pointers
// and, transitively, through the internal functions and modifiers it calls) and external calls,
// classified as Slither does (low-level call, send/transfer, high-level call, delegatecall, ...).
import semver from 'semver';
import { type AstNode, findAll, typeString } from './ast.js';
import { isViewOrPure, type Program } from './program.js';

export type CallKind =
  | 'call'
  | 'delegatecall'
  | 'callcode'
  | 'staticcall'
  | 'send'
  | 'transfer'
  | 'high-level'
  | 'selfdestruct';

export interface ExternalCall {
  readonly node: AstNode;
  readonly kind: CallKind;
  /** The address or contract expression called. */
  readonly target: AstNode;
  /** Ether sent, when any. */
  readonly value?: AstNode;
  readonly args: readonly AstNode[];
  /** Whether the callee gets enough gas and control to call back (send/transfer/staticcall/view do not). */
  readonly canReenter: boolean;
}

export interface Effects {
  /** Keys of state read: `v<declaration id>`, or `s<expression>` for slot-addressed storage. */
  readonly reads: Set<string>;
  readonly writes: Set<string>;
  /** Calls made by the expression itself. */
  readonly calls: ExternalCall[];
  /** Calls made inside internal functions it calls. */
  readonly deepCalls: ExternalCall[];
}

const LOW_LEVEL = new Set(['call', 'delegatecall', 'callcode', 'staticcall', 'send', 'transfer']);

/** The callee after peeling `.value(v)`, `.gas(g)` (0.4–0.6) and `{value: v}` options (0.6.2+). */
export function calleeOf(call: AstNode): { callee: AstNode; value?: AstNode } {
  let callee = call.expression as AstNode;
  let value: AstNode | undefined;
  for (;;) {
    if (callee.nodeType === 'FunctionCallOptions') {
      const names = (callee.names ?? []) as string[];
      const i = names.indexOf('value');
      if (i >= 0) value = callee.options[i];
      callee = callee.expression;
    } else if (
      callee.nodeType === 'FunctionCall' &&
      callee.expression?.nodeType === 'MemberAccess' &&
      ['value', 'gas'].includes(callee.expression.memberName) &&
      typeString(callee.expression.expression).startsWith('function')
    ) {
      if (callee.expression.memberName === 'value') value = callee.arguments[0];
      callee = callee.expression.expression;
    } else return { callee, value };
  }
}

export function isBuiltin(program: Program, node: AstNode | undefined, ...names: string[]): boolean {
  return node?.nodeType === 'Identifier' && names.includes(node.name) && program.decl(node) === undefined;
}

/** `block.timestamp`, `msg.sender`, ...: a member of a magic global. */
export function isMagic(node: AstNode | undefined, base: string, ...members: string[]): boolean {
  return (
    node?.nodeType === 'MemberAccess' &&
    members.includes(node.memberName) &&
    node.expression?.nodeType === 'Identifier' &&
    node.expression.name === base
  );
}

export class EffectAnalysis {
  private readonly summaries = new Map<string, Effects>();
  private readonly active = new Set<string>();

  constructor(readonly program: Program) {}

  classify(call: AstNode): { external: ExternalCall } | { internal: AstNode } | undefined {
    if (call.nodeType !== 'FunctionCall') return undefined;
    if (call.kind === 'typeConversion' || call.kind === 'structConstructorCall') return undefined;
    const own = call.expression as AstNode;
    // `x.call.value(v)` is only the first half of the call `x.call.value(v)(data)`
    if (
      own.nodeType === 'MemberAccess' &&
      ['value', 'gas'].includes(own.memberName) &&
      typeString(own.expression).startsWith('function')
    )
      return undefined;
    const { callee, value } = calleeOf(call);
    const args = (call.arguments ?? []) as AstNode[];
    if (isBuiltin(this.program, callee, 'selfdestruct', 'suicide'))
      return { external: { node: call, kind: 'selfdestruct', target: args[0]!, args, canReenter: false } };
    if (callee.nodeType === 'MemberAccess') {
      const baseType = typeString(callee.expression);
      if (LOW_LEVEL.has(callee.memberName) && baseType.startsWith('address')) {
        const kind = callee.memberName as CallKind;
        const sendsValue = kind === 'send' || kind === 'transfer' ? args[0] : value;
        return {
          external: {
            node: call,
            kind,
            target: callee.expression,
            value: sendsValue,
            args,
            canReenter: kind === 'call' || kind === 'delegatecall' || kind === 'callcode',
          },
        };
      }
      const ref = this.program.decl(callee);
      const fnType = typeString(callee);
      if (ref?.nodeType === 'FunctionDefinition') {
        const owner = this.program.enclosing(ref, 'ContractDefinition');
        if (owner?.contractKind === 'library' && !/ external/.test(fnType)) return { internal: ref };
        if (baseType.startsWith('type(contract') || baseType.startsWith('type(library')) {
          if (
            owner?.contractKind === 'library' &&
            ref.visibility !== 'external' &&
            ref.visibility !== 'public'
          )
            return { internal: ref };
        }
        if (isSuper(callee.expression)) return { internal: ref };
      }
      if (fnType.startsWith('function') && / external/.test(fnType) && !isSuper(callee.expression)) {
        // view/pure calls use STATICCALL only from solc 0.5.0; before, the callee may change state
        const view =
          (ref ? isViewOrPure(ref) : / (view|pure|constant)\b/.test(fnType)) &&
          !semver.lt(this.program.version, '0.5.0');
        const self = callee.expression?.nodeType === 'Identifier' && callee.expression.name === 'this';
        return {
          external: {
            node: call,
            kind: 'high-level',
            target: callee.expression,
            value,
            args,
            canReenter: !view && !self,
          },
        };
      }
      return undefined;
    }
    if (callee.nodeType === 'Identifier') {
      const ref = this.program.decl(callee);
      if (ref?.nodeType === 'FunctionDefinition') return { internal: ref };
    }
    return undefined;
  }

  /** Effects of one expression or simple statement (not of nested statements). */
  of(expr: AstNode, contract: AstNode | undefined): Effects {
    const out: Effects = { reads: new Set(), writes: new Set(), calls: [], deepCalls: [] };
    const writtenRoots = new Set<number>();
    for (const n of findAll(expr, () => true)) {
      if (
        n.nodeType === 'Assignment' ||
        (n.nodeType === 'UnaryOperation' && ['++', '--', 'delete'].includes(n.operator))
      ) {
        const target = n.nodeType === 'Assignment' ? n.leftHandSide : n.subExpression;
        for (const key of this.storageKeys(target)) out.writes.add(key);
        if (n.nodeType === 'Assignment' && n.operator === '=') {
          const root = rootOf(target);
          if (root?.nodeType === 'Identifier' && target === root) writtenRoots.add(root.id);
        }
      }
      if (n.nodeType === 'FunctionCall') {
        const { callee } = calleeOf(n);
        if (callee.nodeType === 'MemberAccess' && ['push', 'pop'].includes(callee.memberName))
          for (const key of this.storageKeys(callee.expression)) out.writes.add(key);
        const c = this.classify(n);
        if (c && 'external' in c) out.calls.push(c.external);
        else if (c && 'internal' in c) {
          const s = this.summary(this.program.dispatch(contract, c.internal), contract);
          for (const k of s.reads) out.reads.add(k);
          for (const k of s.writes) out.writes.add(k);
          out.deepCalls.push(...s.calls, ...s.deepCalls);
        }
      }
      if (n.nodeType === 'Identifier' && !writtenRoots.has(n.id)) {
        const d = this.program.decl(n);
        if (this.program.isStateVariable(d)) out.reads.add(`v${d!.id}`);
        else if (d?.nodeType === 'VariableDeclaration' && isStoragePointer(d))
          for (const k of this.storageKeys(n)) out.reads.add(k);
      }
      if (n.nodeType === 'MemberAccess' && typeString(n.expression).includes('storage pointer')) {
        const key = this.slotKey(n.expression);
        if (key) out.reads.add(key);
      }
      if (n.nodeType === 'VariableDeclarationStatement' && n.initialValue) {
        // a local storage pointer aliasing state: reading through it reads the state
        for (const key of this.storageKeys(n.initialValue)) out.reads.add(key);
      }
    }
    return out;
  }

  /** Effects of a whole function or modifier body, as `contract` runs it (memoised). */
  summary(fn: AstNode, contract: AstNode | undefined): Effects {
    const key = `${contract?.id ?? 0}:${fn.id}`;
    const hit = this.summaries.get(key);
    if (hit) return hit;
    const out: Effects = { reads: new Set(), writes: new Set(), calls: [], deepCalls: [] };
    if (this.active.has(key) || !fn.body) return out;
    this.active.add(key);
    const parts: AstNode[] = [fn.body];
    for (const inv of (fn.modifiers ?? []) as AstNode[]) {
      const def = this.program.modifierDefinition(contract, inv);
      if (def?.body) parts.push(def.body, inv);
    }
    for (const part of parts)
      for (const stmt of statementsOf(part)) {
        const e = this.of(stmt, contract);
        for (const k of e.reads) out.reads.add(k);
        for (const k of e.writes) out.writes.add(k);
        out.calls.push(...e.calls);
        out.deepCalls.push(...e.deepCalls);
      }
    this.active.delete(key);
    this.summaries.set(key, out);
    return out;
  }

  /** The state an lvalue designates: a state variable, through local storage pointers, or a slot. */
  storageKeys(lvalue: AstNode | undefined, depth = 0): string[] {
    const root = rootOf(lvalue);
    if (!root || depth > 4) return [];
    if (root.nodeType === 'Identifier') {
      const d = this.program.decl(root);
      if (d?.nodeType !== 'VariableDeclaration') return [];
      if (this.program.isStateVariable(d)) return [`v${d.id}`];
      if (isStoragePointer(d)) {
        const stmt = this.program.parent(d);
        if (stmt?.nodeType === 'VariableDeclarationStatement' && stmt.initialValue)
          return this.storageKeys(stmt.initialValue, depth + 1);
        // reassigned pointers (`acc = accounts[x];`): every assignment to it
        const fn = this.program.enclosing(d, 'FunctionDefinition', 'ModifierDefinition');
        if (fn?.body) {
          const assigned = findAll(
            fn.body,
            (n) =>
              n.nodeType === 'Assignment' &&
              n.leftHandSide?.nodeType === 'Identifier' &&
              n.leftHandSide.referencedDeclaration === d.id,
          );
          return assigned.flatMap((a) => this.storageKeys(a.rightHandSide, depth + 1));
        }
      }
      return [];
    }
    if (root.nodeType === 'FunctionCall' && typeString(root).includes('storage pointer')) {
      const key = this.slotKey(root);
      return key ? [key] : [];
    }
    return [];
  }

  private slotKey(node: AstNode): string | undefined {
    if (node.nodeType !== 'FunctionCall') return undefined;
    return `s${canonical(node)}`;
  }
}

/** A local that points into storage (`Account storage a = accounts[x]`, or `var a = accounts[x]` in 0.4). */
export function isStoragePointer(d: AstNode): boolean {
  const id = String(d.typeDescriptions?.typeIdentifier ?? '');
  return (
    id.endsWith('_storage_ptr') || id.endsWith('_storage') || /storage (pointer|ref)/.test(typeString(d))
  );
}

function isSuper(node: AstNode | undefined): boolean {
  return node?.nodeType === 'Identifier' && node.name === 'super';
}

/** The variable (or storage-pointer call) an lvalue or member chain starts from. */
export function rootOf(node: AstNode | undefined): AstNode | undefined {
  let n = node;
  while (n) {
    if (n.nodeType === 'IndexAccess' || n.nodeType === 'IndexRangeAccess') n = n.baseExpression;
    else if (n.nodeType === 'MemberAccess') {
      const t = typeString(n.expression);
      if (t.startsWith('struct') || t.startsWith('mapping') || t.includes('[]') || /\[\d+\]/.test(t))
        n = n.expression;
      else return n;
    } else if (n.nodeType === 'TupleExpression' && n.components?.length === 1) n = n.components[0];
    else return n;
  }
  return undefined;
}

/** Statements (and the expressions they evaluate) in a body, nested ones included. */
export function statementsOf(body: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (n: AstNode | undefined) => {
    if (!n) return;
    switch (n.nodeType) {
      case 'Block':
      case 'UncheckedBlock':
        (n.statements as AstNode[]).forEach(visit);
        return;
      case 'IfStatement':
        out.push(n.condition);
        visit(n.trueBody);
        visit(n.falseBody);
        return;
      case 'WhileStatement':
      case 'DoWhileStatement':
        out.push(n.condition);
        visit(n.body);
        return;
      case 'ForStatement':
        visit(n.initializationExpression);
        if (n.condition) out.push(n.condition);
        visit(n.loopExpression);
        visit(n.body);
        return;
      case 'ExpressionStatement':
        out.push(n.expression);
        return;
      case 'TryStatement':
        out.push(n.externalCall);
        for (const c of n.clauses as AstNode[]) visit(c.block);
        return;
      case 'PlaceholderStatement':
      case 'Break':
      case 'Continue':
        return;
      default:
        out.push(n);
    }
  };
  visit(body);
  return out;
}

/** A structural key of an expression: equal for the same variables, members and operators. */
export function canonical(node: AstNode | undefined): string {
  if (!node) return '';
  switch (node.nodeType) {
    case 'Identifier':
      return node.referencedDeclaration >= 0 ? `#${node.referencedDeclaration}` : node.name;
    case 'MemberAccess':
      return `${canonical(node.expression)}.${node.memberName}`;
    case 'IndexAccess':
      return `${canonical(node.baseExpression)}[${canonical(node.indexExpression)}]`;
    case 'Literal':
      return `'${node.value ?? node.hexValue}'`;
    case 'BinaryOperation':
      return `(${canonical(node.leftExpression)}${node.operator}${canonical(node.rightExpression)})`;
    case 'UnaryOperation':
      return `(${node.operator}${canonical(node.subExpression)})`;
    case 'TupleExpression':
      return node.components?.length === 1 ? canonical(node.components[0]) : `@${node.id}`;
    case 'FunctionCall':
      return `${canonical(node.expression)}(${((node.arguments ?? []) as AstNode[]).map(canonical).join(',')})`;
    case 'ElementaryTypeNameExpression':
      return typeString(node);
    default:
      return `@${node.id}`;
  }
}
