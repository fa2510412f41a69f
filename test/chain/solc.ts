// One Solidity source compiled in-process with the bundled solc (Cancun), for tests that need a
// small contract without a project on disk.
import { createRequire } from 'node:module';
import type { Abi, Hex } from 'viem';

export interface Compiled {
  readonly abi: Abi;
  readonly bytecode: Hex;
}

export function compileContract(source: string, contract: string): Compiled {
  const solc = createRequire(import.meta.url)('solc');
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'Source.sol': { content: source } },
        settings: { evmVersion: 'cancun', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
      }),
    ),
  );
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length > 0)
    throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n'));
  const c = out.contracts['Source.sol'][contract];
  return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
}
