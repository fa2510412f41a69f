// `tdk storage` and `tdk layout` as users run them: the built CLI against `tdk node` running as a
// separate process, reached over HTTP (--rpc). Covers issue 4's acceptance 2 (every holder and
// allowance without any key), 3 (UUPS and transparent proxies decoded through their
// implementation's layout), 4 (a separate node over HTTP) and 6 (bad input).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type Abi,
  type Chain,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  type Hex,
  http,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArtifact } from '../../src/solidity/artifacts.js';
import { build } from '../../src/solidity/build.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN_PROJECT = `${ROOT}examples/token`;
const PROXY_PROJECT = fileURLToPath(new URL('./fixtures/proxies', import.meta.url));
const built = existsSync(`${ROOT}dist/src/cli/main.js`);

const KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
] as const;
const accounts = KEYS.map((k) => privateKeyToAccount(k));

let node: ChildProcess;
let url: string;
let chain: Chain;

function tdk(...args: string[]) {
  const r = spawnSync('node', ['bin/tdk.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function deploy(project: string, name: string, args: unknown[] = []): Promise<Hex> {
  const artifact = loadArtifact(project, name);
  const wallet = createWalletClient({ chain, transport: http(url), account: accounts[0] });
  const hash = await wallet.deployContract({
    abi: artifact.abi as Abi,
    bytecode: artifact.bytecode.object as Hex,
    args,
  });
  const receipt = await createPublicClient({ chain, transport: http(url) }).waitForTransactionReceipt({
    hash,
    pollingInterval: 20,
  });
  return receipt.contractAddress as Hex;
}

async function send(from: number, to: Hex, data: Hex): Promise<void> {
  const wallet = createWalletClient({ chain, transport: http(url), account: accounts[from] });
  const hash = await wallet.sendTransaction({ to, data });
  await createPublicClient({ chain, transport: http(url) }).waitForTransactionReceipt({
    hash,
    pollingInterval: 20,
  });
}

beforeAll(async () => {
  if (!built) return;
  for (const root of [TOKEN_PROJECT, PROXY_PROJECT]) expect((await build({ root })).ok).toBe(true);
  node = spawn('node', ['bin/tdk.js', 'node', '--port', '0', '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: node.stdout as NodeJS.ReadableStream }).once('line', resolve);
    node.once('exit', (code) => reject(new Error(`tdk node exited with ${code}`)));
  });
  url = JSON.parse(line).url;
  chain = {
    id: 31337,
    name: 'tdk',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  };
}, 180_000);

afterAll(() => {
  node?.kill('SIGTERM');
});

describe.skipIf(!built)('tdk storage against a separate tdk node over HTTP', () => {
  it('lists every holder balance and every allowance of an ERC-20 without being given a key', async () => {
    const token = await deploy(TOKEN_PROJECT, 'Token', [10n ** 24n]);
    const transfer = (to: Hex, v: bigint) =>
      encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, v] });
    const approve = (to: Hex, v: bigint) =>
      encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [to, v] });
    const holders = [
      '0x00000000000000000000000000000000000000a1',
      '0x00000000000000000000000000000000000000b2',
    ] as Hex[];
    await send(0, token, transfer(accounts[1].address, 1000n));
    await send(0, token, transfer(accounts[2].address, 500n));
    await send(1, token, transfer(holders[0], 30n));
    await send(2, token, transfer(holders[1], 20n));
    await send(0, token, approve(accounts[1].address, 77n));
    await send(1, token, approve(accounts[2].address, 88n));
    await send(2, token, approve(accounts[0].address, 99n));
    // A transferFrom spends part of an allowance.
    await send(
      1,
      token,
      encodeFunctionData({
        abi: erc20Abi,
        functionName: 'transferFrom',
        args: [accounts[0].address, holders[0], 7n],
      }),
    );

    const r = tdk('storage', token, '--rpc', url, '--root', TOKEN_PROJECT, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.schema).toBe('tdk.storage/v1');
    expect(out.keysFrom).toBe('recorded');
    const pub = createPublicClient({ chain, transport: http(url) });
    const balances = out.variables.find((v: { path: string }) => v.path === '_balances').value;
    const listed = new Map<string, string>(
      balances.entries.map((e: { key: string; value: { value: { value: string } } }) => [
        e.key.toLowerCase(),
        e.value.value.value,
      ]),
    );
    const everyone = [...accounts.map((a) => a.address), ...holders];
    expect(listed.size).toBe(everyone.length);
    for (const who of everyone) {
      const onChain = await pub.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [who],
      });
      expect(listed.get(who.toLowerCase()), who).toBe(onChain.toString());
    }
    const allowances = out.variables.find((v: { path: string }) => v.path === '_allowances').value;
    const pairs = new Map<string, string>();
    for (const owner of allowances.entries) {
      for (const spender of owner.value.value.entries)
        pairs.set(`${owner.key}>${spender.key}`.toLowerCase(), spender.value.value.value);
    }
    expect(pairs.size).toBe(3);
    for (const [o, s] of [
      [0, 1],
      [1, 2],
      [2, 0],
    ]) {
      const onChain = await pub.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'allowance',
        args: [accounts[o].address, accounts[s].address],
      });
      expect(pairs.get(`${accounts[o].address}>${accounts[s].address}`.toLowerCase())).toBe(
        onChain.toString(),
      );
    }
    expect(pairs.get(`${accounts[0].address}>${accounts[1].address}`.toLowerCase())).toBe('70');

    // The human table names them too, and --slot answers the inverse question.
    const table = tdk('storage', token, '--rpc', url, '--root', TOKEN_PROJECT);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(getAddress(holders[0]));
    const slot = tdk('storage', token, '--rpc', url, '--root', TOKEN_PROJECT, '--slot', '0x2');
    expect(slot.stdout).toMatch(/_totalSupply \(uint256/);
  }, 120_000);

  it('detects a UUPS (ERC-1967) proxy and decodes its implementation variables from the proxy storage', async () => {
    const implementation = await deploy(PROXY_PROJECT, 'Box');
    const init = encodeFunctionData({
      abi: loadArtifact(PROXY_PROJECT, 'Box').abi as Abi,
      functionName: 'initialize',
      args: [accounts[0].address, 'boxed'],
    });
    const proxy = await deploy(PROXY_PROJECT, 'ERC1967Proxy', [implementation, init]);
    await send(
      1,
      proxy,
      encodeFunctionData({
        abi: loadArtifact(PROXY_PROJECT, 'Box').abi as Abi,
        functionName: 'store',
        args: [42n],
      }),
    );
    const r = tdk('storage', proxy, '--rpc', url, '--root', PROXY_PROJECT, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.proxy).toMatchObject({ kind: 'eip1967-uups', implementation: implementation.toLowerCase() });
    expect(out.contract).toBe('src/Box.sol:Box');
    const byPath = new Map(out.variables.map((v: { path: string; value: unknown }) => [v.path, v.value]));
    expect(byPath.get('value')).toMatchObject({ value: '42' });
    expect(byPath.get('label')).toMatchObject({ utf8: 'boxed' });
    const credits = byPath.get('credits') as { entries: { key: string }[] };
    expect(credits.entries.map((e) => e.key.toLowerCase())).toEqual([accounts[1].address.toLowerCase()]);
    // OpenZeppelin's namespaced owner, read from the proxy.
    expect(JSON.stringify(out.variables)).toContain(accounts[0].address.slice(2).toLowerCase());
  }, 120_000);

  it('detects a transparent proxy and decodes its implementation variables', async () => {
    const implementation = await deploy(PROXY_PROJECT, 'Counter');
    const counterAbi = loadArtifact(PROXY_PROJECT, 'Counter').abi as Abi;
    const init = encodeFunctionData({
      abi: counterAbi,
      functionName: 'initialize',
      args: [accounts[2].address],
    });
    const proxy = await deploy(PROXY_PROJECT, 'TransparentUpgradeableProxy', [
      implementation,
      accounts[0].address,
      init,
    ]);
    await send(1, proxy, encodeFunctionData({ abi: counterAbi, functionName: 'increment' }));
    await send(2, proxy, encodeFunctionData({ abi: counterAbi, functionName: 'increment' }));
    const r = tdk('storage', proxy, '--rpc', url, '--root', PROXY_PROJECT, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.proxy.kind).toBe('eip1967-transparent');
    expect(out.proxy.admin).toMatch(/^0x[0-9a-f]{40}$/);
    const byPath = new Map(out.variables.map((v: { path: string; value: unknown }) => [v.path, v.value]));
    expect(byPath.get('count')).toMatchObject({ value: '2' });
    expect((byPath.get('keeper') as { value: string }).value.toLowerCase()).toBe(
      accounts[2].address.toLowerCase(),
    );
  }, 120_000);
});

