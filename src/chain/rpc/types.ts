// The contract between JSON-RPC transports (HTTP, WebSocket, the in-process EIP-1193 provider) and
// the method layer. A transport moves text; the method layer parses, validates, batches and answers.

export type JsonRpcId = string | number | null;

export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly id?: JsonRpcId;
  readonly method: string;
  readonly params?: readonly unknown[] | Readonly<Record<string, unknown>>;
}

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export type JsonRpcResponse =
  | { readonly jsonrpc: '2.0'; readonly id: JsonRpcId; readonly result: unknown }
  | { readonly jsonrpc: '2.0'; readonly id: JsonRpcId; readonly error: JsonRpcErrorObject };

/** A server-initiated message (eth_subscription) sent to one connection. */
export interface JsonRpcNotification {
  readonly jsonrpc: '2.0';
  readonly method: string;
  readonly params: unknown;
}

/** One client connection. Only push-capable transports (WebSocket, in-process) set `push`. */
export interface RpcSession {
  readonly transport: 'http' | 'ws' | 'inproc';
  /** Sends a notification to this connection; absent on HTTP, where subscriptions are refused. */
  readonly push?: (message: JsonRpcNotification) => void;
  /** Registers clean-up (for example dropping subscriptions) for when the connection closes. */
  onClose(fn: () => void): void;
}

/** What a transport calls. */
export interface RpcHandler {
  /**
   * Answers one HTTP body or WebSocket frame: a request or a batch, as text. Resolves to the
   * response text, or undefined when nothing is to be sent (only notifications). Never rejects:
   * malformed input becomes a JSON-RPC error response.
   */
  handleText(text: string, session: RpcSession): Promise<string | undefined>;
}
