// What the layout model needs from solc's AST: nodes by id (contracts, structs, enums, user-defined
// value types) with the source unit each lives in, over one or several source units.

export interface AstNode {
  readonly id: number;
  readonly nodeType: string;
  readonly src?: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

export interface IndexedNode {
  readonly node: AstNode;
  /** Source unit name (the build-info key, e.g. `src/Token.sol`). */
  readonly unit: string;
  /** The enclosing contract, when the node is declared inside one. */
  readonly scope?: AstNode;
}

/** The node kinds a layout refers to by id (variables: the state variables of contracts). */
const KINDS = new Set([
  'ContractDefinition',
  'VariableDeclaration',
  'StructDefinition',
  'EnumDefinition',
  'UserDefinedValueTypeDefinition',
]);

export class AstIndex {
  private readonly nodes = new Map<number, IndexedNode>();

  /** Adds a SourceUnit node; its `absolutePath` names the unit unless `unit` is given. */
  add(sourceUnit: unknown, unit?: string): void {
    const root = sourceUnit as AstNode | null;
    if (!root || typeof root !== 'object') return;
    const name = unit ?? (root.absolutePath as string | undefined) ?? '';
    const visit = (node: AstNode, scope: AstNode | undefined): void => {
      if (KINDS.has(node.nodeType)) this.nodes.set(node.id, { node, unit: name, scope });
      const inner = node.nodeType === 'ContractDefinition' ? node : scope;
      for (const child of (node.nodes as AstNode[] | undefined) ?? []) visit(child, inner);
    };
    visit(root, undefined);
  }

  get(id: number): IndexedNode | undefined {
    return this.nodes.get(id);
  }

  has(id: number): boolean {
    return this.nodes.has(id);
  }

  /** Every indexed node of one kind. */
  all(nodeType: string): IndexedNode[] {
    return [...this.nodes.values()].filter((n) => n.node.nodeType === nodeType);
  }
}

/** The AST id at the end of a solc type id: `t_enum(Color)12` -> 12, `t_struct(S)34_storage` -> 34. */
export function typeNodeId(typeId: string): number | undefined {
  const m = /^t_(?:enum|userDefinedValueType|struct|contract)\([^)]*\)(\d+)/.exec(typeId);
  return m ? Number(m[1]) : undefined;
}

/** Byte range [start, end) of a node in its source (solc's `src` is "start:length:file", in bytes). */
export function srcRange(node: AstNode): [number, number] | undefined {
  const parts = node.src?.split(':');
  if (!parts || parts.length < 2) return undefined;
  const start = Number(parts[0]);
  return [start, start + Number(parts[1])];
}
