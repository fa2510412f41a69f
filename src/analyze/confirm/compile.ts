// Compiles the victim's file and the generated attacker in one solc run of the version the scan used,
// so both sides run exactly the bytecode that version produces.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Abi, Hex } from 'viem';
import { loadCompiler } from '../../solidity/compilers.js';
import { evmVersionFor } from '../../solidity/evm-versions.js';
import { ConfirmError } from './errors.js';

export interface CompiledContract {
  readonly name: string;
  readonly abi: Abi;
  readonly bytecode: Hex;
}

export interface CompiledUnit {
  /** Contracts of the victim's file, in declaration order. */
  readonly contracts: readonly CompiledContract[];
  readonly attacker?: CompiledContract;
}

interface SolcOut {
  errors?: { severity: string; formattedMessage?: string; message: string }[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

/**
 * `file` is the unit name the scan reported (relative to `root`); imports resolve against the root,
 * then against the importing file's folder.
 */
export function compileWithAttacker(
  root: string,
  file: string,
  solcVersion: string,
  attacker?: { file: string; source: string },
): CompiledUnit {
  const compiler = loadCompiler(solcVersion);
  const path = resolve(root, file);
  if (!existsSync(path)) throw new ConfirmError(`${file}: not found under ${root}`);
  const sources: Record<string, { content: string }> = { [file]: { content: readFileSync(path, 'utf8') } };
  if (attacker) sources[attacker.file] = { content: attacker.source };
  const settings: Record<string, unknown> = {
    optimizer: { enabled: false, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  };
  const evm = evmVersionFor('cancun', solcVersion);
  if (evm) settings.evmVersion = evm;
  const readFile = (name: string) => {
    for (const candidate of [resolve(root, name), join(dirname(path), name)])
      if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') };
    return { error: `File not found: ${name}` };
  };
  const out = JSON.parse(
    compiler.compile(JSON.stringify({ language: 'Solidity', sources, settings }), readFile),
  ) as SolcOut;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new ConfirmError(
      `solc ${solcVersion} rejected the sandbox build: ${errors.map((e) => (e.formattedMessage ?? e.message).trim()).join('\n')}`,
    );
  }
  const toContracts = (unit: string) =>
    Object.entries(out.contracts?.[unit] ?? {}).map(([name, c]) => ({
      name,
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}` as Hex,
    }));
  const contracts = toContracts(file);
  const attackerContract = attacker ? toContracts(attacker.file)[0] : undefined;
  return attackerContract ? { contracts, attacker: attackerContract } : { contracts };
}
