// Compiles the victim's file and the generated attacker with the solc version the scan used, so both
// sides run exactly the bytecode that version produces.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Abi, Hex } from 'viem';
import { loadCompiler } from '../../solidity/compilers.js';
import { evmVersionFor } from '../../solidity/evm-versions.js';
import { ConfirmError } from './errors.js';

/** Where a library's address goes in a contract's bytecode (byte offsets). */
export interface LinkReference {
  readonly library: string;
  readonly start: number;
  readonly length: number;
}

export interface CompiledContract {
  readonly name: string;
  readonly abi: Abi;
  /** Hex with solc's `__…__` placeholders where `links` say libraries go. */
  readonly bytecode: Hex;
  readonly links: readonly LinkReference[];
}

export interface CompiledUnit {
  /** Contracts of the victim's file, in declaration order. */
  readonly contracts: readonly CompiledContract[];
  /** Every contract of the build (imports included) by name, to deploy libraries from. */
  readonly all: ReadonlyMap<string, CompiledContract>;
}

interface SolcOut {
  errors?: { severity: string; formattedMessage?: string; message: string }[];
  contracts?: Record<
    string,
    Record<
      string,
      {
        abi: Abi;
        evm: {
          bytecode: {
            object: string;
            linkReferences?: Record<string, Record<string, { start: number; length: number }[]>>;
          };
        };
      }
    >
  >;
}

const cache = new Map<string, CompiledUnit>();

/**
 * The victim's file, compiled once per scan. `file` is the unit name the scan reported (relative to
 * `root`); imports resolve against the root, then against the importing file's folder.
 */
export function compileFile(root: string, file: string, solcVersion: string): CompiledUnit {
  const key = `${solcVersion}\0${resolve(root, file)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const path = resolve(root, file);
  if (!existsSync(path)) throw new ConfirmError(`${file}: not found under ${root}`);
  const readFile = (name: string) => {
    for (const candidate of [resolve(root, name), join(dirname(path), name)])
      if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') };
    return { error: `File not found: ${name}` };
  };
  const unit = compileSources(file, readFileSync(path, 'utf8'), solcVersion, readFile);
  cache.set(key, unit);
  return unit;
}

/** The generated attacker, alone (it reaches the victim through an interface it declares). */
export function compileAttacker(file: string, source: string, solcVersion: string): CompiledContract {
  const unit = compileSources(file, source, solcVersion, () => ({ error: 'the attacker imports nothing' }));
  const attacker = unit.contracts.find((c) => c.bytecode !== '0x');
  if (!attacker) throw new ConfirmError('the generated attacker compiled to nothing');
  return attacker;
}

function compileSources(
  file: string,
  content: string,
  solcVersion: string,
  readFile: (name: string) => { contents: string } | { error: string },
): CompiledUnit {
  const compiler = loadCompiler(solcVersion);
  const settings: Record<string, unknown> = {
    // Optimised, as deployed contracts usually are (and big ones must be to fit EIP-170's size limit).
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences'] } },
  };
  const evm = evmVersionFor('cancun', solcVersion);
  if (evm) settings.evmVersion = evm;
  const input = { language: 'Solidity', sources: { [file]: { content } }, settings };
  const out = JSON.parse(compiler.compile(JSON.stringify(input), readFile)) as SolcOut;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new ConfirmError(
      `solc ${solcVersion} rejected the sandbox build: ${errors.map((e) => (e.formattedMessage ?? e.message).trim()).join('\n')}`,
    );
  }
  const toContracts = (unit: string): CompiledContract[] =>
    Object.entries(out.contracts?.[unit] ?? {}).map(([name, c]) => ({
      name,
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}` as Hex,
      links: Object.values(c.evm.bytecode.linkReferences ?? {}).flatMap((libs) =>
        Object.entries(libs).flatMap(([library, spots]) => spots.map((s) => ({ library, ...s }))),
      ),
    }));
  const all = new Map<string, CompiledContract>();
  for (const unit of Object.keys(out.contracts ?? {})) for (const c of toContracts(unit)) all.set(c.name, c);
  return { contracts: toContracts(file), all };
}
