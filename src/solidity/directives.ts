// The two directives the build needs before compiling: `import` paths (the dependency graph) and
// `pragma solidity` ranges (the compiler choice). Comments are blanked first so commented-out imports
// do not count; string literals are left intact because import paths are strings.

export interface Directives {
  imports: string[];
  /** The text after `pragma solidity`, one entry per pragma (a file may have several). */
  pragmas: string[];
}

export function scanDirectives(source: string): Directives {
  const code = blankComments(source);
  const imports: string[] = [];
  const pragmas: string[] = [];
  // `import "p"`, `import "p" as X`, `import * as X from "p"`, `import {A, B as C} from "p"`.
  const importRe = /(?:^|[;}\s])import\s*(?:(["'])(.*?)\1|[^;"']*?\bfrom\s*(["'])(.*?)\3)/g;
  for (const m of code.matchAll(importRe)) imports.push(m[2] ?? m[4]!);
  for (const m of code.matchAll(/(?:^|[;}\s])pragma\s+solidity\s+([^;]+);/g)) pragmas.push(m[1]!.trim());
  return { imports, pragmas };
}

/** Replaces `//` and block comments by spaces (keeping offsets and newlines), skipping strings. */
export function blankComments(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c && s[j] !== '\n') j += s[j] === '\\' ? 2 : 1;
      out += s.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && s[i + 1] === '/') {
      let j = i;
      while (j < s.length && s[j] !== '\n') j++;
      out += ' '.repeat(j - i);
      i = j;
    } else if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      const j = end < 0 ? s.length : end + 2;
      out += s.slice(i, j).replace(/[^\n]/g, ' ');
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
