// Compiler errors and warnings as tdk reports them: `path:line:col: error[code]: message`, then the
// source line with a caret under the span, as solc and forge print them.

export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  /** solc's kind: ParserError, TypeError, DeclarationError, Warning, ... */
  type: string;
  /** solc's numeric error code (0.7.2 and later); absent for older compilers. */
  code?: string;
  message: string;
  /** Source unit name, with 1-based line and column of the span's start. */
  file?: string;
  line?: number;
  column?: number;
  /** The source line and how many characters of it the span covers. */
  sourceLine?: string;
  length?: number;
}

export interface SolcError {
  severity: string;
  type: string;
  errorCode?: string;
  message: string;
  formattedMessage?: string;
  sourceLocation?: { file: string; start: number; end: number };
}

/** Converts solc's errors; `content` supplies the text of a source unit to locate byte offsets. */
export function toDiagnostics(
  errors: readonly SolcError[],
  content: (file: string) => string | undefined,
): Diagnostic[] {
  return errors.map((e) => {
    const severity = e.severity === 'error' || e.severity === 'warning' ? e.severity : 'info';
    const d: Diagnostic = { severity, type: e.type, message: e.message.trim() };
    if (e.errorCode) d.code = e.errorCode;
    const loc = e.sourceLocation;
    if (loc?.file) {
      d.file = loc.file;
      const text = content(loc.file);
      if (text !== undefined && loc.start >= 0) Object.assign(d, locate(text, loc.start, loc.end));
    }
    return d;
  });
}

/** solc offsets count UTF-8 bytes; lines and columns here count characters. */
function locate(text: string, start: number, end: number) {
  const bytes = Buffer.from(text, 'utf8');
  const before = bytes.subarray(0, start).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const column = before.length - lineStart + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  const sourceLine = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  const span = bytes.subarray(start, Math.max(start, end)).toString('utf8').length;
  const length = Math.max(1, Math.min(span, sourceLine.length - column + 1));
  return { line, column, sourceLine, length };
}

/** The printed form; `displayPath` lets the CLI show paths relative to the working folder. */
export function formatDiagnostic(d: Diagnostic, displayPath: (file: string) => string = (f) => f): string {
  const where = d.file ? `${displayPath(d.file)}${d.line ? `:${d.line}:${d.column}` : ''}: ` : '';
  let out = `${where}${d.severity}${d.code ? `[${d.code}]` : ''}: ${d.message}\n`;
  if (d.sourceLine !== undefined && d.line !== undefined && d.column !== undefined) {
    const gutter = String(d.line);
    const pad = ' '.repeat(gutter.length);
    // Keep tabs so the caret lines up under tab-indented code.
    const lead = d.sourceLine.slice(0, d.column - 1).replace(/[^\t]/g, ' ');
    out += `${pad} |\n${gutter} | ${d.sourceLine}\n${pad} | ${lead}${'^'.repeat(d.length ?? 1)}\n`;
  }
  return out;
}
