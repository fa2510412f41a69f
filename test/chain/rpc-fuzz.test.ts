// A seeded fuzzer for the JSON-RPC method layer: 10,000 random or malformed requests through
// `handleText` in-process, and a few hundred over real HTTP. Every answer must be valid JSON-RPC
// (the right ids, integer error codes, never -32603, which would mean a method crashed), every call
// must finish, and since only reading methods are sent, the chain must end exactly as it started.
// State-changing methods (sends, evm_*, anvil_*, hardhat_*) are fuzzed on a separate devnet, where
// only the shape of the answers and the node's liveness are checked.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../src/chain/devnet.js';
import { toAddress, toData, toQuantity } from '../../src/chain/hex.js';
import type { RpcSession } from '../../src/chain/rpc/types.js';
import {
  bytesToHex,
  encodeTransaction,
  signTransaction,
  type UnsignedTransaction,
} from '../../src/evm/index.js';

const SEED = 0x7d6b2024;
const IN_PROCESS = 10_000;
const OVER_HTTP = 300;
const ON_SCRATCH_DEVNET = 1_500;
/** No single call may take longer than this: a bound against hangs, not a timing assertion. */
const CALL_BOUND_MS = 15_000;

/** sfc32: a small, fast, seedable generator (no Math.random, so failures replay). */
class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  int(n: number): number {
    return this.next() % n;
  }

  chance(p: number): boolean {
    return this.next() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  hex(digits: number): string {
    let s = '';
    for (let i = 0; i < digits; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }
}

/** What the generator knows about the chain, so that some requests hit real blocks and txs. */
interface Known {
  addresses: string[];
  blockHashes: string[];
  txHashes: string[];
  contract: string;
  latest: number;
}

type Kind =
  | 'address'
  | 'tag'
  | 'quantity'
  | 'small'
  | 'hash'
  | 'data'
  | 'slot'
  | 'bool'
  | 'tx'
  | 'filter'
  | 'filterId'
  | 'traceConfig'
  | 'percentiles'
  | 'typedData'
  | 'subKind'
  | 'mineOptions';

/** The parameters each method expects, so that a good share of requests get past parsing. */
const SHAPES: Record<string, Kind[]> = {
  web3_sha3: ['data'],
  eth_getBalance: ['address', 'tag'],
  eth_getTransactionCount: ['address', 'tag'],
  eth_getCode: ['address', 'tag'],
  eth_getStorageAt: ['address', 'slot', 'tag'],
  eth_call: ['tx', 'tag'],
  eth_estimateGas: ['tx', 'tag'],
  eth_feeHistory: ['small', 'tag', 'percentiles'],
  eth_getBlockByNumber: ['tag', 'bool'],
  eth_getBlockByHash: ['hash', 'bool'],
  eth_getBlockTransactionCountByNumber: ['tag'],
  eth_getBlockTransactionCountByHash: ['hash'],
  eth_getTransactionByHash: ['hash'],
  eth_getTransactionByBlockNumberAndIndex: ['tag', 'small'],
  eth_getTransactionByBlockHashAndIndex: ['hash', 'small'],
  eth_getTransactionReceipt: ['hash'],
  eth_getBlockReceipts: ['tag'],
  eth_getLogs: ['filter'],
  eth_newFilter: ['filter'],
  eth_getFilterChanges: ['filterId'],
  eth_getFilterLogs: ['filterId'],
  eth_uninstallFilter: ['filterId'],
  eth_subscribe: ['subKind', 'filter'],
  eth_unsubscribe: ['filterId'],
  eth_sign: ['address', 'data'],
  personal_sign: ['data', 'address'],
  eth_signTypedData_v4: ['address', 'typedData'],
  eth_sendTransaction: ['tx'],
  eth_sendRawTransaction: ['data'],
  debug_traceTransaction: ['hash', 'traceConfig'],
  debug_traceCall: ['tx', 'tag', 'traceConfig'],
  debug_traceBlockByNumber: ['tag', 'traceConfig'],
  debug_traceBlockByHash: ['hash', 'traceConfig'],
  evm_revert: ['small'],
  evm_mine: ['mineOptions'],
  evm_increaseTime: ['small'],
  evm_setNextBlockTimestamp: ['quantity'],
  evm_setAutomine: ['bool'],
  evm_setIntervalMining: ['small'],
  evm_setBlockGasLimit: ['quantity'],
};
for (const prefix of ['anvil_', 'hardhat_']) {
  Object.assign(SHAPES, {
    [`${prefix}setBalance`]: ['address', 'quantity'],
    [`${prefix}setNonce`]: ['address', 'small'],
    [`${prefix}setCode`]: ['address', 'data'],
    [`${prefix}setStorageAt`]: ['address', 'slot', 'hash'],
    [`${prefix}impersonateAccount`]: ['address'],
    [`${prefix}stopImpersonatingAccount`]: ['address'],
    [`${prefix}autoImpersonateAccount`]: ['bool'],
    [`${prefix}setCoinbase`]: ['address'],
    [`${prefix}setNextBlockBaseFeePerGas`]: ['quantity'],
    [`${prefix}setBlockGasLimit`]: ['quantity'],
    [`${prefix}mine`]: ['small', 'small'],
    [`${prefix}setAutomine`]: ['bool'],
    [`${prefix}setIntervalMining`]: ['small'],
    [`${prefix}dropTransaction`]: ['hash'],
  });
}

/** Methods that change the chain; the main devnet never receives them. */
function changesState(method: string): boolean {
  return (
    /^(evm|anvil|hardhat)_/.test(method) ||
    method === 'eth_sendTransaction' ||
    method === 'eth_sendRawTransaction'
  );
}

const GARBAGE_METHODS = [
  'eth_getbalance',
  'ETH_CALL',
  'eth_call ',
  ' eth_chainId',
  'eth_',
  'debug_',
  'rpc.discover',
  'rpc_modules',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'eth_chainId\u0000',
  'ЕТН_call',
  '💥',
  'admin_addPeer',
  'miner_start',
  'personal_unlockAccount',
  'txpool_content',
  'engine_newPayloadV3',
];

class Generator {
  constructor(
    private readonly r: Prng,
    private readonly known: Known,
    private readonly methods: readonly string[],
    /** Keep counts small (mining a hundred thousand blocks would be a slow test, not a bug). */
    private readonly gentle: boolean,
  ) {}

  /** 0x-hex that is often almost right: odd length, no prefix, uppercase, too long... */
  private sloppyHex(bytes: number): string {
    const r = this.r;
    const good = this.r.hex(bytes * 2);
    switch (r.int(10)) {
      case 0:
        return good;
      case 1:
        return `0x${good.slice(1)}`;
      case 2:
        return `0X${good}`;
      case 3:
        return `0x${good}${r.hex(2)}`;
      case 4:
        return `0x${good.toUpperCase()}`;
      case 5:
        return `0x${good.slice(0, -1)}g`;
      case 6:
        return '0x';
      case 7:
        return `0x${' '.repeat(r.int(3))}${good}`;
      default:
        return `0x${good}`;
    }
  }

  private quantity(): string | number {
    const r = this.r;
    switch (r.int(12)) {
      case 0:
        return '0x0';
      case 1:
        return `0x${r.hex(64)}`;
      case 2:
        return `0x${r.hex(65 + r.int(40))}`; // over 256 bits
      case 3:
        return `0x00${r.hex(2)}`; // leading zeros
      case 4:
        return r.pick([0, 1, -1, 1.5, 2 ** 53, 2 ** 64, 1e308, -1e308, 0.1]);
      case 5:
        return r.pick(['0x', '0x-1', '-0x1', '1', '0b1', '0xfffffffffffffffffffff', 'NaN', 'Infinity']);
      case 6:
        return `0x${r.hex(1 + r.int(16))}`;
      case 7:
        return toQuantity(this.known.latest + r.int(3) - 1);
      default:
        return `0x${r.hex(1 + r.int(8))}`;
    }
  }

  private small(): unknown {
    const r = this.r;
    if (r.chance(0.15)) return this.gentle ? r.pick([-1, 1.5, 'x', null]) : this.quantity();
    return r.chance(0.3) ? r.int(10) : toQuantity(r.int(this.gentle ? 10 : 300));
  }

  private address(): unknown {
    const r = this.r;
    if (r.chance(0.5)) return r.pick(this.known.addresses);
    if (r.chance(0.2)) return this.known.contract;
    return r.chance(0.5) ? `0x${r.hex(40)}` : this.sloppyHex(20);
  }

  private hash(): unknown {
    const r = this.r;
    if (r.chance(0.3)) return r.pick(this.known.blockHashes);
    if (r.chance(0.3)) return r.pick(this.known.txHashes);
    return r.chance(0.5) ? `0x${r.hex(64)}` : this.sloppyHex(32);
  }

  private tag(): unknown {
    const r = this.r;
    switch (r.int(8)) {
      case 0:
        return r.pick(['latest', 'pending', 'earliest', 'safe', 'finalized']);
      case 1:
        return r.pick(['Latest', 'newest', 'head', '', 'latest ']);
      case 2:
        return { blockHash: this.hash() };
      case 3:
        return { blockNumber: this.quantity() };
      case 4:
        return { blockHash: this.hash(), requireCanonical: r.chance(0.5) };
      case 5:
        return toQuantity(r.int(this.known.latest + 3));
      default:
        return r.chance(0.7) ? 'latest' : this.quantity();
    }
  }

  private data(): unknown {
    const r = this.r;
    if (r.chance(0.1)) return `0x${'ab'.repeat(r.int(50_000))}`;
    if (r.chance(0.1)) return this.sloppyHex(r.int(40));
    return `0x${r.hex(2 * r.int(70))}`;
  }

  private tx(): unknown {
    const r = this.r;
    const fields: Record<string, () => unknown> = {
      from: () => this.address(),
      to: () => (r.chance(0.1) ? null : this.address()),
      gas: () => (r.chance(0.5) ? toQuantity(21_000 + r.int(200_000)) : this.quantity()),
      gasLimit: () => this.quantity(),
      gasPrice: () => this.quantity(),
      maxFeePerGas: () => this.quantity(),
      maxPriorityFeePerGas: () => this.quantity(),
      maxFeePerBlobGas: () => this.quantity(),
      value: () => (r.chance(0.5) ? toQuantity(r.int(1000)) : this.quantity()),
      data: () => this.data(),
      input: () => this.data(),
      nonce: () => this.small(),
      type: () => r.pick(['0x0', '0x1', '0x2', '0x3', '0x4', '0x7e', 2, this.quantity()]),
      accessList: () =>
        r.chance(0.5)
          ? [{ address: this.address(), storageKeys: [this.hash(), this.quantity()] }]
          : this.junk(2),
      blobVersionedHashes: () => (r.chance(0.5) ? [this.hash()] : this.junk(2)),
      chainId: () => this.quantity(),
    };
    const out: Record<string, unknown> = {};
    for (const [k, make] of Object.entries(fields)) if (r.chance(k === 'to' ? 0.8 : 0.25)) out[k] = make();
    if (r.chance(0.05)) out[r.pick(['__proto__', 'constructor', 'toString'])] = this.junk(2);
    return out;
  }

  private filter(): unknown {
    const r = this.r;
    const out: Record<string, unknown> = {};
    if (r.chance(0.4)) out.fromBlock = this.tag();
    if (r.chance(0.4)) out.toBlock = this.tag();
    if (r.chance(0.15)) out.blockHash = this.hash();
    if (r.chance(0.4)) out.address = r.chance(0.5) ? this.address() : [this.address(), this.address()];
    if (r.chance(0.4)) {
      out.topics = Array.from({ length: r.int(6) }, () =>
        r.pick([null, this.hash(), [this.hash(), this.hash()], [], this.junk(1)]),
      );
    }
    return out;
  }

  private traceConfig(): unknown {
    const r = this.r;
    const config: Record<string, unknown> = {};
    if (r.chance(0.6))
      config.tracer = r.pick(['callTracer', '4byteTracer', 'noopTracer', 'prestateTracer', '', 5]);
    if (r.chance(0.3)) {
      config.tracerConfig = r.chance(0.5)
        ? { onlyTopCall: this.junk(1), withLog: r.chance(0.5) }
        : this.junk(2);
    }
    for (const k of [
      'enableMemory',
      'disableStack',
      'disableStorage',
      'enableReturnData',
      'limit',
      'timeout',
    ]) {
      if (r.chance(0.15)) config[k] = r.chance(0.5) ? r.chance(0.5) : this.junk(1);
    }
    return config;
  }

  private typedData(): unknown {
    const r = this.r;
    const domain = { name: 'Fuzz', version: '1', chainId: r.chance(0.5) ? 31337 : this.junk(1) };
    const good = {
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'chainId', type: 'uint256' },
        ],
        Mail: [{ name: 'contents', type: r.pick(['string', 'uint8', 'bytes32', 'address', 'Nope']) }],
      },
      primaryType: r.pick(['Mail', 'Missing']),
      domain,
      message: { contents: r.chance(0.5) ? 'hello' : this.junk(1) },
    };
    switch (r.int(4)) {
      case 0:
        return JSON.stringify(good);
      case 1:
        return good;
      case 2:
        return '{"types":';
      default:
        return this.junk(2);
    }
  }

  private value(kind: Kind): unknown {
    const r = this.r;
    switch (kind) {
      case 'address':
        return this.address();
      case 'tag':
        return this.tag();
      case 'quantity':
        return this.quantity();
      case 'small':
        return this.small();
      case 'hash':
        return this.hash();
      case 'data':
        return this.data();
      case 'slot':
        return r.chance(0.5) ? toQuantity(r.int(4)) : this.quantity();
      case 'bool':
        return r.chance(0.8) ? r.chance(0.5) : this.junk(1);
      case 'tx':
        return this.tx();
      case 'filter':
        return this.filter();
      case 'filterId':
        return r.chance(0.5) ? toQuantity((BigInt(1 + r.int(40)) << 64n) | 0x7d6bn) : this.quantity();
      case 'traceConfig':
        return this.traceConfig();
      case 'percentiles':
        return r.chance(0.5) ? [10, 50, 90] : Array.from({ length: r.int(5) }, () => this.junk(1));
      case 'typedData':
        return this.typedData();
      case 'subKind':
        return r.pick(['newHeads', 'logs', 'newPendingTransactions', 'syncing', this.junk(1)]);
      case 'mineOptions':
        return r.chance(0.5) ? { blocks: this.small(), timestamp: this.junk(1) } : this.small();
    }
  }

  /** Anything JSON can hold: wrong types, huge numbers, long strings, deep nesting. */
  junk(depth: number): unknown {
    const r = this.r;
    switch (r.int(depth > 0 ? 12 : 9)) {
      case 0:
        return null;
      case 1:
        return r.chance(0.5);
      case 2:
        return r.pick([0, -0, 1, -1, 0.5, 2 ** 31, 2 ** 53 + 2, 1e21, 1e308, -1e-308, Number.MIN_VALUE]);
      case 3:
        return r.pick(['', ' ', 'latest', '0x', '0x0', 'null', 'true', '{}', '[]', '\u0000', '\ud800', '€']);
      case 4:
        return 'x'.repeat(r.chance(0.1) ? r.int(200_000) : r.int(2_000));
      case 5:
        return `0x${r.hex(r.int(100))}`;
      case 6:
        return this.quantity();
      case 7:
        return this.address();
      case 8:
        return this.hash();
      case 9:
        return Array.from({ length: r.int(5) }, () => this.junk(depth - 1));
      case 10: {
        const o: Record<string, unknown> = {};
        for (let i = r.int(5); i > 0; i--) {
          const key = r.pick(['to', 'from', 'data', 'blockHash', 'address', 'topics', '__proto__', r.hex(4)]);
          o[key] = this.junk(depth - 1);
        }
        return o;
      }
      default: {
        // Deep nesting: arrays or objects a few thousand levels down.
        let v: unknown = this.junk(0);
        const levels = 1 + r.int(500);
        const asObject = r.chance(0.5);
        for (let i = 0; i < levels; i++) v = asObject ? { a: v } : [v];
        return v;
      }
    }
  }

  method(): string {
    const r = this.r;
    return r.chance(0.9) ? r.pick(this.methods) : r.pick([...GARBAGE_METHODS, r.hex(1 + r.int(20))]);
  }

  params(method: string): unknown {
    const r = this.r;
    const shape = Object.hasOwn(SHAPES, method) ? SHAPES[method] : undefined;
    if (shape && r.chance(0.65)) {
      // Plausible parameters, some of them replaced by junk, sometimes one too few or too many.
      const out: unknown[] = shape.map((kind) => (r.chance(0.1) ? this.junk(2) : this.value(kind)));
      if (r.chance(0.1)) out.pop();
      if (r.chance(0.05)) out.push(this.junk(1));
      return out;
    }
    switch (r.int(10)) {
      case 0:
        return undefined;
      case 1:
        return null;
      case 2:
        return this.junk(2); // often not an array at all
      case 3:
        return {}; // by-name parameters
      default:
        return Array.from({ length: r.int(4) }, () => this.junk(2));
    }
  }

  /** One request object, with a randomly chosen (sometimes invalid) envelope. */
  request(): unknown {
    const r = this.r;
    const method = this.method();
    const req: Record<string, unknown> = { jsonrpc: '2.0', id: this.id(), method };
    const params = this.params(method);
    if (params !== undefined) req.params = params;
    if (r.chance(0.05)) delete req.id; // a notification
    if (r.chance(0.03)) req.jsonrpc = r.pick(['1.0', 2, null, '2.0 ']);
    if (r.chance(0.02)) delete req.jsonrpc;
    if (r.chance(0.02)) req.method = this.junk(1);
    if (r.chance(0.02)) return this.junk(1);
    return req;
  }

  private id(): unknown {
    const r = this.r;
    if (r.chance(0.9)) return r.int(1_000_000);
    return r.pick([null, 'abc', '', 1.5, -7, 2 ** 60, { id: 1 }, [1], true, 'x'.repeat(300)]);
  }

  /** The text of one body: a request, a batch, or something that is not JSON at all. */
  body(): string {
    const r = this.r;
    const roll = r.int(100);
    if (roll < 4) {
      const text = JSON.stringify(this.request()) ?? '{}';
      return r.pick([
        text.slice(0, r.int(text.length)),
        `${text}}`,
        text.replace(/"/g, "'"),
        `\u0000${text}`,
        r.hex(r.int(50)),
        '{"jsonrpc":"2.0","id":1e400,"method":"eth_chainId"}',
        '{"jsonrpc":"2.0","id":1,"method":"eth_chainId",}',
        '',
        '[',
        'NaN',
      ]);
    }
    if (roll < 6) {
      // Nesting far deeper than anything above builds (JSON.stringify itself would overflow).
      const depth = 1 + r.int(r.chance(0.3) ? 30_000 : 5_000);
      const [open, close] = r.chance(0.5) ? ['[', ']'] : ['{"a":', '}'];
      const deep = `${open.repeat(depth)}${r.pick(['1', 'null', '"latest"'])}${close.repeat(depth)}`;
      const method = this.method();
      const params = r.chance(0.5) ? `[${deep}]` : `["latest",${deep}]`;
      return `{"jsonrpc":"2.0","id":${r.int(1000)},"method":${JSON.stringify(method)},"params":${params}}`;
    }
    if (roll < 13) {
      const n = r.chance(0.05) ? 0 : 1 + r.int(12);
      return JSON.stringify(Array.from({ length: n }, () => this.request()));
    }
    return JSON.stringify(this.request()) ?? 'null';
  }
}

