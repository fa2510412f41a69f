// A small JSON-RPC client for reading chain state (storage words, code, calls, the devnet's
// recordings): JSON-RPC batches over HTTP with a timeout per POST, or parallel requests through an
// EIP-1193 provider (the in-process devnet, viem/ethers providers). Failures become RpcClientError
// with a stable code, so `tdk layout/storage --rpc` can say what went wrong and what to try.
import { EvmError } from '../evm/errors.js';

/** What tdk needs of an EIP-1193 provider. */
export interface Eip1193Like {
  request(args: { readonly method: string; readonly params?: readonly unknown[] }): Promise<unknown>;
}

export interface RpcClientOptions {
  /** Requests per JSON-RPC batch (HTTP) or per parallel wave (EIP-1193). Default 100. */
  readonly batchSize?: number;
  /** Time allowed for one HTTP batch or one provider request. Default 30 s. */
  readonly timeoutMs?: number;
}

export const RPC_CLIENT_DEFAULTS = { batchSize: 100, timeoutMs: 30_000 } as const;

export type RpcClientErrorCode =
  | 'TDK_RPC_UNREACHABLE' // connection refused, unknown host, reset
  | 'TDK_RPC_TIMEOUT' // no complete answer within timeoutMs
  | 'TDK_RPC_ERROR' // the node answered with a JSON-RPC error (or an HTTP error status)
  | 'TDK_RPC_MALFORMED' // the answer is not the JSON-RPC the request asked for
  | 'TDK_RPC_BAD_URL' // not an http(s) URL
  | 'TDK_NO_RECORDING'; // the node has no tdk_ recording methods (not a tdk devnet)

export class RpcClientError extends EvmError {
  declare readonly code: RpcClientErrorCode;

  constructor(
    message: string,
    code: RpcClientErrorCode,
    hint?: string,
    /** The JSON-RPC error code, for TDK_RPC_ERROR answers. */
    readonly rpcCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, code, hint);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** JSON-RPC "method not found": what a node without tdk_ methods answers. */
export const METHOD_NOT_FOUND = -32601;

export interface RpcCall {
  readonly method: string;
  readonly params: readonly unknown[];
}

export interface RpcClient {
  /** The URL, or "EIP-1193 provider"; for messages. */
  readonly endpoint: string;
  /** Results in call order, sent batchSize at a time; the first failure rejects. */
  batch(calls: readonly RpcCall[]): Promise<unknown[]>;
  request(method: string, params: readonly unknown[]): Promise<unknown>;
}

export function rpcClient(target: Eip1193Like | string, options: RpcClientOptions = {}): RpcClient {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? RPC_CLIENT_DEFAULTS.batchSize));
  const timeoutMs = options.timeoutMs ?? RPC_CLIENT_DEFAULTS.timeoutMs;
  const send =
    typeof target === 'string' ? httpBatcher(target, timeoutMs) : providerBatcher(target, timeoutMs);
  const endpoint = typeof target === 'string' ? target : 'EIP-1193 provider';
  const batch = async (calls: readonly RpcCall[]): Promise<unknown[]> => {
    const out: unknown[] = [];
    for (let i = 0; i < calls.length; i += batchSize) {
      out.push(...(await send(calls.slice(i, i + batchSize))));
    }
    return out;
  };
  return {
    endpoint,
    batch,
    request: async (method, params) => (await batch([{ method, params }]))[0],
  };
}

type Batcher = (calls: readonly RpcCall[]) => Promise<unknown[]>;

function httpBatcher(url: string, timeoutMs: number): Batcher {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RpcClientError(`"${url}" is not a URL`, 'TDK_RPC_BAD_URL', 'give --rpc http://host:port');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RpcClientError(
      `${url}: only http:// and https:// endpoints are supported`,
      'TDK_RPC_BAD_URL',
      'give --rpc http://host:port',
    );
  }
  let nextId = 1;
  return async (calls) => {
    const ids = calls.map(() => nextId++);
    const body = JSON.stringify(
      calls.map((c, i) => ({ jsonrpc: '2.0', id: ids[i], method: c.method, params: c.params })),
    );
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: controller.signal,
      });
      status = res.status;
      text = await res.text();
    } catch (error) {
      throw transportError(url, error, controller.signal.aborted, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    return matchAnswers(url, calls, ids, status, text);
  };
}

