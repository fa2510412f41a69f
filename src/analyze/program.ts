// The compiled files of one solc run as one program: nodes by id, parents, contracts with their
// linearised bases, functions as seen from a given contract (overrides resolved), and positions.
import semver from 'semver';
import { type AstNode, childrenOf, parseSrc, type SourceText, typeString, walk } from './ast.js';
import type { CompiledBatch } from './compile.js';
import type { SourceLocation } from './finding.js';

export class Program {
  readonly nodes = new Map<number, AstNode>();
  private readonly parents = new Map<number, AstNode>();
  readonly contracts: AstNode[] = [];
  /** Whether arithmetic is checked by default (solc 0.8 and later). */
  readonly checkedArithmetic: boolean;
  readonly version: string;

  constructor(readonly batch: CompiledBatch) {
    this.version = batch.version;
    this.checkedArithmetic = semver.gte(batch.version, '0.8.0');
    for (const unit of batch.units.values()) {
      const index = (node: AstNode) => {
        this.nodes.set(node.id, node);
        for (const child of childrenOf(node)) {
          this.parents.set(child.id, node);
          index(child);
        }
      };
      index(unit);
      for (const n of unit.nodes as AstNode[])
        if (n.nodeType === 'ContractDefinition') this.contracts.push(n);
    }
  }

  parent(node: AstNode): AstNode | undefined {
    return this.parents.get(node.id);
  }

  /** The nearest enclosing node of one of the given types. */
  enclosing(node: AstNode, ...types: string[]): AstNode | undefined {
    for (let p = this.parent(node); p; p = this.parent(p)) if (types.includes(p.nodeType)) return p;
    return undefined;
  }

  decl(node: AstNode | undefined): AstNode | undefined {
    const id = node?.referencedDeclaration;
    return typeof id === 'number' && id >= 0 ? this.nodes.get(id) : undefined;
  }

  isStateVariable(decl: AstNode | undefined): boolean {
    return decl?.nodeType === 'VariableDeclaration' && decl.stateVariable === true && !isConstant(decl);
  }

  /** Base contracts, most derived first (the contract itself included). */
  linearization(contract: AstNode): AstNode[] {
    return (contract.linearizedBaseContracts as number[]).map((id) => this.nodes.get(id)!).filter(Boolean);
  }

  /** The functions callable on `contract`: its own and inherited ones that no subclass overrides. */
  functionsOf(contract: AstNode): AstNode[] {
    const seen = new Set<string>();
    const out: AstNode[] = [];
    for (const base of this.linearization(contract)) {
      for (const fn of base.nodes as AstNode[]) {
        if (fn.nodeType !== 'FunctionDefinition' || !fn.implemented) continue;
        const key = isConstructor(fn) ? `constructor@${base.id}` : signature(fn);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(fn);
      }
    }
    return out;
  }

  /** Virtual dispatch: the implementation of `fn` that `contract` runs. */
  dispatch(contract: AstNode | undefined, fn: AstNode): AstNode {
    if (!contract || fn.nodeType !== 'FunctionDefinition' || isConstructor(fn)) return fn;
    const owner = this.enclosing(fn, 'ContractDefinition');
    if (owner?.contractKind === 'library') return fn;
    const sig = signature(fn);
    for (const base of this.linearization(contract))
      for (const f of base.nodes as AstNode[])
        if (f.nodeType === 'FunctionDefinition' && f.implemented && !isConstructor(f) && signature(f) === sig)
          return f;
    return fn;
  }

  modifierDefinition(contract: AstNode | undefined, invocation: AstNode): AstNode | undefined {
    const ref = this.decl(invocation.modifierName);
    if (ref?.nodeType !== 'ModifierDefinition') return undefined;
    if (!contract) return ref;
    for (const base of this.linearization(contract))
      for (const m of base.nodes as AstNode[])
        if (m.nodeType === 'ModifierDefinition' && m.name === ref.name) return m;
    return ref;
  }

  text(node: AstNode): SourceText | undefined {
    return this.batch.texts.get(parseSrc(node.src).source);
  }

  location(node: AstNode): SourceLocation {
    const { start, length, source } = parseSrc(node.src);
    const text = this.batch.texts.get(source)!;
    const from = text.position(start);
    const to = text.position(Math.max(start, start + length - 1));
    return {
      file: text.file,
      startLine: from.line,
      startColumn: from.column,
      endLine: to.line,
      endColumn: to.column,
      offset: start,
      length,
    };
  }

  line(node: AstNode): number {
    return this.location(node).startLine;
  }

  /** Source text of a node (for fingerprints and messages). */
  code(node: AstNode): string {
    const { start, length } = parseSrc(node.src);
    return this.text(node)?.slice(start, length) ?? '';
  }

  /** Whether the node lies in one of the files the user asked to scan. */
  isRoot(node: AstNode): boolean {
    return [...this.batch.rootIndex.values()].includes(parseSrc(node.src).source);
  }
}

export function isConstant(decl: AstNode): boolean {
  return decl.constant === true || decl.mutability === 'constant' || decl.mutability === 'immutable';
}

export function isConstructor(fn: AstNode): boolean {
  return fn.kind === 'constructor' || fn.isConstructor === true;
}

/** Fallback and receive functions: called by plain transfers and unknown selectors. */
export function isFallback(fn: AstNode): boolean {
  return (
    fn.kind === 'fallback' ||
    fn.kind === 'receive' ||
    (fn.kind === undefined && fn.name === '' && !isConstructor(fn))
  );
}

/** Callable by anyone through a transaction (constructors excluded). */
export function isEntryPoint(fn: AstNode): boolean {
  if (fn.nodeType !== 'FunctionDefinition' || isConstructor(fn)) return false;
  return fn.visibility === 'public' || fn.visibility === 'external' || isFallback(fn);
}

export function isViewOrPure(fn: AstNode): boolean {
  return (
    fn.stateMutability === 'view' ||
    fn.stateMutability === 'pure' ||
    fn.isDeclaredConst === true ||
    fn.constant === true
  );
}

/** `name(type,...)` with solc's canonical-ish type names. */
export function signature(fn: AstNode): string {
  const params = (fn.parameters?.parameters ?? []) as AstNode[];
  const name = isFallback(fn) ? (fn.kind ?? 'fallback') : fn.name;
  return `${name}(${params.map((p) => cleanType(typeString(p))).join(',')})`;
}

function cleanType(t: string): string {
  return t
    .replace(/ (storage|memory|calldata)( ref| pointer)?/g, '')
    .replace(/^(contract|struct|enum) /, '')
    .replace(/ payable$/, '');
}

/** Display name of a function in messages: `Bank.withdraw(uint256)`. */
export function qualifiedName(program: Program, fn: AstNode): string {
  const owner = program.enclosing(fn, 'ContractDefinition');
  return `${owner?.name ?? '?'}.${fn.nodeType === 'ModifierDefinition' ? fn.name : signature(fn)}`;
}

/** All nodes below, without descending into nested function definitions. */
export function nodesIn(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  walk(node, (n) => {
    out.push(n);
  });
  return out;
}
