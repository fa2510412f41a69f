// Bad input over real HTTP: every malformed, oversized, mistyped or invalid request gets the JSON-RPC
// error geth would give (codes, and the message prefixes viem and ethers classify by), and none of
// them changes the chain: afterwards the node still answers with the same state root, block number
// and balances.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../src/chain/devnet.js';
import { toAddress, toData, toQuantity } from '../../src/chain/hex.js';
import { DEFAULT_LIMITS } from '../../src/chain/rpc/context.js';
import {
  bigIntToMinimalBytes,
  bytesToHex,
  encodeTransaction,
  keccak256,
  privateKeyToAddress,
  rlpEncode,
  signTransaction,
  type Transaction,
  type UnsignedTransaction,
} from '../../src/evm/index.js';

interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}
interface RpcResponse {
  jsonrpc: string;
  id: unknown;
  result?: unknown;
  error?: RpcErrorObject;
}

let devnet: Devnet;
let url: string;
let nextId = 1;

async function post(body: string | Uint8Array, contentType = 'application/json') {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field below
  const json: any = text === '' ? undefined : JSON.parse(text);
  return { status: res.status, text, json };
}

async function call(method: string, params?: unknown): Promise<RpcResponse> {
  const id = nextId++;
  const req: Record<string, unknown> = { jsonrpc: '2.0', id, method };
  if (params !== undefined) req.params = params;
  const { status, json } = await post(JSON.stringify(req));
  expect(status).toBe(200);
  expect(json.id).toBe(id);
  expect(json.jsonrpc).toBe('2.0');
  return json as RpcResponse;
}

async function result(method: string, params: unknown[] = []): Promise<unknown> {
  const res = await call(method, params);
  if (res.error) throw new Error(`${method} failed: ${res.error.message}`);
  return res.result;
}

/** Sends a request that must fail; checks the code and returns the error object. */
async function fails(method: string, params: unknown, code: number): Promise<RpcErrorObject> {
  const res = await call(method, params);
  expect(res.result, `${method} ${JSON.stringify(params)?.slice(0, 200)}`).toBeUndefined();
  expect(res.error?.code, `${method}: ${res.error?.message}`).toBe(code);
  return res.error as RpcErrorObject;
}

const dev = (i: number) => devnet.chain.devAccounts[i];
const addr = (i: number) => toAddress(dev(i).address);
const RECIPIENT = '0x00000000000000000000000000000000000000b0';
// A key no account of the devnet has: its address holds nothing.
const POOR_KEY = keccak256(new TextEncoder().encode('tdk rpc-bad-input: an unfunded key'));

function signed(overrides: Partial<UnsignedTransaction> = {}, key = dev(0).privateKey): Transaction {
  const unsigned = {
    type: 2,
    chainId: devnet.chain.chainId,
    nonce: devnet.chain.pendingNonce(privateKeyToAddress(key)),
    maxPriorityFeePerGas: 1_000_000_000n,
    maxFeePerGas: 10_000_000_000n,
    gasLimit: 21_000n,
    to: BigInt(RECIPIENT),
    value: 1n,
    data: new Uint8Array(0),
    accessList: [],
    ...overrides,
  } as UnsignedTransaction;
  return signTransaction(unsigned, key);
}

const raw = (tx: Transaction) => bytesToHex(encodeTransaction(tx));

interface Fingerprint {
  blockNumber: unknown;
  stateRoot: unknown;
  liveStateRoot: string;
  balances: unknown[];
  nonces: unknown[];
  recipient: unknown;
  pool: number;
}

async function fingerprint(): Promise<Fingerprint> {
  const latest = (await result('eth_getBlockByNumber', ['latest', false])) as Record<string, unknown>;
  const accounts = [0, 1, 2];
  return {
    blockNumber: await result('eth_blockNumber'),
    stateRoot: latest.stateRoot,
    liveStateRoot: toData(devnet.chain.state.stateRoot()),
    balances: await Promise.all(
      [...accounts.map(addr), toAddress(privateKeyToAddress(POOR_KEY))].map((a) =>
        result('eth_getBalance', [a, 'latest']),
      ),
    ),
    nonces: await Promise.all(accounts.map((i) => result('eth_getTransactionCount', [addr(i), 'latest']))),
    recipient: await result('eth_getBalance', [RECIPIENT, 'latest']),
    pool: devnet.chain.pool.length,
  };
}

