// Runs one test contract: deploy it at forge's address, run setUp() once, then every test from that
// post-setUp state (the state is rolled back through the journal after each test, the cheatcode
// state copied back), like forge does with a cloned executor.
import { type AbiFunction, bytesToHex, type Hex, hexToBytes, toFunctionSelector } from 'viem';
import { defaultBlockEnv, EVM, type ExecResult, WorldState } from '../evm/index.js';
import {
  BLOCK_GAS_LIMIT,
  CHEATCODE_ADDRESS,
  CONSOLE_ADDRESS,
  DEFAULT_CHAIN_ID,
  DEFAULT_SENDER,
  DEFAULT_TEST_GAS,
  FAILED_SLOT,
  INITIAL_BALANCE,
  TEST_CONTRACT_ADDRESS,
} from './constants.js';
import { DEFAULT_INVARIANT_DEPTH, DEFAULT_INVARIANT_RUNS } from './invariant/index.js';
import { runFuzzTest, runInvariantTest } from './property.js';
import type { SuiteResult, TestResult } from './results.js';
import { haltReason } from './revert-reason.js';
import type { FuzzSettings, InvariantSettings } from './settings.js';
import {
  ASSUME_MAGIC,
  type CheatState,
  copyCheatState,
  equal,
  freshCheatState,
  type GasSampler,
  SKIP_MAGIC,
  type TestArtifact,
  type TestContext,
  TestInspector,
} from './test-inspector.js';
import { functionTable, renderTrace, type TraceNode, TraceRecorder } from './trace.js';

export interface SuiteOptions {
  /** Gas for each test call (and setUp). */
  readonly gasLimit?: bigint;
  /** forge's -v count: 2 logs, 3 traces of failing tests, 4 traces of all tests. */
  readonly verbosity?: number;
  /** Only tests whose name matches. */
  readonly matchTest?: RegExp;
  readonly fuzz?: FuzzSettings;
  readonly invariant?: InvariantSettings;
  /** Sample depth-1 calls and creates for --gas-report. */
  readonly gasReport?: boolean;
}

export type TestKind = 'unit' | 'fuzz' | 'invariant';

export function testKind(fn: AbiFunction): TestKind | undefined {
  if (fn.name.startsWith('invariant') || fn.name.startsWith('statefulFuzz'))
    return fn.inputs.length === 0 ? 'invariant' : undefined;
  if (fn.name.startsWith('test')) return fn.inputs.length === 0 ? 'unit' : 'fuzz';
  return undefined;
}

export function signatureOf(fn: AbiFunction): string {
  return `${fn.name}(${fn.inputs.map(typeString).join(',')})`;
}

function typeString(p: { type: string; components?: readonly { type: string }[] }): string {
  if (p.type.startsWith('tuple'))
    return `(${(p.components ?? []).map(typeString).join(',')})${p.type.slice(5)}`;
  return p.type;
}

/** A deployed and set-up test contract, ready to run its tests from the same state each time. */
export class SuiteHost {
  readonly state = new WorldState();
  readonly inspector: TestInspector;
  readonly evm: EVM;
  readonly gasLimit: bigint;
  private base: CheatState = freshCheatState();
  private baseBlock;
  private baseTx;
  /** --gas-report's samples (setUp's deployments and calls included). */
  gasSamples: SuiteResult['gas'];
  /** --gas-report's sampler, live in every run but traced re-runs. */
  sampler: GasSampler | undefined;
  /** Set when deployment or setUp() failed: why. */
  setupFailure: string | undefined;
  setupLogs: string[] = [];

  constructor(
    readonly artifact: TestArtifact,
    readonly context: TestContext,
    options: SuiteOptions = {},
  ) {
    this.gasLimit = options.gasLimit ?? DEFAULT_TEST_GAS;
    this.inspector = new TestInspector(context);
    this.evm = new EVM({
      state: this.state,
      block: defaultBlockEnv({ chainId: DEFAULT_CHAIN_ID, gasLimit: BLOCK_GAS_LIMIT }),
      inspector: this.inspector,
      // forge runs test contracts of any size (unoptimised test code often passes 24 KiB).
      codeSizeLimit: Number.MAX_SAFE_INTEGER,
    });
    this.inspector.evm = this.evm;
    this.evm.tx = { origin: DEFAULT_SENDER, gasPrice: 0n, blobHashes: [] };
    this.baseBlock = this.evm.block;
    this.baseTx = this.evm.tx;
    if (options.gasReport) this.gasSamples = attachGasSampler(this);
    this.setUp();
  }

