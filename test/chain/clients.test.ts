// viem and ethers v6 as real clients of the devnet, over the in-process EIP-1193 provider, HTTP and
// WebSocket: deploy, the three fee-market transaction types, receipts and logs, event watching,
// gas estimation, snapshots and revert reasons.

import { fileURLToPath } from 'node:url';
import {
  BrowserProvider,
  ContractFactory,
  JsonRpcProvider,
  NonceManager,
  Wallet,
  WebSocketProvider,
} from 'ethers';
import {
  type Abi,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
  type Hex,
  http,
  parseEther,
  parseEventLogs,
  type Transport,
  webSocket,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../src/chain/devnet.js';
import { type Artifact, loadArtifact } from '../../src/solidity/artifacts.js';
import { build } from '../../src/solidity/build.js';
import { compileContract } from './solc.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/token', import.meta.url));

const SOURCE = `
pragma solidity ^0.8.20;
contract Coin {
  mapping(address => uint256) public balanceOf;
  event Transfer(address indexed from, address indexed to, uint256 value);
  error Unauthorized(address caller);
  constructor(uint256 supply) { balanceOf[msg.sender] = supply; emit Transfer(address(0), msg.sender, supply); }
  function transfer(address to, uint256 amount) external returns (bool) {
    require(balanceOf[msg.sender] >= amount, "Coin: insufficient balance");
    balanceOf[msg.sender] -= amount;
    balanceOf[to] += amount;
    emit Transfer(msg.sender, to, amount);
    return true;
  }
  function burnAll() external view { revert Unauthorized(msg.sender); }
  function stamp() external view returns (uint256, uint256) { return (block.number, block.timestamp); }
}`;

let abi: Abi;
let bytecode: Hex;
let devnet: Devnet;
let greeter: Artifact;

beforeAll(async () => {
  ({ abi, bytecode } = compileContract(SOURCE, 'Coin'));
  devnet = await startDevnet({ server: { port: 0 } });
  // The example project, built by `tdk build`'s pipeline (cached after the first run).
  const built = await build({ root: EXAMPLE });
  expect(built.ok).toBe(true);
  greeter = loadArtifact(EXAMPLE, 'Greeter');
}, 120_000);

afterAll(async () => {
  await devnet?.close();
});

// Third dev account signs locally (raw transactions); the first goes through eth_sendTransaction.
const LOCAL_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const RECIPIENT = '0x000000000000000000000000000000000000beef';

async function devAccount(t: Transport): Promise<Hex> {
  const [first] = await createWalletClient({ chain: foundry, transport: t }).getAddresses();
  return first;
}

function transports(): [string, () => Transport][] {
  return [
    ['in-process provider', () => custom(devnet.provider, { retryCount: 0 })],
    ['HTTP', () => http(devnet.server?.url, { retryCount: 0 })],
    ['WebSocket', () => webSocket(devnet.server?.wsUrl, { retryCount: 0 })],
  ];
}

