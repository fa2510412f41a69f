// `tdk layout CONTRACT` (a built contract's storage layout) and `tdk storage ADDRESS` (a live
// contract's decoded storage, mapping entries found without keys on tdk's devnet, proxies followed,
// or `--slot` to name the owner of a raw slot).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EvmInputError } from '../evm/errors.js';
import { decodeStorage } from '../layout/decode.js';
import { discoverStorage } from '../layout/discover.js';
import { slotOwner } from '../layout/inverse.js';
import { matchArtifacts } from '../layout/match.js';
import { layoutFromArtifact } from '../layout/model.js';
import { detectProxy, type ProxyInfo } from '../layout/proxy.js';
import { rpcChainAccess } from '../layout/reader.js';
import { renderSlotMap } from '../layout/render/html.js';
import { renderLayoutJson, storageToJson } from '../layout/render/json.js';
import { renderLayoutTable, renderStorageTable } from '../layout/render/table.js';
import type { MappingKey } from '../layout/slots.js';
import type { ContractLayout, SlotRecording } from '../layout/types.js';
import { type Artifact, listArtifacts, loadArtifact, loadBuildInfo } from '../solidity/artifacts.js';
import { findProjectRoot } from '../solidity/config.js';
import { SolidityError } from '../solidity/errors.js';
import { parseSmallUint } from './args.js';
import { writeJson } from './output.js';

interface LayoutOptions {
  root?: string;
  json?: boolean;
  html?: string;
}

interface StorageOptions extends LayoutOptions {
  rpc: string;
  contract?: string;
  slot?: string;
  key: string[];
  timeout: string;
  proxy: boolean;
}

export function registerStorageCommands(program: Command): void {
  program
    .command('layout')
    .description(
      "a built contract's storage layout: every variable's slot, offset and size (ERC-7201 namespaces too)",
    )
    .argument('<contract>', 'contract name, or File.sol:Name')
    .option('--root <dir>', 'project root (default: nearest folder with foundry.toml)')
    .option('--json', 'print the layout as JSON (schema tdk.layout/v1)')
    .option('--html <file>', 'also write an HTML slot map')
    .action((contract: string, opts: LayoutOptions) => {
      process.exitCode = runLayout(contract, opts);
    });
  program
    .command('storage')
    .description(
      "a live contract's storage, decoded: values, mapping entries (found by tdk's devnet), proxies followed",
    )
    .argument('<address>', 'contract address')
    .option('--rpc <url>', 'JSON-RPC endpoint', 'http://127.0.0.1:8545')
    .option('--contract <name>', "the contract's artifact (default: matched by its code)")
    .option('--root <dir>', 'project root with the artifacts (default: nearest folder with foundry.toml)')
    .option('--slot <slot>', 'only say which variable, mapping key or array index this raw slot belongs to')
    .option(
      '--key <path=key>',
      'a mapping key to read, e.g. balances=0xabc… (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--no-proxy', 'decode the address itself even if it is a proxy')
    .option('--timeout <ms>', 'per-request timeout', '30000')
    .option('--json', 'print the values as JSON (schema tdk.storage/v1)')
    .option('--html <file>', 'also write an HTML slot map')
    .action(async (address: string, opts: StorageOptions) => {
      process.exitCode = await runStorage(address, opts);
    });
}

function artifactLayout(root: string, artifact: Artifact): ContractLayout {
  return layoutFromArtifact(
    artifact,
    artifact.buildInfo ? loadBuildInfo(root, artifact.buildInfo) : undefined,
  );
}

export function runLayout(contract: string, opts: LayoutOptions): number {
  const root = findProjectRoot(opts.root ? resolve(opts.root) : process.cwd());
  const layout = artifactLayout(root, loadArtifact(root, contract));
  if (opts.html) writeFileSync(opts.html, renderSlotMap(layout, undefined, { title: layout.contract }));
  process.stdout.write(opts.json ? `${renderLayoutJson(layout)}\n` : renderLayoutTable(layout));
  return 0;
}

function parseAddress(s: string, what: string): bigint {
  if (!/^0x[0-9a-fA-F]{40}$/.test(s)) {
    throw new EvmInputError(`${what} must be a 20-byte 0x address, got ${s}`, 'TDK_BAD_ARGUMENT');
  }
  return BigInt(s);
}

/** `--key path=value`: numbers become integers, true/false booleans, anything else stays text/hex. */
function parseKeys(specs: readonly string[]): Record<string, MappingKey[]> {
  const keys: Record<string, MappingKey[]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0)
      throw new EvmInputError(`--key ${spec}: expected path=key, e.g. balances=0xabc…`, 'TDK_BAD_ARGUMENT');
    const path = spec.slice(0, eq);
    const raw = spec.slice(eq + 1);
    const key: MappingKey = /^-?\d+$/.test(raw)
      ? BigInt(raw)
      : raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : raw;
    keys[path] = [...(keys[path] ?? []), key];
  }
  return keys;
}

