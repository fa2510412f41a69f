// JSON-RPC errors. Codes follow geth and EIP-1474 so that viem and ethers classify them correctly:
// -32700/-32600/-32601/-32602/-32603 for protocol faults, -32000 for rejected input (geth's
// catch-all: nonce too low, insufficient funds...), 3 for a reverted call with its revert data.

export const RPC_PARSE_ERROR = -32700;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_INTERNAL_ERROR = -32603;
export const RPC_SERVER_ERROR = -32000;
export const RPC_RESOURCE_NOT_FOUND = -32001;
export const RPC_TRANSACTION_REJECTED = -32003;
export const RPC_METHOD_NOT_SUPPORTED = -32004;
export const RPC_LIMIT_EXCEEDED = -32005;
export const RPC_EXECUTION_REVERTED = 3;

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** JSON-RPC `data`: revert data (0x-hex) for code 3, otherwise details. */
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export function invalidParams(message: string): RpcError {
  return new RpcError(RPC_INVALID_PARAMS, message);
}

export function rejected(message: string): RpcError {
  return new RpcError(RPC_SERVER_ERROR, message);
}
