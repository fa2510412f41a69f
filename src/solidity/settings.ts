// solc standard-JSON input for one compiler: the project's settings, limited to what that compiler's
// standard JSON understands (0.4.x knows no storageLayout, immutables or viaIR), and the outputs
// Foundry-style artifacts need.
import semver from 'semver';
import type { ProjectConfig } from './config.js';
import { evmVersionFor } from './evm-versions.js';
import type { SourceFile } from './graph.js';
import { formatRemapping, type Remapping } from './remappings.js';

export interface SolcSettings {
  optimizer: { enabled: boolean; runs: number };
  evmVersion?: string;
  viaIR?: boolean;
  remappings: string[];
  outputSelection: Record<string, Record<string, string[]>>;
}

export interface StandardJsonInput {
  language: 'Solidity';
  sources: Record<string, { content: string }>;
  settings: SolcSettings;
}

/** via-IR became production-ready in 0.8.13; earlier compilers get a warning and the legacy pipeline. */
export const VIA_IR_SINCE = '0.8.13';

export function solcSettings(
  config: ProjectConfig,
  remappings: readonly Remapping[],
  version: string,
): SolcSettings {
  const settings: SolcSettings = {
    optimizer: { enabled: config.optimizer, runs: config.optimizerRuns },
    remappings: remappings.map(formatRemapping),
    outputSelection: { '*': { '*': contractOutputs(version), '': ['ast'] } },
  };
  const evm = evmVersionFor(config.evmVersion, version);
  if (evm) settings.evmVersion = evm;
  if (config.viaIR && semver.gte(version, VIA_IR_SINCE)) settings.viaIR = true;
  return settings;
}

export function standardJsonInput(files: readonly SourceFile[], settings: SolcSettings): StandardJsonInput {
  const sources: Record<string, { content: string }> = {};
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : 1)))
    sources[f.name] = { content: f.content };
  return { language: 'Solidity', sources, settings };
}

function contractOutputs(version: string): string[] {
  const outputs = [
    'abi',
    'evm.bytecode.object',
    'evm.bytecode.sourceMap',
    'evm.bytecode.linkReferences',
    'evm.deployedBytecode.object',
    'evm.deployedBytecode.sourceMap',
    'evm.deployedBytecode.linkReferences',
    'evm.methodIdentifiers',
    'metadata',
  ];
  if (semver.gte(version, '0.6.5')) outputs.push('evm.deployedBytecode.immutableReferences');
  if (semver.gte(version, '0.5.13')) outputs.push('storageLayout');
  return outputs;
}
