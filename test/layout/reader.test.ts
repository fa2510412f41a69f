// Reading storage and the devnet's recording over JSON-RPC: batches over HTTP (one POST per
// batchSize slots), parallel waves over an EIP-1193 provider, the same discovery over HTTP as
// in-process, and a clear typed error for each way a node can fail: nothing listening, no answer in
// time, no tdk_ methods, JSON-RPC errors, HTTP errors, answers that are not JSON-RPC.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { discoverStorage } from '../../src/layout/discover.js';
import { rpcCodeReader, rpcSlotRecording, rpcStorageReader } from '../../src/layout/reader.js';
import { type Eip1193Like, RpcClientError } from '../../src/layout/rpc.js';
import { type StorageFixture, setUpStorageFixture } from './storage-fixture.js';

let fx: StorageFixture;
let url: string;
const SCRATCH = '0x00000000000000000000000000000000000c0ffe';
const SLOTS = 250;

beforeAll(async () => {
  fx = await setUpStorageFixture('reader', { server: { port: 0 } });
  url = `http://127.0.0.1:${fx.devnet.server!.port}`;
  for (let i = 0; i < SLOTS; i++) {
    await fx.devnet.provider.request({
      method: 'anvil_setStorageAt',
      params: [SCRATCH, `0x${i.toString(16)}`, `0x${(1000 + i).toString(16).padStart(64, '0')}`],
    });
  }
});
afterAll(() => fx?.devnet.close());

const range = (n: number) => Array.from({ length: n }, (_, i) => BigInt(i));