  private setUp(): void {
    const state = this.state;
    // Solidity checks that a called contract has code; the cheatcode address gets one STOP byte.
    state.setCode(CHEATCODE_ADDRESS, new Uint8Array([0]));
    state.setCode(CONSOLE_ADDRESS, new Uint8Array([0]));
    state.setBalance(DEFAULT_SENDER, INITIAL_BALANCE);
    state.setNonce(DEFAULT_SENDER, 1n);
    state.setBalance(TEST_CONTRACT_ADDRESS, INITIAL_BALANCE);
    this.inspector.begin(this.base);
    state.beginTransaction();
    const deployed = this.evm.runMessage({
      caller: DEFAULT_SENDER,
      to: null,
      data: hexToBytes(this.artifact.bytecode as Hex),
      // Deployment is not what --gas-limit bounds: a large test contract needs millions of gas.
      // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max takes numbers)
      gas: this.gasLimit > DEFAULT_TEST_GAS ? this.gasLimit : DEFAULT_TEST_GAS,
    });
    state.finalizeTransaction();
    this.setupLogs.push(...this.inspector.logs);
    if (deployed.status !== 'success' || deployed.createdAddress !== TEST_CONTRACT_ADDRESS) {
      this.setupFailure = `constructor() failed: ${this.reason(deployed)}`;
      return;
    }
    if (this.hasFunction('setUp')) {
      this.inspector.begin(this.base);
      state.beginTransaction();
      const r = this.call(hexToBytes(toFunctionSelector('setUp()')));
      state.finalizeTransaction();
      this.setupLogs.push(...this.inspector.logs);
      const failure = this.failureOf(r);
      if (failure !== undefined) {
        this.setupFailure = `setUp() failed: ${failure}`;
        return;
      }
    }
    this.base = copyCheatState(this.inspector.cheats);
    this.baseBlock = this.evm.block;
    this.baseTx = this.evm.tx;
  }

  private hasFunction(name: string): boolean {
    return this.artifact.abi.some(
      (i) => (i as { type?: string; name?: string }).type === 'function' && (i as AbiFunction).name === name,
    );
  }

  private call(data: Uint8Array): ExecResult {
    return this.evm.runMessage({
      caller: DEFAULT_SENDER,
      to: TEST_CONTRACT_ADDRESS,
      data,
      gas: this.gasLimit,
    });
  }

  reason(r: ExecResult): string {
    if (r.status === 'halt') return haltReason(r.halt);
    return this.context.errors.decode(r.output);
  }

  /** Why a finished test call failed, or undefined when it passed (expectations settled too). */
  private failureOf(r: ExecResult): string | undefined {
    if (r.status !== 'success') return this.reason(r);
    const c = this.inspector.cheats;
    if (c.expectedRevert) return 'call did not revert as expected';
    const pendingEmit = c.expectedEmits.find((e) => e.log !== undefined && !e.found);
    if (pendingEmit)
      return 'expected an emit, but no logs were emitted afterwards. you might have mismatched events or not enough events were emitted';
    for (const e of c.expectedCalls) {
      const want = e.count === undefined ? 'at least once' : `${e.count} time${e.count === 1 ? '' : 's'}`;
      if (e.count === undefined ? e.seen === 0 : e.seen !== e.count) {
        return `expected call to 0x${e.target.toString(16).padStart(40, '0')} with data ${bytesToHex(e.data)} to be called ${want}, but was called ${e.seen} time${e.seen === 1 ? '' : 's'}`;
      }
    }
    if (this.state.getStorage(CHEATCODE_ADDRESS, FAILED_SLOT) !== 0n) return 'assertion failed';
    return undefined;
  }

  /**
   * Runs `data` against the test contract from the post-setUp state and rolls everything back.
   * `trace` records the call tree (re-runs of failing tests under -vvv).
   */
  runOnce(data: Uint8Array, trace?: TraceRecorder): RunOutcome {
    const cp = this.beginRun(trace);
    try {
      return this.exec(DEFAULT_SENDER, TEST_CONTRACT_ADDRESS, data);
    } finally {
      this.endRun(cp);
    }
  }

  /** Opens a run from the post-setUp state; endRun(cp) rolls it back. */
  beginRun(trace?: TraceRecorder): number {
    const cp = this.state.checkpoint();
    // Traced re-runs repeat a run already sampled: keep them out of the gas report.
    this.inspector.gasSampler = trace === undefined ? this.sampler : undefined;
    this.evm.block = this.baseBlock;
    this.evm.tx = this.baseTx;
    this.inspector.trace = trace;
    this.inspector.begin(copyCheatState(this.base));
    return cp;
  }

