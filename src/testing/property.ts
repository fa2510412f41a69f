// Fuzz and invariant tests: the runner's side of src/testing/fuzz and src/testing/invariant. It
// supplies the dictionary (constants in the deployed code, storage values, addresses of the
// post-setUp state), runs inputs on fresh post-setUp state, and reads StdInvariant's target lists.
import {
  type AbiFunction,
  bytesToHex,
  decodeFunctionResult,
  getAddress,
  type Hex,
  hexToBytes,
  toFunctionSelector,
} from 'viem';
import { CHEATCODE_ADDRESS, CONSOLE_ADDRESS, DEFAULT_SENDER, TEST_CONTRACT_ADDRESS } from './constants.js';
import {
  ASSUME_REJECTED,
  buildDictionary,
  type CallOutcome,
  type FuzzDictionary,
  formatArgs,
  fuzz,
} from './fuzz/index.js';
import { type InvariantTarget, invariant } from './invariant/index.js';
import type { TestResult } from './results.js';
import { type RunOutcome, type SuiteHost, traceOf } from './suite.js';
import type { TestArtifact } from './test-inspector.js';

export interface FuzzSettings {
  readonly runs: number;
  readonly seed: bigint;
  /** 3 and up: trace the counterexample (re-run with the tracer on). */
  readonly verbosity?: number;
}

export interface InvariantSettings {
  readonly runs: number;
  readonly depth: number;
  readonly failOnRevert: boolean;
}

function outcome(o: RunOutcome): CallOutcome {
  if (o.kind === 'pass' || o.kind === 'skip') return { success: true, gasUsed: o.gas };
  if (o.kind === 'fail') return { success: false, reason: o.reason, gasUsed: o.gas };
  return { success: false, reason: ASSUME_REJECTED, gasUsed: o.gas };
}

/** Words and addresses of the post-setUp state, as Foundry seeds its fuzz dictionary. */
export function stateDictionary(host: SuiteHost): FuzzDictionary {
  const codes: Uint8Array[] = [];
  const values: bigint[] = [];
  const addresses: bigint[] = [];
  for (const [address, account] of host.state.accounts) {
    if (address === CHEATCODE_ADDRESS || address === CONSOLE_ADDRESS) continue;
    addresses.push(address);
    if (account.code.length > 0) codes.push(account.code);
    for (const [slot, v] of account.storage) values.push(slot, v);
  }
  return buildDictionary(codes, values, addresses);
}

export function runFuzzTest(
  host: SuiteHost,
  fn: AbiFunction,
  signature: string,
  s: FuzzSettings,
): TestResult {
  let skipped = false;
  const r = fuzz(
    fn,
    (calldata) => {
      const o = host.runOnce(calldata);
      if (o.kind === 'skip') skipped = true;
      return outcome(o);
    },
    { runs: s.runs, seed: s.seed, dictionary: stateDictionary(host) },
  );
  const test: TestResult = {
    name: signature,
    kind: 'fuzz',
    status: skipped ? 'skip' : r.passed ? 'pass' : 'fail',
    fuzz: { runs: r.runs, mean: r.gasMean, median: r.gasMedian, seed: r.seed, rejects: r.rejects },
    logs: [],
    durationMs: 0,
  };
  if (!r.passed) {
    test.reason = r.counterexample?.reason ?? r.reason ?? 'failed';
    if (r.counterexample) {
      test.counterexample = { calldata: r.counterexample.calldata, args: formatArgs(r.counterexample.args) };
      const calldata = hexToBytes(r.counterexample.calldata);
      test.logs = host.runOnce(calldata).logs;
      if ((s.verbosity ?? 0) >= 3) test.trace = traceOf(host, calldata);
    }
  }
  return test;
}

/** The result of one of the test contract's StdInvariant list getters; undefined when it has none. */
function queryList(host: SuiteHost, name: string): unknown {
  const fn = findFn(host.artifact, name);
  if (!fn) return undefined;
  const o = host.query(hexToBytes(toFunctionSelector(fn)));
  if (o.kind !== 'pass') return undefined;
  return decodeFunctionResult({ abi: [fn], functionName: fn.name, data: bytesToHex(o.output) });
}

function addressList(host: SuiteHost, name: string): bigint[] {
  const out = queryList(host, name) as readonly Hex[] | undefined;
  return (out ?? []).map((a) => BigInt(a));
}