export async function runStorage(addressArg: string, opts: StorageOptions): Promise<number> {
  const address = parseAddress(addressArg, 'ADDRESS');
  const timeoutMs = parseSmallUint('timeout', opts.timeout, 3_600_000);
  const chain = rpcChainAccess(opts.rpc, { timeoutMs });
  const code = await chain.code.code(address);
  if (code.length === 0) {
    throw new EvmInputError(
      `${addressArg} has no code at ${opts.rpc}`,
      'TDK_NO_CODE',
      'check the address and the --rpc endpoint (tdk up prints the deployed addresses)',
    );
  }
  let proxy: ProxyInfo = { kind: 'none' };
  let logic = code;
  if (opts.proxy) {
    proxy = await detectProxy(chain, address);
    if (proxy.implementation) logic = await chain.code.code(BigInt(proxy.implementation));
  }
  const root = findProjectRoot(opts.root ? resolve(opts.root) : process.cwd());
  const artifact = opts.contract
    ? loadArtifact(root, opts.contract)
    : pickArtifact(root, logic, addressArg, proxy);
  const layout = artifactLayout(root, artifact);
  const recording = await availableRecording(chain.recording, address);

  if (opts.slot !== undefined) {
    if (!/^0x[0-9a-fA-F]{1,64}$/.test(opts.slot)) {
      throw new EvmInputError(
        `--slot must be a hex slot such as 0x0 or a 32-byte hash, got ${opts.slot}`,
        'TDK_BAD_ARGUMENT',
      );
    }
    const owner = await slotOwner(layout, BigInt(opts.slot), recording);
    if (opts.json) writeJson({ schema: 'tdk.slot/v1', contract: layout.contract, ...owner });
    else if (owner.variables.length === 0)
      process.stdout.write(`${opts.slot}: no variable of ${layout.contract} lives there\n`);
    else
      for (const v of owner.variables)
        process.stdout.write(`${opts.slot}: ${v.path} (${v.type}, offset ${v.offset}, ${v.bytes} bytes)\n`);
    return owner.variables.length === 0 ? 1 : 0;
  }

  const discovery = recording ? await discoverStorage(layout, recording, address) : undefined;
  const vars = await decodeStorage(layout, address, chain.reader, {
    keys: parseKeys(opts.key),
    recording: discovery?.keySource,
  });
  if (opts.html) {
    writeFileSync(
      opts.html,
      renderSlotMap(layout, vars, { title: `${layout.contract} at ${addressArg}`, address: addressArg }),
    );
  }
  if (opts.json) {
    writeJson({
      ...storageToJson(vars, { contract: layout.contract, address: addressArg }),
      proxy,
      keysFrom: recording ? 'recorded' : Object.keys(opts.key).length > 0 ? 'given' : 'none',
    });
    return 0;
  }
  const header = [
    `${layout.contract} at ${addressArg}`,
    proxy.kind !== 'none' ? `proxy ${proxy.kind} -> implementation ${proxy.implementation}` : '',
    recording
      ? ''
      : 'mapping entries: this node keeps no recording (not a tdk devnet); pass keys with --key path=key',
  ].filter(Boolean);
  process.stdout.write(`${header.join('\n')}\n\n${renderStorageTable(vars)}`);
  return 0;
}

function pickArtifact(root: string, code: Uint8Array, address: string, proxy: ProxyInfo): Artifact {
  const artifacts = listArtifacts(root);
  const matches = matchArtifacts(code, artifacts);
  const what = proxy.implementation
    ? `the implementation ${proxy.implementation} of proxy ${address}`
    : address;
  if (matches.length === 0) {
    throw new SolidityError(
      `no artifact of ${root} matches the code of ${what} (${artifacts.length} artifacts compared)`,
      'TDK_UNKNOWN_CONTRACT',
      'build the project that deployed it (tdk build), or name it with --contract NAME',
    );
  }
  const names = new Set(matches.map((a) => `${a.sourcePath}:${a.contractName}`));
  if (names.size > 1) {
    throw new SolidityError(
      `the code of ${what} matches several artifacts: ${[...names].join(', ')}`,
      'TDK_UNKNOWN_CONTRACT',
      'name one with --contract File.sol:Name',
    );
  }
  return matches[0];
}

/** The node's recording, or undefined when it has none (any node but tdk's devnet). */
async function availableRecording(
  recording: SlotRecording,
  address: bigint,
): Promise<SlotRecording | undefined> {
  try {
    await recording.writtenSlots(address);
    return recording;
  } catch (e) {
    if ((e as { code?: string }).code === 'TDK_NO_RECORDING') return undefined;
    throw e;
  }
}
