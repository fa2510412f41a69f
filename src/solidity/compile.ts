// One solc run: standard-JSON input in, parsed output out. Sources normally arrive with their content;
// the import callback serves anything solc asks for beyond them from the root and the lib folders.
import { readFileSync } from 'node:fs';
import type { SolcCompiler } from './compilers.js';
import type { ProjectConfig } from './config.js';
import type { SolcError } from './diagnostics.js';
import { SolidityError } from './errors.js';
import { locateUnit } from './graph.js';
import type { StandardJsonInput } from './settings.js';

export interface SolcContractOutput {
  abi: unknown[];
  metadata: string;
  storageLayout?: unknown;
  evm: {
    bytecode: { object: string; sourceMap?: string; linkReferences?: Record<string, unknown> };
    deployedBytecode: {
      object: string;
      sourceMap?: string;
      linkReferences?: Record<string, unknown>;
      immutableReferences?: Record<string, unknown>;
    };
    methodIdentifiers?: Record<string, string>;
  };
}

export interface SolcOutput {
  errors?: SolcError[];
  sources?: Record<string, { id: number; ast?: unknown; legacyAST?: unknown }>;
  contracts?: Record<string, Record<string, SolcContractOutput>>;
}

export function compileStandardJson(
  compiler: SolcCompiler,
  input: StandardJsonInput,
  config: ProjectConfig,
): SolcOutput {
  const readFile = (path: string) => {
    const file = locateUnit(config, path);
    if (!file)
      return { error: `File not found under ${config.root} or its libs (${config.libs.join(', ')})` };
    return { contents: readFileSync(file, 'utf8') };
  };
  const raw = compiler.compile(JSON.stringify(input), readFile);
  try {
    return JSON.parse(raw) as SolcOutput;
  } catch {
    throw new SolidityError(
      `solc ${compiler.version} returned output that is not JSON: ${raw.slice(0, 200)}`,
      'TDK_SOLC_FAILED',
      'this is a compiler crash; retry with --force, and report it if it persists',
    );
  }
}