/** An HTTP server answering every POST with what `answer` makes of the parsed body. */
async function fakeNode(answer: (body: unknown) => { status?: number; text: string }): Promise<Server> {
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { status = 200, text } = answer(JSON.parse(body));
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const urlOf = (server: Server | ReturnType<typeof createNetServer>) =>
  `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/** Each request of a batch answered by `each`. */
const batchAnswer =
  (each: (req: { id: number; method: string }) => object) =>
  (body: unknown): { text: string } => ({
    text: JSON.stringify(
      (body as { id: number; method: string }[]).map((r) => ({ jsonrpc: '2.0', id: r.id, ...each(r) })),
    ),
  });

async function rejection(p: Promise<unknown>): Promise<RpcClientError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcClientError);
  return error as RpcClientError;
}

describe('rpcStorageReader over HTTP', () => {
  it('reads in JSON-RPC batches of batchSize, one POST each, in slot order', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const reader = rpcStorageReader(url, { batchSize: 100 });
      const words = await reader.read(BigInt(SCRATCH), range(SLOTS + 5));
      expect(words).toEqual([...range(SLOTS).map((i) => 1000n + i), 0n, 0n, 0n, 0n, 0n]);
      expect(fetchSpy).toHaveBeenCalledTimes(3);
      const sizes = fetchSpy.mock.calls.map((c) => JSON.parse(String(c[1]?.body)).length);
      expect(sizes).toEqual([100, 100, 55]);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('discovers the same mapping entries over HTTP as in-process', async () => {
    const { layout, address } = fx.token;
    const remote = await discoverStorage(layout, rpcSlotRecording(url), BigInt(address));
    const local = await discoverStorage(layout, rpcSlotRecording(fx.devnet.provider), BigInt(address));
    const paths = (d: typeof local) => d.slots.map((s) => s.places.map((p) => p.path).join('|'));
    expect(paths(remote)).toEqual(paths(local));
    expect(remote.keys.filter((k) => k.mapping === '_balances')).toHaveLength(fx.holders.size);
  });

  it('reads code and calls', async () => {
    const code = rpcCodeReader(url);
    expect((await code.code(BigInt(fx.token.address))).length).toBeGreaterThan(1000);
    expect(await code.code(BigInt(SCRATCH))).toEqual(new Uint8Array(0));
    // totalSupply() = 0x18160ddd; a call that reverts (unknown selector) is null.
    const supply = await code.call(BigInt(fx.token.address), Uint8Array.from([0x18, 0x16, 0x0d, 0xdd]));
    expect(BigInt(`0x${Buffer.from(supply!).toString('hex')}`)).toBe(1_000_000n * 10n ** 18n);
    expect(await code.call(BigInt(fx.token.address), Uint8Array.from([1, 2, 3, 4]))).toBeNull();
  });
});

describe('rpcStorageReader over an EIP-1193 provider', () => {
  it('sends batchSize requests at a time, in parallel', async () => {
    let inFlight = 0;
    let most = 0;
    let total = 0;
    const counting: Eip1193Like = {
      async request(args) {
        total++;
        most = Math.max(most, ++inFlight);
        try {
          return await fx.devnet.provider.request(args);
        } finally {
          inFlight--;
        }
      },
    };
    const words = await rpcStorageReader(counting, { batchSize: 10 }).read(BigInt(SCRATCH), range(25));
    expect(words).toEqual(range(25).map((i) => 1000n + i));
    expect(total).toBe(25);
    expect(most).toBe(10);
  });

  it('times out a provider that never answers, and passes JSON-RPC errors on', async () => {
    const silent: Eip1193Like = { request: () => new Promise(() => {}) };
    const e = await rejection(rpcStorageReader(silent, { timeoutMs: 50 }).read(1n, [0n]));
    expect(e.code).toBe('TDK_RPC_TIMEOUT');
    const failing: Eip1193Like = { request: () => Promise.reject({ code: -32000, message: 'boom' }) };
    const f = await rejection(rpcStorageReader(failing).read(1n, [0n]));
    expect([f.code, f.rpcCode, f.message]).toEqual([
      'TDK_RPC_ERROR',
      -32000,
      expect.stringContaining('boom'),
    ]);
  });

  it('says keys must be given when the provider has no tdk_ methods', async () => {
    const plain: Eip1193Like = {
      request: (args) =>
        args.method.startsWith('tdk_')
          ? Promise.reject({ code: -32601, message: `the method ${args.method} does not exist` })
          : fx.devnet.provider.request(args),
    };
    const e = await rejection(rpcSlotRecording(plain).writtenSlots(1n));
    expect(e.code).toBe('TDK_NO_RECORDING');
    expect(e.message).toMatch(/keys must be given with --key/);
  });
});

describe('RPC failures over HTTP', () => {
  it('TDK_RPC_UNREACHABLE when nothing listens on the port', async () => {
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closed = urlOf(server);
    await new Promise((resolve) => server.close(resolve));
    const e = await rejection(rpcStorageReader(closed).read(1n, [0n]));
    expect(e.code).toBe('TDK_RPC_UNREACHABLE');
    expect(e.message).toMatch(/cannot reach .*ECONNREFUSED/);
    expect(e.hint).toMatch(/tdk node/);
  });

  it('TDK_RPC_TIMEOUT when the node accepts the connection but never answers', async () => {
    const sockets: Socket[] = [];
    const server = createNetServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const started = performance.now();
      const e = await rejection(rpcStorageReader(urlOf(server), { timeoutMs: 150 }).read(1n, [0n]));
      expect(e.code).toBe('TDK_RPC_TIMEOUT');
      expect(e.message).toMatch(/did not answer within 150 ms/);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('TDK_NO_RECORDING from a node without tdk_ methods, for both methods', async () => {
    const server = await fakeNode(
      batchAnswer((r) => ({
        error: { code: -32601, message: `the method ${r.method} does not exist/is not available` },
      })),
    );
    try {
      const recording = rpcSlotRecording(urlOf(server));
      for (const p of [recording.writtenSlots(1n), recording.preimages([5n])]) {
        const e = await rejection(p);
        expect(e.code).toBe('TDK_NO_RECORDING');
        expect(e.message).toMatch(/does not record storage writes .*keys must be given with --key/);
      }
    } finally {
      await close(server);
    }
  });

  it('TDK_RPC_ERROR for JSON-RPC and HTTP errors, TDK_RPC_MALFORMED for answers that are not JSON-RPC', async () => {
    const cases: [(body: unknown) => { status?: number; text: string }, string, RegExp][] = [
      [
        batchAnswer(() => ({ error: { code: -32000, message: 'header not found' } })),
        'TDK_RPC_ERROR',
        /header not found/,
      ],
      [
        () => ({
          text: JSON.stringify({
            jsonrpc: '2.0',
            id: null,
            error: { code: -32600, message: 'batch too large' },
          }),
        }),
        'TDK_RPC_ERROR',
        /batch too large/,
      ],
      [() => ({ status: 502, text: 'Bad Gateway' }), 'TDK_RPC_ERROR', /HTTP 502/],
      [() => ({ text: '<html>hello</html>' }), 'TDK_RPC_MALFORMED', /not JSON/],
      [() => ({ text: '[]' }), 'TDK_RPC_MALFORMED', /no answer for request/],
      [batchAnswer(() => ({ result: 'zero' })), 'TDK_RPC_MALFORMED', /not a 32-byte hex word/],
      [batchAnswer(() => ({ result: `0x${'1'.repeat(65)}` })), 'TDK_RPC_MALFORMED', /not a 32-byte hex word/],
    ];
    for (const [answer, code, message] of cases) {
      const server = await fakeNode(answer);
      try {
        const e = await rejection(rpcStorageReader(urlOf(server)).read(1n, [0n, 1n]));
        expect([e.code, e.message]).toEqual([code, expect.stringMatching(message)]);
      } finally {
        await close(server);
      }
    }
  });

  it('TDK_RPC_BAD_URL for what is not an http(s) URL', () => {
    for (const bad of ['localhost:8545', 'ws://127.0.0.1:8545']) {
      expect(() => rpcStorageReader(bad)).toThrow(expect.objectContaining({ code: 'TDK_RPC_BAD_URL' }));
    }
  });
});
