// Compiling the files of a scan for their ASTs: each file gets the newest bundled solc its pragma
// accepts; files sharing a compiler go to solc in one run (one process, compilers loaded once), and
// when that run fails each file is retried alone so one broken file never hides the others.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import semver from 'semver';
import { bundledVersions, loadCompiler, pragmaRange } from '../solidity/compilers.js';
import { type LegacyNode, legacyToCompact } from '../solidity/legacy-ast.js';
import { formatRemapping, nodeModulesDirs, type Remapping } from '../solidity/remappings.js';
import { type AstNode, SourceText } from './ast.js';

/** One file to compile: the path shown in findings and the unit name solc knows it by. */
export interface ScanInput {
  readonly display: string;
  readonly unit: string;
  readonly text: string;
}

export interface CompileContext {
  /** Folder that unit names are relative to. */
  readonly base: string;
  readonly remappings: readonly Remapping[];
  /** Extra folders searched for imports (lib folders of a project). */
  readonly includePaths: readonly string[];
}

/** One solc run's result: the ASTs of the roots and of everything they import. */
export interface CompiledBatch {
  readonly version: string;
  /** Set when the file's pragma could not be honoured exactly (a pinned solc tdk does not ship). */
  readonly note?: string;
  readonly roots: readonly ScanInput[];
  /** Source units by solc's source index. */
  readonly units: ReadonlyMap<number, AstNode>;
  readonly texts: ReadonlyMap<number, SourceText>;
  /** Source index of each root's unit name. */
  readonly rootIndex: ReadonlyMap<string, number>;
}

export interface CompileFailure {
  readonly file: string;
  readonly message: string;
  /** solc's formattedMessage(s) */
  readonly formatted: string;
}

interface SolcError {
  severity: string;
  message: string;
  formattedMessage?: string;
  sourceLocation?: { file: string };
}

interface SolcAstOutput {
  errors?: SolcError[];
  sources?: Record<string, { id: number; ast?: AstNode }>;
}

interface Plan {
  version: string;
  note?: string;
  /** Replace the pragma with blanks (same length, offsets unchanged) so solc accepts its own version. */
  blankPragma: boolean;
  /** solc 0.4.9: legacy API and legacy AST, adapted to the compact shape. */
  legacy?: boolean;
}

const LEGACY_VERSION = '0.4.9';
const require = createRequire(import.meta.url);

const PRAGMA = /pragma\s+solidity\s+([^;]+);/g;

/** Comments blanked to spaces (lengths kept), so a commented-out pragma is not read as one. */
export function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) =>
    m.startsWith('/') ? m.replace(/[^\n]/g, ' ') : m,
  );
}

/** The compiler for one file, or why there is none. */
export function planFor(input: ScanInput): Plan | { error: string } {
  const code = withoutComments(input.text);
  const ranges: string[] = [];
  for (const m of code.matchAll(PRAGMA)) {
    try {
      ranges.push(pragmaRange(input.display, m[1]!.trim()));
    } catch (err) {
      return { error: (err as Error).message };
    }
  }
  const versions = bundledVersions();
  const fit = versions.find((v) => ranges.every((r) => semver.satisfies(v, r)));
  if (fit) return { version: fit, blankPragma: false };
  // tdk also ships solc 0.4.9 (legacy output only) for files no newer bundled compiler accepts
  if (ranges.length > 0 && ranges.every((r) => semver.satisfies(LEGACY_VERSION, r)))
    return { version: LEGACY_VERSION, blankPragma: false, legacy: true };
  const shown = [...code.matchAll(PRAGMA)].map((m) => `pragma solidity ${m[1]!.trim()}`).join(', ');
  // An exact pin of a patch release tdk does not ship: the newest bundled release of the same minor
  // line parses the same language. Slither would download the pinned compiler (solc-select); tdk
  // never downloads, so it says which compiler it used instead.
  const pins = ranges.map((r) => semver.minVersion(r)).filter((v): v is semver.SemVer => v !== null);
  if (ranges.length === 1 && pins.length === 1 && semver.valid(ranges[0]!)) {
    const pin = pins[0]!;
    const sibling = versions.find((v) => semver.major(v) === pin.major && semver.minor(v) === pin.minor);
    if (sibling)
      return {
        version: sibling,
        blankPragma: true,
        note: `${shown} pins a solc release tdk does not scan with; analysed with solc ${sibling}`,
      };
  }
  return { error: `no bundled solc satisfies ${shown} (bundled: ${versions.join(', ')})` };
}

function blankPragmas(text: string): string {
  const code = withoutComments(text);
  let out = text;
  for (const m of code.matchAll(PRAGMA)) {
    out = out.slice(0, m.index) + ' '.repeat(m[0].length) + out.slice(m.index! + m[0].length);
  }
  return out;
}

