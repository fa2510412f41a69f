// Invariant testing: random sequences of calls to the target contracts from random (or chosen)
// senders, the invariant checked after every call; a broken invariant's sequence is shrunk by
// dropping calls while it still breaks. The runner (src/testing) reads StdInvariant's target*/exclude*
// lists into `targets`/`senders` and implements `host` over its EVM.
import { type AbiFunction, bytesToHex, type Hex, hexToBytes, toFunctionSelector } from 'viem';
import { type AbiKind, abiKind } from '../fuzz/abi-type.js';
import { FuzzInputError } from '../fuzz/errors.js';
import { generate, toAddress, ValueSource } from '../fuzz/generate.js';
import {
  ASSUME_REJECTED,
  type CallOutcome,
  checkRuns,
  type FuzzDictionary,
  fuzzCalldata,
} from '../fuzz/index.js';
import { Prng } from '../fuzz/prng.js';
import { shrinkEach } from '../fuzz/shrink.js';

export interface InvariantTarget {
  readonly address: bigint;
  readonly abi: readonly AbiFunction[];
  /** selectors allowed (empty = all non-view) */
  readonly selectors?: readonly Hex[];
}

export interface InvariantHost {
  /** Fresh post-setUp state for each run. */
  reset(): void;
  call(sender: bigint, target: bigint, calldata: Uint8Array): CallOutcome;
  /** Runs the invariant function on the current state. */
  check(): CallOutcome;
  /**
   * Optional: words seen since the last call (storage written, return data, log topics and data).
   * They join the dictionary, as in Foundry, so later calls can reuse values the contracts produced.
   */
  observed?(): Iterable<bigint>;
}

export interface InvariantOptions {
  readonly runs: number;
  readonly depth: number;
  readonly seed: bigint;
  readonly dictionary: FuzzDictionary;
  readonly failOnRevert: boolean;
  readonly senders?: readonly bigint[];
  /** Replays spent shrinking a failing sequence at most (default 1024). */
  readonly maxShrinkReplays?: number;
}

export interface InvariantCall {
  sender: Hex;
  target: Hex;
  calldata: Hex;
  fn: string;
  args: readonly unknown[];
}

export interface InvariantResult {
  readonly passed: boolean;
  readonly runs: number;
  readonly calls: number;
  readonly reverts: number;
  readonly seed: bigint;
  readonly counterexample?: { readonly sequence: readonly InvariantCall[]; readonly reason?: string };
}

/** tdk's defaults, smaller than Foundry's 256 runs × depth 500: a TS EVM must finish in seconds. */
export const DEFAULT_INVARIANT_RUNS = 256;
export const DEFAULT_INVARIANT_DEPTH = 15;
export const DEFAULT_MAX_SHRINK_REPLAYS = 1024;
/** Most dictionary words kept; values observed beyond it are dropped. */
const DICTIONARY_LIMIT = 8192;

const CHEATCODE = 0x7109709ecfa91a80626ff3989d68f67f5b1dd12dn;
const CONSOLE = 0x000000000000000000636f6e736f6c652e6c6f67n;

interface Callable {
  readonly target: bigint;
  readonly fn: AbiFunction;
  readonly signature: string;
  readonly kinds: readonly AbiKind[];
}

interface PlannedCall {
  readonly sender: bigint;
  readonly callable: Callable;
  readonly args: readonly unknown[];
  readonly calldata: Uint8Array;
}

/** The functions an invariant run may call: the selected ones, else every state-changing one. */
export function callables(targets: readonly InvariantTarget[]): Callable[] {
  const out: Callable[] = [];
  for (const t of targets) {
    const allowed =
      t.selectors && t.selectors.length > 0 ? new Set(t.selectors.map((s) => s.toLowerCase())) : null;
    for (const fn of t.abi) {
      if (fn.type !== 'function') continue;
      const selector = toFunctionSelector(fn);
      if (allowed ? !allowed.has(selector) : fn.stateMutability === 'view' || fn.stateMutability === 'pure')
        continue;
      let kinds: AbiKind[];
      try {
        kinds = fn.inputs.map((p) => abiKind(p));
      } catch {
        continue; // a parameter type the fuzzer cannot make (fixed-point): the function is not called
      }
      out.push({
        target: t.address,
        fn,
        signature: `${fn.name}(${fn.inputs.map((p) => p.type).join(',')})`,
        kinds,
      });
    }
  }
  return out;
}

