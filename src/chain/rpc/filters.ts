// Log queries, polling filters (eth_newFilter & co.) and push subscriptions (eth_subscribe). Both
// kinds are fed by the chain's 'block' and 'pendingTransaction' events; polling filters that are not
// polled for five minutes expire, as in geth.
import { bigIntToBytes32, type Log } from '../../evm/index.js';
import type { Block } from '../block.js';
import type { Chain } from '../chain.js';
import { invalidParams, RPC_LIMIT_EXCEEDED, RpcError } from '../errors.js';
import { toData, toQuantity } from '../hex.js';
import { firstLogIndex, formatBlock, formatLog, type Json } from './format.js';
import type { BlockTag, LogFilter } from './params.js';
import type { RpcSession } from './types.js';

const FILTER_TIMEOUT_MS = 5 * 60_000;
/** Items a polling filter buffers between polls before dropping the oldest. */
const MAX_BUFFERED = 10_000;

export function matchesLog(filter: LogFilter, log: Log): boolean {
  if (filter.addresses !== null && !filter.addresses.includes(log.address)) return false;
  for (let i = 0; i < filter.topics.length; i++) {
    const wanted = filter.topics[i];
    if (wanted === null || wanted.length === 0) continue;
    if (i >= log.topics.length || !wanted.includes(log.topics[i])) return false;
  }
  return true;
}

export function blockLogs(block: Block, filter: LogFilter): Json[] {
  const out: Json[] = [];
  block.transactions.forEach((t, txIndex) => {
    const first = firstLogIndex(block, txIndex);
    t.receipt.logs.forEach((log, i) => {
      if (matchesLog(filter, log)) out.push(formatLog(log, block, t, txIndex, first + i));
    });
  });
  return out;
}

function tagNumber(chain: Chain, tag: BlockTag | undefined, fallback: bigint): bigint {
  if (!tag) return fallback;
  switch (tag.kind) {
    case 'latest':
    case 'pending':
      return chain.latest.header.number;
    case 'earliest':
      return 0n;
    case 'number':
      return tag.number;
    case 'hash':
      throw invalidParams('fromBlock/toBlock take block numbers or tags; use the blockHash field for a hash');
  }
}

export interface LogLimits {
  readonly maxLogRange: number;
  readonly maxLogs: number;
}

export function getLogs(chain: Chain, filter: LogFilter, limits: LogLimits): Json[] {
  if (filter.blockHash !== undefined) {
    const bytes = bigIntToBytes32(filter.blockHash);
    const block = chain.blockByHash(bytes);
    if (!block) throw new RpcError(-32001, `block ${toData(bytes)} not found`);
    return blockLogs(block, filter);
  }
  const latest = chain.latest.header.number;
  const from = tagNumber(chain, filter.fromBlock, latest);
  let to = tagNumber(chain, filter.toBlock, latest);
  if (to > latest) to = latest;
  if (from > to) {
    if (from > latest) return [];
    throw invalidParams(`fromBlock ${from} is after toBlock ${to}`);
  }
  if (to - from + 1n > BigInt(limits.maxLogRange)) {
    throw new RpcError(
      RPC_LIMIT_EXCEEDED,
      `block range ${from}-${to} is wider than ${limits.maxLogRange} blocks; query a smaller range`,
    );
  }
  const out: Json[] = [];
  for (let n = from; n <= to; n++) {
    const block = chain.blockByNumber(n);
    if (!block || block.transactions.length === 0) continue;
    for (const log of blockLogs(block, filter)) {
      out.push(log);
      if (out.length > limits.maxLogs) {
        throw new RpcError(
          RPC_LIMIT_EXCEEDED,
          `query returned more than ${limits.maxLogs} logs; narrow the block range or the filter`,
        );
      }
    }
  }
  return out;
}

export function headerJson(block: Block): Json {
  const json = formatBlock(block, false);
  delete json.transactions;
  delete json.uncles;
  delete json.size;
  delete json.withdrawals;
  return json;
}

type PollKind = 'logs' | 'blocks' | 'pendingTransactions';

interface PollFilter {
  readonly kind: PollKind;
  readonly filter: LogFilter;
  buffer: unknown[];
  lastPoll: number;
}

