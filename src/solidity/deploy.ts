// Deploys a built project through any EIP-1193 provider (the embedded devnet or --rpc URL). What to
// deploy comes from the project's deploy.json, a list of {contract, args}; without one, every
// contract under src/ whose constructor takes no arguments is deployed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Abi,
  createPublicClient,
  createWalletClient,
  custom,
  type EIP1193Provider,
  type Hex,
} from 'viem';
import { type Artifact, listArtifacts, loadArtifact } from './artifacts.js';
import { loadProjectConfig } from './config.js';
import { SolidityError } from './errors.js';

export interface DeployStep {
  /** Artifact reference: `Name` or `File.sol:Name`. */
  readonly contract: string;
  /** Constructor arguments as JSON (numbers may be decimal strings). */
  readonly args?: readonly unknown[];
}

export interface Deployed {
  readonly contract: string;
  readonly address: Hex;
  readonly transactionHash: Hex;
  readonly gasUsed: bigint;
}

/** Reads deploy.json, or lists the argument-free contracts of src/ when there is none. */
export function deployPlan(root: string): DeployStep[] {
  const file = join(root, 'deploy.json');
  if (existsSync(file)) {
    let plan: unknown;
    try {
      plan = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new SolidityError(
        `${file} is not valid JSON: ${(e as Error).message}`,
        'TDK_CONFIG',
        'fix deploy.json',
      );
    }
    if (
      !Array.isArray(plan) ||
      !plan.every((s) => typeof s?.contract === 'string' && (s.args === undefined || Array.isArray(s.args)))
    ) {
      throw new SolidityError(
        `${file} must be a list of {"contract": "Name", "args": [...]}`,
        'TDK_CONFIG',
        'see docs/devnet.md, "tdk up"',
      );
    }
    return plan as DeployStep[];
  }
  const config = loadProjectConfig(root);
  return listArtifacts(root)
    .filter(
      (a) => a.sourcePath.startsWith(`${config.src}/`) && a.bytecode.object.replace(/^0x/, '').length > 0,
    )
    .filter(
      (a) =>
        !a.abi.some(
          (e) =>
            (e as { type?: string }).type === 'constructor' &&
            ((e as { inputs?: unknown[] }).inputs?.length ?? 0) > 0,
        ),
    )
    .map((a) => ({ contract: `${a.sourcePath.split('/').pop()}:${a.contractName}` }));
}

export async function deployAll(
  provider: EIP1193Provider,
  root: string,
  plan: readonly DeployStep[],
  from: Hex,
  onDeployed?: (d: Deployed) => void,
): Promise<Deployed[]> {
  const transport = custom(provider, { retryCount: 0 });
  const wallet = createWalletClient({ transport, account: from });
  const client = createPublicClient({ transport });
  const out: Deployed[] = [];
  for (const step of plan) {
    const artifact = loadArtifact(root, step.contract);
    const bytecode = artifact.bytecode.object.startsWith('0x')
      ? artifact.bytecode.object
      : `0x${artifact.bytecode.object}`;
    if (Object.keys(artifact.bytecode.linkReferences).length > 0) {
      throw new SolidityError(
        `${step.contract} needs linked libraries`,
        'TDK_DEPLOY',
        'library linking is not supported by tdk up yet',
      );
    }
    const hash = await wallet.deployContract({
      abi: artifact.abi as Abi,
      bytecode: bytecode as Hex,
      args: constructorArgs(artifact, step),
      chain: null,
    });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw new SolidityError(
        `deploying ${step.contract} reverted (transaction ${hash})`,
        'TDK_DEPLOY',
        'check its constructor arguments in deploy.json',
      );
    }
    const deployed = {
      contract: step.contract,
      address: receipt.contractAddress,
      transactionHash: hash,
      gasUsed: receipt.gasUsed,
    };
    onDeployed?.(deployed);
    out.push(deployed);
  }
  return out;
}

/** JSON has no bigints: integer arguments may be given as numbers or decimal/hex strings. */
function constructorArgs(artifact: Artifact, step: DeployStep): unknown[] {
  const ctor = artifact.abi.find((e) => (e as { type?: string }).type === 'constructor') as
    | { inputs: { type: string; name: string }[] }
    | undefined;
  const inputs = ctor?.inputs ?? [];
  const args = step.args ?? [];
  if (args.length !== inputs.length) {
    throw new SolidityError(
      `${step.contract}'s constructor takes ${inputs.length} argument(s) (${inputs.map((i) => `${i.type} ${i.name}`).join(', ')}), deploy.json gives ${args.length}`,
      'TDK_DEPLOY',
      'fix "args" in deploy.json',
    );
  }
  return args.map((a, i) =>
    /^u?int\d*$/.test(inputs[i].type) && (typeof a === 'string' || typeof a === 'number') ? BigInt(a) : a,
  );
}
