// foundry.toml's fuzz and invariant settings, read as forge reads them: `[profile.<name>.fuzz]` over
// `[profile.default.fuzz]` over a top-level `[fuzz]` table (the same for `invariant`). Command-line
// flags win over all of them; tdk's defaults fill what none sets.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { TestRunError } from './errors.js';

export interface FuzzSettings {
  readonly runs?: number;
  readonly seed?: bigint;
}

export interface InvariantSettings {
  readonly runs?: number;
  readonly depth?: number;
  readonly failOnRevert?: boolean;
}

export interface TestSettings {
  readonly fuzz: FuzzSettings;
  readonly invariant: InvariantSettings;
}

const HINT = 'see docs/testing-fuzz.md for the [fuzz] and [invariant] keys tdk reads';
const MAX_RUNS = 1_000_000;

type Table = Record<string, unknown>;

function table(v: unknown): Table {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {};
}

/** The fuzz and invariant tables of the active profile, merged key by key. */
export function readTestSettings(root: string, profile: string): TestSettings {
  const path = join(root, 'foundry.toml');
  if (!existsSync(path)) return { fuzz: {}, invariant: {} };
  let doc: Table;
  try {
    doc = parseToml(readFileSync(path, 'utf8')) as Table;
  } catch {
    // The build reports a malformed foundry.toml with its line; nothing to add here.
    return { fuzz: {}, invariant: {} };
  }
  const profiles = table(doc.profile);
  const merged = (section: 'fuzz' | 'invariant'): Table => ({
    ...table(doc[section]),
    ...table(table(profiles.default)[section]),
    ...(profile === 'default' ? {} : table(table(profiles[profile])[section])),
  });
  const where = (section: string, key: string) => `foundry.toml [profile.${profile}.${section}] ${key}`;
  const count = (section: string, t: Table, key: string, max: number): number | undefined => {
    const v = t[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)
      throw new TestRunError(
        `${where(section, key)} must be an integer from 1 to ${max}`,
        'TDK_TEST_OPTIONS',
        HINT,
      );
    return v;
  };
  const fuzz = merged('fuzz');
  const invariant = merged('invariant');
  let seed: bigint | undefined;
  if (fuzz.seed !== undefined) {
    const s = fuzz.seed;
    try {
      if (typeof s !== 'string' && typeof s !== 'number') throw new Error();
      seed = BigInt(s);
      if (seed < 0n || seed >= 1n << 256n) throw new Error();
    } catch {
      throw new TestRunError(
        `${where('fuzz', 'seed')} must be a hex or decimal uint256 such as "0x1"`,
        'TDK_TEST_OPTIONS',
        HINT,
      );
    }
  }
  const failOnRevert = invariant.fail_on_revert;
  if (failOnRevert !== undefined && typeof failOnRevert !== 'boolean')
    throw new TestRunError(
      `${where('invariant', 'fail_on_revert')} must be true or false`,
      'TDK_TEST_OPTIONS',
      HINT,
    );
  return {
    fuzz: { runs: count('fuzz', fuzz, 'runs', MAX_RUNS), seed },
    invariant: {
      runs: count('invariant', invariant, 'runs', MAX_RUNS),
      depth: count('invariant', invariant, 'depth', 100_000),
      failOnRevert,
    },
  };
}
