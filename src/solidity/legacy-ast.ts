// solc before 0.4.11 (tdk ships 0.4.9 for files pinned to it) has only the legacy JSON AST:
// `{name, id, src, attributes, children}` with positional children, type strings in `attributes.type`
// and no links from identifiers to declarations. This turns it into the compact AST shape later
// compilers emit (named fields, typeDescriptions, referencedDeclaration), so one analyser reads both.
// Identifiers are resolved by name the way 0.4 scoping works: function-wide locals and parameters,
// then the contract's members along its linearisation, then contracts of the file.

export interface LegacyNode {
  name: string;
  id: number;
  src: string;
  attributes?: Record<string, unknown>;
  children?: LegacyNode[];
}

type Compact = Record<string, unknown> & { nodeType: string; id: number; src: string };

const TYPE_NAMES = new Set([
  'ElementaryTypeName',
  'UserDefinedTypeName',
  'Mapping',
  'ArrayTypeName',
  'FunctionTypeName',
]);

interface Scope {
  contract?: LegacyNode;
  fn?: LegacyNode;
}

export function legacyToCompact(root: LegacyNode): Compact {
  const contracts = (root.children ?? []).filter((c) => c.name === 'ContractDefinition');
  const byId = new Map<number, LegacyNode>();
  const index = (n: LegacyNode) => {
    byId.set(n.id, n);
    for (const c of n.children ?? []) index(c);
  };
  index(root);
  const contractByName = new Map(contracts.map((c) => [String(c.attributes?.name), c]));
  const fnNames = new Map<number, Map<string, number>>();

  /** Names declared anywhere in a function or modifier (0.4 locals are function-scoped). */
  const locals = (fn: LegacyNode): Map<string, number> => {
    let m = fnNames.get(fn.id);
    if (m) return m;
    m = new Map();
    const visit = (n: LegacyNode) => {
      if (n.name === 'VariableDeclaration' && n.attributes?.name) m!.set(String(n.attributes.name), n.id);
      for (const c of n.children ?? []) visit(c);
    };
    visit(fn);
    fnNames.set(fn.id, m);
    return m;
  };

  const resolve = (name: string, scope: Scope): number | undefined => {
    if (scope.fn) {
      const hit = locals(scope.fn).get(name);
      if (hit !== undefined) return hit;
    }
    if (scope.contract) {
      for (const baseId of (scope.contract.attributes?.linearizedBaseContracts as number[]) ?? [
        scope.contract.id,
      ]) {
        const base = byId.get(baseId);
        for (const m of base?.children ?? [])
          if (m.name !== 'InheritanceSpecifier' && m.attributes?.name === name) return m.id;
      }
    }
    return contractByName.get(name)?.id;
  };

  const conv = (n: LegacyNode | undefined, scope: Scope, parent?: LegacyNode): Compact | null => {
    if (!n) return null;
    const a = n.attributes ?? {};
    const kids = n.children ?? [];
    const c = (i: number, s: Scope = scope) => conv(kids[i], s, n);
    const all = (list: LegacyNode[], s: Scope = scope) => list.map((k) => conv(k, s, n)!);
    const out: Compact = {
      nodeType: n.name,
      id: n.id,
      src: n.src,
      typeDescriptions: { typeString: typeof a.type === 'string' ? a.type : '' },
    };
    switch (n.name) {
      case 'SourceUnit':
        return { ...out, nodes: all(kids) };
      case 'PragmaDirective':
        return { ...out, literals: a.literals };
      case 'ContractDefinition': {
        const s: Scope = { contract: n };
        return {
          ...out,
          name: a.name,
          contractKind: a.isLibrary ? 'library' : 'contract',
          linearizedBaseContracts: a.linearizedBaseContracts,
          fullyImplemented: a.fullyImplemented,
          baseContracts: all(
            kids.filter((k) => k.name === 'InheritanceSpecifier'),
            s,
          ),
          nodes: all(
            kids.filter((k) => k.name !== 'InheritanceSpecifier'),
            s,
          ),
        };
      }
      case 'InheritanceSpecifier':
        return { ...out, baseName: c(0), arguments: all(kids.slice(1)) };
      case 'UserDefinedTypeName':
        return { ...out, name: a.name, referencedDeclaration: resolve(String(a.name), scope) ?? null };
      case 'StructDefinition':
        return { ...out, name: a.name, members: all(kids) };
      case 'EventDefinition':
        return { ...out, name: a.name, parameters: c(0) };
      case 'ModifierDefinition': {
        const s = { ...scope, fn: n };
        return { ...out, name: a.name, visibility: 'internal', parameters: c(0, s), body: c(1, s) };
      }
      case 'FunctionDefinition': {
        const s = { ...scope, fn: n };
        const body = kids.find((k) => k.name === 'Block');
        const constant = a.constant === true;
        return {
          ...out,
          name: a.name,
          visibility: a.visibility ?? 'public',
          constant,
          isDeclaredConst: constant,
          payable: a.payable === true,
          stateMutability: constant ? 'view' : a.payable ? 'payable' : 'nonpayable',
          isConstructor: a.name === scope.contract?.attributes?.name,
          parameters: c(0, s),
          returnParameters: c(1, s),
          modifiers: all(
            kids.filter((k) => k.name === 'ModifierInvocation'),
            s,
          ),
          body: conv(body, s, n),
          implemented: body !== undefined,
        };
      }
      case 'ParameterList':
        return { ...out, parameters: all(kids) };
      case 'VariableDeclaration': {
        const typeNode = kids.find((k) => TYPE_NAMES.has(k.name));
        const value = kids.find((k) => !TYPE_NAMES.has(k.name));
        return {
          ...out,
          name: a.name,
          constant: a.constant === true,
          stateVariable: parent?.name === 'ContractDefinition',
          storageLocation: 'default',
          visibility: a.visibility ?? 'internal',
          typeName: conv(typeNode, scope, n),
          value: conv(value, scope, n),
        };
      }
      case 'ElementaryTypeName':
        return { ...out, name: a.name };
      case 'Mapping':
        return { ...out, keyType: c(0), valueType: c(1) };
      case 'ArrayTypeName':
        return { ...out, baseType: c(0), length: c(1) };
      case 'Block':
        return { ...out, statements: all(kids) };
      case 'ExpressionStatement':
        return { ...out, expression: c(0) };
      case 'VariableDeclarationStatement':
        return {
          ...out,
          declarations: all(kids.filter((k) => k.name === 'VariableDeclaration')),
          initialValue: conv(
            kids.find((k) => k.name !== 'VariableDeclaration'),
            scope,
            n,
          ),
        };
      case 'IfStatement':
        return { ...out, condition: c(0), trueBody: c(1), falseBody: c(2) };
      case 'WhileStatement':
      case 'DoWhileStatement':
        return { ...out, condition: c(0), body: c(1) };
      case 'ForStatement': {
        // positional and optional: body last; a statement before the condition is the initialiser
        const body = kids[kids.length - 1];
        let init: LegacyNode | undefined;
        let cond: LegacyNode | undefined;
        let loop: LegacyNode | undefined;
        for (const k of kids.slice(0, -1)) {
          const isStatement = k.name.endsWith('Statement');
          if (isStatement && !cond && !init) init = k;
          else if (!isStatement) cond = k;
          else loop = k;
        }
        return {
          ...out,
          initializationExpression: conv(init, scope, n),
          condition: conv(cond, scope, n),
          loopExpression: conv(loop, scope, n),
          body: conv(body, scope, n),
        };
      }
      case 'Return':
        return { ...out, expression: c(0) };
      case 'FunctionCall':
        return {
          ...out,
          expression: c(0),
          arguments: all(kids.slice(1)),
          kind: a.type_conversion ? 'typeConversion' : 'functionCall',
        };
      case 'MemberAccess':
        return { ...out, memberName: a.member_name, expression: c(0) };
      case 'IndexAccess':
        return { ...out, baseExpression: c(0), indexExpression: c(1) };
      case 'Identifier':
        return { ...out, name: a.value, referencedDeclaration: resolve(String(a.value), scope) ?? null };
      case 'BinaryOperation':
        return { ...out, operator: a.operator, leftExpression: c(0), rightExpression: c(1) };
      case 'UnaryOperation':
        return { ...out, operator: a.operator, prefix: a.prefix, subExpression: c(0) };
      case 'Assignment':
        return { ...out, operator: a.operator, leftHandSide: c(0), rightHandSide: c(1) };
      case 'Literal':
        return { ...out, value: a.value, hexValue: a.hexvalue, isPure: true };
      case 'TupleExpression':
        return { ...out, components: all(kids) };
      case 'ElementaryTypeNameExpression':
        return { ...out, typeName: a.value };
      case 'Conditional':
        return { ...out, condition: c(0), trueExpression: c(1), falseExpression: c(2) };
      case 'ModifierInvocation':
        return { ...out, modifierName: c(0), arguments: all(kids.slice(1)) };
      case 'NewExpression':
        return { ...out, typeName: c(0) };
      default:
        return { ...out, children: all(kids) };
    }
  };
  return conv(root, {})!;
}