/** Compiles the inputs; calls `onFile` as each file's compilation is settled. */
export function compileAll(
  inputs: readonly ScanInput[],
  ctx: CompileContext,
  onFile?: (input: ScanInput) => void,
): { batches: CompiledBatch[]; failures: CompileFailure[] } {
  const batches: CompiledBatch[] = [];
  const failures: CompileFailure[] = [];
  const groups = new Map<string, { plan: Plan; inputs: ScanInput[] }>();
  for (const input of inputs) {
    const plan = planFor(input);
    if ('error' in plan) {
      failures.push({ file: input.display, message: plan.error, formatted: plan.error });
      onFile?.(input);
      continue;
    }
    // A file whose pragma is rewritten compiles alone: its siblings keep their own text.
    const key = plan.blankPragma || plan.legacy ? `${plan.version}:${input.unit}` : plan.version;
    const group = groups.get(key) ?? { plan, inputs: [] };
    group.inputs.push(input);
    groups.set(key, group);
  }
  for (const { plan, inputs: group } of groups.values()) {
    const whole = runSolc(plan, group, ctx);
    if (!('errors' in whole)) {
      batches.push(whole);
      for (const i of group) onFile?.(i);
      continue;
    }
    if (group.length === 1) {
      failures.push(failureOf(group[0]!, whole.errors, plan.note));
      onFile?.(group[0]!);
      continue;
    }
    for (const input of group) {
      const alone = runSolc(plan, [input], ctx);
      if ('errors' in alone) failures.push(failureOf(input, alone.errors, plan.note));
      else batches.push(alone);
      onFile?.(input);
    }
  }
  return { batches, failures };
}

function failureOf(input: ScanInput, errors: SolcError[], note?: string): CompileFailure {
  const first = errors[0]!;
  return {
    file: input.display,
    message: note ? `${first.message} (${note})` : first.message,
    formatted: errors.map((e) => (e.formattedMessage ?? e.message).trimEnd()).join('\n'),
  };
}

interface LegacyOutput {
  errors?: string[];
  sourceList?: string[];
  sources?: Record<string, { AST?: LegacyNode }>;
}

/** One file through solc 0.4.9's legacy `compile({sources}, optimize, findImports)`. */
function runLegacy(
  plan: Plan,
  input: ScanInput,
  ctx: CompileContext,
): CompiledBatch | { errors: SolcError[] } {
  const solc = require('solc-049') as {
    compile(input: unknown, optimize: number, imports?: unknown): LegacyOutput;
  };
  const read = new Map<string, string>();
  const findImports = importReader(ctx, read);
  const output = solc.compile({ sources: { [input.unit]: input.text } }, 0, findImports);
  const errors = (output.errors ?? []).filter((e) => !/\bWarning:/.test(e));
  if (errors.length > 0)
    return {
      errors: errors.map((e) => ({ severity: 'error', message: e.split('\n')[0]!, formattedMessage: e })),
    };
  const units = new Map<number, AstNode>();
  const texts = new Map<number, SourceText>();
  const rootIndex = new Map<string, number>();
  (output.sourceList ?? Object.keys(output.sources ?? {})).forEach((name, index) => {
    const ast = output.sources?.[name]?.AST;
    if (!ast) return;
    units.set(index, legacyToCompact(ast) as unknown as AstNode);
    const isRoot = name === input.unit;
    texts.set(
      index,
      new SourceText(isRoot ? input.display : name, isRoot ? input.text : (read.get(name) ?? '')),
    );
    if (isRoot) rootIndex.set(name, index);
  });
  return { version: plan.version, roots: [input], units, texts, rootIndex };
}

/** solc's import callback: the base folder, include paths, then node_modules; what it reads lands in `read`. */
function importReader(ctx: CompileContext, read: Map<string, string>) {
  return (path: string): { contents: string } | { error: string } => {
    for (const dir of [ctx.base, ...ctx.includePaths, ...nodeModulesDirs(ctx.base)]) {
      const p = resolve(dir, path);
      if (existsSync(p)) {
        const contents = readFileSync(p, 'utf8');
        read.set(path, contents);
        return { contents };
      }
    }
    return { error: `File not found: ${path} (looked under ${ctx.base} and its node_modules)` };
  };
}

function runSolc(
  plan: Plan,
  inputs: readonly ScanInput[],
  ctx: CompileContext,
): CompiledBatch | { errors: SolcError[] } {
  if (plan.legacy) return runLegacy(plan, inputs[0]!, ctx);
  const compiler = loadCompiler(plan.version);
  const given = new Map(inputs.map((i) => [i.unit, plan.blankPragma ? blankPragmas(i.text) : i.text]));
  const read = new Map<string, string>();
  const readFile = importReader(ctx, read);
  const request = {
    language: 'Solidity',
    sources: Object.fromEntries([...given].map(([unit, content]) => [unit, { content }])),
    settings: {
      remappings: ctx.remappings.map(formatRemapping),
      outputSelection: { '*': { '': ['ast'] } },
    },
  };
  let output: SolcAstOutput;
  try {
    output = JSON.parse(compiler.compile(JSON.stringify(request), readFile)) as SolcAstOutput;
  } catch (err) {
    return {
      errors: [{ severity: 'error', message: `solc ${plan.version} failed: ${(err as Error).message}` }],
    };
  }
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) return { errors };
  const units = new Map<number, AstNode>();
  const texts = new Map<number, SourceText>();
  const rootIndex = new Map<string, number>();
  const display = new Map(inputs.map((i) => [i.unit, i.display]));
  for (const [unit, source] of Object.entries(output.sources ?? {})) {
    if (!source.ast) continue;
    units.set(source.id, source.ast);
    const text = given.get(unit) ?? read.get(unit) ?? '';
    texts.set(source.id, new SourceText(display.get(unit) ?? unit, text));
    if (display.has(unit)) rootIndex.set(unit, source.id);
  }
  return { version: plan.version, note: plan.note, roots: inputs, units, texts, rootIndex };
}
