// Scan settings a project keeps in a file: `tdk.scan.toml` (keys at the top level) or a `[scan]`
// table in foundry.toml. Unknown keys and wrong types are errors, so a typo never silently turns a
// check off.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { EvmError } from '../evm/errors.js';
import { SEVERITIES, type Severity } from './finding.js';

export const CONFIG_FILE = 'tdk.scan.toml';

export interface ScanConfig {
  /** Where it came from (`tdk.scan.toml`, `foundry.toml [scan]`), or undefined when none was found. */
  readonly source?: string;
  /** Run only these detectors. */
  readonly detectors?: readonly string[];
  readonly excludeDetectors: readonly string[];
  /** Globs over the scanned paths (`lib/**`, `test/**\/*.t.sol`); matching files are not reported. */
  readonly excludePaths: readonly string[];
  /** Findings below this severity are dropped. */
  readonly minSeverity: Severity;
  readonly failOn?: Severity | 'none';
}

export class ScanConfigError extends EvmError {
  constructor(message: string, hint = 'see docs/scan.md for the keys tdk scan reads') {
    super(message, 'TDK_SCAN_CONFIG', hint);
  }
}

const KEYS = ['detectors', 'exclude_detectors', 'exclude_paths', 'min_severity', 'fail_on'] as const;

export const DEFAULT_CONFIG: ScanConfig = {
  excludeDetectors: [],
  excludePaths: [],
  minSeverity: 'informational',
};

/** `explicit` (from --config) wins; otherwise tdk.scan.toml, then foundry.toml's [scan], in `root`. */
export function loadScanConfig(root: string, explicit?: string): ScanConfig {
  if (explicit !== undefined) {
    if (!existsSync(explicit))
      throw new ScanConfigError(
        `${explicit}: no such config file`,
        'give a tdk.scan.toml or a foundry.toml with [scan]',
      );
    const isFoundry = basename(explicit) === 'foundry.toml';
    return readConfig(explicit, isFoundry ? `${explicit} [scan]` : explicit, isFoundry);
  }
  const own = join(root, CONFIG_FILE);
  if (existsSync(own)) return readConfig(own, CONFIG_FILE, false);
  const foundry = join(root, 'foundry.toml');
  if (existsSync(foundry)) return readConfig(foundry, 'foundry.toml [scan]', true);
  return DEFAULT_CONFIG;
}

function readConfig(path: string, label: string, scanTable: boolean): ScanConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ScanConfigError(`${path}: ${(err as Error).message.split('\n')[0]}`, 'fix the TOML syntax');
  }
  let table: Record<string, unknown> = doc;
  if (scanTable) {
    if (doc.scan === undefined) return DEFAULT_CONFIG;
    if (!isTable(doc.scan)) throw new ScanConfigError(`${label}: \`scan\` must be a table`);
    table = doc.scan;
  }
  return parseConfig(table, label);
}

/** Validates a parsed table (exported for tests and for callers holding TOML already parsed). */
export function parseConfig(table: Record<string, unknown>, label: string): ScanConfig {
  for (const key of Object.keys(table)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const near = KEYS.find((k) => k.replace(/_/g, '') === key.replace(/[-_]/g, '').toLowerCase());
      throw new ScanConfigError(
        `${label}: unknown key \`${key}\``,
        near ? `did you mean \`${near}\`?` : `known keys: ${KEYS.join(', ')}`,
      );
    }
  }
  const list = (key: string): string[] | undefined => {
    const v = table[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s !== ''))
      throw new ScanConfigError(`${label}: \`${key}\` must be an array of strings`, `e.g. ${key} = ["…"]`);
    return v as string[];
  };
  const severity = (key: string, extra: readonly string[] = []): string | undefined => {
    const v = table[key];
    if (v === undefined) return undefined;
    const allowed = [...SEVERITIES, ...extra];
    if (typeof v !== 'string' || !allowed.includes(v))
      throw new ScanConfigError(`${label}: \`${key}\` must be one of ${allowed.join(', ')}`);
    return v;
  };
  const detectors = list('detectors');
  const failOn = severity('fail_on', ['none']) as Severity | 'none' | undefined;
  return {
    source: label,
    ...(detectors ? { detectors } : {}),
    excludeDetectors: list('exclude_detectors') ?? [],
    excludePaths: list('exclude_paths') ?? [],
    minSeverity: (severity('min_severity') as Severity | undefined) ?? 'informational',
    ...(failOn ? { failOn } : {}),
  };
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A glob as a RegExp over POSIX paths: `**` crosses folders, `*` and `?` do not, `{a,b}` alternates.
 * A pattern without a slash matches a file or folder name anywhere (`*.t.sol`, `mocks`), as
 * .gitignore does; a pattern naming a folder covers what is under it.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      i += 2;
      if (glob[i] === '/') {
        re += '(?:.*/)?';
        i++;
      } else re += '.*';
      continue;
    }
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((a) => a.replace(/[.+^${}()|[\]\\*?]/g, '\\$&'))
          .join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    i++;
  }
  // A match may also be a folder: everything under it is excluded.
  const anchored = glob.includes('/') ? `^(?:\\./)?${re}(?:/.*)?$` : `(?:^|/)${re}(?:/.*)?$`;
  return new RegExp(anchored);
}

export function pathExcluded(file: string, globs: readonly string[]): boolean {
  const posix = file.replace(/\\/g, '/');
  return globs.some((g) => globToRegExp(g.replace(/\/$/, '/**')).test(posix));
}