let before: Fingerprint;

beforeAll(async () => {
  devnet = await startDevnet({ server: { port: 0 } });
  url = devnet.server?.url ?? '';
  // A little history: two transfers, so that the chain is past genesis and "nonce too low" has
  // something to be too low against.
  for (let i = 0; i < 2; i++) await result('eth_sendRawTransaction', [raw(signed())]);
  before = await fingerprint();
  expect(before.blockNumber).toBe('0x2');
});

afterAll(async () => {
  // The whole file's worth of bad input left the chain exactly as it was, and the node answers.
  expect(await fingerprint()).toEqual(before);
  await devnet.close();
});

describe('protocol-level faults', () => {
  it('malformed JSON gets -32700 with id null', async () => {
    for (const body of ['{', '{"jsonrpc":"2.0","id":1,"method":', 'not json', '[1,2', '\u0000', '{"a":1}}']) {
      const { status, json } = await post(body);
      expect(status).toBe(200);
      expect(json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
      expect(json.error.message).toMatch(/^parse error/);
    }
  });

  it('invalid request objects get -32600', async () => {
    const bad: [unknown, unknown][] = [
      [{ jsonrpc: '1.0', id: 1, method: 'eth_chainId' }, 1],
      [{ id: 2, method: 'eth_chainId' }, 2],
      [{ jsonrpc: '2.0', id: 3 }, 3],
      [{ jsonrpc: '2.0', id: 4, method: 42 }, 4],
      [{ jsonrpc: '2.0', id: { nested: true }, method: 'eth_chainId' }, null],
      [{ jsonrpc: '2.0', id: [1], method: 'eth_chainId' }, null],
      [{ jsonrpc: '2.0', id: true, method: 'eth_chainId' }, null],
      [42, null],
      ['eth_chainId', null],
      [null, null],
      [true, null],
    ];
    for (const [req, id] of bad) {
      const { status, json } = await post(JSON.stringify(req));
      expect(status).toBe(200);
      expect(json, JSON.stringify(req)).toMatchObject({ jsonrpc: '2.0', id, error: { code: -32600 } });
      expect(json.error.message).toMatch(/^invalid request/);
    }
  });

  it('an empty batch is one -32600; junk entries in a batch each get their own -32600', async () => {
    const empty = await post('[]');
    expect(empty.json).toMatchObject({ id: null, error: { code: -32600 } });
    const mixed = await post(
      JSON.stringify([1, { jsonrpc: '2.0', id: 7, method: 'eth_chainId' }, 'x', { id: 8 }]),
    );
    expect(mixed.json).toHaveLength(4);
    expect(mixed.json[0]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(mixed.json[1]).toEqual({ jsonrpc: '2.0', id: 7, result: toQuantity(devnet.chain.chainId) });
    expect(mixed.json[2]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(mixed.json[3]).toMatchObject({ id: 8, error: { code: -32600 } });
  });

  it('by-name params are refused with -32602', async () => {
    const e = await fails('eth_getBalance', { address: addr(0), block: 'latest' }, -32602);
    expect(e.message).toMatch(/params must be an array/);
  });

  it('unknown methods get -32601 naming the method', async () => {
    for (const method of ['eth_doesNotExist', 'ETH_CHAINID', '', 'toString', '__proto__', 'constructor']) {
      const e = await fails(method, [], -32601);
      expect(e.message).toBe(`the method ${method} does not exist/is not available`);
    }
  });

  it('a notification (no id) gets no answer at all, even when it fails', async () => {
    const ok = await post(JSON.stringify({ jsonrpc: '2.0', method: 'eth_chainId' }));
    expect(ok.status).toBe(204);
    const bad = await post(JSON.stringify({ jsonrpc: '2.0', method: 'eth_doesNotExist' }));
    expect(bad.status).toBe(204);
  });

  it('a body over 5 MiB gets 413 with a -32600 body', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_call',
      params: [{ to: RECIPIENT, data: `0x${'00'.repeat(3 * 1024 * 1024)}` }],
    });
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const { status, json } = await post(big);
    expect(status).toBe(413);
    expect(json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
  });

  it('a non-JSON content type gets 415', async () => {
    const { status, json } = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }),
      'text/plain',
    );
    expect(status).toBe(415);
    expect(json).toMatchObject({ error: { code: -32600 } });
  });

  it('a batch over the limit is refused as a whole; one at the limit is answered', async () => {
    const limit = DEFAULT_LIMITS.maxBatch;
    const batch = (n: number) =>
      JSON.stringify(
        Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'eth_blockNumber' })),
      );
    const over = await post(batch(limit + 1));
    expect(over.status).toBe(200);
    expect(over.json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32005 } });
    expect(over.json.error.message).toMatch(new RegExp(`exceeds the limit of ${limit}`));
    const huge = await post(batch(50_000));
    expect(huge.json).toMatchObject({ id: null, error: { code: -32005 } });
    const at = await post(batch(limit));
    expect(at.json).toHaveLength(limit);
    expect(at.json[limit - 1]).toEqual({ jsonrpc: '2.0', id: limit - 1, result: '0x2' });
  });
});

