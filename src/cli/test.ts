// `tdk test`: run a Foundry-layout project's Solidity tests (forge test's options and output).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { findProjectRoot } from '../solidity/config.js';
import { TestRunError } from '../testing/errors.js';
import { toJunit } from '../testing/junit.js';
import { formatSuite, formatSummary, toJson } from '../testing/report.js';
import { runTests } from '../testing/runner.js';
import { parseSmallUint, parseUint } from './args.js';
import { writeJson } from './output.js';

export interface TestCliOptions {
  root?: string;
  matchTest?: string;
  matchContract?: string;
  matchPath?: string;
  json?: boolean;
  junit?: boolean;
  gasReport?: boolean;
  fuzzRuns?: string;
  fuzzSeed?: string;
  gasLimit?: string;
  jobs?: string;
  verbosity: number;
}

export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description('run the Solidity tests of a Foundry-layout project (test/**/*.t.sol) on tdk’s EVM')
    .option('--root <dir>', 'project root (default: nearest folder with foundry.toml)')
    .option('--match-test <regex>', 'only run test functions matching the regex')
    .option('--match-contract <regex>', 'only run test contracts matching the regex')
    .option('--match-path <glob>', 'only run test files matching the glob')
    .option('--json', 'print the results as JSON')
    .option('--junit', 'print the results as JUnit XML (for CI test reports)')
    .option('--gas-report', 'print a gas report per contract and function')
    .option('--fuzz-runs <n>', 'runs per fuzz test (default: foundry.toml [fuzz] runs, else 256)')
    .option(
      '--fuzz-seed <seed>',
      'seed of the fuzzer (hex or decimal; default: foundry.toml [fuzz] seed, else fresh); the same seed gives the same inputs',
    )
    .option('--gas-limit <gas>', 'gas per test call (default 1073741824)')
    .option('-j, --jobs <n>', 'worker threads (default: number of cores from 3 up, else 1)')
    .option(
      '-v, --verbosity',
      'verbosity: -vv logs, -vvv traces of failing tests, -vvvv all traces',
      (_v, n: number) => n + 1,
      0,
    )
    .action(async (opts: TestCliOptions) => {
      process.exitCode = await runTestCommand(opts);
    });
}

function regex(name: string, s: string | undefined): RegExp | undefined {
  if (s === undefined) return undefined;
  try {
    return new RegExp(s);
  } catch (err) {
    throw new TestRunError(
      `--${name} is not a valid regular expression: ${(err as Error).message}`,
      'TDK_TEST_OPTIONS',
      'use JavaScript regex syntax, e.g. "test_(Deposit|Withdraw)"',
    );
  }
}

export async function runTestCommand(opts: TestCliOptions): Promise<number> {
  const root = opts.root ? resolve(opts.root) : findProjectRoot(process.cwd());
  const matchTest = regex('match-test', opts.matchTest);
  const matchContract = regex('match-contract', opts.matchContract);
  const fuzzRuns =
    opts.fuzzRuns === undefined ? undefined : parseSmallUint('fuzz-runs', opts.fuzzRuns, 1_000_000);
  const fuzzSeed =
    opts.fuzzSeed === undefined ? undefined : parseUint('fuzz-seed', opts.fuzzSeed, (1n << 256n) - 1n);
  const gasLimit =
    opts.gasLimit === undefined ? undefined : parseUint('gas-limit', opts.gasLimit, (1n << 63n) - 1n);
  const jobs = opts.jobs === undefined ? undefined : parseSmallUint('jobs', opts.jobs, 256);
  if (opts.json && opts.junit)
    throw new TestRunError('give one of --json and --junit', 'TDK_TEST_OPTIONS', 'both print to stdout');
  const text = !opts.json && !opts.junit;
  const progress = text && process.stderr.isTTY;
  let first = true;
  const result = await runTests({
    root,
    matchTest,
    matchContract,
    matchPath: opts.matchPath,
    verbosity: opts.verbosity,
    gasLimit,
    jobs: jobs === 0 ? 1 : jobs,
    fuzz: { runs: fuzzRuns, seed: fuzzSeed },
    gasReport: opts.gasReport,
    onProgress: progress ? (m) => process.stderr.write(`${m}...\n`) : undefined,
    onSuite: text
      ? (s) => {
          process.stdout.write(`${first ? '' : '\n'}${formatSuite(s, { verbosity: opts.verbosity })}`);
          first = false;
        }
      : undefined,
  });
  if (opts.junit) {
    process.stdout.write(toJunit(result.suites, result.durationMs));
  } else if (opts.json) {
    const doc = toJson(result.suites, result.durationMs) as Record<string, unknown>;
    if (result.gasReport) doc.gasReport = result.gasReport.toJSON();
    writeJson(doc);
  } else {
    if (result.gasReport && !result.gasReport.isEmpty)
      process.stdout.write(`\n${result.gasReport.toTable()}\n`);
    if (result.suites.length === 0)
      process.stdout.write('No tests found in project! Test contracts live in test/**/*.t.sol\n');
    process.stdout.write(`\n${formatSummary(result.suites, result.durationMs)}`);
  }
  return result.ok ? 0 : 1;
}
