// contracts/bridges/MerkleRootRegistry.sol and the example airdrop (examples/token) built by tdk's
// own pipeline and run on the devnet: sequential epochs and the publisher role; proofs from tdk's
// StandardMerkleTree (equal to @openzeppelin/merkle-tree's) verified by the registry, single and
// multi, for several leaf types up to 100,000 leaves; claims against published roots.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StandardMerkleTree as OZ } from '@openzeppelin/merkle-tree';
import {
  type Abi,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  custom,
  getAddress,
  type Hex,
  keccak256,
  toHex,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeafValue, StandardMerkleTree } from '../../src/bridges/merkle/index.js';
import { startDevnet } from '../../src/chain/devnet.js';
import { loadArtifact } from '../../src/solidity/artifacts.js';
import { build } from '../../src/solidity/build.js';
import { rng } from './support/rng.js';

const REPO = resolve(import.meta.dirname, '../..');

const hex = (r: () => number, n: number): Hex =>
  `0x${Array.from({ length: n }, () =>
    Math.floor(r() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('')}`;

const KINDS: { types: string[]; gen: (r: () => number, i: number) => LeafValue }[] = [
  {
    types: ['address', 'uint256'],
    gen: (r, i) => [hex(r, 20), (BigInt(Math.floor(r() * 2 ** 40)) + BigInt(i)).toString()],
  },
  { types: ['bytes32'], gen: (r) => [hex(r, 32)] },
  { types: ['uint64', 'string', 'bool'], gen: (r, i) => [String(i), `job-${hex(r, 3)}`, r() < 0.5] },
];

let devnet: Awaited<ReturnType<typeof startDevnet>>;
let project: string;
let accounts: Hex[];
const addr: Record<string, Hex> = {};
const abis: Record<string, Abi> = {};

function clients(account: Hex) {
  const transport = custom(devnet.provider as never, { retryCount: 0 });
  return {
    wallet: createWalletClient({ transport, account }),
    pub: createPublicClient({ transport }),
  };
}

async function send(from: Hex, contract: string, functionName: string, args: unknown[]): Promise<void> {
  const { wallet, pub } = clients(from);
  const hash = await wallet.writeContract({
    address: addr[contract]!,
    abi: abis[contract]!,
    functionName,
    args,
    chain: null,
  });
  const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 10 });
  expect(receipt.status).toBe('success');
}

async function read<T>(contract: string, functionName: string, args: unknown[] = []): Promise<T> {
  return (await clients(accounts[0]!).pub.readContract({
    address: addr[contract]!,
    abi: abis[contract]!,
    functionName,
    args,
  })) as T;
}

/** The custom error name and arguments a call reverts with (simulated, so nothing is mined). */
async function revertOf(from: Hex, contract: string, functionName: string, args: unknown[]): Promise<string> {
  try {
    await clients(from).pub.simulateContract({
      account: from,
      address: addr[contract]!,
      abi: abis[contract]!,
      functionName,
      args,
    });
  } catch (e) {
    const reverted =
      e instanceof BaseError ? e.walk((x) => x instanceof ContractFunctionRevertedError) : null;
    if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
      return `${reverted.data.errorName}(${(reverted.data.args ?? []).map(String).join(',')})`;
    }
    throw e;
  }
  throw new Error(`${contract}.${functionName} did not revert`);
}

async function deploy(name: string, args: unknown[]): Promise<void> {
  const artifact = loadArtifact(project, name);
  abis[name] = artifact.abi as Abi;
  const { wallet, pub } = clients(accounts[0]!);
  const hash = await wallet.deployContract({
    abi: artifact.abi as Abi,
    bytecode: artifact.bytecode.object as Hex,
    args,
    chain: null,
  });
  const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 10 });
  addr[name] = receipt.contractAddress!;
}

beforeAll(async () => {
  // A scratch project that imports the shipped contracts the way an npm user of tdk would.
  project = mkdtempSync(join(tmpdir(), 'tdk-registry-'));
  mkdirSync(join(project, 'src'));
  writeFileSync(
    join(project, 'foundry.toml'),
    `[profile.default]\nsrc = "src"\nout = "out"\noptimizer = true\nevm_version = "cancun"\nremappings = [\n  "tdk/contracts/=${REPO}/contracts/",\n  "@openzeppelin/=${REPO}/node_modules/@openzeppelin/",\n  "example/=${REPO}/examples/token/src/",\n]\n`,
  );
  writeFileSync(
    join(project, 'src', 'All.sol'),
    `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {MerkleRootRegistry} from "tdk/contracts/bridges/MerkleRootRegistry.sol";
import {MerkleAirdrop} from "example/MerkleAirdrop.sol";
import {Token} from "example/Token.sol";
`,
  );
  const built = await build({ root: project });
  expect(built.errors).toEqual([]);
  devnet = await startDevnet();
  accounts = (await devnet.provider.request({ method: 'eth_accounts' })) as Hex[];
  await deploy('MerkleRootRegistry', [accounts[0], accounts[1]]);
  await deploy('Token', [10n ** 24n]);
  await deploy('MerkleAirdrop', [addr.Token, addr.MerkleRootRegistry]);
  await send(accounts[0]!, 'Token', 'transfer', [addr.MerkleAirdrop, 10n ** 23n]);
}, 120_000);

