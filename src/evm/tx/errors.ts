// The error thrown when transaction bytes or signature values are malformed.
import { EvmInputError } from '../errors.js';

/**
 * Stable codes:
 * - TDK_TX_DECODE: the bytes are not a canonical transaction (bad envelope, RLP, field count,
 *   field width, leading zeros, wrong address or hash length).
 * - TDK_TX_SIGNATURE: the signature values are unusable (v / yParity out of range, r or s zero,
 *   at or above the curve order, s in the upper half, or public-key recovery failed); also a bad
 *   private key when signing.
 * - TDK_TX_ENCODE: a transaction object holds a value that cannot be encoded (negative, too wide).
 */
export type TxErrorCode = 'TDK_TX_DECODE' | 'TDK_TX_SIGNATURE' | 'TDK_TX_ENCODE';

export class TxError extends EvmInputError {
  declare readonly code: TxErrorCode;

  constructor(message: string, code: TxErrorCode = 'TDK_TX_DECODE', options?: { cause?: unknown }) {
    super(message, code);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
