// `tdk up`: the main job on embedded defaults. Builds the project (the bundled example unless
// --project is given), starts the devnet, deploys the project per its deploy.json, and prints the
// accounts, the contracts and the endpoints. Later bridge features add their services here.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { EIP1193Provider, Hex } from 'viem';
import { TEST_MNEMONIC } from '../chain/accounts.js';
import { startDevnet } from '../chain/devnet.js';
import { toAddress, toData } from '../chain/hex.js';
import { EvmInputError } from '../evm/errors.js';
import { build } from '../solidity/build.js';
import { type Deployed, deployAll, deployPlan } from '../solidity/deploy.js';
import { formatDiagnostic } from '../solidity/diagnostics.js';
import { SolidityError } from '../solidity/errors.js';
import { parseSmallUint } from './args.js';
import { writeJson } from './output.js';
import { untilSignal } from './signals.js';

export interface UpOptions {
  project?: string;
  host: string;
  port: string;
  state?: string;
  json?: boolean;
  serve: boolean;
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('build and deploy a project on a fresh devnet and serve it (default: the bundled example)')
    .option('--project <dir>', 'Foundry-layout project to build and deploy (default: examples/token)')
    .option('--host <host>', 'interface the devnet listens on', '127.0.0.1')
    .option('-p, --port <port>', 'devnet port (0 picks a free one)', '8545')
    .option(
      '--state <file>',
      'resume the devnet from FILE and save it there on exit (deploys only on a fresh chain)',
    )
    .option('--no-serve', 'build, deploy and report, then exit instead of serving')
    .option('--json', 'print one JSON line with endpoints, accounts and contracts')
    .action(async (opts: UpOptions) => {
      process.exitCode = await runUp(opts);
    });
}

/** The package's own folder, found from this file in src/cli or dist/src/cli. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'examples'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new EvmInputError('cannot find the tdk package folder', 'TDK_NOT_FOUND');
    dir = parent;
  }
  return dir;
}

export async function runUp(opts: UpOptions): Promise<number> {
  const started = performance.now();
  const project = opts.project ? resolve(opts.project) : join(packageRoot(), 'examples', 'token');
  if (!existsSync(join(project, 'foundry.toml'))) {
    throw new SolidityError(
      `${project} has no foundry.toml`,
      'TDK_CONFIG',
      'point --project at a Foundry-layout project',
    );
  }
  const say = (line: string): void => {
    if (!opts.json) process.stderr.write(`${line}\n`);
  };
  say(`Building ${relative(process.cwd(), project) || '.'}...`);
  const built = await build({ root: project, onProgress: (m) => say(`  ${m}`) });
  for (const d of [...built.warnings, ...built.errors])
    if (!opts.json || !built.ok) process.stderr.write(formatDiagnostic(d));
  if (!built.ok) {
    process.stderr.write(`error: the project does not compile (${built.errors.length} error(s))\n`);
    return 1;
  }
  const devnet = await startDevnet({
    stateFile: opts.state,
    server: opts.serve ? { host: opts.host, port: parseSmallUint('port', opts.port, 65535) } : undefined,
  });
  let deployed: Deployed[] = [];
  try {
    const deployer = toAddress(devnet.chain.devAccounts[0].address) as Hex;
    if (!devnet.resumed) {
      deployed = await deployAll(
        devnet.provider as unknown as EIP1193Provider,
        project,
        deployPlan(project),
        deployer,
        (d) => say(`  deployed ${d.contract.padEnd(20)} ${d.address}`),
      );
    }
  } catch (e) {
    await devnet.close();
    throw e;
  }
  const { chain, server } = devnet;
  const accounts = chain.devAccounts.map((a) => ({
    address: toAddress(a.address),
    privateKey: toData(a.privateKey),
  }));
  const contracts = Object.fromEntries(deployed.map((d) => [d.contract, d.address]));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (opts.json) {
    writeJson({
      url: server?.url ?? null,
      wsUrl: server?.wsUrl ?? null,
      chainId: Number(chain.chainId),
      blockNumber: Number(chain.latest.header.number),
      resumed: devnet.resumed,
      project,
      compiled: built.compiled.length,
      contracts,
      accounts,
    });
  } else {
    const lines = [
      '',
      `tdk up: devnet ready in ${seconds} s (chain id ${chain.chainId}, block ${chain.latest.header.number})`,
      '',
      'Contracts',
      ...(deployed.length > 0
        ? deployed.map((d) => `  ${d.contract.padEnd(20)} ${d.address}`)
        : ['  (resumed; nothing deployed)']),
      '',
      `Accounts (10,000 ETH each; mnemonic "${TEST_MNEMONIC}")`,
      ...accounts.map((a, i) => `  (${i}) ${a.address}  ${a.privateKey}`),
      '',
      server ? `JSON-RPC: ${server.url}  WebSocket: ${server.wsUrl}` : 'Not serving (--no-serve).',
      server ? 'Press Ctrl-C to stop.' : '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (!server) {
    await devnet.close();
    return 0;
  }
  await untilSignal();
  await devnet.close();
  say(opts.state ? `state saved to ${opts.state}` : 'stopped');
  return 0;
}