describe('parameters', () => {
  it('missing parameters get -32602 naming the parameter', async () => {
    const cases: [string, unknown[], RegExp][] = [
      ['eth_getBalance', [], /missing parameter 0: address/],
      ['eth_getStorageAt', [addr(0)], /missing parameter 1: slot/],
      ['eth_call', [], /missing parameter 0: transaction/],
      ['eth_estimateGas', [], /missing parameter 0: transaction/],
      ['eth_sendRawTransaction', [], /missing parameter 0: signed transaction/],
      ['eth_getBlockByNumber', [], /missing parameter 0: block/],
      ['eth_getBlockByHash', [], /missing parameter 0: block hash/],
      ['eth_getTransactionByHash', [], /missing parameter 0: transaction hash/],
      ['eth_getTransactionReceipt', [], /missing parameter 0: transaction hash/],
      ['eth_getLogs', [], /missing parameter 0: filter/],
      ['eth_getFilterChanges', [], /missing parameter 0: filter id/],
      ['eth_feeHistory', [], /missing parameter 0: block count/],
      ['eth_feeHistory', ['0x1'], /missing parameter 1: newest block/],
      ['eth_sign', [addr(0)], /missing parameter 1: message/],
      ['web3_sha3', [], /missing parameter 0: data/],
      ['debug_traceTransaction', [], /missing parameter 0: transaction hash/],
    ];
    for (const [method, params, message] of cases) {
      const e = await fails(method, params, -32602);
      expect(e.message, method).toMatch(message);
    }
  });

  it('wrong types get -32602 naming the parameter and what it must be', async () => {
    const cases: [string, unknown[], RegExp][] = [
      ['eth_getBalance', [123, 'latest'], /^address must be an address/],
      ['eth_getBalance', ['0x1234', 'latest'], /^address must be an address/],
      ['eth_getBalance', [`0x${'zz'.repeat(20)}`, 'latest'], /^address must be an address/],
      ['eth_getBalance', [addr(0), 7], /^parameter 1 \(block\) must be a block number/],
      ['eth_getTransactionCount', [null], /missing parameter 0: address|^address must be/],
      ['eth_getStorageAt', [addr(0), `0x${'1'.repeat(65)}`, 'latest'], /^slot must be a storage slot/],
      ['eth_getStorageAt', [addr(0), 5, 'latest'], /^slot must be a storage slot/],
      ['eth_getCode', [{}, 'latest'], /^address must be an address/],
      ['eth_call', ['0x00', 'latest'], /^the transaction must be an object/],
      ['eth_call', [[], 'latest'], /^the transaction must be an object/],
      ['eth_call', [{ to: RECIPIENT, value: 5 }, 'latest'], /^value must be a hex quantity/],
      ['eth_call', [{ to: RECIPIENT, gas: '0x' }, 'latest'], /^gas must be a hex quantity/],
      ['eth_call', [{ to: RECIPIENT, data: '0x123' }, 'latest'], /^data must be 0x-prefixed hex/],
      ['eth_call', [{ to: RECIPIENT, data: '0x12', input: '0x34' }], /"data" and "input" are both set/],
      ['eth_call', [{ to: RECIPIENT, type: '0x7f' }], /transaction type 127 is not supported/],
      ['eth_call', [{ to: RECIPIENT, accessList: {} }], /^accessList must be an array/],
      ['eth_call', [{ to: RECIPIENT }, 'latest', { [RECIPIENT]: {} }], /state overrides/],
      ['eth_call', [{ to: RECIPIENT, value: `0x1${'0'.repeat(64)}` }], /^value must be a hex quantity/],
      ['eth_sendRawTransaction', [42], /^parameter 0 \(signed transaction\) must be 0x-prefixed hex/],
      ['eth_sendRawTransaction', ['deadbeef'], /^parameter 0 \(signed transaction\) must be 0x-prefixed/],
      ['eth_getBlockByHash', ['0x1234', false], /^block hash must be a 32-byte hash/],
      ['eth_getTransactionByBlockNumberAndIndex', ['latest', 'zero'], /^index must be a hex quantity/],
      ['eth_getLogs', [[]], /^the filter must be an object/],
      ['eth_getLogs', [{ topics: [1] }], /^topics\[0\] must be a 32-byte hash/],
      ['eth_getLogs', [{ topics: [null, null, null, null, null] }], /^topics must be an array of at most 4/],
      ['eth_getLogs', [{ address: ['0x12'] }], /^address\[0\] must be an address/],
      ['eth_getLogs', [{ blockHash: `0x${'11'.repeat(32)}`, fromBlock: '0x0' }], /blockHash or fromBlock/],
      ['eth_getLogs', [{ fromBlock: '0x2', toBlock: '0x1' }], /^fromBlock 2 is after toBlock 1/],
      ['eth_feeHistory', ['0x0', 'latest', []], /^block count must be between 1 and 1024/],
      ['eth_feeHistory', ['0x1', 'latest', [50, 10]], /^reward percentiles must be increasing/],
      ['eth_feeHistory', ['0x1', 'latest', 'all'], /^reward percentiles must be an array/],
      ['eth_getFilterChanges', [17], /^the filter id must be a hex string/],
      ['eth_subscribe', ['newPhones'], /^unknown subscription "newPhones"/],
      ['evm_setAutomine', ['yes'], /^enabled must be true or false/],
      ['anvil_setBalance', [addr(0), 'lots'], /^balance must be a hex quantity/],
      ['anvil_setBalance', [addr(0), -1], /^balance must be a non-negative integer/],
      ['anvil_setStorageAt', [addr(0), '0x0', '0x01'], /^value must be exactly 32 bytes/],
      ['evm_mine', [{ blocks: 1.5 }], /^blocks must be a non-negative integer/],
      ['evm_setIntervalMining', ['0x80000000'], /^milliseconds is too large \(at most 2147483647\)/],
      ['anvil_setIntervalMining', [2_147_484], /^seconds is too large \(at most 2147483\)/],
      ['eth_feeHistory', [1.5, 'latest'], /^block count must be an integer or a hex quantity/],
      ['eth_signTypedData_v4', [addr(0), { types: {}, primaryType: 'Nope' }], /^invalid EIP-712 typed data/],
      [
        'debug_traceCall',
        [{ to: RECIPIENT }, 'latest', { tracer: [[1]] }],
        /^tracer an array is not supported/,
      ],
      ['debug_traceCall', [{ to: RECIPIENT }, 'latest', { tracer: 'noSuchTracer' }], /noSuchTracer/],
      ['debug_traceCall', [{ to: RECIPIENT }, 'latest', 'callTracer'], /^the trace config must be an object/],
    ];
    for (const [method, params, message] of cases) {
      const e = await fails(method, params, -32602);
      expect(e.message, `${method} ${JSON.stringify(params)}`).toMatch(message);
    }
  });

  it('values nested 20,000 deep are refused with -32602, not a stack overflow', async () => {
    // Built as text: JSON.stringify itself cannot go this deep.
    const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const cases: [string, string, RegExp][] = [
      ['eth_subscribe', `[${deep}]`, /^unknown subscription object/],
      ['debug_traceCall', `[{"to":"${RECIPIENT}"},"latest",{"tracer":${deep}}]`, /^tracer an array/],
      ['eth_getBalance', `[${deep},"latest"]`, /^address must be an address/],
      ['eth_call', `[{"to":${deep}}]`, /^to must be an address/],
    ];
    for (const [method, params, message] of cases) {
      const { json } = await post(`{"jsonrpc":"2.0","id":1,"method":"${method}","params":${params}}`);
      expect(json.error?.code, method).toBe(-32602);
      expect(json.error.message, method).toMatch(message);
    }
  });

  it('bad block tags get -32602; blocks that do not exist get null or "not found"', async () => {
    for (const tag of ['newest', '0x', '0xzz', '1', '-0x1', 12, true, {}, [], { blockNumber: 'nope' }]) {
      const e = await fails('eth_getBalance', [addr(0), tag], -32602);
      expect(e.message).toMatch(/block/);
      await fails('eth_getBlockByNumber', [tag, false], -32602);
    }
    await fails('eth_getBalance', [addr(0), { blockHash: '0x12' }], -32602);
    // Well-formed but absent: reads of a missing block are "not found", lookups answer null.
    expect(await result('eth_getBlockByNumber', ['0xffff', false])).toBeNull();
    expect(await result('eth_getBlockByHash', [`0x${'ab'.repeat(32)}`, false])).toBeNull();
    const far = await fails('eth_getBalance', [addr(0), '0xffff'], -32001);
    expect(far.message).toMatch(/^block 65535 not found \(latest is 2\)/);
    await fails('eth_call', [{ to: RECIPIENT }, { blockHash: `0x${'ab'.repeat(32)}` }], -32001);
  });
});

