// Typed errors of `tdk test` (bad options); test failures are results, not errors.
import { EvmError } from '../evm/errors.js';

export type TestErrorCode = 'TDK_TEST_OPTIONS';

export class TestRunError extends EvmError {
  constructor(message: string, code: TestErrorCode, hint?: string) {
    super(message, code, hint);
  }
}
