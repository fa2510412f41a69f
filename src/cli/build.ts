// `tdk build`: compile a Foundry-layout project, after `forge build`.
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { type BuildResult, build } from '../solidity/build.js';
import { findProjectRoot } from '../solidity/config.js';
import { type Diagnostic, formatDiagnostic } from '../solidity/diagnostics.js';
import { SolidityError } from '../solidity/errors.js';
import { writeJson } from './output.js';

export interface BuildCliOptions {
  root?: string;
  force?: boolean;
  json?: boolean;
}

export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description('compile a Foundry-layout project (foundry.toml, remappings, src/ test/ script/) into out/')
    .option('--root <dir>', 'project root (default: nearest folder with foundry.toml)')
    .option('--force', 'ignore the cache and compile everything')
    .option('--json', 'print the result as JSON')
    .action(async (opts: BuildCliOptions) => {
      process.exitCode = await runBuild(opts);
    });
}

export async function runBuild(opts: BuildCliOptions): Promise<number> {
  const root = opts.root ? resolve(opts.root) : findProjectRoot(process.cwd());
  const progress = !opts.json && process.stderr.isTTY;
  let result: BuildResult;
  try {
    result = await build({
      root,
      force: opts.force,
      onProgress: progress ? (m) => process.stderr.write(`${m}...\n`) : undefined,
    });
  } catch (err) {
    // Config and version errors: JSON callers still get the schema, everyone else the one-line error.
    if (!(opts.json && err instanceof SolidityError)) throw err;
    const error = { severity: 'error', type: 'Config', code: err.code, message: err.message, hint: err.hint };
    writeJson({ ok: false, compiled: [], skipped: 0, artifacts: [], errors: [error], warnings: [] });
    return 2;
  }
  if (opts.json) {
    writeJson(result);
    return result.ok ? 0 : 1;
  }
  const shown = (file: string) => relative(process.cwd(), resolve(result.root, file)) || file;
  for (const d of [...result.warnings, ...result.errors]) process.stderr.write(formatDiagnostic(d, shown));
  if (!result.ok) {
    process.stderr.write(
      `error: compilation failed: ${count(result.errors, 'error')}, ${count(result.warnings, 'warning')}\n`,
    );
    return 1;
  }
  process.stdout.write(`${summary(result)}\n`);
  return 0;
}

/** "Compiled 8 files with solc 0.8.37, 1 file with solc 0.4.26 (11 artifacts) in 4.09s". */
export function summary(r: BuildResult): string {
  if (r.compiled.length === 0) return 'No files changed, compilation skipped';
  const perVersion = new Map<string, number>();
  for (const c of r.compiled) perVersion.set(c.version, (perVersion.get(c.version) ?? 0) + 1);
  const parts = [...perVersion].map(([v, n]) => `${n} file${n === 1 ? '' : 's'} with solc ${v}`);
  const artifacts = `${r.artifacts.length} artifact${r.artifacts.length === 1 ? '' : 's'}`;
  return `Compiled ${parts.join(', ')} (${artifacts}) in ${(r.durationMs / 1000).toFixed(2)}s`;
}

function count(list: Diagnostic[], what: string): string {
  return `${list.length} ${what}${list.length === 1 ? '' : 's'}`;
}
