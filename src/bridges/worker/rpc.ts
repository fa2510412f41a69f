// JSON-RPC to the node: over HTTP with fetch (every request bounded by a timeout) or through an
// EIP-1193 provider. Every failure becomes a WorkerError (TDK_WORKER_RPC) that keeps the node's
// JSON-RPC error code and message, so callers can tell "already known" from a dead connection.
import { WorkerError } from './errors.js';

export interface Eip1193Like {
  request(args: { method: string; params?: readonly unknown[] }): Promise<unknown>;
}

export class RpcError extends WorkerError {
  constructor(
    message: string,
    /** The JSON-RPC error code, or undefined for a transport failure (timeout, reset, HTTP 5xx). */
    readonly rpcCode: number | undefined,
    readonly method: string,
    /** The JSON-RPC error's data (revert bytes for eth_call / eth_estimateGas on most nodes). */
    readonly data?: unknown,
  ) {
    super(
      message,
      'TDK_WORKER_RPC',
      rpcCode === undefined ? 'check that the node is running and reachable at --rpc' : undefined,
    );
  }
}

export interface Rpc {
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
}

/** Wraps a transport so each failure is counted (for /metrics) before it is rethrown. */
export function countingRpc(inner: Rpc, onError: (err: RpcError) => void): Rpc {
  return {
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      try {
        return await inner.request<T>(method, params);
      } catch (err) {
        const e = err instanceof RpcError ? err : new RpcError(String(err), undefined, method);
        onError(e);
        throw e;
      }
    },
  };
}

export function httpRpc(url: string, timeoutMs = 10_000): Rpc {
  let id = 0;
  return {
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await res.text();
      } catch (err) {
        const c = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
        const cause = c?.code ?? c?.errors?.[0]?.code;
        const why =
          (err as Error).name === 'TimeoutError'
            ? `timed out after ${timeoutMs} ms`
            : (cause ?? (err as Error).message);
        throw new RpcError(`${method}: ${why}`, undefined, method);
      }
      let body: { result?: unknown; error?: { code?: number; message?: string; data?: unknown } } | undefined;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (body?.error) {
        throw new RpcError(
          `${method}: ${body.error.message ?? 'error'}`,
          body.error.code ?? -32603,
          method,
          body.error.data,
        );
      }
      if (!res.ok || body === undefined || !('result' in body)) {
        throw new RpcError(`${method}: HTTP ${res.status} ${text.slice(0, 120)}`, undefined, method);
      }
      return body.result as T;
    },
  };
}

export function providerRpc(provider: Eip1193Like): Rpc {
  return {
    async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
      try {
        return (await provider.request({ method, params })) as T;
      } catch (err) {
        const { code, data } = err as { code?: unknown; data?: unknown };
        throw new RpcError(
          `${method}: ${(err as Error).message}`,
          typeof code === 'number' ? code : undefined,
          method,
          data,
        );
      }
    },
  };
}