export function invariant(
  targets: readonly InvariantTarget[],
  host: InvariantHost,
  options: InvariantOptions,
): InvariantResult {
  checkRuns('runs', options.runs);
  checkRuns('depth', options.depth);
  const pool = callables(targets);
  if (pool.length === 0) {
    throw new FuzzInputError(
      'the invariant test has no function to call',
      'TDK_INVARIANT_NO_TARGETS',
      'deploy a contract in setUp() or name one with targetContract()/targetSelector(); view functions are not called unless selected',
    );
  }
  const rng = new Prng(options.seed);
  const words = new Set(options.dictionary.words);
  let src = new ValueSource(rng, options.dictionary);
  let calls = 0;
  let reverts = 0;
  let runs = 0;
  const done = (counterexample?: InvariantResult['counterexample']): InvariantResult => ({
    passed: counterexample === undefined,
    runs,
    calls,
    reverts,
    seed: options.seed,
    ...(counterexample ? { counterexample } : {}),
  });

  // Every run starts from the same post-setUp state: check it once before any call.
  host.reset();
  const initial = host.check();
  if (!initial.success) return done({ sequence: [], reason: initial.reason });

  for (; runs < options.runs; ) {
    runs++;
    host.reset();
    const sequence: PlannedCall[] = [];
    for (let step = 0; step < options.depth; step++) {
      const callable = rng.pick(pool);
      const args = callable.kinds.map((k) => generate(k, src));
      const planned: PlannedCall = {
        sender: pickSender(rng, src, options.senders),
        callable,
        args,
        calldata: hexToBytes(fuzzCalldata(callable.fn, args)),
      };
      sequence.push(planned);
      const outcome = host.call(planned.sender, callable.target, planned.calldata);
      calls++;
      if (!outcome.success) {
        reverts++;
        if (options.failOnRevert && outcome.reason !== ASSUME_REJECTED) {
          return done(shrinkSequence(sequence, host, options, outcome.reason));
        }
      }
      if (host.observed) {
        const before = words.size;
        for (const w of host.observed()) {
          if (words.size >= DICTIONARY_LIMIT) break;
          words.add(w);
        }
        if (words.size !== before) src = src.withWords([...words]);
      }
      const check = host.check();
      if (!check.success) return done(shrinkSequence(sequence, host, options, check.reason));
    }
  }
  return done();
}

function pickSender(rng: Prng, src: ValueSource, senders: readonly bigint[] | undefined): bigint {
  if (senders && senders.length > 0) return rng.pick(senders);
  // A random address, but never one that has a meaning to the runner or the EVM.
  for (;;) {
    const a = BigInt(generate({ kind: 'address' }, src) as Hex);
    if (a > 0xffffn && a !== CHEATCODE && a !== CONSOLE) return a;
  }
}

/** Replays `seq` from the post-setUp state: the reason it fails at its end, or null if it does not. */
function replay(
  seq: readonly PlannedCall[],
  host: InvariantHost,
  failOnRevert: boolean,
): string | undefined | null {
  host.reset();
  for (const c of seq) {
    const o = host.call(c.sender, c.callable.target, c.calldata);
    if (!o.success && failOnRevert && o.reason !== ASSUME_REJECTED) return o.reason;
    const check = host.check();
    if (!check.success) return check.reason;
  }
  return null;
}

/**
 * Shrinks a failing sequence while it still fails with the same reason, within the replay budget:
 * drops calls (each tried once per pass, passes repeat until none can go), then shrinks the arguments
 * of the calls left, then drops again (smaller amounts often make earlier calls unnecessary).
 */
function shrinkSequence(
  sequence: readonly PlannedCall[],
  host: InvariantHost,
  options: InvariantOptions,
  reason: string | undefined,
): NonNullable<InvariantResult['counterexample']> {
  let budget = options.maxShrinkReplays ?? DEFAULT_MAX_SHRINK_REPLAYS;
  const stillFails = (seq: readonly PlannedCall[]): boolean => {
    if (budget <= 0) return false;
    budget--;
    return replay(seq, host, options.failOnRevert) === reason;
  };
  const dropCalls = (seq: PlannedCall[]): PlannedCall[] => {
    let current = seq;
    let progress = true;
    while (progress && budget > 0) {
      progress = false;
      for (let i = 0; i < current.length && budget > 0; i++) {
        const candidate = current.slice(0, i).concat(current.slice(i + 1));
        if (stillFails(candidate)) {
          current = candidate;
          progress = true;
          i--;
        }
      }
    }
    return current;
  };
  const shrinkArgs = (seq: PlannedCall[]): PlannedCall[] => {
    let current = seq;
    for (let i = 0; i < current.length && budget > 0; i++) {
      const at = i;
      const call = current[at];
      const withArgs = (args: readonly unknown[]): PlannedCall[] => {
        const next = current.slice();
        next[at] = { ...call, args, calldata: hexToBytes(fuzzCalldata(call.callable.fn, args)) };
        return next;
      };
      const args = shrinkEach(
        call.args.slice(),
        (k) => call.callable.kinds[k],
        (a) => stillFails(withArgs(a as unknown[])),
      );
      current = withArgs(args);
    }
    return current;
  };
  // Until nothing changes: a smaller argument can make a call droppable and the other way round.
  let current = sequence.slice();
  for (;;) {
    const before = fingerprint(current);
    current = shrinkArgs(dropCalls(current));
    if (budget <= 0 || fingerprint(current) === before) break;
  }
  // Leave the host where the reported sequence leaves it (handy for -vvv traces of the last call).
  replay(current, host, options.failOnRevert);
  return {
    sequence: current.map((c) => ({
      sender: toAddress(c.sender),
      target: toAddress(c.callable.target),
      calldata: bytesToHex(c.calldata),
      fn: c.callable.signature,
      args: c.args,
    })),
    reason,
  };
}

function fingerprint(seq: readonly PlannedCall[]): string {
  return seq.map((c) => `${c.sender}:${bytesToHex(c.calldata)}`).join(',');
}
