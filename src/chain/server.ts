// The devnet's network transports: JSON-RPC over HTTP and WebSocket on one port, around an
// RpcHandler. A transport only moves text, enforces limits and owns connection lifetimes; the
// method layer (RpcHandler.handleText) parses and answers.
//
// HTTP (conventions of geth and anvil):
//   POST at any path       a JSON-RPC request or batch; answer is `application/json`, 204 when
//                          the body held only notifications.
//   GET / HEAD any path    health check: 200 `{"status":"ok"}` (geth answers an empty GET with 200).
//   OPTIONS                CORS preflight, 204.
//   anything else          405 with `Allow`.
//   Content-Type           must be JSON (application/json, application/json-rpc,
//                          application/jsonrequest or any `+json`), charset allowed, as geth
//                          requires; anything else, or none, gets 415. Anvil refuses these too
//                          (200 with -32600). Refusing them keeps web pages from posting blind
//                          "simple" cross-origin requests when CORS is off.
// Limits answer with a JSON-RPC error body (id null unless the request's ids are known):
//   body over maxBodyBytes         413, code -32600
//   body not received in time      408, code -32000, connection closed
//   answer not ready in time       200, code -32000 per request (HTTP) / frame (WS)
// WebSocket (upgrade on any path): text or binary frames holding UTF-8 JSON; answers and
// subscription notifications go out as text frames. Frames over wsMaxPayloadBytes close the
// connection with 1009; a client that stops reading while more than wsMaxBufferedBytes wait to be
// sent is closed with 1008; at most wsMaxInFlight requests per connection run at once, and reading
// from that connection pauses until one finishes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { JsonRpcId, JsonRpcNotification, RpcHandler, RpcSession } from './rpc/types.js';

export interface RpcServerOptions {
  /** Interface to bind. Default '127.0.0.1' (local only); '0.0.0.0' or '::' exposes the devnet. */
  readonly host?: string;
  /** TCP port; 0 picks a free one. Default 8545. */
  readonly port?: number;
  /** Largest HTTP request body. Default 5 MiB (geth's limit). */
  readonly maxBodyBytes?: number;
  /** Time from request (or WS frame) arrival to answer, body included. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Open TCP connections, HTTP and WebSocket together; more are dropped. Default 1024. */
  readonly maxConnections?: number;
  /** Largest WebSocket message; larger ones close the connection with 1009. Default 5 MiB. */
  readonly wsMaxPayloadBytes?: number;
  /** Requests one WebSocket connection may have running at once. Default 32. */
  readonly wsMaxInFlight?: number;
  /** Unsent bytes a WebSocket client may leave queued before it is closed with 1008. Default 64 MiB. */
  readonly wsMaxBufferedBytes?: number;
  /** Ping interval; a client that misses a pong by the next ping is dropped. 0 disables. Default 30 s. */
  readonly wsPingIntervalMs?: number;
  /** Send `Access-Control-Allow-Origin: *` and answer preflights, as anvil does. Default true. */
  readonly cors?: boolean;
  /** Receives failures that have no client to go to (a handler that rejected, a throwing onClose). */
  readonly onError?: (error: unknown) => void;
}

export const RPC_SERVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 8545,
  maxBodyBytes: 5 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  maxConnections: 1024,
  wsMaxPayloadBytes: 5 * 1024 * 1024,
  wsMaxInFlight: 32,
  wsMaxBufferedBytes: 64 * 1024 * 1024,
  wsPingIntervalMs: 30_000,
  cors: true,
} as const;

/** JSON-RPC error codes the transports produce themselves. */
export const TRANSPORT_ERROR_CODES = {
  /** Oversized body, wrong content type, HTTP method other than POST. */
  invalidRequest: -32600,
  /** A binary WebSocket frame that is not UTF-8. */
  parseError: -32700,
  /** The handler failed instead of answering (a bug in the method layer). */
  internal: -32603,
  /** requestTimeoutMs passed (geth uses -32002 for the same). */
  timeout: -32000,
} as const;