  endRun(cp: number): void {
    this.inspector.trace = undefined;
    this.inspector.gasSampler = this.sampler;
    this.state.revert(cp);
  }

  /** One transaction within a run; its changes stay until the run ends. */
  exec(caller: bigint, to: bigint, data: Uint8Array): RunOutcome {
    const state = this.state;
    this.inspector.newCall();
    state.beginTransaction();
    const r = this.evm.runMessage({ caller, to, data, gas: this.gasLimit });
    state.finalizeTransaction();
    const logs = this.inspector.logs;
    if (r.status === 'revert' && equal(r.output, ASSUME_MAGIC))
      return { kind: 'reject', gas: r.gasUsed, logs, output: r.output };
    if (r.status === 'revert' && equal(r.output, SKIP_MAGIC))
      return { kind: 'skip', gas: r.gasUsed, logs, output: r.output };
    const failure = this.failureOf(r);
    return failure === undefined
      ? { kind: 'pass', gas: r.gasUsed, logs, output: r.output }
      : { kind: 'fail', reason: failure, gas: r.gasUsed, logs, output: r.output };
  }

  /** Calls a function of the test contract on the post-setUp state and returns its output. */
  query(data: Uint8Array): RunOutcome {
    return this.runOnce(data);
  }
}

export type RunOutcome =
  | { kind: 'pass' | 'reject' | 'skip'; gas: bigint; logs: string[]; output: Uint8Array }
  | { kind: 'fail'; reason: string; gas: bigint; logs: string[]; output: Uint8Array };