describe('calls and gas', () => {
  it('eth_call and eth_estimateGas above the gas cap are refused', async () => {
    const gas = toQuantity(DEFAULT_LIMITS.gasCap + 1n);
    for (const method of ['eth_call', 'eth_estimateGas']) {
      const e = await fails(method, [{ from: addr(0), to: RECIPIENT, gas }, 'latest'], -32000);
      expect(e.message).toMatch(/exceeds the RPC gas cap of 30000000/);
    }
    const huge = await fails('eth_call', [{ to: RECIPIENT, gas: `0x${'f'.repeat(64)}` }], -32000);
    expect(huge.message).toMatch(/gas cap/);
    await fails('eth_sendTransaction', [{ from: addr(0), to: RECIPIENT, gas }], -32000);
  });

  it('a call that would spend more than the caller has is "insufficient funds"', async () => {
    const poor = toAddress(privateKeyToAddress(POOR_KEY));
    const e = await fails('eth_call', [{ from: poor, to: RECIPIENT, value: '0x1' }, 'latest'], -32000);
    expect(e.message).toMatch(/^insufficient funds for gas \* price \+ value/);
    const g = await fails('eth_estimateGas', [{ from: poor, to: RECIPIENT, value: '0x1' }], -32000);
    expect(g.message).toMatch(/^insufficient funds for gas \* price \+ value/);
  });

  it('an explicit gas below the intrinsic cost is "intrinsic gas too low" in calls', async () => {
    const e = await fails('eth_call', [{ to: RECIPIENT, gas: '0x5208', data: '0x01' }, 'latest'], -32000);
    expect(e.message).toMatch(/^intrinsic gas too low/);
  });
});

