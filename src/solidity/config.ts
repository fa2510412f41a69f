// Project configuration: foundry.toml (`[profile.default]` overlaid by the FOUNDRY_PROFILE profile),
// remappings.txt and automatic remappings, with Foundry's defaults when a key or the file is absent.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import semver from 'semver';
import { parse as parseToml, TomlError } from 'smol-toml';
import { SolidityError } from './errors.js';
import { EVM_VERSIONS } from './evm-versions.js';
import {
  dedupeRemappings,
  libRemappings,
  nodeModulesDirs,
  parseRemapping,
  type Remapping,
} from './remappings.js';

export interface ProjectConfig {
  /** Absolute project root (the folder of foundry.toml). */
  root: string;
  profile: string;
  /** Folders relative to root. Every .sol file under src, test and script is compiled. */
  src: string;
  test: string;
  script: string;
  out: string;
  cachePath: string;
  libs: string[];
  /** foundry.toml, then remappings.txt, then one per lib folder; earlier wins on the same prefix. */
  remappings: Remapping[];
  /** node_modules folders searched for packages an import names (nearest first); empty when off. */
  nodeModules: string[];
  /** A pinned compiler version (foundry.toml `solc` / `solc_version`); otherwise picked per pragma. */
  solc?: string;
  optimizer: boolean;
  optimizerRuns: number;
  /** tdk's EVM runs Cancun, so that is the default target (clamped to what an old compiler knows). */
  evmVersion: string;
  viaIR: boolean;
}

export interface ConfigOptions {
  /** Defaults to FOUNDRY_PROFILE, then "default". */
  profile?: string;
}

const CONFIG_HINT = 'see docs/build.md for the foundry.toml keys tdk reads';

export function loadProjectConfig(root: string, opts: ConfigOptions = {}): ProjectConfig {
  root = resolve(root);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SolidityError(`project root ${root} is not a folder`, 'TDK_CONFIG', 'check --root');
  }
  const profile = opts.profile ?? process.env.FOUNDRY_PROFILE ?? 'default';
  const table = readProfile(root, profile);
  const file = `foundry.toml [profile.${profile}]`;
  const get = <T>(key: string, check: (v: unknown) => v is T, what: string): T | undefined => {
    const v = table[key];
    if (v === undefined) return undefined;
    if (!check(v)) throw new SolidityError(`${file}: ${key} must be ${what}`, 'TDK_CONFIG', CONFIG_HINT);
    return v;
  };
  const src = get('src', isString, 'a string') ?? 'src';
  const libs = get('libs', isStringArray, 'an array of strings') ?? ['lib'];
  const solc = get('solc', isString, 'a version string') ?? get('solc_version', isString, 'a version string');
  if (solc !== undefined && !semver.valid(solc)) {
    throw new SolidityError(
      `${file}: solc = "${solc}" is not a version`,
      'TDK_CONFIG',
      'pin an exact version such as "0.8.37", or remove the key to pick per pragma',
    );
  }
  const runs = get('optimizer_runs', isNonNegativeInteger, 'a non-negative integer') ?? 200;
  const evmVersion = get('evm_version', isString, 'a string') ?? 'cancun';
  if (!EVM_VERSIONS.some((e) => e.name === evmVersion)) {
    throw new SolidityError(
      `${file}: unknown evm_version "${evmVersion}"`,
      'TDK_CONFIG',
      `one of ${EVM_VERSIONS.map((e) => e.name).join(', ')}`,
    );
  }
  const autoDetect = get('auto_detect_remappings', isBoolean, 'true or false') ?? true;
  const tomlRemappings = (get('remappings', isStringArray, 'an array of strings') ?? []).map((r) =>
    remapping(r, file),
  );
  const remappings = dedupeRemappings([
    ...tomlRemappings,
    ...readRemappingsTxt(root),
    ...(autoDetect ? libRemappings(root, libs) : []),
  ]);
  return {
    root,
    profile,
    src,
    test: get('test', isString, 'a string') ?? 'test',
    script: get('script', isString, 'a string') ?? 'script',
    out: get('out', isString, 'a string') ?? 'out',
    cachePath: get('cache_path', isString, 'a string') ?? 'cache',
    libs,
    remappings,
    nodeModules: autoDetect ? nodeModulesDirs(root) : [],
    solc,
    optimizer: get('optimizer', isBoolean, 'true or false') ?? false,
    optimizerRuns: runs,
    evmVersion,
    viaIR: get('via_ir', isBoolean, 'true or false') ?? false,
  };
}

/** The nearest folder at or above `start` holding foundry.toml, else `start` itself. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'foundry.toml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/** `[profile.default]` with the selected profile's keys on top (Foundry's inheritance rule). */
function readProfile(root: string, profile: string): Record<string, unknown> {
  const path = join(root, 'foundry.toml');
  if (!existsSync(path)) {
    if (profile === 'default') return {};
    throw new SolidityError(
      `FOUNDRY_PROFILE=${profile} but ${root} has no foundry.toml`,
      'TDK_CONFIG',
      'unset FOUNDRY_PROFILE or add the profile to foundry.toml',
    );
  }
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(readFileSync(path, 'utf8'));
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    throw new SolidityError(
      `foundry.toml:${err.line}:${err.column}: ${err.message.split('\n')[0]}`,
      'TDK_CONFIG',
      'fix the TOML syntax (https://toml.io)',
    );
  }
  const profiles = isTable(doc.profile) ? doc.profile : {};
  const base = isTable(profiles.default) ? profiles.default : {};
  if (profile === 'default') return base;
  const selected = profiles[profile];
  if (!isTable(selected)) {
    throw new SolidityError(
      `FOUNDRY_PROFILE=${profile}: foundry.toml has no [profile.${profile}]`,
      'TDK_CONFIG',
      `profiles defined: ${Object.keys(profiles).join(', ') || 'none'}`,
    );
  }
  return { ...base, ...selected };
}

function readRemappingsTxt(root: string): Remapping[] {
  const path = join(root, 'remappings.txt');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l, i) => remapping(l, `remappings.txt:${i + 1}`));
}

function remapping(text: string, where: string): Remapping {
  const r = parseRemapping(text);
  if (!r) {
    throw new SolidityError(
      `${where}: "${text}" is not a remapping`,
      'TDK_CONFIG',
      'write remappings as prefix=target, e.g. @openzeppelin/=node_modules/@openzeppelin/',
    );
  }
  return r;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isNonNegativeInteger = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isTable = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