export interface RpcServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` (IPv6 hosts in brackets). */
  readonly url: string;
  /** `ws://host:port`. */
  readonly wsUrl: string;
  /**
   * Stops accepting connections, closes WebSocket clients (1001), ends idle keep-alive sockets,
   * lets HTTP requests already running answer (each is bounded by requestTimeoutMs), then resolves.
   */
  close(): Promise<void>;
}

/** Starting or configuring the server failed. `code` is stable; `hint` says what to do. */
export class RpcServerError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RpcServerError';
  }
}

type Limits = Required<Omit<RpcServerOptions, 'onError'>>;

/** WebSocket clients get this long to finish the closing handshake before the socket is cut. */
const WS_CLOSE_GRACE_MS = 1000;
const HEALTH_BODY = '{"status":"ok"}';
const JSON_CONTENT_TYPES = new Set(['application/json', 'application/json-rpc', 'application/jsonrequest']);

export async function startRpcServer(
  handler: RpcHandler,
  options: RpcServerOptions = {},
): Promise<RpcServer> {
  const limits = resolveLimits(options);
  const onError =
    options.onError ?? ((error: unknown) => process.emitWarning(describe(error), 'TdkRpcServer'));
  const server = createServer({
    // How often Node checks headersTimeout/requestTimeout; our own timers do the precise work.
    connectionsCheckingInterval: clamp(Math.floor(limits.requestTimeoutMs / 4), 250, 30_000),
  });
  server.maxConnections = limits.maxConnections;
  // Headers must arrive within the request budget; the body and the answer are timed per request
  // below. Node's own requestTimeout stays as a backstop just past ours.
  server.headersTimeout = Math.min(60_000, limits.requestTimeoutMs);
  server.requestTimeout = limits.requestTimeoutMs + 1000;

  const http = new HttpTransport(handler, limits, onError);
  const ws = new WsTransport(handler, limits, onError);
  server.on('request', (req, res) => http.handle(req, res));
  server.on('upgrade', (req, socket, head) => ws.upgrade(req, socket as Socket, head));

  await listen(server, limits.host, limits.port);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : limits.port;
  const hostPart = limits.host.includes(':') ? `[${limits.host}]` : limits.host;

  let closing: Promise<void> | undefined;
  return {
    host: limits.host,
    port,
    url: `http://${hostPart}:${port}`,
    wsUrl: `ws://${hostPart}:${port}`,
    close() {
      closing ??= shutdown(server, http, ws);
      return closing;
    },
  };
}

async function shutdown(server: Server, http: HttpTransport, ws: WsTransport): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  http.closing = true;
  server.closeIdleConnections();
  await Promise.all([ws.closeAll(), http.drain()]);
  server.closeAllConnections();
  await closed;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(listenError(error, host, port));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true });
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): RpcServerError {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new RpcServerError(
        `port ${port} on ${host} is already in use`,
        'TDK_PORT_IN_USE',
        '--port 0 or another port',
        {
          cause: error,
        },
      );
    case 'EACCES':
      return new RpcServerError(
        `not permitted to listen on ${where}`,
        'TDK_PORT_DENIED',
        'ports below 1024 need privileges; use --port 0 or a port above 1023',
        {
          cause: error,
        },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new RpcServerError(
        `host ${host} is not an address of this machine`,
        'TDK_RPC_BAD_HOST',
        'use --host 127.0.0.1 (local) or 0.0.0.0 (all interfaces)',
        {
          cause: error,
        },
      );
    default:
      return new RpcServerError(`cannot listen on ${where}: ${error.message}`, 'TDK_RPC_LISTEN', undefined, {
        cause: error,
      });
  }
}