describe('eth_sendRawTransaction', () => {
  it('garbage RLP and bad encodings are refused', async () => {
    for (const bytes of ['0x', '0xdeadbeef', '0x02', '0x02c0', '0xc0', `0xf8${'ff'.repeat(40)}`, '0x7f00']) {
      const e = await fails('eth_sendRawTransaction', [bytes], -32000);
      expect(e.message, bytes).toMatch(/^invalid transaction encoding/);
    }
    // A valid transaction with bytes appended after it.
    const e = await fails('eth_sendRawTransaction', [`${raw(signed())}00`], -32000);
    expect(e.message).toMatch(/^invalid transaction encoding/);
  });

  it('bad signatures are "invalid sender"', async () => {
    const good = signed();
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const bad: Transaction[] = [
      { ...good, r: 0n },
      { ...good, s: 0n },
      { ...good, r: n },
      { ...good, s: n - 1n }, // high s (EIP-2)
      { ...good, r: good.s, s: good.r > n / 2n ? n - good.r : good.r }, // r and s swapped
    ];
    for (const tx of bad) {
      const e = await fails('eth_sendRawTransaction', [raw(tx)], -32000);
      expect(e.message).toMatch(/^invalid sender|^invalid transaction encoding/);
    }
    // A legacy signature whose v (30) is neither 27/28 nor 2·chainId + 35/36.
    const legacy = [1n, 10_000_000_000n, 21_000n, BigInt(RECIPIENT), 1n].map(bigIntToMinimalBytes);
    const sig = [30n, good.r, good.s].map(bigIntToMinimalBytes);
    const odd = bytesToHex(rlpEncode([...legacy, new Uint8Array(0), ...sig]));
    const e = await fails('eth_sendRawTransaction', [odd], -32000);
    expect(e.message).toMatch(/^invalid sender|^invalid transaction encoding/);
  });

  it('a signature over other fields recovers a stranger, whose empty balance is "insufficient funds"', async () => {
    // Nonce 0 so that the stranger's nonce matches and the balance check is the one that fails.
    const good = signed({ nonce: 0n });
    const e = await fails('eth_sendRawTransaction', [raw({ ...good, value: 2n } as Transaction)], -32000);
    expect(e.message).toMatch(/^insufficient funds for gas \* price \+ value/);
  });

  it('nonce too low, and nonce too high while automining', async () => {
    const low = await fails('eth_sendRawTransaction', [raw(signed({ nonce: 0n, value: 7n }))], -32000);
    expect(low.message).toMatch(/^nonce too low/);
    // The very transaction mined before: geth says "already known".
    const known = await fails('eth_sendRawTransaction', [raw(signed({ nonce: 0n }))], -32000);
    expect(known.message).toMatch(/^already known/);
    const high = await fails('eth_sendRawTransaction', [raw(signed({ nonce: 9n }))], -32000);
    expect(high.message).toMatch(/^nonce too high/);
  });

  it('insufficient funds for gas * price + value', async () => {
    const fromPoor = await fails('eth_sendRawTransaction', [raw(signed({}, POOR_KEY))], -32000);
    expect(fromPoor.message).toMatch(/^insufficient funds for gas \* price \+ value: balance 0, /);
    const tooMuch = await fails('eth_sendRawTransaction', [raw(signed({ value: 10n ** 30n }))], -32000);
    expect(tooMuch.message).toMatch(/^insufficient funds for gas \* price \+ value/);
  });

  it('max fee per gas less than block base fee; priority above max fee', async () => {
    const e = await fails(
      'eth_sendRawTransaction',
      [raw(signed({ maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }))],
      -32000,
    );
    expect(e.message).toMatch(/^max fee per gas less than block base fee/);
    const tip = await fails(
      'eth_sendRawTransaction',
      [raw(signed({ maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 3_000_000_000n }))],
      -32000,
    );
    expect(tip.message).toMatch(/^max priority fee per gas higher than max fee per gas/);
  });

  it('intrinsic gas too low', async () => {
    const e = await fails('eth_sendRawTransaction', [raw(signed({ gasLimit: 20_999n }))], -32000);
    expect(e.message).toMatch(/^intrinsic gas too low/);
    const create = await fails(
      'eth_sendRawTransaction',
      [raw(signed({ to: null, gasLimit: 21_000n, data: new Uint8Array([0x60, 0x00]) }))],
      -32000,
    );
    expect(create.message).toMatch(/^intrinsic gas too low/);
  });

  it('a gas limit above the block gas limit', async () => {
    const e = await fails('eth_sendRawTransaction', [raw(signed({ gasLimit: 30_000_001n }))], -32000);
    expect(e.message).toMatch(/^exceeds block gas limit/);
  });

  it('wrong chain id', async () => {
    const e = await fails('eth_sendRawTransaction', [raw(signed({ chainId: 1n }))], -32000);
    expect(e.message).toMatch(/^invalid chain id for signer/);
    const legacy = signed({
      type: 0,
      chainId: 5n,
      gasPrice: 10_000_000_000n,
    } as Partial<UnsignedTransaction>);
    const l = await fails('eth_sendRawTransaction', [raw(legacy)], -32000);
    expect(l.message).toMatch(/^invalid chain id for signer/);
  });
});

