// Typed errors of the Merkle-root worker: a stable code (TDK_WORKER_*) and an actionable hint.
import { EvmError } from '../../evm/errors.js';

export type WorkerErrorCode =
  /** A bad option or argument (exit 2). */
  | 'TDK_WORKER_INPUT'
  /** The epoch's data set cannot become a tree (malformed rows, wrong types, duplicates, empty). */
  | 'TDK_WORKER_DATA'
  /** The node did not answer, or answered with an error. */
  | 'TDK_WORKER_RPC'
  /** The registry holds a different root for an epoch this worker computed: someone else publishes. */
  | 'TDK_WORKER_CONFLICT'
  /** The state database belongs to another registry, chain, signer or job, or cannot be opened. */
  | 'TDK_WORKER_DB'
  /** The registry rejected the publication (not a publisher, no code at the address, ...). */
  | 'TDK_WORKER_REVERT';

export class WorkerError extends EvmError {
  constructor(message: string, code: WorkerErrorCode, hint?: string) {
    super(message, code, hint);
  }
}
