// The source lines under a location with a caret underline, as rustc and forge print them:
//    |
// 24 |     if (!msg.sender.call.value(x)()) {
//    |          ^^^^^^^^^^^^^^^^^^^^^^^^^^
import type { SourceLocation } from '../finding.js';

/** Longest span shown; a longer one ends with a `...` line. */
const MAX_LINES = 4;

/** Tabs become four spaces so the carets stay under the characters they mark. */
function expand(line: string): { text: string; column: (c: number) => number } {
  const cols: number[] = [];
  let text = '';
  for (const ch of line) {
    cols.push(text.length);
    text += ch === '\t' ? '    ' : ch;
  }
  cols.push(text.length);
  return { text, column: (c) => cols[Math.min(Math.max(c - 1, 0), cols.length - 1)]! };
}

export function sourceExcerpt(source: string, loc: SourceLocation): string[] {
  const lines = source.split(/\r?\n/);
  if (loc.startLine < 1 || loc.startLine > lines.length) return [];
  const last = Math.min(loc.endLine, lines.length, loc.startLine + MAX_LINES - 1);
  const width = String(last).length;
  const gutter = ' '.repeat(width);
  const out = [`${gutter} |`];
  for (let n = loc.startLine; n <= last; n++) {
    const { text, column } = expand(lines[n - 1]!);
    const trimmed = text.trimEnd();
    out.push(`${String(n).padStart(width)} | ${trimmed}`);
    // Underline from the start column (first line) or the first non-blank (later lines) to the
    // end column (last line) or the end of the line.
    const from = n === loc.startLine ? column(loc.startColumn) : trimmed.length - trimmed.trimStart().length;
    const to = n === loc.endLine ? column(loc.endColumn + 1) : trimmed.length;
    const marks = Math.max(1, Math.min(to, trimmed.length) - from);
    out.push(`${gutter} | ${' '.repeat(from)}${'^'.repeat(marks)}`);
  }
  if (last < loc.endLine) out.push(`${gutter} | ...`);
  return out;
}
