// Devnet throughput: tdk's devnet against Hardhat's EDR provider, both over HTTP on loopback.
//
//   npm run bench:devnet
//   node dist/bench/devnet.js [--transfers 2000] [--calls 5000] [--warmup 200] [--rounds 3] [--json]
//                             [--only tdk|edr]
//
// Per round and engine, a fresh chain (chain id 31337, the ten standard-mnemonic accounts, Cancun,
// automine, base fee 1 gwei, 30M gas): deploy the OpenZeppelin ERC-20 in bench/contracts/BenchToken.sol,
// send warm-up transfers and calls, then time
//   - transfers: eth_sendRawTransaction of pre-signed legacy ERC-20 transfers, one request at a time,
//     each mined at once (automine); every answer is checked to be a transaction hash;
//   - calls: eth_call of balanceOf, one request at a time; every answer is checked.
// EDR's provider is served by tdk's own startRpcServer (an RpcHandler around
// provider.handleRequest), so both pay the same HTTP transport; the client is node:http with a keep-alive agent.
// The client runs in a worker thread so that the node under test has the main thread to itself.
// Engines alternate within a round; the table reports the median of the rounds and tdk/EDR.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { deriveDevAccounts } from '../src/chain/accounts.js';
import { startDevnet } from '../src/chain/devnet.js';
import type { RpcHandler } from '../src/chain/rpc/types.js';
import { type RpcServer, startRpcServer } from '../src/chain/server.js';
import { bytesToHex, encodeTransaction, hexToBytes, signTransaction } from '../src/evm/index.js';
import { type ClientJob, type ClientReply, closeConnections, post } from './devnet-client.js';
import { createEdrProvider } from './edr.js';
import { compileBenchContracts, repoRoot } from './solc.js';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CHAIN_ID = 31337n;
const GWEI = 1_000_000_000n;
const ACCOUNTS = deriveDevAccounts();
const DEPLOYER = ACCOUNTS[0];
const HOLDERS = 64;

type Engine = 'tdk' | 'edr';

interface Running {
  readonly url: string;
  close(): Promise<void>;
}

async function startTdk(): Promise<Running> {
  const devnet = await startDevnet({ server: { port: 0 } });
  return { url: devnet.server!.url, close: () => devnet.close() };
}

async function startEdr(): Promise<Running> {
  const provider = await createEdrProvider();
  const handler: RpcHandler = {
    async handleText(text) {
      const r = await provider.handleRequest(text);
      return typeof r.data === 'string' ? r.data : JSON.stringify(r.data);
    },
  };
  const server: RpcServer = await startRpcServer(handler, { port: 0 });
  return { url: server.url, close: () => server.close() };
}

// ---- client -------------------------------------------------------------------------------------
// Set-up requests use the load generator's post (node:http, one keep-alive socket).
let requestId = 0;

async function rpc(url: URL, method: string, params: unknown[]): Promise<unknown> {
  const text = await post(url, JSON.stringify({ jsonrpc: '2.0', id: ++requestId, method, params }));
  const body = JSON.parse(text) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

// ---- workload ------------------------------------------------------------------------------------
const word = (v: bigint): string => v.toString(16).padStart(64, '0');
const holder = (i: number): bigint => 0x1000n + BigInt(i % HOLDERS);

interface Workload {
  readonly deploy: string;
  readonly token: string;
  /** Signed transfers, nonces 1.. in order. */
  readonly transfers: string[];
  readonly call: { to: string; data: string };
}

function signed(nonce: bigint, to: bigint | null, data: string, gasLimit: bigint): string {
  const tx = signTransaction(
    {
      type: 0,
      chainId: CHAIN_ID,
      nonce,
      gasPrice: 2n * GWEI,
      gasLimit,
      to,
      value: 0n,
      data: hexToBytes(data),
    },
    DEPLOYER.privateKey,
  );
  return bytesToHex(encodeTransaction(tx));
}

async function buildWorkload(count: number): Promise<Workload> {
  const compiled = await compileBenchContracts();
  const c = compiled.contracts.BenchToken;
  const deploy = signed(0n, null, `0x${c.bytecode}${word(10n ** 27n)}`, 5_000_000n);
  // CREATE address of (deployer, nonce 0): keccak(rlp([sender, 0]))[12:].
  const { keccak_256 } = await import('@noble/hashes/sha3.js');
  const sender = DEPLOYER.address.toString(16).padStart(40, '0');
  const token = bytesToHex(keccak_256(hexToBytes(`0xd694${sender}80`)).slice(12));
  const transferSel = c.methodIdentifiers['transfer(address,uint256)'];
  const transfers: string[] = [];
  for (let i = 0; i < count; i++) {
    transfers.push(
      signed(BigInt(i + 1), BigInt(token), `0x${transferSel}${word(holder(i))}${word(1n)}`, 100_000n),
    );
  }
  const call = { to: token, data: `0x${c.methodIdentifiers['balanceOf(address)']}${word(holder(0))}` };
  return { deploy, token, transfers, call };
}

// ---- the load generator (a worker thread, see devnet-client.ts) -----------------------------------
const client = new Worker(new URL('./devnet-client.js', import.meta.url));
client.unref();

function timed(engine: Engine, url: string, bodies: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    client.once('message', (reply: ClientReply) => {
      if (reply.ok) resolve(reply.ms);
      else reject(new Error(`${engine}: ${reply.error}`));
    });
    client.postMessage({ url, bodies, expect: 'bytes32' } satisfies ClientJob);
  });
}

