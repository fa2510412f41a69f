// An in-process EIP-1193 provider over an RpcHandler: what viem's `custom(provider)` and ethers'
// `new BrowserProvider(provider)` take, with no socket in between. Requests go through the same
// text contract as the network transports, so a call behaves the same in-process and over HTTP.
//
// Events (EIP-1193): 'message' carries subscription notifications as
// `{ type: 'eth_subscription', data: { subscription, result } }` (EIP-758); 'connect' fires once
// with `{ chainId }` after the provider answers eth_chainId; 'disconnect' fires on disconnect().
import { EventEmitter } from 'node:events';
import type { JsonRpcErrorObject, JsonRpcNotification, RpcHandler, RpcSession } from './rpc/types.js';

export interface RequestArguments {
  readonly method: string;
  readonly params?: readonly unknown[] | Readonly<Record<string, unknown>>;
}

export interface ProviderMessage {
  readonly type: string;
  readonly data: unknown;
}

export interface ProviderConnectInfo {
  readonly chainId: string;
}

export interface Eip1193Events {
  message: ProviderMessage;
  connect: ProviderConnectInfo;
  disconnect: ProviderRpcError;
}

export interface Eip1193Provider {
  /** Resolves to the method's result; rejects with a ProviderRpcError for a JSON-RPC error. */
  request(args: RequestArguments): Promise<unknown>;
  on<E extends keyof Eip1193Events>(event: E, listener: (payload: Eip1193Events[E]) => void): this;
  once<E extends keyof Eip1193Events>(event: E, listener: (payload: Eip1193Events[E]) => void): this;
  removeListener<E extends keyof Eip1193Events>(
    event: E,
    listener: (payload: Eip1193Events[E]) => void,
  ): this;
  off<E extends keyof Eip1193Events>(event: E, listener: (payload: Eip1193Events[E]) => void): this;
  /** Ends the session: its clean-ups run (subscriptions drop), later requests reject with 4900. */
  disconnect(): void;
}

/** Codes the provider itself produces (EIP-1193 and JSON-RPC 2.0). */
export const PROVIDER_ERROR_CODES = {
  /** The request object is not `{ method: string, params?: array | object }`. */
  invalidRequest: -32600,
  /** params could not be turned into JSON (a bigint, a cycle). */
  invalidParams: -32602,
  /** The handler failed or answered with something that is not a JSON-RPC response. */
  internal: -32603,
  /** disconnect() was called. */
  disconnected: 4900,
} as const;

/** A JSON-RPC error as EIP-1193 shapes it: `code`, `message`, and `data` (revert data, for one). */
export class ProviderRpcError extends Error {
  readonly code: number;
  // Declared, not initialised, so that an error without data has no `data` key at all: viem
  // looks for the first error in the cause chain that has one.
  declare readonly data?: unknown;

  constructor(code: number, message: string, data?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderRpcError';
    this.code = code;
    if (data !== undefined) (this as { data?: unknown }).data = data;
  }

  static from(error: JsonRpcErrorObject): ProviderRpcError {
    return new ProviderRpcError(error.code, error.message, error.data);
  }
}

export function createEip1193Provider(handler: RpcHandler): Eip1193Provider {
  return new InProcessProvider(handler);
}

class InProcessProvider implements Eip1193Provider {
  private readonly events = new EventEmitter();
  private readonly closers: (() => void)[] = [];
  private readonly session: RpcSession;
  private nextId = 0;
  private connected = true;

  constructor(private readonly handler: RpcHandler) {
    this.session = {
      transport: 'inproc',
      push: (message) => this.deliver(message),
      onClose: (fn) => (this.connected ? this.closers.push(fn) : fn()),
    };
    // Listeners are attached right after creation; announce the chain once they can hear it.
    setImmediate(() => {
      this.request({ method: 'eth_chainId' }).then(
        (chainId) => {
          if (typeof chainId === 'string') this.emit('connect', { chainId });
        },
        () => {}, // a handler without eth_chainId simply never announces a chain
      );
    });
  }

  async request(args: RequestArguments): Promise<unknown> {
    if (!this.connected) {
      throw new ProviderRpcError(PROVIDER_ERROR_CODES.disconnected, 'the provider is disconnected');
    }
    const text = this.encode(args);
    let out: string | undefined;
    try {
      out = await this.handler.handleText(text, this.session);
    } catch (error) {
      throw new ProviderRpcError(
        PROVIDER_ERROR_CODES.internal,
        `internal error: ${describe(error)}`,
        undefined,
        {
          cause: error,
        },
      );
    }
    return decode(out, args.method);
  }

