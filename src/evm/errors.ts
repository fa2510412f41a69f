// Typed errors raised by the EVM package. Each carries a stable code and, where useful, a hint.

export class EvmError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Malformed input handed to the EVM API (hex, RLP, transactions, test files). */
export class EvmInputError extends EvmError {}