describe.skipIf(!built)('tdk storage and tdk layout on bad input', () => {
  it('an address without code, an unknown contract, and a malformed address', async () => {
    const empty = tdk(
      'storage',
      '0x00000000000000000000000000000000000000e1',
      '--rpc',
      url,
      '--root',
      TOKEN_PROJECT,
    );
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^error\[TDK_NO_CODE\]/);
    const box = await deploy(PROXY_PROJECT, 'Counter');
    const unknown = tdk('storage', box, '--rpc', url, '--root', TOKEN_PROJECT);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error\[TDK_UNKNOWN_CONTRACT\]/);
    expect(unknown.stderr).toMatch(/hint: .*--contract/);
    expect(tdk('storage', '0x1234', '--rpc', url).stderr).toMatch(/^error\[TDK_BAD_ARGUMENT\]/);
  }, 60_000);

  it('an unreachable node and one that never answers', async () => {
    const closed = tdk(
      'storage',
      '0x00000000000000000000000000000000000000e1',
      '--rpc',
      'http://127.0.0.1:9',
      '--root',
      TOKEN_PROJECT,
    );
    expect(closed.code).toBe(2);
    expect(closed.stderr).toMatch(/^error\[TDK_RPC_UNREACHABLE\]/);
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          'node',
          [
            'bin/tdk.js',
            'storage',
            '0x00000000000000000000000000000000000000e1',
            '--rpc',
            `http://127.0.0.1:${port}`,
            '--timeout',
            '300',
          ],
          { cwd: ROOT },
        );
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error\[TDK_RPC_TIMEOUT\]/);
    } finally {
      silent.close();
    }
  }, 60_000);

  it('a layout from a compiler without storageLayout, and an unknown contract name', () => {
    const old = tdk('layout', 'OldVault', '--root', TOKEN_PROJECT);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/^error\[TDK_LAYOUT_UNAVAILABLE\]/);
    const missing = tdk('layout', 'NoSuchContract', '--root', TOKEN_PROJECT);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error\[TDK_ARTIFACT_NOT_FOUND\]/);
    const good = tdk('layout', 'Token', '--root', TOKEN_PROJECT, '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).storage.map((v: { label: string }) => v.label)).toEqual([
      '_balances',
      '_allowances',
      '_totalSupply',
      '_name',
      '_symbol',
      '_owner',
    ]);
  });
});
