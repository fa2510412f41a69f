// The two EVMs under test behind one interface. Each engine builds a base state once per workload
// (caller account, raw code or a deployment), then every run executes the workload message on a
// fresh copy of that base state, so state-growing workloads cost the same on every run. Only the
// message execution itself is timed.
import { createHash } from 'node:crypto';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM as EjsEVM } from '@ethereumjs/evm';
import { SimpleStateManager } from '@ethereumjs/statemanager';
import { bytesToBigInt, createAddressFromBigInt } from '@ethereumjs/util';
import { EVM } from '../src/evm/evm.js';
import type { Inspector } from '../src/evm/inspector.js';
import { Account } from '../src/evm/state/account.js';
import { WorldState } from '../src/evm/state/world.js';
import { CALLER, RAW_TARGET, type WorkloadSpec } from './workloads.js';

export type Status = 'success' | 'revert' | 'halt';

/** An engine-neutral view of one message's result. */
export interface Outcome {
  readonly status: Status;
  /** Halt/exception reason as the engine names it (informational only). */
  readonly error?: string;
  readonly output: Uint8Array;
  readonly gasUsed: number;
  readonly logCount: number;
  /** sha256 over every log's address, topics and data, in order. */
  readonly logsDigest: string;
  readonly createdAddress?: bigint;
}

export interface TimedOutcome {
  readonly outcome: Outcome;
  /** Wall time of the message execution alone, in nanoseconds. */
  readonly ns: number;
}

export interface Prepared {
  /** The deployment's outcome for initcode workloads. */
  readonly deploy?: Outcome;
  readonly target: bigint;
  /** Runs the workload message on a fresh copy of the base state. */
  run(): Promise<TimedOutcome>;
}

export interface Engine {
  readonly name: string;
  prepare(w: WorkloadSpec): Promise<Prepared>;
}

interface RawLog {
  readonly address: bigint;
  readonly topics: readonly bigint[];
  readonly data: Uint8Array;
}

function logsDigest(logs: readonly RawLog[]): string {
  const h = createHash('sha256');
  for (const l of logs) {
    h.update(l.address.toString(16).padStart(40, '0'));
    h.update(String(l.topics.length));
    for (const t of l.topics) h.update(t.toString(16).padStart(64, '0'));
    h.update(Buffer.from(l.data).toString('hex'));
    h.update('|');
  }
  return h.digest('hex');
}

// ---- tdk ---------------------------------------------------------------------------------------

export interface TdkEngineOptions {
  /** Attached to every timed run (e.g. an opcode counter). Leave unset for timing. */
  readonly inspector?: Inspector;
}

export class TdkEngine implements Engine {
  readonly name = 'tdk';
  constructor(private readonly options: TdkEngineOptions = {}) {}

  async prepare(w: WorkloadSpec): Promise<Prepared> {
    const evm = new EVM();
    const state = evm.state;
    let target = RAW_TARGET;
    let deploy: Outcome | undefined;
    state.putAccount(CALLER, new Account());
    if (w.code !== undefined) {
      const a = new Account();
      a.code = w.code;
      state.putAccount(RAW_TARGET, a);
    } else if (w.initcode !== undefined) {
      state.beginTransaction();
      const r = evm.runMessage({ caller: CALLER, to: null, data: w.initcode, gas: w.gas });
      state.finalizeTransaction();
      deploy = {
        status: r.status,
        error: r.halt,
        output: r.output,
        gasUsed: Number(r.gasUsed),
        logCount: r.logs.length,
        logsDigest: logsDigest(r.logs),
        createdAddress: r.createdAddress,
      };
      if (r.status !== 'success' || r.createdAddress === undefined) {
        return {
          deploy,
          target: 0n,
          run: () => Promise.reject(new Error(`tdk: deployment of ${w.id} failed`)),
        };
      }
      target = r.createdAddress;
    }
    const base = state.accounts;
    const inspector = this.options.inspector;
    const run = async (): Promise<TimedOutcome> => {
      const fresh = new WorldState();
      for (const [address, account] of base) fresh.putAccount(address, account.clone());
      const vm = new EVM({ state: fresh, inspector });
      fresh.beginTransaction();
      const t0 = process.hrtime.bigint();
      const r = vm.runMessage({ caller: CALLER, to: target, data: w.data, gas: w.gas });
      const ns = Number(process.hrtime.bigint() - t0);
      return {
        ns,
        outcome: {
          status: r.status,
          error: r.halt,
          output: r.output,
          gasUsed: Number(r.gasUsed),
          logCount: r.logs.length,
          logsDigest: logsDigest(r.logs),
        },
      };
    };
    return { deploy, target, run };
  }
}

