// `tdk up`: the main job on embedded defaults. Builds the project (the bundled example unless
// --project is given), starts the devnet, deploys the project per its deploy.json, and prints the
// accounts, the contracts and the endpoints. When the project deploys a MerkleRootRegistry and a
// MerkleAirdrop (the bundled example does), it also runs the example worker job: a root every few
// seconds, and a proof server for claims.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { EIP1193Provider, Hex } from 'viem';
import { exampleAirdropJob } from '../bridges/worker/example-airdrop.js';
import { readableLogSink, startWorker, type Worker } from '../bridges/worker/index.js';
import { TEST_MNEMONIC } from '../chain/accounts.js';
import { startDevnet } from '../chain/devnet.js';
import { toAddress, toData } from '../chain/hex.js';
import { EvmInputError } from '../evm/errors.js';
import { build } from '../solidity/build.js';
import { type Deployed, deployAll, deployPlan } from '../solidity/deploy.js';
import { formatDiagnostic } from '../solidity/diagnostics.js';
import { SolidityError } from '../solidity/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { parseSmallUint } from './args.js';
import { writeJson } from './output.js';
import { packageRoot } from './package-root.js';
import { untilSignal } from './signals.js';

export interface UpOptions {
  project?: string;
  host: string;
  port: string;
  state?: string;
  json?: boolean;
  serve: boolean;
  worker: boolean;
  rootInterval: string;
  proofPort: string;
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
    .option('--no-worker', 'do not run the example Merkle worker')
    .option('--root-interval <seconds>', 'how often the example worker publishes a root', '5')
    .option('--proof-port <port>', "port of the worker's proof server (0 picks a free one)", '8550')
    .action(async (opts: UpOptions) => {
      process.exitCode = await runUp(opts);
    });
}

/** The contracts a first `tdk up --state F` deployed, from F.contracts.json. */
function readDeployments(file: string): Deployed[] {
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new EvmInputError(
      `${file} is not JSON: ${(e as Error).message}`,
      'TDK_STATE_FILE',
      'delete it (and the state file) to deploy afresh',
    );
  }
  const ok =
    Array.isArray(list) &&
    list.every(
      (d) =>
        typeof d?.contract === 'string' &&
        /^0x[0-9a-fA-F]{40}$/.test(d?.address) &&
        /^0x[0-9a-fA-F]{64}$/.test(d?.transactionHash),
    );
  if (!ok)
    throw new EvmInputError(
      `${file} does not list deployments ({contract, address, transactionHash})`,
      'TDK_STATE_FILE',
      'delete it (and the state file) to deploy afresh',
    );
  return (list as { contract: string; address: Hex; transactionHash: Hex }[]).map((d) => ({
    ...d,
    gasUsed: 0n,
  }));
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
  // With --state, what was deployed (and the worker's database) lives next to the state file, so a
  // resumed chain knows its contracts and the worker carries on from its last epoch.
  const contractsFile = opts.state ? `${opts.state}.contracts.json` : undefined;
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
      if (contractsFile)
        writeFileAtomic(
          contractsFile,
          `${JSON.stringify(
            deployed.map((d) => ({
              contract: d.contract,
              address: d.address,
              transactionHash: d.transactionHash,
            })),
            null,
            2,
          )}\n`,
        );
    } else if (contractsFile && existsSync(contractsFile)) {
      deployed = readDeployments(contractsFile);
    }
  } catch (e) {
    await devnet.close();
    throw e;
  }
  const { chain, server } = devnet;
  const registry = deployed.find((d) => d.contract.endsWith('MerkleRootRegistry'));
  const airdrop = deployed.find((d) => d.contract.endsWith('MerkleAirdrop'));
  let worker: Worker | undefined;
  let workerDir: string | undefined;
  if (server && opts.worker && registry && airdrop) {
    // Account 1 is the registry's publisher (deploy.json); accounts 2-9 receive the airdrop.
    const interval = parseSmallUint('root-interval', opts.rootInterval, 3600);
    workerDir = opts.state ? undefined : mkdtempSync(join(tmpdir(), 'tdk-up-worker-'));
    try {
      worker = await startWorker({
        provider: devnet.provider,
        registry: registry.address,
        privateKey: toData(chain.devAccounts[1].privateKey) as Hex,
        job: exampleAirdropJob(chain.devAccounts.slice(2).map((a) => toAddress(a.address) as Hex)),
        intervalMs: Math.max(1, interval) * 1000,
        confirmations: 1,
        dbPath: workerDir ? join(workerDir, 'worker.sqlite') : `${opts.state}.worker.sqlite`,
        proofServer: { host: opts.host, port: parseSmallUint('proof-port', opts.proofPort, 65535) },
        log: opts.json ? undefined : readableLogSink((line) => process.stderr.write(`  worker ${line}`)),
      });
    } catch (e) {
      await devnet.close();
      if (workerDir) rmSync(workerDir, { recursive: true, force: true });
      throw e;
    }
  }
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
      worker: worker ? { proofUrl: worker.proofUrl ?? null, job: 'example-airdrop' } : null,
    });
  } else {
    const lines = [
      '',
      `tdk up: devnet ready in ${seconds} s (chain id ${chain.chainId}, block ${chain.latest.header.number})`,
      '',
      'Contracts',
      ...(deployed.length > 0
        ? deployed.map((d) => `  ${d.contract.padEnd(20)} ${d.address}`)
        : ['  (resumed; nothing deployed, and no record of earlier deployments)']),
      '',
      `Accounts (10,000 ETH each; mnemonic "${TEST_MNEMONIC}")`,
      ...accounts.map((a, i) => `  (${i}) ${a.address}  ${a.privateKey}`),
      '',
      server ? `JSON-RPC: ${server.url}  WebSocket: ${server.wsUrl}` : 'Not serving (--no-serve).',
      ...(worker
        ? [
            `Worker:   publishes a root of the example airdrop every ${opts.rootInterval} s to ${registry!.address}`,
            `Proofs:   ${worker.proofUrl}/roots   ${worker.proofUrl}/proofs/1/${accounts[2]!.address}`,
            '          (claiming one: README, "Claim the example airdrop")',
          ]
        : []),
      server ? 'Press Ctrl-C to stop.' : '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (!server) {
    await devnet.close();
    return 0;
  }
  await untilSignal();
  await worker?.stop();
  if (workerDir) rmSync(workerDir, { recursive: true, force: true });
  await devnet.close();
  say(opts.state ? `state saved to ${opts.state}` : 'stopped');
  return 0;
}
