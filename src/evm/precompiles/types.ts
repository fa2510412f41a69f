// The contract every precompile honours, built-in or custom.

/** What a precompile is called with. gasLimit is the gas forwarded to it (a safe integer). */
export interface PrecompileCall {
  readonly input: Uint8Array;
  readonly gasLimit: number;
  readonly address: bigint;
  readonly caller: bigint;
  readonly value: bigint;
  readonly isStatic: boolean;
}

/**
 * success/revert: gasUsed is what the call consumed (the caller gets the rest back).
 * A gasUsed above gasLimit is treated as out of gas. halt: an exceptional halt that consumes all
 * forwarded gas (out of gas, malformed input), as the spec prescribes for precompile failures.
 */
export type PrecompileOutcome =
  | { readonly status: 'success'; readonly gasUsed: number; readonly output: Uint8Array }
  | { readonly status: 'revert'; readonly gasUsed: number; readonly output: Uint8Array }
  | { readonly status: 'halt'; readonly reason: string };

export interface Precompile {
  readonly name: string;
  run(call: PrecompileCall): PrecompileOutcome;
}
