// Deploys a built project through any EIP-1193 provider (the embedded devnet or --rpc URL). What to
// deploy comes from the project's deploy.json: a list of {contract, args} deployments and
// {call, function, args} transactions to contracts deployed before, where an argument "$deployer",
// "$accountN" (the node's Nth account) or "$Name" (the address of the deployed Name) is replaced by
// that address. Without deploy.json, every contract under src/ whose constructor takes no arguments
// is deployed.
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

export interface DeployContractStep {
  /** Artifact reference: `Name` or `File.sol:Name`. */
  readonly contract: string;
  /** Constructor arguments as JSON (numbers may be decimal strings; `$` references allowed). */
  readonly args?: readonly unknown[];
}

export interface DeployCallStep {
  /** A contract deployed by an earlier step, by its name. */
  readonly call: string;
  /** Function name, or full signature `transfer(address,uint256)` when it is overloaded. */
  readonly function: string;
  readonly args?: readonly unknown[];
  /** Wei to send, as a decimal string. */
  readonly value?: string;
}

export type DeployStep = DeployContractStep | DeployCallStep;

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
    if (!Array.isArray(plan) || !plan.every(isStep)) {
      throw new SolidityError(
        `${file} must be a list of {"contract": "Name", "args": [...]} and {"call": "Name", "function": "f", "args": [...]}`,
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

function isStep(s: unknown): s is DeployStep {
  if (typeof s !== 'object' || s === null) return false;
  const step = s as Record<string, unknown>;
  if (step.args !== undefined && !Array.isArray(step.args)) return false;
  if (typeof step.contract === 'string') return step.call === undefined;
  return (
    typeof step.call === 'string' &&
    typeof step.function === 'string' &&
    (step.value === undefined || (typeof step.value === 'string' && /^\d+$/.test(step.value)))
  );
}

/** The short name `$Name` references use: `File.sol:Name` and `Name` both give `Name`. */
function shortName(ref: string): string {
  return ref.slice(ref.lastIndexOf(':') + 1);
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
  const addresses = new Map<string, Hex>();
  let accounts: Hex[] | undefined;
  const resolve = async (value: unknown): Promise<unknown> => {
    if (Array.isArray(value)) return Promise.all(value.map(resolve));
    if (typeof value !== 'string' || !value.startsWith('$')) return value;
    const name = value.slice(1);
    if (name === 'deployer') return from;
    const account = /^account(\d+)$/.exec(name);
    if (account) {
      accounts ??= (await provider.request({ method: 'eth_accounts' })) as Hex[];
      const address = accounts[Number(account[1])];
      if (!address) throw deployError(`${value}: the node has ${accounts.length} account(s)`);
      return address;
    }
    const address = addresses.get(name);
    if (!address) throw deployError(`${value} is not a contract deployed by an earlier step`);
    return address;
  };
  for (const step of plan) {
    if ('call' in step) {
      const target = addresses.get(step.call);
      if (!target) throw deployError(`"call": "${step.call}" is not a contract deployed by an earlier step`);
      const artifact = loadArtifact(root, step.call);
      const functionName = step.function.includes('(')
        ? step.function.slice(0, step.function.indexOf('('))
        : step.function;
      const hash = await wallet.writeContract({
        address: target,
        abi: artifact.abi as Abi,
        functionName,
        args: typedArgs(
          `${step.call}.${step.function}`,
          functionInputs(artifact, step),
          (await resolve(step.args ?? [])) as unknown[],
        ),
        value: step.value === undefined ? undefined : BigInt(step.value),
        chain: null,
      });
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      if (receipt.status !== 'success') {
        throw deployError(`${step.call}.${step.function} reverted (transaction ${hash})`);
      }
      continue;
    }
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
      args: constructorArgs(artifact, step, (await resolve(step.args ?? [])) as unknown[]),
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
    addresses.set(shortName(step.contract), receipt.contractAddress);
    onDeployed?.(deployed);
    out.push(deployed);
  }
  return out;
}

function deployError(message: string): SolidityError {
  return new SolidityError(message, 'TDK_DEPLOY', 'fix deploy.json (see docs/devnet.md, "tdk up")');
}

interface AbiInputs {
  readonly inputs: readonly { type: string; name: string }[];
}

function constructorArgs(artifact: Artifact, step: DeployContractStep, args: readonly unknown[]): unknown[] {
  const ctor = artifact.abi.find((e) => (e as { type?: string }).type === 'constructor') as
    | AbiInputs
    | undefined;
  return typedArgs(`${step.contract}'s constructor`, ctor?.inputs ?? [], args);
}

/** The ABI entry a call step names, by name or by full signature. */
function functionInputs(artifact: Artifact, step: DeployCallStep): AbiInputs['inputs'] {
  const fns = artifact.abi.filter(
    (e) => (e as { type?: string }).type === 'function',
  ) as unknown as (AbiInputs & { name: string })[];
  const matches = fns.filter((f) =>
    step.function.includes('(')
      ? `${f.name}(${f.inputs.map((i) => i.type).join(',')})` === step.function
      : f.name === step.function,
  );
  if (matches.length !== 1) {
    throw deployError(
      matches.length === 0
        ? `${step.call} has no function ${step.function}`
        : `${step.call}.${step.function} is overloaded: give its full signature, e.g. "${step.function}(${matches[0].inputs.map((i) => i.type).join(',')})"`,
    );
  }
  return matches[0].inputs;
}

/** JSON has no bigints: integer arguments may be given as numbers or decimal/hex strings. */
function typedArgs(what: string, inputs: AbiInputs['inputs'], args: readonly unknown[]): unknown[] {
  if (args.length !== inputs.length) {
    throw deployError(
      `${what} takes ${inputs.length} argument(s) (${inputs.map((i) => `${i.type} ${i.name}`).join(', ')}), deploy.json gives ${args.length}`,
    );
  }
  return args.map((a, i) =>
    /^u?int\d*$/.test(inputs[i].type) && (typeof a === 'string' || typeof a === 'number') ? BigInt(a) : a,
  );
}
