import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RpcServer, type RpcServerOptions, startRpcServer } from '../../src/chain/server.js';
import { FakeRpcHandler } from './fake-rpc-handler.js';

const servers: RpcServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: RpcServerOptions = {}, handler = new FakeRpcHandler()) {
  const server = await startRpcServer(handler, { port: 0, ...options });
  servers.push(server);
  return { server, handler };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Sends raw bytes on a fresh TCP connection and collects everything until the server closes it. */
function raw(port: number, data: string, endAfterMs?: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    if (endAfterMs !== undefined) setTimeout(() => socket.destroy(), endAfterMs);
  });
}

function openWs(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Collects the parsed JSON of every frame a client receives. */
function frames(ws: WebSocket): unknown[] {
  const received: unknown[] = [];
  ws.on('message', (data) => received.push(JSON.parse(data.toString())));
  return received;
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('startRpcServer: HTTP', () => {
  it('binds 127.0.0.1 by default and reports its urls', async () => {
    const { server } = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}`);
  });

  it('answers a single request and a batch as application/json, at any path', async () => {
    const { server, handler } = await start();
    const single = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'echo', params: [7] });
    expect(single.status).toBe(200);
    expect(single.headers.get('content-type')).toBe('application/json');
    expect(await single.json()).toEqual({ jsonrpc: '2.0', id: 1, result: [7] });

    const batch = await post(`${server.url}/some/path`, [
      { jsonrpc: '2.0', id: 1, method: 'echo', params: ['a'] },
      { jsonrpc: '2.0', method: 'echo', params: ['notification'] },
      { jsonrpc: '2.0', id: 'x', method: 'fail' },
    ]);
    expect(await batch.json()).toEqual([
      { jsonrpc: '2.0', id: 1, result: ['a'] },
      {
        jsonrpc: '2.0',
        id: 'x',
        error: { code: 3, message: 'execution reverted: nope', data: expect.any(String) },
      },
    ]);
    expect(handler.transports).toEqual(['http', 'http']);
  });

  it('answers 204 when the body held only notifications', async () => {
    const { server } = await start();
    const res = await post(server.url, { jsonrpc: '2.0', method: 'echo' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('accepts JSON content types with parameters and refuses others with 415', async () => {
    const { server } = await start();
    const call = { jsonrpc: '2.0', id: 1, method: 'echo' };
    expect((await post(server.url, call, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(
      200,
    );
    expect((await post(server.url, call, { 'content-type': 'application/json-rpc' })).status).toBe(200);
    const refused = await post(server.url, call, { 'content-type': 'text/plain' });
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('answers GET with a health body and other methods with 405', async () => {
    const { server } = await start();
    const health = await fetch(server.url);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const put = await fetch(server.url, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toContain('POST');
  });

  it('sends CORS headers and answers preflights like anvil; cors: false leaves them out', async () => {
    const { server } = await start();
    const preflight = await fetch(server.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    const answer = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'echo' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');

    const { server: closed } = await start({ cors: false });
    const plain = await post(closed.url, { jsonrpc: '2.0', id: 1, method: 'echo' });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 413 with a JSON-RPC error for a declared or streamed body over the limit', async () => {
    const { server, handler } = await start({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: ['x'.repeat(4096)] });
    const declared = await post(server.url, big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });

    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write(big.slice(0, 800));
      req.end(big.slice(800));
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.code).toBe(-32600);
    expect(handler.transports).toEqual([]);
  });

  it('drops a connection still sending an oversized body when the request time is up', async () => {
    const { server } = await start({ maxBodyBytes: 1024, requestTimeoutMs: 200 });
    const started = Date.now();
    const response = await raw(
      server.port,
      'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n\r\n[',
    );
    expect(response).toMatch(/^HTTP\/1\.1 413/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('cuts a stalled body with 408 and closes the connection', async () => {
    const { server } = await start({ requestTimeoutMs: 200 });
    const started = Date.now();
    const response = await raw(
      server.port,
      'POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"jsonrpc"',
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(response).toContain('"code":-32000');
  });

  it('answers a slow handler with a timeout error carrying the request ids', async () => {
    const { server } = await start({ requestTimeoutMs: 150 });
    const started = Date.now();
    const single = await post(server.url, { jsonrpc: '2.0', id: 9, method: 'sleep', params: [2000] });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(single.status).toBe(200);
    expect(await single.json()).toMatchObject({ jsonrpc: '2.0', id: 9, error: { code: -32000 } });

    const batch = await post(server.url, [
      { jsonrpc: '2.0', id: 1, method: 'sleep', params: [2000] },
      { jsonrpc: '2.0', method: 'sleep', params: [2000] },
      { jsonrpc: '2.0', id: 2, method: 'echo' },
    ]);
    const answers = (await batch.json()) as { id: number; error: { code: number } }[];
    expect(answers.map((a) => [a.id, a.error.code])).toEqual([
      [1, -32000],
      [2, -32000],
    ]);
  });

  it('runs an HTTP session clean-up once the answer is sent', async () => {
    const { server, handler } = await start();
    await (await post(server.url, { jsonrpc: '2.0', id: 1, method: 'echo' })).json();
    await until(() => handler.closedSessions.length === 1);
    expect(handler.closedSessions[0]!.transport).toBe('http');
    expect(handler.closedSessions[0]!.push).toBeUndefined();
  });

  it('refuses subscriptions over HTTP (no push on the session)', async () => {
    const { server } = await start();
    const res = await post(server.url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_subscribe',
      params: ['newHeads'],
    });
    expect(await res.json()).toMatchObject({ error: { code: -32601 } });
  });

  it('answers many concurrent requests, each with its own id', async () => {
    const { server } = await start();
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const res = await post(server.url, { jsonrpc: '2.0', id: i, method: 'echo', params: [i] });
        return res.json() as Promise<{ id: number; result: number[] }>;
      }),
    );
    answers.forEach((answer, i) => {
      expect(answer).toEqual({ jsonrpc: '2.0', id: i, result: [i] });
    });
  });
});

describe('startRpcServer: WebSocket', () => {
  it('answers requests and pushes subscription notifications as text frames', async () => {
    const { server, handler } = await start();
    const ws = await openWs(server.wsUrl);
    const received = frames(ws);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'transport' }));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'eth_subscribe', params: ['newHeads', 2] }));
    await until(() => received.length === 4);
    expect(received).toContainEqual({ jsonrpc: '2.0', id: 1, result: 'ws' });
    expect(received).toContainEqual({ jsonrpc: '2.0', id: 2, result: '0x1' });
    expect(received.slice(2)).toEqual([
      { jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: '0x1', result: { n: 0 } } },
      { jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: '0x1', result: { n: 1 } } },
    ]);

    ws.close();
    await until(() => handler.closedSessions.some((s) => s.transport === 'ws'));
  });

  it('reads binary frames as UTF-8 JSON and answers bad ones with a parse error', async () => {
    const { server } = await start();
    const ws = await openWs(server.wsUrl);
    const received = frames(ws);
    ws.send(Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'echo', params: [1] })), {
      binary: true,
    });
    ws.send(Buffer.from([0xff, 0xfe, 0x00]), { binary: true });
    await until(() => received.length === 2);
    expect(received).toContainEqual({ jsonrpc: '2.0', id: 5, result: [1] });
    expect(received).toContainEqual({
      jsonrpc: '2.0',
      id: null,
      error: expect.objectContaining({ code: -32700 }),
    });
    ws.close();
  });

  it('closes a connection that sends a frame over wsMaxPayloadBytes with 1009', async () => {
    const { server } = await start({ wsMaxPayloadBytes: 1024 });
    const ws = await openWs(server.wsUrl);
    ws.on('error', () => {});
    const code = closeCode(ws);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo', params: ['x'.repeat(2048)] }));
    expect(await code).toBe(1009);
  });

  it('closes a client that stops reading while too much waits to be sent with 1008', async () => {
    const { server } = await start({ wsMaxBufferedBytes: 64 * 1024 });
    const ws = await openWs(server.wsUrl);
    const code = closeCode(ws);
    ws.send(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads', 4000, 4096] }),
    );
    await new Promise((resolve) => ws.once('message', resolve));
    ws.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    ws.resume();
    expect(await code).toBe(1008);
  });

  it('drops a client that does not answer pings', async () => {
    const { server } = await start({ wsPingIntervalMs: 100 });
    const started = Date.now();
    const handshake = [
      'GET / HTTP/1.1',
      'host: x',
      'upgrade: websocket',
      'connection: Upgrade',
      'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==',
      'sec-websocket-version: 13',
      '',
      '',
    ].join('\r\n');
    const received = await raw(server.port, handshake);
    expect(received).toMatch(/^HTTP\/1\.1 101/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('answers a slow request with a timeout error and keeps the connection', async () => {
    const { server } = await start({ requestTimeoutMs: 150 });
    const ws = await openWs(server.wsUrl);
    const received = frames(ws);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 'slow', method: 'sleep', params: [2000] }));
    await until(() => received.length === 1);
    expect(received[0]).toMatchObject({ id: 'slow', error: { code: -32000 } });
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'echo' }));
    await until(() => received.length === 2);
    expect(received[1]).toEqual({ jsonrpc: '2.0', id: 2, result: [] });
    ws.close();
  });

  it('limits the requests one connection has running and still answers them all', async () => {
    const { server, handler } = await start({ wsMaxInFlight: 4 });
    const ws = await openWs(server.wsUrl);
    const received = frames(ws);
    for (let i = 0; i < 100; i++)
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'sleep', params: [2] }));
    await until(() => received.length === 100, 10_000);
    expect(new Set(received.map((r) => (r as { id: number }).id)).size).toBe(100);
    const [peak] = [...handler.peakConcurrency.values()];
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    ws.close();
  });
});

describe('startRpcServer: lifecycle', () => {
  it('reports a port in use as TDK_PORT_IN_USE with a hint', async () => {
    const { server } = await start();
    const error = await startRpcServer(new FakeRpcHandler(), { port: server.port }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TDK_PORT_IN_USE', hint: '--port 0 or another port' });
    expect((error as Error).message).toContain(String(server.port));
  });

  it('drops connections past maxConnections', async () => {
    const { server } = await start({ maxConnections: 2 });
    const open = await Promise.all([openWs(server.wsUrl), openWs(server.wsUrl)]);
    await expect(openWs(server.wsUrl)).rejects.toThrow();
    for (const ws of open) ws.close();
  });

  it('refuses invalid options with TDK_RPC_SERVER_OPTION', async () => {
    await expect(startRpcServer(new FakeRpcHandler(), { port: 70000 })).rejects.toMatchObject({
      code: 'TDK_RPC_SERVER_OPTION',
    });
    await expect(startRpcServer(new FakeRpcHandler(), { port: 0, maxBodyBytes: 0 })).rejects.toMatchObject({
      code: 'TDK_RPC_SERVER_OPTION',
    });
  });

  it('closes promptly with keep-alive HTTP and open WebSocket clients, running WS clean-ups', async () => {
    const handler = new FakeRpcHandler();
    const server = await startRpcServer(handler, { port: 0 });
    const agent = new Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        server.url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo' }));
    });
    expect(status).toBe(200);
    const clients = await Promise.all([openWs(server.wsUrl), openWs(server.wsUrl)]);
    const codes = clients.map(closeCode);
    clients[0]!.send(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads', 0] }),
    );
    await new Promise((resolve) => clients[0]!.once('message', resolve));

    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await Promise.all(codes)).toEqual([1001, 1001]);
    expect(handler.closedSessions.filter((s) => s.transport === 'ws')).toHaveLength(1);
    await expect(fetch(server.url)).rejects.toThrow();
    agent.destroy();
    await server.close(); // a second close is harmless
  });

  it('lets a running HTTP request answer during close', async () => {
    const server = await startRpcServer(new FakeRpcHandler(), { port: 0 });
    const pending = post(server.url, { jsonrpc: '2.0', id: 1, method: 'sleep', params: [100] });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await server.close();
    expect(await (await pending).json()).toEqual({ jsonrpc: '2.0', id: 1, result: 'slept' });
  });
});
