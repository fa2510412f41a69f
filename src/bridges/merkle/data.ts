// Leaf data from files: CSV (RFC 4180 quoting, an optional header row) or a JSON array of rows,
// typed for a StandardMerkleTree. Shared by `tdk merkle` and the worker's file jobs.
import { readFileSync } from 'node:fs';
import { checkTypes } from './encode.js';
import { MerkleError } from './errors.js';
import { type LeafValue, StandardMerkleTree } from './standard-tree.js';

export function inputError(message: string, hint?: string): MerkleError {
  return new MerkleError(message, 'TDK_MERKLE_INPUT', hint);
}

export function parseTypes(s: string): string[] {
  const types = s
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  checkTypes(types);
  return types;
}

/** A CSV cell as a leaf value of `type` (booleans become booleans; the rest stay strings). */
export function cell(raw: string, type: string): unknown {
  const v = raw.trim();
  if (type === 'bool') {
    const l = v.toLowerCase();
    if (l === 'true' || l === '1') return true;
    if (l === 'false' || l === '0') return false;
  }
  return v;
}

/** Splits CSV text into rows of fields (RFC 4180 quoting), with each row's 1-based line number. */
export function parseCsv(text: string): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw inputError(`line ${startLine}: unterminated quoted field`);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] !== ' ' && text[i] !== '\t')
            throw inputError(`line ${line}: text after a closing quote`);
          i++;
        }
      } else {
        const start = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        field = text.slice(start, i);
      }
      row.push(field);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    if (!(row.length === 1 && row[0]!.trim() === '')) {
      rows.push(row);
      lines.push(startLine);
    }
  }
  return { rows, lines };
}

/** Reads a data file: leaf values plus a function naming row r for messages. */
export function readData(
  file: string,
  types: string[],
  header?: boolean,
): { values: LeafValue[]; where: (row: number) => string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw inputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw inputError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(data)) throw inputError(`${file}: expected a JSON array of arrays`);
    data.forEach((row, r) => {
      if (!Array.isArray(row)) throw inputError(`${file}: element ${r} is not an array`);
    });
    return { values: data as LeafValue[], where: (r) => `element ${r}` };
  }
  const { rows, lines } = parseCsv(text);
  let skip = 0;
  if (header ?? (rows.length > 0 && looksLikeHeader(rows[0]!, types))) skip = 1;
  const values = rows.slice(skip).map((row) => row.map((c, k) => cell(c, types[k] ?? '')));
  return { values, where: (r) => `line ${lines[r + skip]}` };
}

/** A first row is a header if it does not encode but every cell looks like a name. */
function looksLikeHeader(row: string[], types: string[]): boolean {
  if (!row.every((c) => /^\s*[A-Za-z_][\w .()-]*\s*$/.test(c))) return false;
  try {
    StandardMerkleTree.of([row.map((c, k) => cell(c, types[k] ?? ''))], types);
    return false;
  } catch {
    return true;
  }
}