// ---- checking the answers -----------------------------------------------------------------------

function expectedId(entry: unknown): { answered: boolean; id: unknown } {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return { answered: true, id: null };
  const o = entry as Record<string, unknown>;
  const hasId = Object.hasOwn(o, 'id');
  const idOk =
    o.id === undefined ||
    o.id === null ||
    typeof o.id === 'string' ||
    (typeof o.id === 'number' && Number.isFinite(o.id));
  if (!idOk) return { answered: true, id: null };
  const id = o.id ?? null;
  if (o.jsonrpc !== '2.0' || typeof o.method !== 'string') return { answered: true, id };
  if (o.params !== undefined && o.params !== null && !Array.isArray(o.params)) return { answered: true, id };
  return { answered: hasId, id };
}

interface Tally {
  results: number;
  errors: Map<number, number>;
  /** -32603 answers: each one is a method that crashed on its input. */
  internal: string[];
  /** Answers that break JSON-RPC 2.0 (wrong id, shape, missing or extra answers). */
  invalid: string[];
}

const newTally = (): Tally => ({ results: 0, errors: new Map(), internal: [], invalid: [] });

/**
 * Checks one response object; problems are collected rather than asserted one by one, which keeps
 * 10,000 requests fast and reports every failure at once.
 */
function checkResponse(res: unknown, id: unknown, context: string, tally: Tally): void {
  const bad = (why: string): void => {
    tally.invalid.push(`${why} <- ${context}`);
  };
  if (typeof res !== 'object' || res === null || Array.isArray(res)) {
    bad('not an object');
    return;
  }
  const o = res as Record<string, unknown>;
  if (o.jsonrpc !== '2.0') bad('jsonrpc is not "2.0"');
  if (o.id !== id) bad(`id ${JSON.stringify(o.id)} answers ${JSON.stringify(id)}`);
  const keys = Object.keys(o).sort().join();
  if ('error' in o) {
    if (keys !== 'error,id,jsonrpc') bad(`keys ${keys}`);
    const e = o.error as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || !Number.isInteger(e.code) || typeof e.message !== 'string') {
      bad(`malformed error ${JSON.stringify(e)}`);
      return;
    }
    if (e.code === -32603) tally.internal.push(`${String(e.message).split('\n')[0]} <- ${context}`);
    tally.errors.set(e.code as number, (tally.errors.get(e.code as number) ?? 0) + 1);
  } else {
    if (keys !== 'id,jsonrpc,result') bad(`keys ${keys}`);
    tally.results++;
  }
}

