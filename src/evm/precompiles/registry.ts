// A mutable set of precompiles keyed by address, and a helper to write custom ones.
import type { Precompile, PrecompileCall, PrecompileOutcome } from './types.js';
import { halt, OUT_OF_GAS } from './util.js';

const MAX_ADDRESS = (1n << 160n) - 1n;

/**
 * Precompiles by address, seeded from a base map (usually CANCUN_PRECOMPILES, which it copies, so the
 * base is never modified). Custom precompiles may be added at any address or replace built-in ones.
 */
export class PrecompileRegistry {
  readonly #byAddress: Map<bigint, Precompile>;

  constructor(base: ReadonlyMap<bigint, Precompile> = new Map()) {
    this.#byAddress = new Map(base);
  }

  /** Adds or replaces the precompile at address. */
  register(address: bigint, precompile: Precompile): this {
    if (typeof address !== 'bigint' || address < 0n || address > MAX_ADDRESS) {
      throw new RangeError(`precompile address out of range: ${String(address)}`);
    }
    if (typeof precompile?.run !== 'function') throw new TypeError('precompile must have a run(call) method');
    this.#byAddress.set(address, precompile);
    return this;
  }

  /** Removes the precompile at address; false if there was none. */
  unregister(address: bigint): boolean {
    return this.#byAddress.delete(address);
  }

  get(address: bigint): Precompile | undefined {
    return this.#byAddress.get(address);
  }

  has(address: bigint): boolean {
    return this.#byAddress.has(address);
  }

  /** Registered addresses in ascending order (EIP-2929 treats them all as warm). */
  addresses(): bigint[] {
    return [...this.#byAddress.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  get size(): number {
    return this.#byAddress.size;
  }
}

/** Thrown from a definePrecompile body to halt (consume all forwarded gas) with the given reason. */
export class PrecompileHalt extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PrecompileHalt';
  }
}

export interface PrecompileResult {
  /** Gas consumed; above call.gasLimit the call halts out of gas. A non-negative safe integer. */
  readonly gasUsed: number;
  readonly output: Uint8Array;
  /** Revert instead of succeeding: gasUsed is charged, the rest returned, output is revert data. */
  readonly revert?: boolean;
}

/**
 * A precompile from a function that prices itself: it returns the gas it used with its output, and should
 * check call.gasLimit before expensive work (throwing PrecompileHalt, or returning a gasUsed above the
 * limit). Other exceptions propagate: they are bugs, not EVM outcomes.
 */
export function definePrecompile(
  name: string,
  fn: (input: Uint8Array, call: PrecompileCall) => PrecompileResult,
): Precompile {
  return {
    name,
    run(call): PrecompileOutcome {
      let result: PrecompileResult;
      try {
        result = fn(call.input, call);
      } catch (e) {
        if (e instanceof PrecompileHalt) return halt(e.message);
        throw e;
      }
      const { gasUsed, output } = result;
      if (!Number.isSafeInteger(gasUsed) || gasUsed < 0) {
        throw new TypeError(`precompile ${name} returned an invalid gasUsed: ${String(gasUsed)}`);
      }
      if (gasUsed > call.gasLimit) return halt(OUT_OF_GAS);
      return { status: result.revert === true ? 'revert' : 'success', gasUsed, output };
    },
  };
}
