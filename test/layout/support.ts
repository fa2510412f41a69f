// Shared by the discovery, inverse, proxy and reader tests: a temporary project built by tdk's own
// pipeline (OpenZeppelin from node_modules), a devnet to deploy it on, and a test-side reading of
// solc's storageLayout into the shared ContractLayout shape.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Abi,
  encodeAbiParameters,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  keccak256,
} from 'viem';
import type { Devnet } from '../../src/chain/devnet.js';
import type { ContractLayout, StorageType, StorageVariable } from '../../src/layout/types.js';
import { type Artifact, loadArtifact } from '../../src/solidity/artifacts.js';
import { build } from '../../src/solidity/build.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds the sources in a folder named after their content, so later runs (and other test files
 * with other tags) reuse the build cache instead of recompiling.
 */
export async function buildProject(tag: string, sources: Record<string, string>): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(sources)).digest('hex').slice(0, 12);
  const root = join(tmpdir(), `tdk-layout-${tag}-${hash}`);
  mkdirSync(root, { recursive: true });
  writeOnce(join(root, 'foundry.toml'), '[profile.default]\nsrc = "src"\nout = "out"\n');
  try {
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another run linked it first
  }
  for (const [path, text] of Object.entries(sources)) {
    mkdirSync(dirname(join(root, 'src', path)), { recursive: true });
    writeOnce(join(root, 'src', path), text);
  }
  const result = await build({ root });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return root;
}

/** Leaves a file that already holds the text alone, so a concurrent run never reads it half-written. */
function writeOnce(path: string, text: string): void {
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
}

/** solc's storageLayout as a ContractLayout (namespaces added by the caller). */
export function layoutOf(artifact: Artifact): ContractLayout {
  const raw = artifact.storageLayout;
  if (!raw) throw new Error(`${artifact.contractName} has no storageLayout`);
  const variable = (v: { label: string; slot: string; offset: number; type: string; contract?: string }) =>
    ({
      label: v.label,
      slot: BigInt(v.slot),
      offset: v.offset,
      type: v.type,
      contract: v.contract,
    }) satisfies StorageVariable;
  const types: Record<string, StorageType> = {};
  for (const [id, t] of Object.entries(raw.types ?? {})) {
    const members = t.members as Parameters<typeof variable>[0][] | undefined;
    types[id] = {
      id,
      label: t.label,
      encoding: t.encoding as StorageType['encoding'],
      numberOfBytes: Number(t.numberOfBytes),
      key: t.key as string | undefined,
      value: t.value as string | undefined,
      base: t.base as string | undefined,
      members: members?.map(variable),
    };
  }
  return {
    contract: `${artifact.sourcePath}:${artifact.contractName}`,
    storage: raw.storage.map(variable),
    types,
    namespaces: [],
  };
}

/** ERC-7201: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff. */
export function erc7201(id: string): bigint {
  const inner = BigInt(keccak256(new TextEncoder().encode(id))) - 1n;
  return BigInt(keccak256(encodeAbiParameters([{ type: 'uint256' }], [inner]))) & ~0xffn;
}

/** A devnet session: deploy artifacts, send transactions, call. */
export class Session {
  constructor(
    readonly devnet: Devnet,
    readonly from: Hex,
  ) {}

  static async open(devnet: Devnet): Promise<Session> {
    const accounts = (await devnet.provider.request({ method: 'eth_accounts' })) as Hex[];
    return new Session(devnet, accounts[0]);
  }

  async accounts(): Promise<Hex[]> {
    return (await this.devnet.provider.request({ method: 'eth_accounts' })) as Hex[];
  }

  /** Sends and mines; returns the receipt. Reverts throw. */
  async send(to: Hex | undefined, data: Hex, from: Hex = this.from): Promise<Receipt> {
    const hash = (await this.devnet.provider.request({
      method: 'eth_sendTransaction',
      params: [{ from, to, data, gas: '0x1c9c380' }],
    })) as Hex;
    const receipt = (await this.devnet.provider.request({
      method: 'eth_getTransactionReceipt',
      params: [hash],
    })) as Receipt;
    if (receipt.status !== '0x1') throw new Error(`transaction to ${to} reverted`);
    return receipt;
  }

  async deploy(artifact: Artifact, args: readonly unknown[] = []): Promise<Hex> {
    return (await this.deployTx(artifact, args)).contractAddress!;
  }

  deployTx(artifact: Artifact, args: readonly unknown[] = []): Promise<Receipt> {
    const bytecode = artifact.bytecode.object as Hex;
    return this.send(undefined, encodeDeployData({ abi: artifact.abi as Abi, bytecode, args }));
  }

  async call(artifact: Artifact, to: Hex, functionName: string, args: readonly unknown[] = [], from?: Hex) {
    return this.send(to, encodeFunctionData({ abi: artifact.abi as Abi, functionName, args }), from);
  }
}

export interface Receipt {
  status: Hex;
  contractAddress: Hex | null;
  logs: { address: Hex; topics: Hex[]; data: Hex }[];
}

export function artifact(root: string, name: string): Artifact {
  return loadArtifact(root, name);
}
