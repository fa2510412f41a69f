// Typed errors of tdk's Merkle trees: a stable code (TDK_MERKLE_*) and, where useful, a hint.
import { EvmError } from '../../evm/errors.js';

export type MerkleErrorCode =
  | 'TDK_MERKLE_EMPTY'
  | 'TDK_MERKLE_TYPES'
  | 'TDK_MERKLE_VALUE'
  | 'TDK_MERKLE_DUPLICATE'
  | 'TDK_MERKLE_NOT_FOUND'
  | 'TDK_MERKLE_INDEX'
  | 'TDK_MERKLE_PROOF'
  | 'TDK_MERKLE_DUMP'
  | 'TDK_MERKLE_INPUT';

export class MerkleError extends EvmError {
  constructor(message: string, code: MerkleErrorCode, hint?: string) {
    super(message, code, hint);
  }
}
