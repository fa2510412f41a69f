// Inline suppression, a directive the user writes in a comment:
//   // tdk-disable-next-line reentrancy-eth, tx-origin   (the line after the comment)
//   foo(); // tdk-disable-line                           (this line; no id = every detector)
// A finding is suppressed when a directive targets a line of its primary span. Only this module
// reads comments; detectors never do.
import type { Finding } from './finding.js';

export interface Directive {
  /** Line of the comment (1-based). */
  readonly line: number;
  /** Line it silences. */
  readonly target: number;
  /** Detector ids, or every detector. */
  readonly detectors: readonly string[] | 'all';
  /** The directive as written, for reports. */
  readonly text: string;
}

export interface Suppressed {
  readonly finding: Finding;
  readonly directive: string;
}

const DIRECTIVE = /\btdk-disable-(next-line|line)\b([^\n]*)/;

interface Comment {
  readonly line: number;
  readonly text: string;
}

/** The comments of a Solidity source, skipping string literals so `"// x"` is not one. */
export function comments(source: string): Comment[] {
  const out: Comment[] = [];
  let line = 1;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < n && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out.push({ line, text: source.slice(i + 2, stop) });
      i = stop;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out.push({ line, text: source.slice(i + 2, end < 0 ? n : end) });
      for (let k = i; k < stop; k++) if (source[k] === '\n') line++;
      i = stop;
    } else {
      i++;
    }
  }
  return out;
}

export function parseDirectives(source: string): Directive[] {
  const out: Directive[] = [];
  for (const c of comments(source)) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    // Ids run up to an optional `--` reason.
    const list = m[2]!.split('--')[0]!.trim();
    const ids = list === '' ? [] : list.split(/[\s,]+/).filter((s) => s !== '');
    out.push({
      line: c.line,
      target: m[1] === 'next-line' ? c.line + 1 : c.line,
      detectors: ids.length === 0 ? 'all' : ids,
      text: `tdk-disable-${m[1]}${ids.length > 0 ? ` ${ids.join(', ')}` : ''}`,
    });
  }
  return out;
}

export function suppressingDirective(f: Finding, directives: readonly Directive[]): Directive | undefined {
  return directives.find(
    (d) =>
      d.target >= f.location.startLine &&
      d.target <= f.location.endLine &&
      (d.detectors === 'all' || d.detectors.includes(f.detector)),
  );
}

/** Splits findings into kept and suppressed; `sourceOf` gives a file's text (undefined: unreadable). */
export function applySuppressions(
  findings: readonly Finding[],
  sourceOf: (file: string) => string | undefined,
): { kept: Finding[]; suppressed: Suppressed[]; directives: Map<string, Directive[]> } {
  const directives = new Map<string, Directive[]>();
  const kept: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const f of findings) {
    const file = f.location.file;
    let ds = directives.get(file);
    if (ds === undefined) {
      const source = sourceOf(file);
      ds = source === undefined ? [] : parseDirectives(source);
      directives.set(file, ds);
    }
    const d = suppressingDirective(f, ds);
    if (d) suppressed.push({ finding: f, directive: `${d.text} (${file}:${d.line})` });
    else kept.push(f);
  }
  return { kept, suppressed, directives };
}