function parseAnswer(answer: string | undefined, context: string, tally: Tally): unknown {
  if (answer === undefined) {
    tally.invalid.push(`no answer <- ${context}`);
    return undefined;
  }
  try {
    return JSON.parse(answer);
  } catch {
    tally.invalid.push(`answer is not JSON: ${answer.slice(0, 100)} <- ${context}`);
    return undefined;
  }
}

/** Checks the text answering `body` against what JSON-RPC 2.0 (and tdk's limits) require. */
function checkAnswer(body: string, answer: string | undefined, tally: Tally): void {
  const context = body.length > 300 ? `${body.slice(0, 300)}…` : body;
  const single = (want: number | null, id: unknown) => {
    const res = parseAnswer(answer, context, tally) as { error?: { code?: unknown } } | undefined;
    if (res === undefined) return;
    if (want !== null && res.error?.code !== want) {
      tally.invalid.push(`expected error ${want}, got ${JSON.stringify(res).slice(0, 200)} <- ${context}`);
    }
    checkResponse(res, id, context, tally);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    single(-32700, null);
    return;
  }
  const unexpected = () => {
    if (answer !== undefined) tally.invalid.push(`an answer to notifications only <- ${context}`);
  };
  if (!Array.isArray(parsed)) {
    const want = expectedId(parsed);
    if (want.answered) single(null, want.id);
    else unexpected();
    return;
  }
  if (parsed.length === 0) {
    single(-32600, null);
    return;
  }
  const wanted = parsed.map(expectedId).filter((w) => w.answered);
  if (wanted.length === 0) {
    unexpected();
    return;
  }
  const res = parseAnswer(answer, context, tally);
  if (res === undefined) return;
  if (!Array.isArray(res) || res.length !== wanted.length) {
    tally.invalid.push(`expected ${wanted.length} answers <- ${context}`);
    return;
  }
  wanted.forEach((w, i) => {
    checkResponse(res[i], w.id, `${context} [${i}]`, tally);
  });
}

