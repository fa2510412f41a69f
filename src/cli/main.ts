// tdk's command line: one thin module per command; parsing and printing only.
import { Command, CommanderError } from 'commander';
import { registerBuildCommand } from './build.js';
import { registerEvmCommands } from './evm.js';
import { registerMerkleCommands } from './merkle.js';
import { registerNodeCommand } from './node.js';
import { reportError } from './output.js';
import { registerScanCommand } from './scan.js';
import { registerStorageCommands } from './storage.js';
import { registerTestCommand } from './test.js';
import { registerUpCommand } from './up.js';
import { registerWorkerCommands } from './worker.js';

const program = new Command();
program
  .name('tdk')
  .description('Trust-domain kit: a deterministic EVM, Solidity tooling and evidence-carrying bridges')
  .version('0.1.0')
  .option('--verbose', 'print stack traces with errors')
  .showHelpAfterError()
  // Usage errors exit 2 like other bad input (commander's default is 1); set before subcommands so
  // they inherit it.
  .exitOverride();

registerEvmCommands(program);
registerBuildCommand(program);
registerNodeCommand(program);
registerUpCommand(program);
registerStorageCommands(program);
registerMerkleCommands(program);
registerWorkerCommands(program);
registerTestCommand(program);
registerScanCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander has already printed the message (or the help/version text).
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportError(err, program.opts().verbose === true);
  }
}