  on<E extends keyof Eip1193Events>(event: E, listener: (payload: Eip1193Events[E]) => void): this {
    this.events.on(event, listener);
    return this;
  }

  once<E extends keyof Eip1193Events>(event: E, listener: (payload: Eip1193Events[E]) => void): this {
    this.events.once(event, listener);
    return this;
  }

  removeListener<E extends keyof Eip1193Events>(
    event: E,
    listener: (payload: Eip1193Events[E]) => void,
  ): this {
    this.events.removeListener(event, listener);
    return this;
  }

  off<E extends keyof Eip1193Events>(event: E, listener: (payload: Eip1193Events[E]) => void): this {
    return this.removeListener(event, listener);
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    const errors: unknown[] = [];
    for (const fn of this.closers.splice(0)) {
      try {
        fn();
      } catch (error) {
        errors.push(error);
      }
    }
    this.emit(
      'disconnect',
      new ProviderRpcError(PROVIDER_ERROR_CODES.disconnected, 'the provider was disconnected'),
    );
    if (errors.length > 0) throw new AggregateError(errors, 'session clean-up failed');
  }

  private encode(args: RequestArguments): string {
    if (typeof args !== 'object' || args === null || typeof args.method !== 'string' || args.method === '') {
      throw new ProviderRpcError(
        PROVIDER_ERROR_CODES.invalidRequest,
        'request expects { method: string, params?: array | object }',
      );
    }
    const { method, params } = args;
    if (params !== undefined && (typeof params !== 'object' || params === null)) {
      throw new ProviderRpcError(
        PROVIDER_ERROR_CODES.invalidRequest,
        `params of ${method} must be an array or an object`,
      );
    }
    try {
      return JSON.stringify({
        jsonrpc: '2.0',
        id: ++this.nextId,
        method,
        ...(params === undefined ? {} : { params }),
      });
    } catch (error) {
      throw new ProviderRpcError(
        PROVIDER_ERROR_CODES.invalidParams,
        `params of ${method} are not JSON: ${describe(error)}`,
        undefined,
        {
          cause: error,
        },
      );
    }
  }

  /**
   * Subscription notifications are delivered on a later turn of the event loop, so the answer to
   * eth_subscribe (the subscription id) reaches its caller before the first notification does.
   */
  private deliver(message: JsonRpcNotification): void {
    if (!this.connected) return;
    setImmediate(() => {
      if (this.connected) this.emit('message', { type: message.method, data: message.params });
    });
  }

  /** Calls every listener even when one throws; a throwing listener surfaces as an uncaught error, as with EventTarget. */
  private emit<E extends keyof Eip1193Events>(event: E, payload: Eip1193Events[E]): void {
    for (const listener of this.events.rawListeners(event)) {
      try {
        (listener as (payload: Eip1193Events[E]) => void)(payload);
      } catch (error) {
        process.nextTick(() => {
          throw error;
        });
      }
    }
  }
}

function decode(out: string | undefined, method: string): unknown {
  if (out === undefined) {
    throw new ProviderRpcError(PROVIDER_ERROR_CODES.internal, `no answer to ${method}`);
  }
  let response: unknown;
  try {
    response = JSON.parse(out);
  } catch (error) {
    throw new ProviderRpcError(PROVIDER_ERROR_CODES.internal, `answer to ${method} is not JSON`, undefined, {
      cause: error,
    });
  }
  if (typeof response !== 'object' || response === null || Array.isArray(response)) {
    throw new ProviderRpcError(
      PROVIDER_ERROR_CODES.internal,
      `answer to ${method} is not a JSON-RPC response`,
    );
  }
  if ('error' in response) {
    const error = response.error as Partial<JsonRpcErrorObject> | null;
    if (typeof error?.code !== 'number' || typeof error.message !== 'string') {
      throw new ProviderRpcError(PROVIDER_ERROR_CODES.internal, `answer to ${method} has a malformed error`);
    }
    throw ProviderRpcError.from(error as JsonRpcErrorObject);
  }
  if (!('result' in response)) {
    throw new ProviderRpcError(
      PROVIDER_ERROR_CODES.internal,
      `answer to ${method} has neither result nor error`,
    );
  }
  return response.result;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