afterAll(async () => {
  await devnet?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('MerkleRootRegistry', () => {
  const publisher = () => accounts[1]!;
  const root1 = keccak256(toHex('epoch one'));

  it('accepts only the publisher, only the next epoch, never an empty root', async () => {
    expect(await read<bigint>('MerkleRootRegistry', 'latestEpoch')).toBe(0n);
    const role = await read<Hex>('MerkleRootRegistry', 'PUBLISHER_ROLE');
    expect(role).toBe(keccak256(toHex('PUBLISHER_ROLE')));
    expect(await revertOf(accounts[2]!, 'MerkleRootRegistry', 'updateRoot', [1n, root1, root1])).toBe(
      `AccessControlUnauthorizedAccount(${getAddress(accounts[2]!)},${role})`,
    );
    expect(await revertOf(publisher(), 'MerkleRootRegistry', 'updateRoot', [2n, root1, root1])).toBe(
      'EpochOutOfOrder(1,2)',
    );
    expect(await revertOf(publisher(), 'MerkleRootRegistry', 'updateRoot', [0n, root1, root1])).toBe(
      'EpochOutOfOrder(1,0)',
    );
    expect(
      await revertOf(publisher(), 'MerkleRootRegistry', 'updateRoot', [1n, `0x${'00'.repeat(32)}`, root1]),
    ).toBe('EmptyRoot()');
  });

  it('publishes epochs in order with an event, and never the same epoch twice', async () => {
    const { wallet, pub } = clients(publisher());
    const hash = await wallet.writeContract({
      address: addr.MerkleRootRegistry!,
      abi: abis.MerkleRootRegistry!,
      functionName: 'updateRoot',
      args: [1n, root1, keccak256(toHex('meta'))],
      chain: null,
    });
    const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 10 });
    expect(receipt.status).toBe('success');
    const events = await pub.getContractEvents({
      address: addr.MerkleRootRegistry!,
      abi: abis.MerkleRootRegistry!,
      eventName: 'RootUpdated',
      fromBlock: receipt.blockNumber,
      toBlock: receipt.blockNumber,
    });
    expect(events.map((e) => e.args)).toEqual([
      { epoch: 1n, root: root1, metadataHash: keccak256(toHex('meta')), publisher: getAddress(publisher()) },
    ]);
    expect(await read<bigint>('MerkleRootRegistry', 'latestEpoch')).toBe(1n);
    expect(await read<Hex>('MerkleRootRegistry', 'rootOf', [1n])).toBe(root1);
    expect(await read<Hex>('MerkleRootRegistry', 'metadataOf', [1n])).toBe(keccak256(toHex('meta')));
    expect(await revertOf(publisher(), 'MerkleRootRegistry', 'updateRoot', [1n, root1, root1])).toBe(
      'EpochOutOfOrder(2,1)',
    );
  });

  // Each dataset is published as the next epoch; its proofs must verify against that epoch only.
  const SIZES = [1, 2, 3, 8, 1000];
  for (const [k, kind] of KINDS.entries()) {
    it(`verify and verifyMulti accept tdk's proofs (${kind.types.join(',')}; ${SIZES.join(', ')} leaves)`, async () => {
      for (const n of SIZES) {
        const r = rng(n * 7 + k);
        const values = Array.from({ length: n }, (_, i) => kind.gen(r, i));
        const tree = StandardMerkleTree.of(values, kind.types);
        expect(tree.root).toBe(OZ.of(values as unknown[][], kind.types).root);
        const epoch = (await read<bigint>('MerkleRootRegistry', 'latestEpoch')) + 1n;
        await send(publisher(), 'MerkleRootRegistry', 'updateRoot', [epoch, tree.root, tree.root]);
        const picks = n <= 8 ? [...Array(n).keys()] : Array.from({ length: 12 }, () => Math.floor(r() * n));
        for (const i of picks) {
          const proof = tree.getProof(i);
          const leaf = tree.leafHash(values[i]!);
          expect(await read<boolean>('MerkleRootRegistry', 'verify', [epoch, proof, leaf])).toBe(true);
          // Same proof, wrong epoch (an unpublished one, or the previous dataset's).
          expect(await read<boolean>('MerkleRootRegistry', 'verify', [epoch + 1n, proof, leaf])).toBe(false);
          expect(await read<boolean>('MerkleRootRegistry', 'verify', [epoch - 1n, proof, leaf])).toBe(false);
        }
        if (n > 1) {
          const other = tree.leafHash(kind.gen(r, n));
          expect(await read<boolean>('MerkleRootRegistry', 'verify', [epoch, tree.getProof(0), other])).toBe(
            false,
          );
        }
        for (const size of [1, Math.min(n, 3), Math.min(n, 10)]) {
          const chosen = [...new Set(Array.from({ length: size }, () => Math.floor(r() * n)))];
          const mp = tree.getMultiProof(chosen);
          const leaves = mp.leaves.map((l) => tree.leafHash(l));
          const args = [epoch, mp.proof, mp.proofFlags, leaves];
          expect(await read<boolean>('MerkleRootRegistry', 'verifyMulti', args)).toBe(true);
          const forged = [
            epoch,
            mp.proof,
            mp.proofFlags,
            [tree.leafHash(kind.gen(r, n + 1)), ...leaves.slice(1)],
          ];
          expect(await read<boolean>('MerkleRootRegistry', 'verifyMulti', forged)).toBe(false);
        }
        // OpenZeppelin accepts an empty leaf set whose proof is the root; the registry does not.
        expect(await read<boolean>('MerkleRootRegistry', 'verifyMulti', [epoch, [tree.root], [], []])).toBe(
          false,
        );
      }
    }, 60_000);
  }

  it('100,000 (address, uint256) leaves: same root and proofs as OpenZeppelin, verified on-chain', async () => {
    const n = 100_000;
    const r = rng(2026);
    const values = Array.from({ length: n }, (_, i) => KINDS[0]!.gen(r, i));
    const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
    const oz = OZ.of(values as unknown[][], ['address', 'uint256']);
    expect(tree.root).toBe(oz.root);
    const epoch = (await read<bigint>('MerkleRootRegistry', 'latestEpoch')) + 1n;
    await send(publisher(), 'MerkleRootRegistry', 'updateRoot', [epoch, tree.root, tree.root]);
    for (const i of [0, 1, n - 1, ...Array.from({ length: 8 }, () => Math.floor(r() * n))]) {
      const proof = tree.getProof(i);
      expect(proof).toEqual(oz.getProof(i));
      expect(
        await read<boolean>('MerkleRootRegistry', 'verify', [epoch, proof, tree.leafHash(values[i]!)]),
      ).toBe(true);
    }
    const chosen = [5, 77_777, 99_999, 12_345, 50_000];
    const mp = tree.getMultiProof(chosen);
    expect(mp).toEqual(oz.getMultiProof(chosen));
    const leaves = mp.leaves.map((l) => tree.leafHash(l));
    expect(
      await read<boolean>('MerkleRootRegistry', 'verifyMulti', [epoch, mp.proof, mp.proofFlags, leaves]),
    ).toBe(true);
  }, 120_000);
});

