// Test support: a devnet served over HTTP in the test process (so it outlives a killed worker)
// with a MerkleRootRegistry deployed. The registry is contracts/bridges/MerkleRootRegistry.sol
// (compiled with OpenZeppelin from node_modules); if that file is absent, a minimal stand-in with
// the same ABI and rules.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Abi, createPublicClient, encodeDeployData, type Hex, http } from 'viem';
import { registryAbi } from '../../../src/bridges/worker/registry.js';
import { deriveDevAccounts } from '../../../src/chain/accounts.js';
import { type Devnet, startDevnet } from '../../../src/chain/devnet.js';
import { toAddress, toData } from '../../../src/chain/hex.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CONTRACT = `${ROOT}contracts/bridges/MerkleRootRegistry.sol`;

const STAND_IN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
contract MerkleRootRegistry {
  bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");
  uint256 public latestEpoch;
  address immutable publisher;
  mapping(uint256 => bytes32) roots;
  mapping(uint256 => bytes32) meta;
  event RootUpdated(uint256 indexed epoch, bytes32 root, bytes32 metadataHash, address publisher);
  error EpochOutOfOrder(uint256 expected, uint256 given);
  error EmptyRoot();
  error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
  constructor(address, address p) { publisher = p; }
  function updateRoot(uint256 epoch, bytes32 root, bytes32 metadataHash) external {
    if (msg.sender != publisher) revert AccessControlUnauthorizedAccount(msg.sender, PUBLISHER_ROLE);
    if (epoch != latestEpoch + 1) revert EpochOutOfOrder(latestEpoch + 1, epoch);
    if (root == bytes32(0)) revert EmptyRoot();
    latestEpoch = epoch; roots[epoch] = root; meta[epoch] = metadataHash;
    emit RootUpdated(epoch, root, metadataHash, msg.sender);
  }
  function rootOf(uint256 e) external view returns (bytes32) { return roots[e]; }
  function metadataOf(uint256 e) external view returns (bytes32) { return meta[e]; }
  function verify(uint256 e, bytes32[] calldata proof, bytes32 leaf) external view returns (bool) {
    bytes32 h = leaf;
    for (uint256 i = 0; i < proof.length; i++) {
      bytes32 p = proof[i];
      h = h < p ? keccak256(abi.encode(h, p)) : keccak256(abi.encode(p, h));
    }
    return roots[e] != bytes32(0) && h == roots[e];
  }
}`;

export interface Compiled {
  readonly abi: Abi;
  readonly bytecode: Hex;
  readonly real: boolean;
}

let compiled: Compiled | undefined;

export function compileRegistry(): Compiled {
  if (compiled) return compiled;
  const solc = createRequire(import.meta.url)('solc');
  const real = existsSync(CONTRACT);
  const sources: Record<string, { content: string }> = real
    ? { 'contracts/bridges/MerkleRootRegistry.sol': { content: readFileSync(CONTRACT, 'utf8') } }
    : { 'contracts/bridges/MerkleRootRegistry.sol': { content: STAND_IN } };
  const findImports = (path: string): { contents: string } | { error: string } => {
    const candidates = [`${ROOT}node_modules/${path}`, `${ROOT}${path}`];
    for (const c of candidates) if (existsSync(c)) return { contents: readFileSync(c, 'utf8') };
    return { error: `not found: ${path}` };
  };
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources,
        settings: {
          evmVersion: 'cancun',
          optimizer: { enabled: true, runs: 200 },
          outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
        },
      }),
      { import: findImports },
    ),
  );
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length > 0)
    throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n'));
  const c = out.contracts['contracts/bridges/MerkleRootRegistry.sol'].MerkleRootRegistry;
  compiled = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}`, real };
  return compiled;
}

export interface TestChain {
  readonly devnet: Devnet;
  readonly url: string;
  readonly registry: Hex;
  /** Dev account 1: the publisher the worker signs with. */
  readonly publisherKey: Hex;
  readonly publisher: Hex;
  readonly admin: Hex;
}

export async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** A devnet on 127.0.0.1 (free port) with the registry deployed by dev account 0. */
export async function startTestChain(options: { readonly blockMs?: number } = {}): Promise<TestChain> {
  const accounts = deriveDevAccounts(undefined, 3);
  const devnet = await startDevnet({ accounts, server: { host: '127.0.0.1', port: 0 } });
  const url = devnet.server!.url;
  const admin = toAddress(accounts[0]!.address) as Hex;
  const publisher = toAddress(accounts[1]!.address) as Hex;
  const { abi, bytecode } = compileRegistry();
  const hash = await rpc<Hex>(url, 'eth_sendTransaction', [
    { from: admin, data: encodeDeployData({ abi, bytecode, args: [admin, publisher] }), gas: '0x300000' },
  ]);
  const receipt = await rpc<{ contractAddress: Hex; status: Hex }>(url, 'eth_getTransactionReceipt', [hash]);
  if (receipt.status !== '0x1') throw new Error('registry deployment failed');
  if (options.blockMs) devnet.chain.setIntervalMining(options.blockMs);
  return {
    devnet,
    url,
    registry: receipt.contractAddress,
    publisherKey: toData(accounts[1]!.privateKey) as Hex,
    publisher,
    admin,
  };
}

/** Polls `check` every 25 ms until it holds; throws after `ms`. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  label: string,
  ms = 45_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every RootUpdated log of the test chain's registry, oldest first. */
export async function rootUpdatedEvents(c: TestChain) {
  const client = createPublicClient({ transport: http(c.url) });
  return client.getContractEvents({
    address: c.registry,
    abi: registryAbi,
    eventName: 'RootUpdated',
    fromBlock: 0n,
  });
}