function resolveLimits(options: RpcServerOptions): Limits {
  const d = RPC_SERVER_DEFAULTS;
  const limits: Limits = {
    host: options.host ?? d.host,
    port: options.port ?? d.port,
    maxBodyBytes: options.maxBodyBytes ?? d.maxBodyBytes,
    requestTimeoutMs: options.requestTimeoutMs ?? d.requestTimeoutMs,
    maxConnections: options.maxConnections ?? d.maxConnections,
    wsMaxPayloadBytes: options.wsMaxPayloadBytes ?? d.wsMaxPayloadBytes,
    wsMaxInFlight: options.wsMaxInFlight ?? d.wsMaxInFlight,
    wsMaxBufferedBytes: options.wsMaxBufferedBytes ?? d.wsMaxBufferedBytes,
    wsPingIntervalMs: options.wsPingIntervalMs ?? d.wsPingIntervalMs,
    cors: options.cors ?? d.cors,
  };
  if (!Number.isInteger(limits.port) || limits.port < 0 || limits.port > 65535) {
    throw optionError('port', limits.port, 'an integer from 0 to 65535');
  }
  const positive = [
    'maxBodyBytes',
    'requestTimeoutMs',
    'maxConnections',
    'wsMaxPayloadBytes',
    'wsMaxInFlight',
    'wsMaxBufferedBytes',
  ] as const;
  for (const key of positive) {
    if (!Number.isSafeInteger(limits[key]) || limits[key] <= 0)
      throw optionError(key, limits[key], 'a positive integer');
  }
  if (!Number.isSafeInteger(limits.wsPingIntervalMs) || limits.wsPingIntervalMs < 0) {
    throw optionError('wsPingIntervalMs', limits.wsPingIntervalMs, 'a non-negative integer (0 disables)');
  }
  if (limits.host === '') throw optionError('host', limits.host, 'an address such as 127.0.0.1');
  return limits;
}

function optionError(name: string, value: unknown, expected: string): RpcServerError {
  return new RpcServerError(
    `invalid server option ${name}: ${String(value)}`,
    'TDK_RPC_SERVER_OPTION',
    `${name} must be ${expected}`,
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP

class HttpTransport {
  closing = false;
  private active = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly handler: RpcHandler,
    private readonly limits: Limits,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Resolves when no HTTP request is being answered. */
  drain(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.active++;
    res.once('close', () => {
      if (--this.active === 0) for (const resolve of this.idle.splice(0)) resolve();
    });
    if (this.closing) res.shouldKeepAlive = false;
    if (this.limits.cors) res.setHeader('access-control-allow-origin', '*');

    if (req.method === 'POST') {
      this.post(req, res);
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      reply(res, 200, HEALTH_BODY);
    } else if (req.method === 'OPTIONS') {
      this.preflight(req, res);
    } else {
      res.setHeader('allow', 'GET, HEAD, POST, OPTIONS');
      const message = `HTTP method ${req.method} is not supported; POST JSON-RPC requests`;
      reply(res, 405, errorBody(null, TRANSPORT_ERROR_CODES.invalidRequest, message));
    }
  }

  private preflight(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('allow', 'GET, HEAD, POST, OPTIONS');
    if (this.limits.cors) {
      res.setHeader('access-control-allow-methods', 'GET, HEAD, POST, OPTIONS');
      res.setHeader(
        'access-control-allow-headers',
        req.headers['access-control-request-headers'] ?? 'content-type',
      );
      res.setHeader('access-control-max-age', '600');
      res.setHeader('vary', 'access-control-request-headers');
    }
    res.writeHead(204).end();
  }

  private post(req: IncomingMessage, res: ServerResponse): void {
    const { maxBodyBytes, requestTimeoutMs } = this.limits;
    const contentType = req.headers['content-type'];
    if (!isJsonContentType(contentType)) {
      const shown = contentType === undefined ? '(none)' : `'${contentType}'`;
      const message = `unsupported content type ${shown}; send Content-Type: application/json`;
      reply(res, 415, errorBody(null, TRANSPORT_ERROR_CODES.invalidRequest, message));
      return;
    }
    const tooLarge = () =>
      reply(
        res,
        413,
        errorBody(
          null,
          TRANSPORT_ERROR_CODES.invalidRequest,
          `request body larger than ${maxBodyBytes} bytes`,
        ),
      );
    // Oversized bodies are answered at once and the rest is read and discarded, so the client
    // sees the 413 rather than a reset; the timer below bounds how long the discarding may take.
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) tooLarge();

    const closers: (() => void)[] = [];
    let sessionOpen = true;
    const session: RpcSession = {
      transport: 'http',
      onClose: (fn) => (sessionOpen ? closers.push(fn) : runCleanup(fn, this.onError)),
    };
    let text: string | undefined;
    const timer = setTimeout(() => {
      if (res.writableEnded) {
        req.socket.destroy(); // still discarding an oversized body
      } else if (text === undefined) {
        res.shouldKeepAlive = false;
        reply(
          res,
          408,
          errorBody(
            null,
            TRANSPORT_ERROR_CODES.timeout,
            `request body not received within ${requestTimeoutMs} ms`,
          ),
        );
      } else {
        replyRpc(
          res,
          errorsFor(text, TRANSPORT_ERROR_CODES.timeout, `request timed out after ${requestTimeoutMs} ms`),
        );
      }
    }, requestTimeoutMs);
    const settle = () => {
      if (res.writableEnded && (req.complete || req.destroyed)) clearTimeout(timer);
    };
    res.once('close', () => {
      sessionOpen = false;
      for (const fn of closers.splice(0)) runCleanup(fn, this.onError);
      if (!res.writableFinished) clearTimeout(timer); // the client went away
      settle();
    });
    req.once('end', settle);
    req.once('close', settle);

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (res.writableEnded) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        chunks.length = 0;
        tooLarge();
      } else {
        chunks.push(chunk);
      }
    });
    req.once('end', () => {
      if (res.writableEnded) return;
      const body = Buffer.concat(chunks).toString('utf8');
      text = body;
      answer(this.handler, body, session, this.onError).then(
        (out) => replyRpc(res, out),
        () => {}, // answer() never rejects
      );
    });
  }
}

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const type = header.split(';', 1)[0]!.trim().toLowerCase();
  return JSON_CONTENT_TYPES.has(type) || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Sends a JSON-RPC answer (or 204 for none) unless something was already sent. */