describe('MerkleAirdrop (the example consumer)', () => {
  it('pays cumulative amounts once per increase, against any published epoch', async () => {
    const [alice, bob] = [getAddress(accounts[3]!), getAddress(accounts[4]!)];
    const types = ['address', 'uint256'];
    const first = StandardMerkleTree.of(
      [
        [alice, '1000'],
        [bob, '250'],
      ],
      types,
    );
    const second = StandardMerkleTree.of(
      [
        [alice, '1600'],
        [bob, '250'],
      ],
      types,
    );
    const e1 = (await read<bigint>('MerkleRootRegistry', 'latestEpoch')) + 1n;
    await send(accounts[1]!, 'MerkleRootRegistry', 'updateRoot', [e1, first.root, first.root]);
    await send(accounts[1]!, 'MerkleRootRegistry', 'updateRoot', [e1 + 1n, second.root, second.root]);

    // Anyone may submit; the tokens go to the account in the leaf.
    await send(accounts[5]!, 'MerkleAirdrop', 'claim', [e1, alice, 1000n, first.getProof(0)]);
    expect(await read<bigint>('Token', 'balanceOf', [alice])).toBe(1000n);
    expect(
      await revertOf(accounts[3]!, 'MerkleAirdrop', 'claim', [e1, alice, 1000n, first.getProof(0)]),
    ).toBe(`NothingToClaim(${alice},1000,1000)`);
    expect(
      await revertOf(accounts[3]!, 'MerkleAirdrop', 'claim', [e1, alice, 5000n, first.getProof(0)]),
    ).toBe(`InvalidProof(${e1},${alice},5000)`);
    // The next epoch raised alice's total: she gets only the difference.
    await send(accounts[3]!, 'MerkleAirdrop', 'claim', [e1 + 1n, alice, 1600n, second.getProof(0)]);
    expect(await read<bigint>('Token', 'balanceOf', [alice])).toBe(1600n);
    expect(await read<bigint>('MerkleAirdrop', 'claimed', [alice])).toBe(1600n);
    // An old proof can no longer pay anything.
    expect(
      await revertOf(accounts[3]!, 'MerkleAirdrop', 'claim', [e1, alice, 1000n, first.getProof(0)]),
    ).toBe(`NothingToClaim(${alice},1000,1600)`);
    await send(accounts[4]!, 'MerkleAirdrop', 'claim', [e1 + 1n, bob, 250n, second.getProof(1)]);
    expect(await read<bigint>('Token', 'balanceOf', [bob])).toBe(250n);
    // An unpublished epoch has no root: nothing verifies.
    expect(
      await revertOf(accounts[4]!, 'MerkleAirdrop', 'claim', [e1 + 5n, bob, 300n, second.getProof(1)]),
    ).toBe(`InvalidProof(${e1 + 5n},${bob},300)`);
  }, 60_000);
});