/** Nothing malformed, nothing crashed. */
function expectClean(tally: Tally): void {
  expect(tally.invalid.slice(0, 20)).toEqual([]);
  expect(tally.internal.slice(0, 20)).toEqual([]);
}

function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CALL_BOUND_MS} ms: ${what}`)),
      CALL_BOUND_MS,
    );
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

// ---- the devnets ------------------------------------------------------------------------------------

// Stores calldata word 1 at the slot in word 0 and logs it (topic = the slot, data = the value).
const RUNTIME = '6020356000355560203560005260003560206000a100';
const INIT = `602a600055${'601680'}6010600039${'6000f3'}${RUNTIME}`;

/** Deploys the contract and sends a few transactions (one block with several), for real data. */
async function populate(devnet: Devnet): Promise<Known> {
  const chain = devnet.chain;
  const [a, b] = chain.devAccounts;
  const send = (from: (typeof chain.devAccounts)[number], tx: Partial<UnsignedTransaction>) => {
    const unsigned = {
      type: 2,
      chainId: chain.chainId,
      nonce: chain.pendingNonce(from.address),
      maxPriorityFeePerGas: 1_000_000_000n,
      maxFeePerGas: 20_000_000_000n,
      gasLimit: 200_000n,
      to: null,
      value: 0n,
      data: new Uint8Array(0),
      accessList: [],
      ...tx,
    } as UnsignedTransaction;
    const signed = signTransaction(unsigned, from.privateKey);
    return devnet.rpc.request('eth_sendRawTransaction', [bytesToHex(encodeTransaction(signed))], session());
  };
  await send(a, { data: Buffer.from(INIT, 'hex') });
  const contract = chain.latest.transactions[0].receipt.contractAddress as bigint;
  chain.automine = false;
  for (let i = 1n; i <= 3n; i++) {
    const word = (n: bigint) => n.toString(16).padStart(64, '0');
    await send(a, { to: contract, data: Buffer.from(word(i) + word(i * 100n), 'hex') });
    await send(b, { to: BigInt(toAddress(a.address)), value: i, gasLimit: 21_000n });
  }
  chain.mine();
  chain.automine = true;
  return {
    addresses: [...chain.devAccounts.slice(0, 3).map((d) => toAddress(d.address)), toAddress(0n)],
    blockHashes: chain.blocks.map((blk) => toData(blk.hash)),
    txHashes: chain.blocks.flatMap((blk) => blk.transactions.map((t) => toData(t.hash))),
    contract: toAddress(contract),
    latest: Number(chain.latest.header.number),
  };
}

function session(): RpcSession & { close(): void } {
  const closers: (() => void)[] = [];
  return {
    transport: 'inproc',
    push: () => {},
    onClose: (fn) => closers.push(fn),
    close: () => {
      for (const fn of closers.splice(0)) fn();
    },
  };
}

async function fingerprint(devnet: Devnet) {
  const chain = devnet.chain;
  return {
    blockNumber: chain.latest.header.number,
    latestHash: toData(chain.latest.hash),
    stateRoot: toData(chain.state.stateRoot()),
    headStateRoot: toData(chain.latest.header.stateRoot),
    balances: chain.devAccounts.map((d) => chain.state.getBalance(d.address)),
    pool: chain.pool.length,
    automine: chain.automine,
  };
}

describe('JSON-RPC fuzzing', () => {
  let devnet: Devnet;
  let known: Known;
  let readOnly: string[];
  // A timer Node cannot hold (over 2^31-1 ms) silently fires every millisecond instead: a bug.
  const warnings: string[] = [];
  const onWarning = (w: Error) => {
    if (w.name === 'TimeoutOverflowWarning') warnings.push(w.message);
  };

  afterEach(() => {
    expect(warnings.splice(0)).toEqual([]);
  });

  beforeAll(async () => {
    process.on('warning', onWarning);
    devnet = await startDevnet({ server: { port: 0 } });
    known = await populate(devnet);
    readOnly = Object.keys(devnet.rpc.methods)
      .filter((m) => !changesState(m))
      .sort();
  });

  afterAll(async () => {
    process.off('warning', onWarning);
    await devnet?.close();
  });

  it(`${IN_PROCESS} requests in-process: valid answers, no internal errors, no change`, async () => {
    expect(readOnly.length).toBeGreaterThan(50);
    const before = await fingerprint(devnet);
    const gen = new Generator(new Prng(SEED), known, readOnly, false);
    const tally = newTally();
    const s = session();
    for (let i = 0; i < IN_PROCESS; i++) {
      const body = gen.body();
      const answer = await bounded(devnet.rpc.handleText(body, s), `request ${i}: ${body.slice(0, 200)}`);
      checkAnswer(body, answer, tally);
    }
    s.close();
    expectClean(tally);
    // The fuzzer reaches past parameter parsing often enough to exercise the methods themselves.
    expect(tally.results).toBeGreaterThan(IN_PROCESS / 10);
    for (const code of [-32700, -32600, -32601, -32602, -32000])
      expect(tally.errors.get(code)).toBeGreaterThan(0);
    expect(await fingerprint(devnet)).toEqual(before);
    expect(await devnet.rpc.request('eth_blockNumber', [], session())).toBe(toQuantity(known.latest));
  });

  it(`${OVER_HTTP} requests over HTTP: valid answers, no change`, async () => {
    const before = await fingerprint(devnet);
    const url = devnet.server?.url ?? '';
    const gen = new Generator(new Prng(SEED ^ 0x5eed), known, readOnly, false);
    const tally = newTally();
    for (let i = 0; i < OVER_HTTP; i++) {
      const body = gen.body();
      const res = await bounded(
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
        `HTTP request ${i}`,
      );
      const text = await res.text();
      if (res.status === 204) {
        expect(text).toBe('');
        checkAnswer(body, undefined, tally);
      } else {
        expect(res.status, body.slice(0, 200)).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        checkAnswer(body, text, tally);
      }
    }
    expectClean(tally);
    expect(tally.results).toBeGreaterThan(OVER_HTTP / 10);
    expect(await fingerprint(devnet)).toEqual(before);
  });

  it('every method × every parameter position × hostile values: no crash, on a scratch devnet', async () => {
    const scratch = await startDevnet();
    try {
      const k = await populate(scratch);
      const deep = (n: number, object: boolean) => {
        let text = '1';
        // Built as text: a value this deep cannot be made with JSON.stringify.
        text = object
          ? `${'{"a":'.repeat(n)}${text}${'}'.repeat(n)}`
          : `${'['.repeat(n)}${text}${']'.repeat(n)}`;
        return text;
      };
      const hostile: string[] = [
        'null',
        'true',
        '1.5',
        '-1',
        '1e308',
        String(2 ** 31),
        String(2 ** 53),
        '""',
        '"0x"',
        `"0x${'f'.repeat(200)}"`,
        JSON.stringify('9'.repeat(100_000)),
        '{}',
        '[]',
        '{"__proto__":{"x":1}}',
        deep(100, false),
        deep(20_000, false),
        deep(20_000, true),
      ];
      const canonical: Record<Kind, unknown> = {
        address: k.addresses[0],
        tag: 'latest',
        quantity: '0x1',
        small: '0x1',
        hash: k.txHashes[0],
        data: '0x',
        slot: '0x0',
        bool: false,
        tx: { from: k.addresses[0], to: k.contract },
        filter: {},
        filterId: '0x1',
        traceConfig: {},
        percentiles: [50],
        typedData: '{}',
        subKind: 'newHeads',
        mineOptions: null,
      };
      const tally = newTally();
      const s = session();
      let id = 0;
      for (const method of Object.keys(scratch.rpc.methods).sort()) {
        const shape = Object.hasOwn(SHAPES, method) ? SHAPES[method] : [];
        for (let position = 0; position <= Math.max(shape.length, 1); position++) {
          const base = shape.map((kind) => JSON.stringify(canonical[kind]));
          while (base.length <= position) base.push('null');
          for (const value of hostile) {
            const params = base.map((v, i) => (i === position ? value : v)).join(',');
            const body = `{"jsonrpc":"2.0","id":${++id},"method":${JSON.stringify(method)},"params":[${params}]}`;
            const answer = await bounded(scratch.rpc.handleText(body, s), `${method} #${position}`);
            checkAnswer(body, answer, tally);
          }
        }
      }
      s.close();
      expectClean(tally);
      expect(id).toBeGreaterThan(1000);
      scratch.chain.setIntervalMining(0);
    } finally {
      await scratch.close();
    }
  });

  it(`${ON_SCRATCH_DEVNET} requests, state-changing methods included, on a scratch devnet`, async () => {
    const scratch = await startDevnet();
    try {
      const scratchKnown = await populate(scratch);
      const all = Object.keys(scratch.rpc.methods).sort();
      const changing = all.filter(changesState);
      expect(changing.length).toBeGreaterThan(20);
      const r = new Prng(SEED ^ 0xc4a9);
      // Half the requests go to the state-changing methods, so that they are not drowned out.
      const gen = new Generator(r, scratchKnown, [...all, ...changing], true);
      const tally = newTally();
      const s = session();
      for (let i = 0; i < ON_SCRATCH_DEVNET; i++) {
        const body = gen.body();
        const answer = await bounded(scratch.rpc.handleText(body, s), `request ${i}: ${body.slice(0, 200)}`);
        checkAnswer(body, answer, tally);
      }
      s.close();
      expectClean(tally);
      expect(tally.results).toBeGreaterThan(ON_SCRATCH_DEVNET / 10);
      // The state-changing methods did change it (blocks were mined) and it still works.
      expect(scratch.chain.latest.header.number).toBeGreaterThan(BigInt(scratchKnown.latest));
      scratch.chain.setIntervalMining(0);
      scratch.chain.mine();
      const number = await scratch.rpc.request('eth_blockNumber', [], session());
      expect(number).toBe(toQuantity(scratch.chain.latest.header.number));
    } finally {
      await scratch.close();
    }
  });
});
