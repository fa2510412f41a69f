// A throw-away world on tdk's EVM for `--confirm`: funded accounts, deployments, calls, and an
// inspector that records the call tree (for the report) and the storage writes whose slot is derived
// from an address (to tell which payable functions credit their caller).
import { type Abi, decodeFunctionData, type Hex, hexToBytes, toHex } from 'viem';
import { defaultBlockEnv, EVM, type ExecResult, type Inspector, WorldState } from '../../evm/index.js';

export const ETHER = 10n ** 18n;
const GAS = 10_000_000n;
/** Start of the sandbox's clock; attacks run a year later so time locks set at deposit have expired. */
export const GENESIS_TIME = 1_700_000_000n;
export const YEAR = 365n * 24n * 3600n;

export interface StorageWrite {
  readonly address: bigint;
  readonly slot: bigint;
  readonly previous: bigint;
  readonly value: bigint;
}

/** One committed top-level step, so the scenario can be replayed on another EVM. */
export type Step =
  | { readonly kind: 'fund'; readonly address: bigint; readonly amount: bigint }
  | {
      readonly kind: 'message';
      readonly caller: bigint;
      /** null deploys `data`. */
      readonly to: bigint | null;
      readonly data: Hex;
      readonly value: bigint;
      readonly timestamp: bigint;
      readonly number: bigint;
    };

interface Labelled {
  readonly label: string;
  readonly abi?: Abi;
}

export class Sandbox {
  readonly state = new WorldState();
  private readonly evm: EVM;
  private readonly names = new Map<bigint, Labelled>();
  /** keccak256 outputs seen in the current call, with their inputs (mapping-key discovery). */
  readonly hashes = new Map<bigint, Uint8Array>();
  readonly writes: StorageWrite[] = [];
  trace: string[] = [];
  /** Steps in order; a caller that reverts the state to a checkpoint truncates it too. */
  readonly steps: Step[] = [];
  private tracing = false;

  constructor() {
    const inspector: Inspector = {
      keccak: (input, hash) => {
        this.hashes.set(hash, input.slice());
      },
      storageWrite: (address, slot, previous, value) => {
        this.writes.push({ address, slot, previous, value });
      },
      callEnter: (call) => {
        if (!this.tracing) return;
        const pad = '  '.repeat(call.depth);
        const value = call.value > 0n ? ` value ${formatEther(call.value)}` : '';
        this.trace.push(
          `${pad}${call.kind} ${this.name(call.from)} -> ${this.name(call.to)}.${this.describeInput(call.to, call.input)}${value}`,
        );
      },
      callExit: (exit) => {
        if (!this.tracing) return;
        const pad = '  '.repeat(exit.depth);
        this.trace.push(`${pad}<- ${exit.status}${exit.halt ? ` (${exit.halt})` : ''}`);
      },
    };
    this.evm = new EVM({
      state: this.state,
      block: defaultBlockEnv({ timestamp: GENESIS_TIME, number: 1000n }),
      inspector,
    });
  }

  private readonly libraries = new Map<string, bigint>();

  /** A deployed library's address by name; with `address`, records it. */
  library(name: string, address?: bigint): bigint | undefined {
    if (address !== undefined) this.libraries.set(name, address);
    return this.libraries.get(name);
  }

  label(address: bigint, label: string, abi?: Abi): void {
    this.names.set(address, abi ? { label, abi } : { label });
  }

  /** Moves the clock (and block number) forward, as later blocks would. */
  advance(seconds: bigint): void {
    this.evm.block = {
      ...this.evm.block,
      timestamp: this.evm.block.timestamp + seconds,
      number: this.evm.block.number + seconds / 12n,
    };
  }

  fund(address: bigint, amount: bigint): void {
    this.steps.push({ kind: 'fund', address, amount });
    this.state.addBalance(address, amount);
  }

  balance(address: bigint): bigint {
    return this.state.getBalance(address);
  }

  deploy(from: bigint, initcode: Hex, value = 0n): ExecResult {
    return this.run({ caller: from, to: null, data: initcode, value });
  }

  call(from: bigint, to: bigint, data: Hex, value = 0n, traced = false): ExecResult {
    this.tracing = traced;
    try {
      return this.run({ caller: from, to, data, value });
    } finally {
      this.tracing = false;
    }
  }

  private run(step: { caller: bigint; to: bigint | null; data: Hex; value: bigint }): ExecResult {
    const { timestamp, number } = this.evm.block;
    this.steps.push({ kind: 'message', ...step, timestamp, number });
    const msg = { ...step, data: hexToBytes(step.data) };
    this.hashes.clear();
    this.writes.length = 0;
    this.evm.tx = { origin: msg.caller, gasPrice: 0n, blobHashes: [] };
    // runMessage does not charge the caller's nonce for calls; a transaction would.
    const result = this.evm.runMessage({ ...msg, gas: GAS });
    if (msg.to !== null) this.state.setNonce(msg.caller, this.state.getNonce(msg.caller) + 1n);
    return result;
  }

  name(address: bigint): string {
    return this.names.get(address)?.label ?? toHex(address, { size: 20 });
  }

  private describeInput(to: bigint, input: Uint8Array): string {
    if (input.length === 0) return 'fallback()';
    const abi = this.names.get(to)?.abi;
    if (abi) {
      try {
        const { functionName, args } = decodeFunctionData({ abi, data: toHex(input) });
        return `${functionName}(${(args ?? []).map(formatArg).join(', ')})`;
      } catch {
        // Not one of its functions: the fallback runs.
      }
    }
    return `fallback(${toHex(input.slice(0, 4))}…)`;
  }
}

function formatArg(a: unknown): string {
  if (typeof a === 'bigint') return a >= ETHER / 1000n ? formatEther(a) : a.toString();
  if (typeof a === 'string' && a.length > 66) return `${a.slice(0, 10)}…`;
  return String(a);
}

/** `1.5 ETH`; wei amounts below a microether print as wei. */
export function formatEther(wei: bigint): string {
  if (wei !== 0n && wei < ETHER / 1_000_000n) return `${wei} wei`;
  const whole = wei / ETHER;
  const frac = (wei % ETHER).toString().padStart(18, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''} ETH`;
}