describe('accounts, filters, subscriptions, history', () => {
  it('eth_sendTransaction from an unknown account', async () => {
    const stranger = '0x000000000000000000000000000000000000dead';
    const e = await fails('eth_sendTransaction', [{ from: stranger, to: RECIPIENT, value: '0x1' }], -32000);
    expect(e.message).toMatch(/^unknown account 0x000000000000000000000000000000000000dead/);
    const noFrom = await fails('eth_sendTransaction', [{ to: RECIPIENT, value: '0x1' }], -32602);
    expect(noFrom.message).toMatch(/needs "from"/);
    const sign = await fails('eth_sign', [stranger, '0x00'], -32000);
    expect(sign.message).toMatch(/^unknown account/);
    await fails('eth_signTypedData_v4', [stranger, '{}'], -32000);
  });

  it('eth_sendTransaction that cannot pay, or whose fee is below the base fee, changes nothing', async () => {
    const e = await fails(
      'eth_sendTransaction',
      [{ from: addr(1), to: RECIPIENT, value: toQuantity(10n ** 30n), gas: '0x5208' }],
      -32000,
    );
    expect(e.message).toMatch(/^insufficient funds for gas \* price \+ value/);
    const fee = await fails(
      'eth_sendTransaction',
      [{ from: addr(1), to: RECIPIENT, gas: '0x5208', maxFeePerGas: '0x1', maxPriorityFeePerGas: '0x1' }],
      -32000,
    );
    expect(fee.message).toMatch(/^max fee per gas less than block base fee/);
    const low = await fails('eth_sendTransaction', [{ from: addr(1), to: RECIPIENT, gas: '0x1' }], -32000);
    expect(low.message).toMatch(/^intrinsic gas too low/);
  });

  it('unknown filter ids are "filter not found"', async () => {
    for (const method of ['eth_getFilterChanges', 'eth_getFilterLogs']) {
      const e = await fails(method, ['0x1234'], -32000);
      expect(e.message).toBe('filter not found');
    }
    expect(await result('eth_uninstallFilter', ['0x1234'])).toBe(false);
    expect(await result('eth_unsubscribe', ['0x1234'])).toBe(false);
  });

  it('eth_subscribe over HTTP is refused', async () => {
    for (const kind of ['newHeads', 'logs', 'newPendingTransactions']) {
      const e = await fails('eth_subscribe', [kind], -32000);
      expect(e.message).toMatch(/^notifications not supported/);
    }
  });

  it('state older than what is kept is refused with a reason', async () => {
    // A devnet resumed from a state file keeps no history before its head.
    const dir = mkdtempSync(join(tmpdir(), 'tdk-bad-input-'));
    const stateFile = join(dir, 'state.json');
    const first = await startDevnet({ stateFile });
    first.chain.submit(signed({ nonce: 0n }), dev(0).address);
    await first.close();
    const other = await startDevnet({ stateFile, server: { port: 0 } });
    try {
      expect(other.resumed).toBe(true);
      const res = await fetch(other.server?.url ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [addr(0), '0x0'] }),
      });
      const json = (await res.json()) as RpcResponse;
      expect(json.error?.code).toBe(-32000);
      expect(json.error?.message).toMatch(
        /^state of block 0 is not available \(tdk keeps the last 8192 blocks/,
      );
    } finally {
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('afterwards', () => {
  it('the node still answers and nothing changed', async () => {
    expect(await result('eth_chainId')).toBe(toQuantity(devnet.chain.chainId));
    expect(await fingerprint()).toEqual(before);
  });
});
