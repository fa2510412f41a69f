// Aligned plain-text columns for terminal tables, with optional ANSI colour. Widths are measured on
// the plain text, so colour never shifts a column; trailing spaces are trimmed from every line.

export type Ansi = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan';

const CODES: Record<Ansi, string> = {
  bold: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
};

export interface Cell {
  readonly text: string;
  readonly style?: Ansi;
}

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

export interface GridOptions {
  readonly color?: boolean;
  /** Spaces between columns. */
  readonly gap?: number;
}

/** Code points, so `…` and other single-width characters count once. */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function paint(text: string, style: Ansi | undefined, color: boolean): string {
  return color && style && text !== '' ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

export function renderGrid(
  columns: readonly Column[],
  rows: readonly (readonly (Cell | string)[])[],
  options: GridOptions = {},
): string {
  const color = options.color ?? false;
  const gap = ' '.repeat(options.gap ?? 2);
  const cells = rows.map((row) => columns.map((_, i) => toCell(row[i])));
  const widths = columns.map((col, i) =>
    Math.max(width(col.header), ...cells.map((row) => width(row[i]!.text))),
  );
  const line = (row: readonly Cell[]) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - width(cell.text));
        const text = paint(cell.text, cell.style, color);
        return columns[i]!.align === 'right' ? pad + text : text + pad;
      })
      .join(gap)
      .trimEnd();
  const header = line(columns.map((c) => ({ text: c.header, style: 'bold' as const })));
  return [header, ...cells.map(line)].join('\n');
}

function toCell(cell: Cell | string | undefined): Cell {
  if (cell === undefined) return { text: '' };
  return typeof cell === 'string' ? { text: cell } : cell;
}