interface Subscription {
  readonly kind: 'newHeads' | 'logs' | 'newPendingTransactions';
  readonly filter: LogFilter;
  readonly session: RpcSession;
}

export class Filters {
  private readonly polls = new Map<string, PollFilter>();
  private readonly subs = new Map<string, Subscription>();
  private counter = 0n;
  private readonly onBlock = (block: Block): void => this.blockMined(block);
  private readonly onPending = (hash: Uint8Array): void => this.pendingSeen(hash);

  constructor(
    private readonly chain: Chain,
    private readonly maxFilters: number,
    private readonly now: () => number = Date.now,
  ) {
    chain.on('block', this.onBlock);
    chain.on('pendingTransaction', this.onPending);
  }

  dispose(): void {
    this.chain.off('block', this.onBlock);
    this.chain.off('pendingTransaction', this.onPending);
    this.polls.clear();
    this.subs.clear();
  }

  private nextId(): string {
    this.counter++;
    // geth's ids are 16 random bytes; sequential ones are deterministic and just as opaque.
    return toQuantity((this.counter << 64n) | 0x7d6bn);
  }

  private checkCapacity(): void {
    this.expire();
    if (this.polls.size + this.subs.size >= this.maxFilters) {
      throw new RpcError(
        RPC_LIMIT_EXCEEDED,
        `too many open filters (${this.maxFilters}); uninstall unused ones`,
      );
    }
  }

  newFilter(kind: PollKind, filter: LogFilter = { addresses: null, topics: [] }): string {
    this.checkCapacity();
    const id = this.nextId();
    this.polls.set(id, { kind, filter, buffer: [], lastPoll: this.now() });
    return id;
  }

  uninstall(id: string): boolean {
    return this.polls.delete(id);
  }

  changes(id: string): unknown[] {
    const f = this.poll(id);
    const out = f.buffer;
    f.buffer = [];
    return out;
  }

  logFilter(id: string): LogFilter {
    const f = this.poll(id);
    if (f.kind !== 'logs') throw invalidParams(`filter ${id} is not a log filter`);
    return f.filter;
  }

  private poll(id: string): PollFilter {
    this.expire();
    const f = this.polls.get(id);
    if (!f) throw new RpcError(-32000, 'filter not found');
    f.lastPoll = this.now();
    return f;
  }

  private expire(): void {
    const now = this.now();
    for (const [id, f] of this.polls) if (now - f.lastPoll > FILTER_TIMEOUT_MS) this.polls.delete(id);
  }

  subscribe(kind: Subscription['kind'], filter: LogFilter, session: RpcSession): string {
    if (!session.push) {
      throw new RpcError(-32000, 'notifications not supported: subscriptions need a WebSocket connection');
    }
    this.checkCapacity();
    const id = this.nextId();
    this.subs.set(id, { kind, filter, session });
    session.onClose(() => this.subs.delete(id));
    return id;
  }

  unsubscribe(id: string, session: RpcSession): boolean {
    const s = this.subs.get(id);
    if (!s || s.session !== session) return false;
    return this.subs.delete(id);
  }

  private push(id: string, s: Subscription, result: unknown): void {
    s.session.push?.({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: id, result } });
  }

  private blockMined(block: Block): void {
    for (const f of this.polls.values()) {
      if (f.kind === 'blocks') buffer(f, toData(block.hash));
      else if (f.kind === 'logs') for (const log of blockLogs(block, f.filter)) buffer(f, log);
    }
    for (const [id, s] of this.subs) {
      if (s.kind === 'newHeads') this.push(id, s, headerJson(block));
      else if (s.kind === 'logs') for (const log of blockLogs(block, s.filter)) this.push(id, s, log);
    }
  }

  private pendingSeen(hash: Uint8Array): void {
    const h = toData(hash);
    for (const f of this.polls.values()) if (f.kind === 'pendingTransactions') buffer(f, h);
    for (const [id, s] of this.subs) if (s.kind === 'newPendingTransactions') this.push(id, s, h);
  }
}

function buffer(f: PollFilter, item: unknown): void {
  f.buffer.push(item);
  if (f.buffer.length > MAX_BUFFERED) f.buffer.shift();
}