function replyRpc(res: ServerResponse, body: string | undefined): void {
  if (body === undefined) {
    if (!res.headersSent && !res.writableEnded) res.writeHead(204).end();
  } else {
    reply(res, 200, body);
  }
}

function reply(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

// ---------------------------------------------------------------------------------------------
// WebSocket

class WsTransport {
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<WebSocket>();
  private closing = false;

  constructor(
    private readonly handler: RpcHandler,
    private readonly limits: Limits,
    private readonly onError: (error: unknown) => void,
  ) {
    // Compression stays off: it costs CPU and memory per connection (and ws leaves it off too).
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: limits.wsMaxPayloadBytes,
      perMessageDeflate: false,
    });
  }

  upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws));
  }

  /** Closes every client with 1001 and resolves once all sockets are gone. */
  closeAll(): Promise<void> {
    this.closing = true;
    const gone = [...this.clients].map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close(1001, 'server shutting down');
          setTimeout(() => ws.terminate(), WS_CLOSE_GRACE_MS).unref();
        }),
    );
    return Promise.all(gone).then(() => this.wss.close());
  }

  private connect(ws: WebSocket): void {
    const { wsMaxInFlight, wsMaxBufferedBytes, wsPingIntervalMs } = this.limits;
    this.clients.add(ws);
    const closers: (() => void)[] = [];
    let open = true;

    const send = (text: string) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount + text.length > wsMaxBufferedBytes) {
        ws.close(1008, 'client is not reading its messages');
        return;
      }
      ws.send(text, (error) => {
        if (error) ws.terminate();
      });
    };
    const session: RpcSession = {
      transport: 'ws',
      push: (message: JsonRpcNotification) => {
        if (open) send(JSON.stringify(message));
      },
      onClose: (fn) => (open ? closers.push(fn) : runCleanup(fn, this.onError)),
    };

    let inFlight = 0;
    const queue: string[] = [];
    const run = (text: string) => {
      inFlight++;
      answer(this.handler, text, session, this.onError, this.limits.requestTimeoutMs, () => {
        inFlight--;
        pump();
      }).then(
        (out) => {
          if (out !== undefined && open) send(out);
        },
        () => {},
      );
    };
    const pump = () => {
      while (open && inFlight < wsMaxInFlight && queue.length > 0) run(queue.shift()!);
      if (open && queue.length === 0 && ws.isPaused) ws.resume();
    };

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = frameText(data, isBinary);
      if (text === undefined) {
        send(errorBody(null, TRANSPORT_ERROR_CODES.parseError, 'binary frame is not UTF-8 text'));
      } else if (inFlight < wsMaxInFlight) {
        run(text);
      } else {
        // Back-pressure: stop reading this socket until a slot frees up. Frames already read
        // wait here; pausing bounds them to what one socket read delivers.
        queue.push(text);
        ws.pause();
      }
    });
    // Protocol errors (oversized frame: 1009, bad UTF-8: 1007) close the socket; ws picks the code.
    ws.on('error', () => {});

    let alive = true;
    ws.on('pong', () => {
      alive = true;
    });
    const ping =
      wsPingIntervalMs > 0
        ? setInterval(() => {
            if (!alive) return ws.terminate();
            alive = false;
            ws.ping();
          }, wsPingIntervalMs)
        : undefined;
    ping?.unref();

    ws.once('close', () => {
      open = false;
      clearInterval(ping);
      queue.length = 0;
      this.clients.delete(ws);
      for (const fn of closers.splice(0)) runCleanup(fn, this.onError);
    });
  }
}

