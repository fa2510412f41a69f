// Typed errors of `tdk scan`'s analysis (bad paths, unknown detector ids).
import { EvmError } from '../evm/errors.js';

export type ScanErrorCode = 'TDK_SCAN_PATH' | 'TDK_SCAN_NO_SOURCES' | 'TDK_SCAN_DETECTOR';

export class ScanError extends EvmError {
  constructor(message: string, code: ScanErrorCode, hint?: string) {
    super(message, code, hint);
  }
}