/** Runs every selected test of one test contract. */
export function runSuite(
  artifact: TestArtifact,
  context: TestContext,
  options: SuiteOptions = {},
): SuiteResult {
  const started = performance.now();
  const fns = (artifact.abi as AbiFunction[])
    .filter((i) => i.type === 'function' && testKind(i) !== undefined)
    .filter((f) => options.matchTest === undefined || options.matchTest.test(f.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const result: SuiteResult = {
    file: artifact.sourcePath,
    contract: artifact.contractName,
    tests: [],
    durationMs: 0,
  };
  if (fns.length === 0) return result;
  const host = new SuiteHost(artifact, context, options);
  result.gas = host.gasSamples;
  const verbosity = options.verbosity ?? 0;
  for (const fn of fns) {
    const t0 = performance.now();
    const signature = signatureOf(fn);
    const kind = testKind(fn)!;
    let test: TestResult;
    if (host.setupFailure !== undefined) {
      test = {
        name: signature,
        kind,
        status: 'fail',
        reason: host.setupFailure,
        gas: 0n,
        logs: host.setupLogs,
        durationMs: 0,
      };
    } else if (fn.name.startsWith('testFail')) {
      test = {
        name: signature,
        kind,
        status: 'fail',
        reason:
          '`testFail*` has been removed. Consider changing to test_Revert[If|When]_Condition and expecting a revert',
        gas: 0n,
        logs: [],
        durationMs: 0,
      };
    } else if (kind === 'unit') {
      test = runUnit(host, fn, signature, verbosity);
    } else {
      test = runProperty(host, fn, signature, kind, options);
    }
    test.durationMs = performance.now() - t0;
    result.tests.push(test);
  }
  result.durationMs = performance.now() - started;
  return result;
}

function runProperty(
  host: SuiteHost,
  fn: AbiFunction,
  signature: string,
  kind: TestKind,
  options: SuiteOptions,
): TestResult {
  const seed = options.fuzz?.seed ?? 0n;
  try {
    if (kind === 'fuzz')
      return runFuzzTest(host, fn, signature, {
        runs: options.fuzz?.runs ?? 256,
        seed,
        verbosity: options.verbosity,
      });
    return runInvariantTest(host, fn, signature, {
      runs: options.invariant?.runs ?? DEFAULT_INVARIANT_RUNS,
      depth: options.invariant?.depth ?? DEFAULT_INVARIANT_DEPTH,
      failOnRevert: options.invariant?.failOnRevert ?? false,
      seed,
    });
  } catch (err) {
    // A test the fuzzer cannot drive (no targets, an unsupported parameter type) fails with why.
    const reason = err instanceof Error ? err.message : String(err);
    return { name: signature, kind, status: 'fail', reason, logs: [], durationMs: 0 };
  }
}

function runUnit(host: SuiteHost, fn: AbiFunction, signature: string, verbosity: number): TestResult {
  const data = hexToBytes(toFunctionSelector(fn));
  const o = host.runOnce(data);
  const test: TestResult = {
    name: signature,
    kind: 'unit',
    status: o.kind === 'pass' ? 'pass' : o.kind === 'skip' ? 'skip' : 'fail',
    gas: o.gas,
    logs: o.logs,
    durationMs: 0,
  };
  if (o.kind === 'fail') test.reason = o.reason;
  if (o.kind === 'reject') test.reason = 'vm.assume rejected';
  if (verbosity >= 4 || (verbosity >= 3 && test.status === 'fail')) test.trace = traceOf(host, data);
  return test;
}

/** Re-runs a call with the tracer on (execution is deterministic) and renders the trace. */
export function traceOf(host: SuiteHost, data: Uint8Array): string {
  const rec = new TraceRecorder();
  host.runOnce(data, rec);
  const names = new Map<bigint, string>();
  const abis = new Map<bigint, readonly unknown[]>();
  names.set(TEST_CONTRACT_ADDRESS, host.artifact.contractName);
  abis.set(TEST_CONTRACT_ADDRESS, host.artifact.abi);
  identify(host, rec, names, abis);
  for (const [a, l] of host.inspector.cheats.labels) names.set(a, l);
  const { functions, events } = tables(host.context);
  return renderTrace(rec, { names, abis, functions, events, errors: host.context.errors });
}

const tableCache = new WeakMap<TestContext, ReturnType<typeof functionTable>>();
function tables(context: TestContext): ReturnType<typeof functionTable> {
  let t = tableCache.get(context);
  if (!t) tableCache.set(context, (t = functionTable(context.artifacts.map((a) => a.abi))));
  return t;
}

/** Names contracts in a trace by matching their code (created in the trace, or post-setUp) to artifacts. */
function identify(
  host: SuiteHost,
  rec: TraceRecorder,
  names: Map<bigint, string>,
  abis: Map<bigint, readonly unknown[]>,
): void {
  const codes = new Map<bigint, Uint8Array | undefined>();
  const walk = (n: TraceNode) => {
    if ((n.kind === 'CREATE' || n.kind === 'CREATE2') && n.status === 'success') codes.set(n.to, n.output);
    else if (!codes.has(n.to)) codes.set(n.to, undefined);
    for (const c of n.children) if ('children' in c) walk(c);
  };
  for (const r of rec.roots) walk(r);
  for (const [address, created] of codes) {
    if (names.has(address)) continue;
    const code = created ?? host.state.getCode(address);
    if (!code || code.length === 0) continue;
    const hex = bytesToHex(code);
    const a = host.context.artifacts.find(
      (x) => x.deployedBytecode.length > 2 && sameCode(x.deployedBytecode, hex),
    );
    if (a) {
      names.set(address, a.contractName);
      abis.set(address, a.abi);
    }
  }
}

/** Equal up to immutables and the metadata hash: same length and the same first bytes. */
function sameCode(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const n = Math.min(a.length, 64);
  return a.slice(0, n) === b.slice(0, n);
}

/** Names each sampled call's contract and function from the artifact deployed at its address. */
function attachGasSampler(host: SuiteHost): NonNullable<SuiteResult['gas']> {
  const out: NonNullable<SuiteResult['gas']> = { calls: [], deployments: [] };
  const byCode = new WeakMap<Uint8Array, TestArtifact | null>();
  const sigs = new WeakMap<TestArtifact, Map<string, string>>();
  const artifactAt = (address: bigint): TestArtifact | undefined => {
    const code = host.state.getCode(address);
    if (!code || code.length === 0) return undefined;
    let a = byCode.get(code);
    if (a === undefined) {
      const hex = bytesToHex(code);
      a =
        host.context.artifacts.find(
          (x) => x.deployedBytecode.length > 2 && sameCode(x.deployedBytecode, hex),
        ) ?? null;
      byCode.set(code, a);
    }
    return a ?? undefined;
  };
  host.sampler = {
    call(address, input, gas) {
      if (address === CHEATCODE_ADDRESS || address === CONSOLE_ADDRESS) return;
      const a = artifactAt(address);
      if (!a || input.length < 4) return;
      let table = sigs.get(a);
      if (!table) {
        table = new Map();
        for (const f of a.abi as AbiFunction[])
          if (f.type === 'function') table.set(toFunctionSelector(f), signatureOf(f));
        sigs.set(a, table);
      }
      const fn = table.get(bytesToHex(input.subarray(0, 4)));
      if (fn) out.calls.push({ contract: a.contractName, fn, gas });
    },
    create(address, gas) {
      const a = artifactAt(address);
      if (a)
        out.deployments.push({ contract: a.contractName, gas, size: (a.deployedBytecode.length - 2) / 2 });
    },
  };
  host.inspector.gasSampler = host.sampler;
  return out;
}
