// A fault-injecting JSON-RPC proxy for tests: sits between the worker and the node and, per request,
// passes it on or injects a fault chosen by a rule (drop the connection, delay, HTTP 500, never
// answer, forward but lose the answer, or pretend to accept a raw transaction without forwarding).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Close the socket without an answer; the request never reaches the node. */
  | { readonly kind: 'drop' }
  /** Forward to the node, then close the socket: the effect happens, the answer is lost. */
  | { readonly kind: 'forward-then-drop' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'http-500' }
  /** Never answer (the client's timeout must fire). */
  | { readonly kind: 'hang' }
  /** Answer a successful result without forwarding (e.g. a raw transaction "accepted" then lost). */
  | { readonly kind: 'fake-result'; readonly result: unknown };

export interface ProxiedRequest {
  readonly n: number;
  readonly method: string;
  readonly params: readonly unknown[];
}

export type FaultRule = (req: ProxiedRequest) => Fault | undefined;

export interface FaultProxy {
  readonly url: string;
  /** Every request seen, with the fault applied to it (if any). */
  readonly seen: { req: ProxiedRequest; fault?: Fault['kind'] }[];
  rule: FaultRule;
  close(): Promise<void>;
}

export async function startFaultProxy(
  upstream: string,
  rule: FaultRule = () => undefined,
): Promise<FaultProxy> {
  let n = 0;
  const seen: FaultProxy['seen'] = [];
  const hanging = new Set<ServerResponse>();
  const forward = async (body: string): Promise<{ status: number; text: string }> => {
    const res = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: res.status, text: await res.text() };
  };
  const proxy: FaultProxy = {
    url: '',
    seen,
    rule,
    close: async () => {
      for (const r of hanging) r.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body = '';
    for await (const chunk of req) body += chunk;
    let parsed: { id?: unknown; method?: string; params?: unknown[] } = {};
    try {
      parsed = JSON.parse(body);
    } catch {
      // Not JSON: pass it on and let the node answer.
    }
    const request: ProxiedRequest = { n: n++, method: String(parsed.method), params: parsed.params ?? [] };
    const fault = proxy.rule(request);
    seen.push({ req: request, fault: fault?.kind });
    switch (fault?.kind) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'forward-then-drop':
        await forward(body).catch(() => undefined);
        req.socket.destroy();
        return;
      case 'http-500':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('injected failure');
        return;
      case 'hang':
        hanging.add(res);
        return;
      case 'fake-result':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id: parsed.id ?? null, result: fault.result }));
        return;
      case 'delay':
        await new Promise((r) => setTimeout(r, fault.ms));
        break;
      default:
        break;
    }
    try {
      const up = await forward(body);
      res.writeHead(up.status, { 'content-type': 'application/json' }).end(up.text);
    } catch {
      req.socket.destroy();
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (proxy as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
