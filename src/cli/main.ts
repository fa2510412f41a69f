// tdk's command line: one thin module per command; parsing and printing only.
import { Command } from 'commander';
import { registerEvmCommands } from './evm.js';
import { reportError } from './output.js';

const program = new Command();
program
  .name('tdk')
  .description('Trust-domain kit: a deterministic EVM, Solidity tooling and evidence-carrying bridges')
  .version('0.1.0')
  .option('--verbose', 'print stack traces with errors')
  .showHelpAfterError();

registerEvmCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err, program.opts().verbose === true);
}