describe.each(transports())('viem over %s', (_name, transport) => {
  it('deploys, sends legacy, EIP-2930 and EIP-1559 transactions, reads receipts and logs', async () => {
    const t = transport();
    const pub = createPublicClient({ chain: foundry, transport: t });
    const deployer = await devAccount(t);
    const wallet = createWalletClient({ chain: foundry, transport: t, account: deployer });
    const hash = await wallet.deployContract({ abi, bytecode, args: [1000n] });
    const receipt = await pub.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    const coin = receipt.contractAddress as Hex;
    expect(await pub.getCode({ address: coin })).toMatch(/^0x60/);

    const local = createWalletClient({
      chain: foundry,
      transport: t,
      account: privateKeyToAccount(LOCAL_KEY),
    });
    // Fund the local account with coins, then move them with each transaction type.
    await pub.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: coin,
        abi,
        functionName: 'transfer',
        args: [local.account.address, 30n],
      }),
    });
    const gasPrice = await pub.getGasPrice();
    const sent = [
      await local.writeContract({
        address: coin,
        abi,
        functionName: 'transfer',
        args: [RECIPIENT, 1n],
        type: 'legacy',
        gasPrice,
      }),
      await local.writeContract({
        address: coin,
        abi,
        functionName: 'transfer',
        args: [RECIPIENT, 2n],
        type: 'eip2930',
        gasPrice,
        accessList: [{ address: coin, storageKeys: [] }],
      }),
      await local.writeContract({
        address: coin,
        abi,
        functionName: 'transfer',
        args: [RECIPIENT, 3n],
        type: 'eip1559',
      }),
    ];
    const receipts = await Promise.all(sent.map((h) => pub.waitForTransactionReceipt({ hash: h })));
    expect(receipts.map((r) => r.type)).toEqual(['legacy', 'eip2930', 'eip1559']);
    expect(receipts.every((r) => r.status === 'success')).toBe(true);
    const transfers = parseEventLogs({ abi, logs: receipts.flatMap((r) => r.logs), eventName: 'Transfer' });
    expect(transfers.map((l) => (l.args as { value: bigint }).value)).toEqual([1n, 2n, 3n]);
    expect(
      await pub.readContract({ address: coin, abi, functionName: 'balanceOf', args: [RECIPIENT] }),
    ).toBeGreaterThanOrEqual(6n);

    const logs = await pub.getContractEvents({
      address: coin,
      abi,
      eventName: 'Transfer',
      fromBlock: receipt.blockNumber,
    });
    expect(logs.length).toBe(5);
    const tx = await pub.getTransaction({ hash: sent[1] });
    expect(tx.type).toBe('eip2930');
    expect(tx.from.toLowerCase()).toBe(local.account.address.toLowerCase());
  });

  it('estimates gas, snapshots and reverts, and decodes revert reasons', async () => {
    const t = transport();
    const pub = createPublicClient({ chain: foundry, transport: t });
    const test = createTestClient({ chain: foundry, transport: t, mode: 'anvil' });
    const deployer = await devAccount(t);
    const wallet = createWalletClient({ chain: foundry, transport: t, account: deployer });
    const { contractAddress } = await pub.waitForTransactionReceipt({
      hash: await wallet.deployContract({ abi, bytecode, args: [50n] }),
    });
    const coin = contractAddress as Hex;

    const gas = await pub.estimateContractGas({
      address: coin,
      abi,
      functionName: 'transfer',
      args: [RECIPIENT, 5n],
      account: deployer,
    });
    // The estimate is enough, and one gas less is not.
    const call = {
      address: coin,
      abi,
      functionName: 'transfer',
      args: [RECIPIENT, 5n],
      account: deployer,
    } as const;
    await expect(pub.simulateContract({ ...call, gas })).resolves.toBeDefined();
    await expect(pub.simulateContract({ ...call, gas: gas - 1n })).rejects.toThrow();

    const id = await test.snapshot();
    await pub.waitForTransactionReceipt({ hash: await wallet.writeContract(call) });
    expect(await pub.readContract({ address: coin, abi, functionName: 'balanceOf', args: [deployer] })).toBe(
      45n,
    );
    await test.revert({ id });
    expect(await pub.readContract({ address: coin, abi, functionName: 'balanceOf', args: [deployer] })).toBe(
      50n,
    );

    const reverted = await pub
      .simulateContract({
        address: coin,
        abi,
        functionName: 'transfer',
        args: [RECIPIENT, 51n],
        account: deployer,
      })
      .catch((e: unknown) => e);
    expect(reverted).toBeInstanceOf(BaseError);
    const cause = (reverted as BaseError).walk(
      (e) => e instanceof ContractFunctionRevertedError,
    ) as ContractFunctionRevertedError;
    expect(cause.reason).toBe('Coin: insufficient balance');
    const custom = (await pub
      .simulateContract({ address: coin, abi, functionName: 'burnAll', account: deployer })
      .catch((e) => e)) as BaseError;
    const customCause = custom.walk(
      (e) => e instanceof ContractFunctionRevertedError,
    ) as ContractFunctionRevertedError;
    expect(customCause.data?.errorName).toBe('Unauthorized');
  });

  it('deploys from tdk build artifacts and decodes their reasons and custom errors', async () => {
    const t = transport();
    const pub = createPublicClient({ chain: foundry, transport: t });
    const deployer = await devAccount(t);
    const wallet = createWalletClient({ chain: foundry, transport: t, account: deployer });
    const greeterAbi = greeter.abi as Abi;
    const { contractAddress } = await pub.waitForTransactionReceipt({
      hash: await wallet.deployContract({
        abi: greeterAbi,
        bytecode: greeter.bytecode.object as Hex,
        args: ['hi'],
      }),
    });
    const address = contractAddress as Hex;
    const receipt = await pub.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address,
        abi: greeterAbi,
        functionName: 'setGreeting',
        args: ['hello'],
      }),
    });
    const [changed] = parseEventLogs({ abi: greeterAbi, logs: receipt.logs, eventName: 'GreetingChanged' });
    expect(changed.args).toMatchObject({ oldGreeting: 'hi', newGreeting: 'hello' });
    expect(await pub.readContract({ address, abi: greeterAbi, functionName: 'greeting' })).toBe('hello');
    const failed = (await pub
      .simulateContract({ address, abi: greeterAbi, functionName: 'fail', account: deployer })
      .catch((e) => e)) as BaseError;
    expect(
      (failed.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError)
        .reason,
    ).toBe('Greeter: always fails');
    const stranger = privateKeyToAccount(LOCAL_KEY).address;
    const denied = (await pub
      .simulateContract({ address, abi: greeterAbi, functionName: 'reset', account: stranger })
      .catch((e) => e)) as BaseError;
    const cause = denied.walk(
      (e) => e instanceof ContractFunctionRevertedError,
    ) as ContractFunctionRevertedError;
    expect(cause.data?.errorName).toBe('Unauthorized');
    expect(cause.data?.args).toEqual([stranger]);
  });

  it('watches events as they are mined', async () => {
    const t = transport();
    const pub = createPublicClient({ chain: foundry, transport: t, pollingInterval: 50 });
    const deployer = await devAccount(t);
    const wallet = createWalletClient({ chain: foundry, transport: t, account: deployer });
    const { contractAddress } = await pub.waitForTransactionReceipt({
      hash: await wallet.deployContract({ abi, bytecode, args: [10n] }),
    });
    const coin = contractAddress as Hex;
    const seen: bigint[] = [];
    const done = new Promise<void>((resolve) => {
      const unwatch = pub.watchContractEvent({
        address: coin,
        abi,
        eventName: 'Transfer',
        onLogs: (logs) => {
          for (const l of logs) seen.push((l as unknown as { args: { value: bigint } }).args.value);
          if (seen.length >= 2) {
            unwatch();
            resolve();
          }
        },
      });
    });
    // Let the watcher install its filter or subscription before sending.
    await new Promise((r) => setTimeout(r, 150));
    await wallet.writeContract({ address: coin, abi, functionName: 'transfer', args: [RECIPIENT, 4n] });
    await wallet.writeContract({ address: coin, abi, functionName: 'transfer', args: [RECIPIENT, 5n] });
    await done;
    expect(seen).toEqual([4n, 5n]);
  });
});

