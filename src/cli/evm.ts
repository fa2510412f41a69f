// `tdk evm run` and `tdk evm statetest`, after geth's `evm` tool and revme.
import type { Command } from 'commander';
import { runCode } from './evm-run.js';
import { statetest } from './evm-statetest.js';

export function registerEvmCommands(program: Command): void {
  const evm = program.command('evm').description("run bytecode and conformance tests on tdk's EVM");
  evm
    .command('run')
    .description('run bytecode in a fresh sandbox; print return data, gas used and error')
    .requiredOption('--code <hex>', 'bytecode to run')
    .option('--input <hex>', 'calldata', '0x')
    .option('--gas <n>', 'gas limit', '10000000')
    .option('--value <n>', 'call value in wei', '0')
    .option('--trace', 'print an EIP-3155 JSON trace line per step, then a summary line')
    .option('--json', 'print the result as JSON')
    .action((opts) => {
      process.exitCode = runCode(opts);
    });
  evm
    .command('statetest')
    .description('run ethereum/tests GeneralStateTests (files or folders)')
    .argument('<paths...>', 'test files or folders')
    .option('--run <regex>', 'only cases whose name matches')
    .option('--fork <name>', 'fork section of post to check', 'Cancun')
    .option('--skip-file <file>', 'JSON map of test name to skip reason (default: conformance/skipped.json)')
    .option('--json', 'print results as JSON')
    .action(async (paths: string[], opts) => {
      process.exitCode = await statetest(paths, opts);
    });
}
