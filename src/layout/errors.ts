// Typed errors of the layout model and decoder, with a stable code and a hint like every tdk error.
import { EvmError } from '../evm/errors.js';

export type LayoutErrorCode =
  | 'TDK_LAYOUT_UNAVAILABLE' // the artifact has no storageLayout (solc before 0.5.13)
  | 'TDK_LAYOUT_NAMESPACE' // ERC-7201 namespaces found but their struct layout could not be computed
  | 'TDK_LAYOUT_KEY'; // a mapping key that is not a value of the key type

export class LayoutError extends EvmError {
  declare readonly code: LayoutErrorCode;

  constructor(message: string, code: LayoutErrorCode, hint?: string) {
    super(message, code, hint);
  }
}