describe('ethers v6', () => {
  const providers: [
    string,
    () => {
      provider: JsonRpcProvider | BrowserProvider | WebSocketProvider;
      close: () => Promise<void> | void;
    },
  ][] = [
    ['in-process provider', () => ({ provider: new BrowserProvider(devnet.provider), close: () => {} })],
    [
      'HTTP',
      () => {
        const provider = new JsonRpcProvider(devnet.server?.url, undefined, {
          staticNetwork: true,
          pollingInterval: 50,
        });
        return { provider, close: () => provider.destroy() };
      },
    ],
    [
      'WebSocket',
      () => {
        const provider = new WebSocketProvider(devnet.server?.wsUrl as string);
        return { provider, close: () => provider.destroy() };
      },
    ],
  ];

  it.each(providers)(
    'deploys, transfers, filters logs, estimates and decodes reverts over %s',
    async (_name, make) => {
      const { provider, close } = make();
      try {
        // ethers reuses an identical request's answer for 250 ms, so on an automining devnet two quick
        // transactions would read the same nonce; NonceManager is its documented remedy.
        const signer = new NonceManager(
          new Wallet('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6', provider),
        );
        const factory = new ContractFactory(abi as never, bytecode, signer);
        const coin = await factory.deploy(100n);
        await coin.waitForDeployment();
        const address = await coin.getAddress();
        const transfer = coin.getFunction('transfer');
        const estimate = await transfer.estimateGas(RECIPIENT, 7n);
        expect(estimate).toBeGreaterThan(21_000n);
        const tx = await transfer(RECIPIENT, 7n);
        const receipt = await tx.wait();
        expect(receipt?.status).toBe(1);
        const events = await coin.queryFilter(coin.filters.Transfer(), receipt?.blockNumber);
        expect(events.some((e) => 'args' in e && e.args[2] === 7n)).toBe(true);
        expect(await coin.getFunction('balanceOf')(address)).toBe(0n);
        const err = await transfer.staticCall(RECIPIENT, 1000n).catch((e: unknown) => e);
        expect((err as { reason?: string }).reason).toBe('Coin: insufficient balance');
        const balance = await provider.getBalance(RECIPIENT);
        expect(balance).toBeGreaterThanOrEqual(0n);
        expect(parseEther('1')).toBe(10n ** 18n);
      } finally {
        await close();
      }
    },
  );
});
