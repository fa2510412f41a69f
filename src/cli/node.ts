// `tdk node`: a devnet with Ethereum JSON-RPC over HTTP and WebSocket, like anvil.
import type { Command } from 'commander';
import { deriveDevAccounts, TEST_MNEMONIC } from '../chain/accounts.js';
import { type Devnet, startDevnet } from '../chain/devnet.js';
import { toAddress, toData } from '../chain/hex.js';
import { parseSmallUint, parseUint } from './args.js';
import { writeJson } from './output.js';
import { untilSignal } from './signals.js';

export interface NodeOptions {
  host: string;
  port: string;
  state?: string;
  stateInterval?: string;
  chainId: string;
  accounts: string;
  balance: string;
  blockTime?: string;
  gasLimit: string;
  gasCap?: string;
  mnemonic: string;
  json?: boolean;
}

export function registerNodeCommand(program: Command): void {
  program
    .command('node')
    .description('run a local devnet with Ethereum JSON-RPC over HTTP and WebSocket')
    .option(
      '--host <host>',
      'interface to listen on (0.0.0.0 exposes the devnet to the network)',
      '127.0.0.1',
    )
    .option('-p, --port <port>', 'port for HTTP and WebSocket (0 picks a free one)', '8545')
    .option('--state <file>', 'resume the chain from FILE if it exists, and save it there on exit')
    .option('--state-interval <seconds>', 'with --state, also save every N seconds')
    .option('--chain-id <id>', 'chain id', '31337')
    .option('--accounts <n>', 'number of funded dev accounts', '10')
    .option('--balance <eth>', 'balance of each dev account in ether', '10000')
    .option('--mnemonic <words>', 'mnemonic the dev accounts derive from', TEST_MNEMONIC)
    .option('--block-time <seconds>', 'mine a block every N seconds instead of one per transaction')
    .option('--gas-limit <gas>', 'block gas limit', '30000000')
    .option('--gas-cap <gas>', 'highest gas eth_call and eth_estimateGas accept (default: block gas limit)')
    .option('--json', 'print one JSON line with the endpoints and accounts once listening')
    .action(async (opts: NodeOptions) => {
      process.exitCode = await runNode(opts);
    });
}

export async function runNode(opts: NodeOptions): Promise<number> {
  const gasLimit = parseUint('gas-limit', opts.gasLimit, 1n << 63n);
  const accountCount = parseSmallUint('accounts', opts.accounts, 1000);
  const devnet = await startDevnet({
    chainId: parseUint('chain-id', opts.chainId, (1n << 64n) - 1n),
    accounts: deriveDevAccounts(opts.mnemonic, accountCount),
    accountBalance: parseUint('balance', opts.balance, 10n ** 30n) * 10n ** 18n,
    blockGasLimit: gasLimit,
    limits: { gasCap: opts.gasCap ? parseUint('gas-cap', opts.gasCap, 1n << 63n) : gasLimit },
    stateFile: opts.state,
    server: { host: opts.host, port: parseSmallUint('port', opts.port, 65535) },
  });
  if (opts.blockTime) {
    devnet.chain.automine = false;
    devnet.chain.setIntervalMining(parseSmallUint('block-time', opts.blockTime, 86_400) * 1000);
  }
  announce(devnet, opts);
  const timer = opts.stateInterval
    ? setInterval(() => devnet.save(), parseSmallUint('state-interval', opts.stateInterval, 86_400) * 1000)
    : undefined;
  await untilSignal();
  if (timer) clearInterval(timer);
  await devnet.close();
  if (!opts.json) process.stderr.write(opts.state ? `state saved to ${opts.state}\n` : 'stopped\n');
  return 0;
}

function announce(devnet: Devnet, opts: NodeOptions): void {
  const { chain, server } = devnet;
  if (!server) return;
  const accounts = chain.devAccounts.map((a) => ({
    address: toAddress(a.address),
    privateKey: toData(a.privateKey),
  }));
  if (opts.json) {
    writeJson({
      url: server.url,
      wsUrl: server.wsUrl,
      chainId: Number(chain.chainId),
      blockNumber: Number(chain.latest.header.number),
      resumed: devnet.resumed,
      accounts,
    });
    return;
  }
  const lines = [
    'tdk devnet (Cancun)',
    '',
    'Available accounts',
    '==================',
    ...accounts.map(
      (a, i) =>
        `(${i}) ${a.address} (${Number(chain.state.getBalance(a.address === '' ? 0n : BigInt(a.address)) / 10n ** 18n)} ETH)`,
    ),
    '',
    'Private keys',
    '==================',
    ...accounts.map((a, i) => `(${i}) ${a.privateKey}`),
    '',
    `Mnemonic: ${opts.mnemonic}`,
    `Chain id: ${chain.chainId}`,
    devnet.resumed
      ? `Resumed from ${opts.state} at block ${chain.latest.header.number}`
      : `Genesis block ${toData(chain.blocks[0].hash)}`,
    '',
    `Listening on ${server.url} and ${server.wsUrl}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
