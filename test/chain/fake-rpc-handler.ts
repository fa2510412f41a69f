// A small RpcHandler for transport tests: it speaks JSON-RPC text like the real method layer but
// knows only a few methods (echo, sleep, fail, transport, eth_chainId, eth_call, eth_subscribe).
import type { JsonRpcNotification, RpcHandler, RpcSession } from '../../src/chain/rpc/types.js';

/** `Error(string)` revert data for the reason "nope". */
export const REVERT_NOPE =
  '0x08c379a0' +
  '0000000000000000000000000000000000000000000000000000000000000020' +
  '0000000000000000000000000000000000000000000000000000000000000004' +
  '6e6f706500000000000000000000000000000000000000000000000000000000';

export const CHAIN_ID = '0x7a69';

export class FakeRpcHandler implements RpcHandler {
  /** Sessions whose onClose callbacks have run. */
  readonly closedSessions: RpcSession[] = [];
  readonly transports: string[] = [];
  /** Highest number of calls running at once, per session. */
  readonly peakConcurrency = new Map<RpcSession, number>();
  private readonly running = new Map<RpcSession, number>();
  private readonly registered = new WeakSet<RpcSession>();
  private nextSubscription = 0;

  async handleText(text: string, session: RpcSession): Promise<string | undefined> {
    if (!this.registered.has(session)) {
      this.registered.add(session);
      session.onClose(() => this.closedSessions.push(session));
    }
    this.transports.push(session.transport);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
    }
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    const answers = (await Promise.all(calls.map((call) => this.call(call, session)))).filter(
      (answer) => answer !== undefined,
    );
    if (answers.length === 0) return undefined;
    return JSON.stringify(Array.isArray(parsed) ? answers : answers[0]);
  }

  private async call(request: unknown, session: RpcSession): Promise<object | undefined> {
    const { id, method, params = [] } = request as { id?: number; method: string; params?: unknown[] };
    const running = (this.running.get(session) ?? 0) + 1;
    this.running.set(session, running);
    this.peakConcurrency.set(session, Math.max(running, this.peakConcurrency.get(session) ?? 0));
    try {
      const outcome = await this.run(method, params, session);
      if (id === undefined) return undefined;
      return 'error' in outcome
        ? { jsonrpc: '2.0', id, error: outcome.error }
        : { jsonrpc: '2.0', id, result: outcome.result };
    } finally {
      this.running.set(session, (this.running.get(session) ?? 1) - 1);
    }
  }

  private async run(
    method: string,
    params: unknown[],
    session: RpcSession,
  ): Promise<{ result: unknown } | { error: { code: number; message: string; data?: unknown } }> {
    switch (method) {
      case 'echo':
        return { result: params };
      case 'sleep':
        await new Promise((resolve) => setTimeout(resolve, Number(params[0])));
        return { result: 'slept' };
      case 'transport':
        return { result: session.transport };
      case 'eth_chainId':
        return { result: CHAIN_ID };
      case 'fail':
      case 'eth_call':
        return { error: { code: 3, message: 'execution reverted: nope', data: REVERT_NOPE } };
      case 'eth_subscribe': {
        if (!session.push) return { error: { code: -32601, message: 'notifications not supported' } };
        const push = session.push;
        const subscription = `0x${(++this.nextSubscription).toString(16)}`;
        const count = Number(params[1] ?? 2);
        const padding = 'x'.repeat(Number(params[2] ?? 0));
        // Deliver after the answer is on its way, as a real subscription would.
        setTimeout(() => {
          for (let i = 0; i < count; i++) {
            const message: JsonRpcNotification = {
              jsonrpc: '2.0',
              method: 'eth_subscription',
              params: { subscription, result: padding ? { n: i, padding } : { n: i } },
            };
            push(message);
          }
        }, 5);
        return { result: subscription };
      }
      default:
        return { error: { code: -32601, message: `method ${method} not found` } };
    }
  }
}
