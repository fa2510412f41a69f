// Errors that bad input (not a failing test) causes in the fuzzer and the invariant runner. They extend
// EvmError, tdk's base error with a stable code and a hint, so the CLI prints them like every other.
import { EvmError } from '../../evm/errors.js';

export type FuzzErrorCode =
  | 'TDK_FUZZ_TYPE' // a parameter whose ABI type cannot be generated
  | 'TDK_FUZZ_OPTIONS' // runs/depth/seed out of range
  | 'TDK_INVARIANT_NO_TARGETS'; // nothing to call in an invariant test

export class FuzzInputError extends EvmError {
  constructor(message: string, code: FuzzErrorCode, hint: string) {
    super(message, code, hint);
  }
}