// ---- @ethereumjs/evm ---------------------------------------------------------------------------

type EjsResult = Awaited<ReturnType<EjsEVM['runCall']>>;

function ejsOutcome(r: EjsResult): Outcome {
  const e = r.execResult;
  const err = e.exceptionError?.error;
  const logs: RawLog[] = (e.logs ?? []).map(([address, topics, data]) => ({
    address: bytesToBigInt(address),
    topics: topics.map((t) => bytesToBigInt(t)),
    data,
  }));
  return {
    status: err === undefined ? 'success' : err === 'revert' ? 'revert' : 'halt',
    error: err,
    output: err === undefined || err === 'revert' ? e.returnValue : new Uint8Array(0),
    gasUsed: Number(e.executionGasUsed),
    logCount: logs.length,
    logsDigest: logsDigest(logs),
    createdAddress: r.createdAddress === undefined ? undefined : bytesToBigInt(r.createdAddress.bytes),
  };
}

/** @ethereumjs/evm 10 (Cancun) on a SimpleStateManager, driven through evm.runCall. */
export class EthereumjsEngine implements Engine {
  readonly name = 'ethereumjs';
  private readonly common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });

  async prepare(w: WorkloadSpec): Promise<Prepared> {
    const common = this.common;
    const base = new SimpleStateManager({ common });
    const caller = createAddressFromBigInt(CALLER);
    let target = RAW_TARGET;
    let deploy: Outcome | undefined;
    if (w.code !== undefined) {
      await base.putCode(createAddressFromBigInt(RAW_TARGET), w.code);
    } else if (w.initcode !== undefined) {
      const evm = await createEVM({ common, stateManager: base });
      const r = await evm.runCall({ caller, data: w.initcode, gasLimit: BigInt(w.gas) });
      deploy = ejsOutcome(r);
      if (deploy.status !== 'success' || deploy.createdAddress === undefined) {
        return {
          deploy,
          target: 0n,
          run: () => Promise.reject(new Error(`ethereumjs: deployment of ${w.id} failed`)),
        };
      }
      target = deploy.createdAddress;
    }
    const to = createAddressFromBigInt(target);
    const run = async (): Promise<TimedOutcome> => {
      // shallowCopy shares account objects with the base; the checkpoint layer copies them, so the
      // run (which bumps the caller's nonce in place) cannot leak into the base state.
      const sm = base.shallowCopy();
      await sm.checkpoint();
      const evm = await createEVM({ common, stateManager: sm });
      const t0 = process.hrtime.bigint();
      const r = await evm.runCall({ caller, to, data: w.data, gasLimit: BigInt(w.gas) });
      const ns = Number(process.hrtime.bigint() - t0);
      return { ns, outcome: ejsOutcome(r) };
    };
    return { deploy, target, run };
  }
}

// ---- comparison --------------------------------------------------------------------------------

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Differences between two outcomes (empty when they agree on status, output, gas and logs). */
export function diffOutcomes(a: Outcome, b: Outcome): string[] {
  const d: string[] = [];
  if (a.status !== b.status)
    d.push(
      `status ${a.status}${a.error ? `(${a.error})` : ''} vs ${b.status}${b.error ? `(${b.error})` : ''}`,
    );
  if (a.gasUsed !== b.gasUsed) d.push(`gasUsed ${a.gasUsed} vs ${b.gasUsed}`);
  if (hex(a.output) !== hex(b.output))
    d.push(`output 0x${hex(a.output).slice(0, 16)}.. vs 0x${hex(b.output).slice(0, 16)}..`);
  if (a.logCount !== b.logCount) d.push(`logs ${a.logCount} vs ${b.logCount}`);
  else if (a.logsDigest !== b.logsDigest) d.push('log contents differ');
  if (a.createdAddress !== b.createdAddress) d.push('created address differs');
  return d;
}
