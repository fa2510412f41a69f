// The JSON-RPC 2.0 method layer: parses a body, answers single requests and batches, and maps every
// failure to a proper error object, so that no input can crash the node or leave it half-changed.
import { EvmError } from '../../evm/index.js';
import type { Chain } from '../chain.js';
import {
  RPC_INTERNAL_ERROR,
  RPC_INVALID_PARAMS,
  RPC_INVALID_REQUEST,
  RPC_LIMIT_EXCEEDED,
  RPC_METHOD_NOT_FOUND,
  RPC_PARSE_ERROR,
  RpcError,
} from '../errors.js';
import { DEFAULT_LIMITS, type RpcContext, type RpcLimits, type RpcMethod } from './context.js';
import { controlMethods } from './control.js';
import { ethMethods } from './eth.js';
import { Filters } from './filters.js';
import { tdkMethods } from './tdk.js';
import type { JsonRpcId, JsonRpcResponse, RpcHandler, RpcSession } from './types.js';

export interface RpcHandlerOptions {
  readonly limits?: Partial<RpcLimits>;
  readonly clientVersion?: string;
  /** Extra or replacement methods (debug_ tracers, later bridges). */
  readonly methods?: Record<string, RpcMethod>;
}

export interface ChainRpc extends RpcHandler {
  /** Answers one already-parsed request (the in-process path, without JSON text). */
  request(method: string, params: readonly unknown[], session: RpcSession): Promise<unknown>;
  readonly methods: Readonly<Record<string, RpcMethod>>;
  close(): void;
}

const NO_SESSION: RpcSession = { transport: 'inproc', onClose: () => {} };

export function createRpcHandler(chain: Chain, options: RpcHandlerOptions = {}): ChainRpc {
  const limits: RpcLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const filters = new Filters(chain, limits.maxFilters);
  const methods: Record<string, RpcMethod> = {
    ...ethMethods,
    ...controlMethods,
    ...tdkMethods,
    ...options.methods,
  };
  const clientVersion = options.clientVersion ?? 'tdk/v0.1.0';

  async function invoke(method: string, params: readonly unknown[], session: RpcSession): Promise<unknown> {
    const fn = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (!fn) throw new RpcError(RPC_METHOD_NOT_FOUND, `the method ${method} does not exist/is not available`);
    const ctx: RpcContext = { chain, limits, filters, clientVersion, session };
    return await fn(params, ctx);
  }

  async function answer(req: unknown, session: RpcSession): Promise<JsonRpcResponse | undefined> {
    if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      return failure(null, new RpcError(RPC_INVALID_REQUEST, 'invalid request: expected a JSON-RPC object'));
    }
    const r = req as Record<string, unknown>;
    const hasId = Object.hasOwn(r, 'id');
    const id = validId(r.id);
    if (id === undefined)
      return failure(
        null,
        new RpcError(RPC_INVALID_REQUEST, 'invalid request: id must be a string, number or null'),
      );
    if (r.jsonrpc !== '2.0' || typeof r.method !== 'string') {
      return failure(
        id,
        new RpcError(RPC_INVALID_REQUEST, 'invalid request: needs "jsonrpc": "2.0" and a string "method"'),
      );
    }
    let params: readonly unknown[];
    if (r.params === undefined || r.params === null) params = [];
    else if (Array.isArray(r.params)) params = r.params;
    else {
      return failure(
        id,
        new RpcError(RPC_INVALID_PARAMS, 'params must be an array (by-name parameters are not supported)'),
      );
    }
    try {
      const result = await invoke(r.method, params, session);
      return hasId ? { jsonrpc: '2.0', id, result: result === undefined ? null : result } : undefined;
    } catch (e) {
      return hasId ? failure(id, toRpcError(e)) : undefined;
    }
  }

  return {
    methods,
    request: (method, params, session = NO_SESSION) => invoke(method, params, session),
    async handleText(text, session) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return JSON.stringify(
          failure(null, new RpcError(RPC_PARSE_ERROR, 'parse error: the body is not valid JSON')),
        );
      }
      if (!Array.isArray(body)) {
        const res = await answer(body, session);
        return res === undefined ? undefined : JSON.stringify(res);
      }
      if (body.length === 0) {
        return JSON.stringify(
          failure(null, new RpcError(RPC_INVALID_REQUEST, 'invalid request: empty batch')),
        );
      }
      if (body.length > limits.maxBatch) {
        return JSON.stringify(
          failure(
            null,
            new RpcError(
              RPC_LIMIT_EXCEEDED,
              `batch of ${body.length} requests exceeds the limit of ${limits.maxBatch}`,
            ),
          ),
        );
      }
      const out: JsonRpcResponse[] = [];
      // In order: later requests in a batch may depend on earlier ones (send, then read).
      for (const req of body) {
        const res = await answer(req, session);
        if (res !== undefined) out.push(res);
      }
      return out.length === 0 ? undefined : JSON.stringify(out);
    },
    close() {
      filters.dispose();
      chain.close();
    },
  };
}

function validId(id: unknown): JsonRpcId | undefined {
  if (id === undefined || id === null) return null;
  if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return id;
  return undefined;
}

function failure(id: JsonRpcId, e: RpcError): JsonRpcResponse {
  return {
    jsonrpc: '2.0',
    id,
    error:
      e.data === undefined
        ? { code: e.code, message: e.message }
        : { code: e.code, message: e.message, data: e.data },
  };
}

/** Anything a method throws becomes an error object; only true bugs are "internal". */
export function toRpcError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  if (e instanceof EvmError) return new RpcError(-32000, `${e.message}${e.hint ? ` (${e.hint})` : ''}`);
  const message = e instanceof Error ? e.message : String(e);
  return new RpcError(RPC_INTERNAL_ERROR, `internal error: ${message}`);
}
