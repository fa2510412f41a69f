// Fuzz testing of one Solidity test function: seeded ABI-typed inputs, assume-rejects, shrinking of
// the first counterexample, gas statistics. The runner (src/testing) supplies `run`, which executes
// the function on fresh post-setUp state; this module only decides which calldata to try.
import {
  type AbiFunction,
  bytesToHex,
  concat,
  encodeAbiParameters,
  type Hex,
  hexToBytes,
  toFunctionSelector,
} from 'viem';
import { type AbiKind, abiKind } from './abi-type.js';
import { FuzzInputError } from './errors.js';
import { generate, ValueSource } from './generate.js';
import { Prng } from './prng.js';
import { shrinkEach } from './shrink.js';

export { buildDictionary, pushConstants, stripMetadata } from './dictionary.js';
export { FuzzInputError } from './errors.js';
export { formatArg, formatArgs, formatSeed, parseSeed } from './format.js';
export { Prng } from './prng.js';

export interface CallOutcome {
  readonly success: boolean;
  /** decoded failure reason for reports */
  readonly reason?: string;
  readonly gasUsed: bigint;
}

export interface FuzzOptions {
  readonly runs: number;
  /** hex or decimal seed; same seed → same inputs */
  readonly seed: bigint;
  readonly dictionary: FuzzDictionary;
  /** Runs spent shrinking a counterexample at most (default 1024). */
  readonly maxShrinkSteps?: number;
  /** assume-rejected inputs tolerated before the test fails (Foundry's max_test_rejects, 65536). */
  readonly maxRejects?: number;
}

export interface FuzzDictionary {
  /** 32-byte words */
  readonly words: readonly bigint[];
  readonly addresses: readonly bigint[];
}

export interface FuzzResult {
  readonly passed: boolean;
  /** Runs that were not rejected by vm.assume (the failing one included). */
  readonly runs: number;
  readonly gasMean: bigint;
  readonly gasMedian: bigint;
  readonly counterexample?: {
    readonly calldata: Hex;
    readonly args: readonly unknown[];
    readonly reason?: string;
  };
  readonly seed: bigint;
  readonly rejects: number;
  /** Why the test failed without a counterexample (too many rejects). */
  readonly reason?: string;
}

/** The reason 7B's runner reports for a run that vm.assume rejected. */
export const ASSUME_REJECTED = 'vm.assume rejected';
export const DEFAULT_MAX_REJECTS = 65_536;
export const DEFAULT_MAX_SHRINK_STEPS = 1024;

const selectors = new WeakMap<AbiFunction, Hex>();

/** Calldata for `fn` with `args` (viem-encodable values, as `generate` makes them). */
export function fuzzCalldata(fn: AbiFunction, args: readonly unknown[]): Hex {
  // The selector is a keccak of the signature: hashing it once per function, not per run.
  let selector = selectors.get(fn);
  if (selector === undefined) selectors.set(fn, (selector = toFunctionSelector(fn)));
  return concat([selector, encodeAbiParameters(fn.inputs, args)]);
}

export function checkRuns(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new FuzzInputError(
      `${name} must be a non-negative integer, got ${n}`,
      'TDK_FUZZ_OPTIONS',
      `set ${name} to a whole number such as 256`,
    );
  }
}

export function fuzz(
  fn: AbiFunction,
  run: (calldata: Uint8Array) => CallOutcome,
  options: FuzzOptions,
): FuzzResult {
  checkRuns('runs', options.runs);
  const kinds = fn.inputs.map((p) => abiKind(p));
  const src = new ValueSource(new Prng(options.seed), options.dictionary);
  const maxRejects = options.maxRejects ?? DEFAULT_MAX_REJECTS;
  const gas: bigint[] = [];
  let rejects = 0;
  const result = (extra: Partial<FuzzResult>): FuzzResult => ({
    passed: true,
    runs: gas.length,
    ...gasStats(gas),
    seed: options.seed,
    rejects,
    ...extra,
  });

  while (gas.length < options.runs) {
    const args = kinds.map((k) => generate(k, src));
    const calldata = fuzzCalldata(fn, args);
    const outcome = run(hexToBytes(calldata));
    if (!outcome.success && outcome.reason === ASSUME_REJECTED) {
      if (++rejects > maxRejects) {
        return result({
          passed: false,
          reason: `vm.assume rejected too many inputs (${maxRejects} allowed)`,
        });
      }
      continue;
    }
    gas.push(outcome.gasUsed);
    if (!outcome.success) {
      const shrunk = shrinkArgs(
        kinds,
        args,
        outcome.reason,
        (cd) => run(cd),
        fn,
        options.maxShrinkSteps,
        options.dictionary.words,
      );
      return result({ passed: false, counterexample: shrunk });
    }
  }
  return result({});
}

/** Shrinks `args` while the test fails with the same reason, within the step budget. */
export function shrinkArgs(
  kinds: readonly AbiKind[],
  args: readonly unknown[],
  reason: string | undefined,
  run: (calldata: Uint8Array) => CallOutcome,
  fn: AbiFunction,
  maxSteps = DEFAULT_MAX_SHRINK_STEPS,
  hints?: readonly bigint[],
): { calldata: Hex; args: readonly unknown[]; reason?: string } {
  let steps = 0;
  const shape = failureShape(reason);
  const fails = (candidate: unknown): boolean => {
    if (steps >= maxSteps) return false;
    steps++;
    const o = run(hexToBytes(fuzzCalldata(fn, candidate as unknown[])));
    return !o.success && o.reason !== ASSUME_REJECTED && failureShape(o.reason) === shape;
  };
  const shrunk = shrinkEach(args.slice(), (i) => kinds[i], fails, hints);
  const calldata = hexToBytes(fuzzCalldata(fn, shrunk));
  // One more run for the shrunk input's own message (it may quote the input).
  const final = shrunk === args ? undefined : run(calldata);
  return { calldata: bytesToHex(calldata), args: shrunk, reason: final?.reason ?? reason };
}

/**
 * A failure with its numbers blanked: "below threshold: 6840 >= 5000" and "... 12 >= 5000" are the
 * same failure for shrinking, since messages often quote the input that caused them.
 */
function failureShape(reason: string | undefined): string | undefined {
  return reason?.replace(/0x[0-9a-fA-F]+|-?\d+/g, '#');
}

/** Foundry's μ (mean) and ~ (median, the mean of the middle two for an even count). */
export function gasStats(gas: readonly bigint[]): { gasMean: bigint; gasMedian: bigint } {
  if (gas.length === 0) return { gasMean: 0n, gasMedian: 0n };
  const sorted = gas.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sum = sorted.reduce((s, g) => s + g, 0n);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2n;
  return { gasMean: sum / BigInt(sorted.length), gasMedian: median };
}