function selectorList(host: SuiteHost, name: string): { addr: bigint; selectors: Hex[] }[] {
  const out = queryList(host, name) as readonly { addr: Hex; selectors: readonly Hex[] }[] | undefined;
  return (out ?? []).map((x) => ({ addr: BigInt(x.addr), selectors: [...x.selectors] }));
}

function findFn(a: TestArtifact, name: string): AbiFunction | undefined {
  return (a.abi as AbiFunction[]).find(
    (f) => f.type === 'function' && f.name === name && f.inputs.length === 0,
  );
}

/** The artifact whose runtime code is deployed at `address` (immutables and metadata aside). */
function artifactAt(host: SuiteHost, address: bigint): TestArtifact | undefined {
  const code = host.state.getCode(address);
  if (!code || code.length === 0) return undefined;
  const hex = bytesToHex(code);
  return host.context.artifacts.find(
    (x) => x.deployedBytecode.length === hex.length && x.deployedBytecode.slice(0, 64) === hex.slice(0, 64),
  );
}

/** Targets as forge picks them: targetContracts(), else every contract setUp deployed, minus exclusions. */
export function invariantTargets(host: SuiteHost): { targets: InvariantTarget[]; senders: bigint[] } {
  const excluded = new Set(addressList(host, 'excludeContracts'));
  for (const a of [TEST_CONTRACT_ADDRESS, CHEATCODE_ADDRESS, CONSOLE_ADDRESS, DEFAULT_SENDER])
    excluded.add(a);
  let addresses = addressList(host, 'targetContracts');
  if (addresses.length === 0) {
    addresses = [...host.state.accounts.entries()]
      .filter(([, acc]) => acc.code.length > 1)
      .map(([a]) => a)
      .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  }
  const selectors = new Map<bigint, Hex[]>();
  for (const s of selectorList(host, 'targetSelectors')) {
    selectors.set(s.addr, [...(selectors.get(s.addr) ?? []), ...s.selectors]);
    if (!addresses.includes(s.addr)) addresses.push(s.addr);
  }
  const targets: InvariantTarget[] = [];
  for (const address of addresses) {
    if (excluded.has(address)) continue;
    const artifact = artifactAt(host, address);
    if (!artifact) continue;
    targets.push({
      address,
      abi: (artifact.abi as AbiFunction[]).filter((f) => f.type === 'function'),
      selectors: selectors.get(address),
    });
  }
  const excludedSenders = new Set(addressList(host, 'excludeSenders'));
  const senders = addressList(host, 'targetSenders').filter((a) => !excludedSenders.has(a));
  return { targets, senders };
}

export function runInvariantTest(
  host: SuiteHost,
  fn: AbiFunction,
  signature: string,
  s: InvariantSettings & { seed: bigint },
): TestResult {
  const { targets, senders } = invariantTargets(host);
  const checkData = hexToBytes(toFunctionSelector(fn));
  let cp: number | undefined;
  const r = invariant(
    targets,
    {
      reset() {
        if (cp !== undefined) host.endRun(cp);
        cp = host.beginRun();
      },
      call(sender, target, calldata) {
        return outcome(host.exec(sender, target, calldata));
      },
      check() {
        const inner = host.state.checkpoint();
        try {
          return outcome(host.exec(DEFAULT_SENDER, TEST_CONTRACT_ADDRESS, checkData));
        } finally {
          host.state.revert(inner);
        }
      },
    },
    {
      runs: s.runs,
      depth: s.depth,
      seed: s.seed,
      dictionary: stateDictionary(host),
      failOnRevert: s.failOnRevert,
      senders: senders.length > 0 ? senders : undefined,
    },
  );
  if (cp !== undefined) host.endRun(cp);
  const test: TestResult = {
    name: signature,
    kind: 'invariant',
    status: r.passed ? 'pass' : 'fail',
    invariant: { runs: r.runs, calls: r.calls, reverts: r.reverts, seed: r.seed },
    logs: [],
    durationMs: 0,
  };
  if (!r.passed) {
    test.reason = r.counterexample?.reason ?? 'invariant broken';
    if (r.counterexample) {
      test.counterexample = {
        calldata: '',
        args: '',
        sequence: r.counterexample.sequence.map(
          (c) =>
            `sender=${getAddress(c.sender)} addr=${getAddress(c.target)} calldata=${c.fn} args=${formatArgs(c.args)}`,
        ),
      };
    }
  }
  return test;
}