function transportError(url: string, error: unknown, timedOut: boolean, timeoutMs: number): RpcClientError {
  if (timedOut) {
    return new RpcClientError(
      `${url} did not answer within ${timeoutMs} ms`,
      'TDK_RPC_TIMEOUT',
      'check that the node is healthy, or allow more time (--timeout)',
      undefined,
      { cause: error },
    );
  }
  // undici reports socket failures as TypeError('fetch failed') with the system error as cause.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new RpcClientError(
    `cannot reach ${url} (${detail})`,
    'TDK_RPC_UNREACHABLE',
    'is the node running? start one with `tdk node`, or check the --rpc URL',
    undefined,
    { cause: error },
  );
}

interface JsonRpcAnswer {
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

function matchAnswers(
  url: string,
  calls: readonly RpcCall[],
  ids: readonly number[],
  status: number,
  text: string,
): unknown[] {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    if (status !== 200) {
      throw new RpcClientError(`${url} answered HTTP ${status}: ${text.slice(0, 200)}`, 'TDK_RPC_ERROR');
    }
    throw malformed(url, `the answer is not JSON: ${text.slice(0, 120)}`);
  }
  // One error object for the whole batch: an HTTP limit, or a node that refuses batches.
  if (!Array.isArray(answer)) {
    const single = answer as JsonRpcAnswer;
    if (single && typeof single === 'object' && single.error) throw answerError(url, calls[0], single.error);
    throw malformed(url, `expected an array of ${calls.length} answers (HTTP ${status})`);
  }
  const byId = new Map<unknown, JsonRpcAnswer>();
  for (const a of answer as JsonRpcAnswer[]) if (a && typeof a === 'object') byId.set(a.id, a);
  return calls.map((call, i) => {
    const a = byId.get(ids[i]);
    if (!a) throw malformed(url, `no answer for request ${ids[i]} (${call.method})`);
    if (a.error) throw answerError(url, call, a.error);
    if (!('result' in a)) throw malformed(url, `answer ${ids[i]} (${call.method}) has no result`);
    return a.result;
  });
}

function answerError(url: string, call: RpcCall | undefined, error: JsonRpcAnswer['error']): RpcClientError {
  const code = typeof error?.code === 'number' ? error.code : undefined;
  const message = typeof error?.message === 'string' ? error.message : JSON.stringify(error);
  return new RpcClientError(
    `${url}: ${call?.method ?? 'request'} failed: ${message}${code === undefined ? '' : ` (${code})`}`,
    'TDK_RPC_ERROR',
    code === METHOD_NOT_FOUND ? 'the node does not support this method' : undefined,
    code,
  );
}

export function malformed(endpoint: string, what: string): RpcClientError {
  return new RpcClientError(
    `${endpoint} gave a malformed answer: ${what}`,
    'TDK_RPC_MALFORMED',
    'is this URL an Ethereum JSON-RPC endpoint?',
  );
}

function providerBatcher(provider: Eip1193Like, timeoutMs: number): Batcher {
  const endpoint = 'EIP-1193 provider';
  const one = async (call: RpcCall): Promise<unknown> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new RpcClientError(
              `${endpoint}: ${call.method} did not answer within ${timeoutMs} ms`,
              'TDK_RPC_TIMEOUT',
              'check that the node is healthy, or allow more time (--timeout)',
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([provider.request({ method: call.method, params: call.params }), timeout]);
    } catch (error) {
      if (error instanceof RpcClientError) throw error;
      const e = error as { code?: unknown; message?: unknown };
      if (typeof e?.code === 'number') throw answerError(endpoint, call, e);
      throw new RpcClientError(
        `${endpoint}: ${call.method} failed: ${String(e?.message ?? error)}`,
        'TDK_RPC_ERROR',
        undefined,
        undefined,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  };
  return (calls) => Promise.all(calls.map(one));
}