function frameText(data: RawData, isBinary: boolean): string | undefined {
  const bytes = Array.isArray(data)
    ? Buffer.concat(data)
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : data;
  if (!isBinary) return bytes.toString('utf8'); // ws has already checked that text frames are UTF-8
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Shared

/**
 * Asks the handler, bounded by timeoutMs when given. Resolves to the text to send (or undefined);
 * never rejects. `settled` runs when the handler itself finishes, which may be after the timeout.
 */
function answer(
  handler: RpcHandler,
  text: string,
  session: RpcSession,
  onError: (error: unknown) => void,
  timeoutMs?: number,
  settled?: () => void,
): Promise<string | undefined> {
  const work = Promise.resolve()
    .then(() => handler.handleText(text, session))
    .catch((error: unknown) => {
      onError(error);
      return errorsFor(text, TRANSPORT_ERROR_CODES.internal, 'internal error');
    })
    .finally(settled);
  if (timeoutMs === undefined) return work;
  return new Promise((resolve) => {
    const timer = setTimeout(
      () =>
        resolve(errorsFor(text, TRANSPORT_ERROR_CODES.timeout, `request timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    work.then((out) => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/**
 * The error answer for a request text the transport must answer itself: one error per call that
 * carries an id (notifications get none), id null when the text is not JSON.
 */
export function errorsFor(text: string, code: number, message: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return errorBody(null, code, message);
  }
  if (Array.isArray(parsed)) {
    const errors = parsed.filter(hasId).map((call) => errorObject(call.id, code, message));
    return errors.length > 0 ? JSON.stringify(errors) : undefined;
  }
  if (hasId(parsed)) return errorBody(parsed.id, code, message);
  return isObject(parsed) && 'method' in parsed ? undefined : errorBody(null, code, message);
}

function hasId(value: unknown): value is { id: JsonRpcId } {
  if (!isObject(value) || !('id' in value)) return false;
  const id = value.id;
  return id === null || typeof id === 'string' || typeof id === 'number';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function errorObject(id: JsonRpcId, code: number, message: string) {
  return { jsonrpc: '2.0', id, error: { code, message } } as const;
}

function errorBody(id: JsonRpcId, code: number, message: string): string {
  return JSON.stringify(errorObject(id, code, message));
}

function runCleanup(fn: () => void, onError: (error: unknown) => void): void {
  try {
    fn();
  } catch (error) {
    onError(error);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
