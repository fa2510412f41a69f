// A minimal stand-in for the test runner, for the fuzzer's own tests: deploys compiled contracts on
// tdk's EVM, then runs a function on the post-deployment state and undoes it afterwards, mapping a
// revert with `Rejected()` to the runner's assume-reject reason.
import { createRequire } from 'node:module';
import {
  type Abi,
  type AbiFunction,
  decodeErrorResult,
  type Hex,
  hexToBytes,
  toFunctionSelector,
} from 'viem';
import { EVM } from '../../src/evm/evm.js';
import { ASSUME_REJECTED, type CallOutcome } from '../../src/testing/fuzz/index.js';

export const SENDER = 0x1804c8ab1f12e6bbf3894d4083f33e07309d1f38n;
const REJECTED = toFunctionSelector('Rejected()');

export interface Deployed {
  readonly evm: EVM;
  readonly address: bigint;
  readonly abi: Abi;
  /** Runtime code of every contract deployed so far (the test contract and what it created). */
  readonly runtimeCodes: Uint8Array[];
  fn(name: string): AbiFunction;
  run(calldata: Uint8Array): CallOutcome;
}

export function deploy(source: string, contract: string, gasLimit = 30_000_000n): Deployed {
  const compiled = compileContracts(source);
  const c = compiled[contract];
  const evm = new EVM();
  evm.state.setBalance(SENDER, 1n << 96n);
  evm.state.setNonce(SENDER, 1n);
  const created = evm.runMessage({ caller: SENDER, to: null, data: hexToBytes(c.bytecode), gas: gasLimit });
  if (created.status !== 'success' || created.createdAddress === undefined)
    throw new Error(`deploying ${contract} failed: ${created.status}`);
  const address = created.createdAddress;
  const runtimeCodes = [...evm.state.accounts.values()].map((a) => a.code).filter((code) => code.length > 0);
  const errorsAbi = Object.values(compiled).flatMap((x) => x.abi.filter((e) => e.type === 'error'));
  return {
    evm,
    address,
    abi: c.abi,
    runtimeCodes,
    fn(name) {
      const f = c.abi.find((e): e is AbiFunction => e.type === 'function' && e.name === name);
      if (!f) throw new Error(`no function ${name}`);
      return f;
    },
    run(calldata) {
      const cp = evm.state.checkpoint();
      try {
        const r = evm.runMessage({ caller: SENDER, to: address, data: calldata, gas: gasLimit });
        if (r.status === 'success') return { success: true, gasUsed: r.gasUsed };
        return { success: false, gasUsed: r.gasUsed, reason: revertReason(r.output, errorsAbi) };
      } finally {
        evm.state.revert(cp);
      }
    },
  };
}

function revertReason(output: Uint8Array, errorsAbi: Abi): string {
  const hex = `0x${Buffer.from(output).toString('hex')}` as Hex;
  if (hex.startsWith(REJECTED)) return ASSUME_REJECTED;
  if (output.length === 0) return 'EvmError: Revert';
  try {
    const e = decodeErrorResult({ abi: errorsAbi, data: hex });
    return e.errorName === 'Error' ? String(e.args?.[0]) : `${e.errorName}(${(e.args ?? []).join(', ')})`;
  } catch {
    return `custom error ${hex}`;
  }
}

/** Every contract of one source, compiled in-process with the bundled solc (Cancun, optimized). */
export function compileContracts(source: string): Record<string, { abi: Abi; bytecode: Hex }> {
  const solc = createRequire(import.meta.url)('solc');
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'Source.sol': { content: source } },
        settings: {
          evmVersion: 'cancun',
          optimizer: { enabled: true, runs: 200 },
          outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
        },
      }),
    ),
  );
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length > 0)
    throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n'));
  const result: Record<string, { abi: Abi; bytecode: Hex }> = {};
  for (const [name, c] of Object.entries(
    out.contracts['Source.sol'] as Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>,
  ))
    result[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  return result;
}
