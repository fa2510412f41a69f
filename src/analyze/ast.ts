// solc's JSON AST (the compact form of 0.4.13 and later) as tdk's analyser reads it, plus the source
// text that turns solc's byte offsets into lines. The AST is schemaless JSON, so nodes are read
// loosely; every field access that matters is wrapped in a helper below.

/** One node of solc's compact AST. */
export type AstNode = {
  readonly nodeType: string;
  readonly id: number;
  readonly src: string;
  // biome-ignore lint/suspicious/noExplicitAny: solc's AST is JSON whose shape varies by node type and version
  [key: string]: any;
};

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).nodeType === 'string';
}

/** The direct child nodes, in source order. */
export function childrenOf(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (const key in node) {
    if (key === 'typeDescriptions' || key === 'documentation') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) out.push(v);
    } else if (isNode(value)) out.push(value);
  }
  return out.sort((a, b) => srcStart(a) - srcStart(b));
}

/** Pre-order walk; return false from `visit` to skip a node's children. */
export function walk(node: AstNode, visit: (node: AstNode) => unknown): void {
  if (visit(node) === false) return;
  for (const child of childrenOf(node)) walk(child, visit);
}

/** Every node under `node` (itself included) that satisfies `pred`. */
export function findAll(node: AstNode, pred: (n: AstNode) => boolean): AstNode[] {
  const out: AstNode[] = [];
  walk(node, (n) => {
    if (pred(n)) out.push(n);
  });
  return out;
}

export function srcStart(node: AstNode): number {
  return Number.parseInt(node.src, 10);
}

export function parseSrc(src: string): { start: number; length: number; source: number } {
  const [start, length, source] = src.split(':').map((s) => Number.parseInt(s, 10));
  return { start: start!, length: length!, source: source! };
}

export function typeString(node: AstNode | undefined): string {
  return (node?.typeDescriptions?.typeString as string | undefined) ?? '';
}

/** A source file's text with its line table; solc's offsets count UTF-8 bytes. */
export class SourceText {
  readonly bytes: Buffer;
  private readonly lineStarts: number[] = [0];

  constructor(
    /** The path findings show (as the user gave it). */
    readonly file: string,
    text: string,
  ) {
    this.bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] === 10) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of a byte offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  slice(start: number, length: number): string {
    return this.bytes.subarray(start, start + length).toString('utf8');
  }
}