// ---- one round -----------------------------------------------------------------------------------
interface Options {
  readonly transfers: number;
  readonly calls: number;
  readonly warmup: number;
}

interface RoundResult {
  readonly transfersPerS: number;
  readonly callsPerS: number;
}

async function round(engine: Engine, w: Workload, o: Options): Promise<RoundResult> {
  const node = engine === 'tdk' ? await startTdk() : await startEdr();
  try {
    const url = new URL(node.url);
    const deployed = await rpc(url, 'eth_sendRawTransaction', [w.deploy]);
    const receipt = (await rpc(url, 'eth_getTransactionReceipt', [deployed])) as { contractAddress: string };
    if (receipt.contractAddress.toLowerCase() !== w.token)
      throw new Error(`${engine}: unexpected token address`);
    let next = 0;
    const body = (method: string, params: unknown[]): string =>
      JSON.stringify({ jsonrpc: '2.0', id: ++requestId, method, params });
    const sendTransfers = (n: number): Promise<number> =>
      timed(
        engine,
        node.url,
        Array.from({ length: n }, () => body('eth_sendRawTransaction', [w.transfers[next++]])),
      );
    const expected = `0x${word(BigInt(Math.ceil((o.warmup + o.transfers) / HOLDERS)))}`;
    const calls = (n: number): Promise<number> =>
      timed(
        engine,
        node.url,
        Array.from({ length: n }, () => body('eth_call', [w.call, 'latest'])),
      );
    await sendTransfers(o.warmup);
    await calls(o.warmup);
    gc();
    const transferMs = await sendTransfers(o.transfers);
    gc();
    const callMs = await calls(o.calls);
    // Every transfer landed: holder 0 got one token per HOLDERS transfers.
    const balance = await rpc(url, 'eth_call', [w.call, 'latest']);
    if (balance !== expected) throw new Error(`${engine}: balanceOf is ${balance}, expected ${expected}`);
    const height = Number(await rpc(url, 'eth_blockNumber', []));
    if (height !== 1 + o.warmup + o.transfers) throw new Error(`${engine}: ${height} blocks`);
    return { transfersPerS: (o.transfers * 1000) / transferMs, callsPerS: (o.calls * 1000) / callMs };
  } finally {
    await node.close();
  }
}

const fmt = (v: number, digits: number): string => (Number.isNaN(v) ? '-' : v.toFixed(digits));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      transfers: { type: 'string', default: '2000' },
      calls: { type: 'string', default: '5000' },
      warmup: { type: 'string', default: '200' },
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const o: Options = {
    transfers: Number(values.transfers),
    calls: Number(values.calls),
    warmup: Number(values.warmup),
  };
  const rounds = Number(values.rounds);
  const w = await buildWorkload(o.warmup + o.transfers);
  const results: Record<Engine, RoundResult[]> = { tdk: [], edr: [] };
  for (let r = 0; r < rounds; r++) {
    // Alternate which engine goes first, so neither always runs on a warmer process.
    const order: Engine[] = r % 2 === 0 ? ['tdk', 'edr'] : ['edr', 'tdk'];
    for (const engine of order.filter((e) => values.only === undefined || e === values.only)) {
      const res = await round(engine, w, o);
      results[engine].push(res);
      if (!values.json) {
        console.error(
          `round ${r + 1} ${engine}: ${res.transfersPerS.toFixed(0)} transfers/s, ${res.callsPerS.toFixed(0)} calls/s`,
        );
      }
    }
  }
  const rows = [
    { metric: `ERC-20 transfers/s (eth_sendRawTransaction, automine, ${o.transfers})`, key: 'transfersPerS' },
    { metric: `eth_call/s (balanceOf, ${o.calls})`, key: 'callsPerS' },
  ] as const;
  const table = rows.map(({ metric, key }) => {
    const tdk = results.tdk.length > 0 ? median(results.tdk.map((x) => x[key])) : Number.NaN;
    const edrOps = results.edr.length > 0 ? median(results.edr.map((x) => x[key])) : Number.NaN;
    return { metric, tdk, edr: edrOps, ratio: tdk / edrOps };
  });
  if (values.json) {
    console.log(JSON.stringify({ options: o, rounds, results, table }, null, 2));
    return;
  }
  const edrVersion = (
    JSON.parse(
      readFileSync(join(repoRoot(), 'node_modules', '@nomicfoundation', 'edr', 'package.json'), 'utf8'),
    ) as { version: string }
  ).version;
  console.log(`\nmedian of ${rounds} rounds, HTTP on loopback, EDR ${edrVersion}, Node ${process.version}\n`);
  const w0 = Math.max(...table.map((t) => t.metric.length));
  console.log(`${'metric'.padEnd(w0)}  ${'tdk ops/s'.padStart(10)}  ${'EDR ops/s'.padStart(10)}  tdk/EDR`);
  for (const t of table) {
    console.log(
      `${t.metric.padEnd(w0)}  ${fmt(t.tdk, 0).padStart(10)}  ${fmt(t.edr, 0).padStart(10)}  ${fmt(t.ratio, 2).padStart(7)}`,
    );
  }
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => closeConnections());
