// The devnet's geth-compatible tracers (src/chain/tracers) against Hardhat's EDR 0.13: the same
// transactions (same sender, nonces, gas price, so the same contract addresses) run on EDR's
// provider and on tdk's EVM, and debug_traceTransaction's output is compared.
//
// Struct logs, compared step for step: pc, op, gas, gasCost, depth, stack, storage, refund,
// memory (with enableMemory) and returnData (with enableReturnData); top level: gas, failed,
// returnValue. Where EDR itself deviates from geth, the comparison allows for it:
// - CREATE/CREATE2 gasCost: EDR adds the gas handed to the initcode (like CALL); geth does not
//   (its opCreate takes that gas after the step is logged). tdk follows geth, so for these steps
//   tdk's gasCost == EDR's gasCost - the child's gas (the next step's `gas`).
// - refund: EDR always writes it (0 included); geth and tdk omit 0 (`omitempty`). On an SSTORE step
//   EDR reports the counter before the SSTORE; geth (and tdk) after it, because geth's SSTORE gas
//   function books the refund before the step is logged. Compared: tdk's SSTORE refund == EDR's
//   refund at the next step.
// - memory: EDR writes `memory: []` for an empty memory; geth and tdk omit it.
// - returnData (enableReturnData): EDR writes "0x" when empty; geth and tdk omit it.
// - `limit`: EDR ignores it (tdk caps the number of steps; checked on its own below).
// - failing steps: EDR's `error` is Rust debug text ("Some(InvalidJump)") and its gasCost the
//   static cost only; these steps are checked against geth's rules directly, not against EDR.
// callTracer: EDR 0.13 implements it; its JSON is compared as a whole (see callTracer tests for the
// fields where it deviates from geth).
import { createRequire } from 'node:module';
import type { Provider } from '@nomicfoundation/edr';
import { privateKeyToAccount } from 'viem/accounts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CallFrameJson,
  createTracer,
  decodeRevert,
  type StructLog,
  type StructLoggerResult,
  type TraceConfig,
  TracerError,
} from '../../src/chain/tracers/index.js';
import { bytesToHex, hexToBytes } from '../../src/evm/bytes.js';
import { type BlockEnv, defaultBlockEnv } from '../../src/evm/env.js';
import { EVM } from '../../src/evm/evm.js';
import { OPCODES } from '../../src/evm/opcodes.js';
import { WorldState } from '../../src/evm/state/world.js';
import { runTransaction, type TxReceipt } from '../../src/evm/transaction.js';
import type { UnsignedTransaction } from '../../src/evm/tx/types.js';

const require = createRequire(import.meta.url);
const edr = require('@nomicfoundation/edr') as typeof import('@nomicfoundation/edr');
const solc = require('solc') as { compile(input: string): string };

const KEY = `0x${'11'.repeat(32)}` as const;
const SENDER = privateKeyToAccount(KEY).address;
const SENDER_BIG = BigInt(SENDER);
const COINBASE = 0xc0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0n;
const BALANCE = 10n ** 24n;
const GAS_PRICE = 16n;
const CHAIN_ID = 31337n;

// ---- contracts ----------------------------------------------------------------------------------
const SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Child {
  uint256 public x;
  constructor(uint256 v) payable { x = v; }
  function boom() external pure { assert(false); }
}

contract Bomb {
  constructor() payable {}
  function die(address payable to) external { selfdestruct(to); }
}

contract Callee {
  uint256 public stored;
  event Stored(uint256 indexed v, address from);
  function store(uint256 v) external payable returns (uint256) {
    stored = v;
    emit Stored(v, msg.sender);
    return v * 2;
  }
  function fail(uint256 v) external pure { require(v > 100, "too small"); }
  function div(uint256 a, uint256 b) external pure returns (uint256) { return a / b; }
}

contract Caller {
  uint256 public scratch;
  Callee public callee;
  uint256 public counter;
  event Done(uint256 n);
  constructor(Callee c) { callee = c; }

  function run(uint256 v) external payable returns (uint256 r) {
    counter += 1;
    r = callee.store(v);
    try callee.fail(v) {} catch {}
    try callee.div(v, 0) {} catch {}
    Child ch = new Child{salt: bytes32(v)}(v);
    try ch.boom() {} catch {}
    (bool ok, ) = address(callee).delegatecall(abi.encodeCall(Callee.store, (v + 1)));
    require(ok);
    new Child(v + 2);
    emit Done(ch.x() + counter + scratch);
  }

  function reset() external {
    counter = 0;
    scratch = 0;
  }

  function mustFail() external {
    counter = 7;
    callee.fail(1);
  }

  function spawnAndKill() external payable {
    Bomb b = new Bomb{value: msg.value}();
    b.die(payable(address(callee)));
  }
}
`;

interface Compiled {
  bytecode: string;
  abi: unknown;
}

function compile(): Record<string, Compiled> {
  const input = {
    language: 'Solidity',
    sources: { 'T.sol': { content: SOURCE } },
    settings: { evmVersion: 'cancun', outputSelection: { '*': { '*': ['evm.bytecode.object'] } } },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  const result: Record<string, Compiled> = {};
  for (const [name, c] of Object.entries(
    out.contracts['T.sol'] as Record<string, { evm: { bytecode: { object: string } } }>,
  )) {
    result[name] = { bytecode: c.evm.bytecode.object, abi: null };
  }
  return result;
}

const word = (v: bigint): string => v.toString(16).padStart(64, '0');
const sel = (sig: string): string => bytesToHex(keccak(sig)).slice(2, 10);
let keccak: (s: string) => Uint8Array;

// ---- the two chains ------------------------------------------------------------------------------
interface Sent {
  readonly label: string;
  readonly hash: string;
  readonly tx: UnsignedTransaction;
  /** The tdk EVM state just before the transaction (a copy), to replay it with any tracer. */
  readonly pre: WorldState;
  readonly receipt: TxReceipt;
  readonly block: BlockEnv;
}

class Pair {
  private id = 0;
  private nonce = 0n;
  readonly state = new WorldState();
  readonly sent: Sent[] = [];

  constructor(private readonly provider: Provider) {
    this.state.setBalance(SENDER_BIG, BALANCE);
  }

  async rpc<T = unknown>(method: string, params: unknown[]): Promise<T> {
    const r = await this.provider.handleRequest(
      JSON.stringify({ jsonrpc: '2.0', id: ++this.id, method, params }),
    );
    const d = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
    if (d.error) throw new Error(`${method}: ${JSON.stringify(d.error)}`);
    return d.result as T;
  }

  /** Sends on EDR, runs the same transaction on tdk's EVM (block values from EDR's block). */
  async send(label: string, to: bigint | null, data: string, value = 0n, gas = 3_000_000n): Promise<Sent> {
    const hash = await this.rpc<string>('eth_sendTransaction', [
      {
        from: SENDER,
        ...(to === null ? {} : { to: toAddr(to) }),
        data: `0x${data}`,
        value: `0x${value.toString(16)}`,
        gas: `0x${gas.toString(16)}`,
        gasPrice: `0x${GAS_PRICE.toString(16)}`,
        nonce: `0x${this.nonce.toString(16)}`,
      },
    ]);
    const edrReceipt = await this.rpc<{ gasUsed: string; blockHash: string }>('eth_getTransactionReceipt', [
      hash,
    ]);
    const block = await this.rpc<Parameters<typeof blockEnv>[0]>('eth_getBlockByHash', [
      edrReceipt.blockHash,
      false,
    ]);
    const tx: UnsignedTransaction = {
      type: 0,
      chainId: CHAIN_ID,
      nonce: this.nonce++,
      gasPrice: GAS_PRICE,
      gasLimit: gas,
      to,
      value,
      data: hexToBytes(`0x${data}`),
    };
    const pre = copyState(this.state);
    const env = blockEnv(block);
    const evm = new EVM({ state: this.state, block: env });
    const out = runTransaction(evm, tx, SENDER_BIG);
    if (!out.ok) throw new Error(`${label}: invalid on tdk: ${JSON.stringify(out.error)}`);
    expect(`0x${out.receipt.gasUsed.toString(16)}`, `${label}: gasUsed`).toBe(edrReceipt.gasUsed);
    const s = { label, hash, tx, pre, receipt: out.receipt, block: env };
    this.sent.push(s);
    return s;
  }
}

function blockEnv(block: {
  number: string;
  timestamp: string;
  gasLimit: string;
  baseFeePerGas: string;
  mixHash: string;
}): BlockEnv {
  return defaultBlockEnv({
    number: BigInt(block.number),
    timestamp: BigInt(block.timestamp),
    gasLimit: BigInt(block.gasLimit),
    baseFee: BigInt(block.baseFeePerGas),
    prevRandao: BigInt(block.mixHash),
    coinbase: COINBASE,
    chainId: CHAIN_ID,
  });
}

function copyState(s: WorldState): WorldState {
  const c = new WorldState();
  for (const [address, account] of s.accounts) c.accounts.set(address, account.clone());
  return c;
}

const toAddr = (v: bigint): string => `0x${v.toString(16).padStart(40, '0')}`;
const toHex = (v: bigint): string => `0x${v.toString(16)}`;

/** Replays `s` on a copy of its pre-state with a tracer built from `config`; returns its result. */
function traceTdk(s: Sent, config: TraceConfig): unknown {
  const tracer = createTracer(config);
  const evm = new EVM({ state: copyState(s.pre), block: s.block });
  tracer.attach(evm);
  const out = runTransaction(evm, s.tx, SENDER_BIG);
  if (!out.ok) throw new Error('invalid');
  expect(out.receipt.gasUsed).toBe(s.receipt.gasUsed);
  return tracer.result({ gasLimit: s.tx.gasLimit, receipt: out.receipt });
}

// ---- comparison ---------------------------------------------------------------------------------
interface EdrStep {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
  memory?: string[];
  storage?: Record<string, string>;
  returnData?: string;
  refund?: number;
  error?: string;
}

interface EdrResult {
  gas: number;
  failed: boolean;
  returnValue: string;
  structLogs: EdrStep[];
}

function compareStructLogs(label: string, ours: StructLoggerResult, theirs: EdrResult) {
  expect(ours.gas, `${label}: gas`).toBe(theirs.gas);
  expect(ours.failed, `${label}: failed`).toBe(theirs.failed);
  expect(ours.returnValue, `${label}: returnValue`).toBe(theirs.returnValue);
  expect(ours.structLogs.length, `${label}: number of steps`).toBe(theirs.structLogs.length);
  const a = ours.structLogs;
  const b = theirs.structLogs;
  for (let i = 0; i < a.length; i++) {
    const o = a[i];
    const t = b[i];
    const at = `${label} step ${i} (pc ${t.pc} ${t.op} depth ${t.depth})`;
    let edrCost = t.gasCost;
    if ((t.op === 'CREATE' || t.op === 'CREATE2') && b[i + 1]?.depth === t.depth + 1) edrCost -= b[i + 1].gas;
    expect(
      {
        pc: o.pc,
        op: o.op,
        gas: o.gas,
        gasCost: o.gasCost,
        depth: o.depth,
        stack: o.stack,
        storage: o.storage,
        refund: o.refund ?? 0,
        memory: o.memory ?? [],
        returnData: o.returnData,
        error: o.error,
      },
      at,
    ).toEqual({
      pc: t.pc,
      op: t.op,
      gas: t.gas,
      gasCost: edrCost,
      depth: t.depth,
      stack: t.stack,
      storage: t.storage,
      refund: (t.op === 'SSTORE' && b[i + 1] !== undefined ? b[i + 1].refund : t.refund) ?? 0,
      memory: t.memory ?? [],
      returnData: t.returnData === '0x' ? undefined : t.returnData,
      error: t.error,
    });
  }
}

// ---- setup --------------------------------------------------------------------------------------
let pair: Pair;
let addr: { callee: bigint; caller: bigint };
let deployCallee: Sent;
let deployCaller: Sent;
let runTx: Sent;
let failTx: Sent;
let resetTx: Sent;
let killTx: Sent;

beforeAll(async () => {
  const { keccak_256 } = await import('@noble/hashes/sha3.js');
  keccak = (s: string) => keccak_256(new TextEncoder().encode(s));
  const contracts = compile();
  const ctx = new edr.EdrContext();
  await ctx.registerProviderFactory(edr.L1_CHAIN_TYPE, edr.l1ProviderFactory());
  const provider = await ctx.createProvider(
    edr.L1_CHAIN_TYPE,
    {
      allowBlocksWithSameTimestamp: true,
      allowUnlimitedContractSize: false,
      bailOnCallFailure: false,
      bailOnTransactionFailure: false,
      chainId: CHAIN_ID,
      coinbase: hexToBytes(toAddr(COINBASE)),
      defaultTransactionGasLimit: 3_000_000n,
      genesisState: [
        ...edr.l1GenesisState(edr.SpecId.Cancun),
        { address: hexToBytes(SENDER), balance: BALANCE },
      ],
      hardfork: edr.CANCUN,
      initialBaseFeePerGas: 1n,
      minGasPrice: 0n,
      mining: { autoMine: true, memPool: { order: edr.MineOrdering.Priority } },
      network: { genesisBlockGasLimit: 30_000_000n },
      networkId: CHAIN_ID,
      observability: {},
      ownedAccounts: [KEY],
      precompileOverrides: [],
    },
    { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
    { subscriptionCallback: () => {} },
    new edr.ContractDecoder(),
  );
  pair = new Pair(provider);
  deployCallee = await pair.send('deploy Callee', null, contracts.Callee.bytecode);
  const callee = deployCallee.receipt.createdAddress!;
  deployCaller = await pair.send('deploy Caller', null, contracts.Caller.bytecode + word(callee));
  const caller = deployCaller.receipt.createdAddress!;
  addr = { callee, caller };
  runTx = await pair.send('run(5)', caller, sel('run(uint256)') + word(5n), 3n);
  failTx = await pair.send('mustFail()', caller, sel('mustFail()'));
  resetTx = await pair.send('reset()', caller, sel('reset()'));
  killTx = await pair.send('spawnAndKill()', caller, sel('spawnAndKill()'), 1000n);
}, 120_000);

async function edrTrace<T>(s: Sent, config: object): Promise<T> {
  return pair.rpc<T>('debug_traceTransaction', [s.hash, config]);
}

// ---- struct logger ------------------------------------------------------------------------------
describe('struct logger vs EDR', () => {
  const configs: [string, TraceConfig][] = [
    ['defaults', {}],
    ['memory and return data, no stack', { enableMemory: true, enableReturnData: true, disableStack: true }],
    ['no storage', { disableStorage: true }],
  ];
  for (const [name, config] of configs) {
    it(`matches step for step (${name})`, async () => {
      for (const s of pair.sent) {
        const ours = traceTdk(s, config) as StructLoggerResult;
        const theirs = await edrTrace<EdrResult>(s, config);
        compareStructLogs(`${s.label} [${name}]`, ours, theirs);
      }
    });
  }

  it('the scenario covers calls, creates, reverts, logs, storage and refunds', () => {
    const ours = traceTdk(runTx, {}) as StructLoggerResult;
    const ops = new Set(ours.structLogs.map((l) => l.op));
    for (const op of [
      'CALL',
      'STATICCALL',
      'DELEGATECALL',
      'CREATE',
      'CREATE2',
      'REVERT',
      'LOG1',
      'LOG2',
      'SSTORE',
      'SLOAD',
    ])
      expect(ops, op).toContain(op);
    expect(Math.max(...ours.structLogs.map((l) => l.depth))).toBe(2);
    const kill = traceTdk(killTx, {}) as StructLoggerResult;
    expect(kill.structLogs.map((l) => l.op)).toContain('SELFDESTRUCT');
    const fail = traceTdk(failTx, {}) as StructLoggerResult;
    expect(fail.failed).toBe(true);
    expect(decodeRevert(hexToBytes(fail.returnValue))).toBe('too small');
  });

  it('formats like geth: stack quantities, 0x words in memory and storage, no empty fields', () => {
    const r = traceTdk(runTx, { enableMemory: true }) as StructLoggerResult;
    const sstore = r.structLogs.find((l) => l.op === 'SSTORE')!;
    expect(sstore.stack!.every((v) => /^0x(0|[1-9a-f][0-9a-f]*)$/.test(v))).toBe(true);
    expect(
      Object.entries(sstore.storage!).every(
        ([k, v]) => /^0x[0-9a-f]{64}$/.test(k) && /^0x[0-9a-f]{64}$/.test(v),
      ),
    ).toBe(true);
    const withMemory = r.structLogs.find((l) => l.memory !== undefined)!;
    expect(withMemory.memory!.every((w) => /^0x[0-9a-f]{64}$/.test(w))).toBe(true);
    expect(r.structLogs[0]).toEqual({
      pc: 0,
      op: 'PUSH1',
      gas: r.structLogs[0].gas,
      gasCost: 3,
      depth: 1,
      stack: [],
    });
    expect(Object.keys(r.structLogs[0])).toEqual(['pc', 'op', 'gas', 'gasCost', 'depth', 'stack']);
    const reset = traceTdk(resetTx, {}) as StructLoggerResult;
    expect(reset.structLogs.some((l) => l.refund !== undefined && l.refund > 0)).toBe(true);
  });

  it('limit caps the number of steps; the kept steps are unchanged', () => {
    const all = traceTdk(runTx, {}) as StructLoggerResult;
    const capped = traceTdk(runTx, { limit: 25 }) as StructLoggerResult;
    expect(capped.structLogs).toHaveLength(25);
    expect(capped.structLogs).toEqual(all.structLogs.slice(0, 25));
    expect(capped.gas).toBe(all.gas);
    const none = traceTdk(runTx, { disableStack: true, disableStorage: true }) as StructLoggerResult;
    expect(
      none.structLogs.every(
        (l: StructLog) => l.stack === undefined && l.storage === undefined && l.memory === undefined,
      ),
    ).toBe(true);
  });
});

// ---- failing steps, against geth's rules --------------------------------------------------------
const OPS = new Map<string, number>();
OPCODES.forEach((o, i) => {
  if (o) OPS.set(o.name, i);
});
function asm(src: string): string {
  let out = '';
  let pushLen = 0;
  for (const t of src.split(/\s+/).filter((x) => x.length > 0)) {
    if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(t)) {
      out += BigInt(t)
        .toString(16)
        .padStart(pushLen * 2, '0');
      pushLen = 0;
    } else if (t.startsWith('RAW:')) out += t.slice(4);
    else {
      const op = OPS.get(t)!;
      if (op === undefined) throw new Error(t);
      out += op.toString(16).padStart(2, '0');
      pushLen = op >= 0x60 && op <= 0x7f ? op - 0x5f : 0;
    }
  }
  return out;
}

/** Runs `code` as a contract called by a transaction on a fresh tdk state. */
function runCode(code: string, config: TraceConfig, gas = 100_000n, extra?: (s: WorldState) => void) {
  const state = new WorldState();
  state.setBalance(SENDER_BIG, BALANCE);
  const target = 0xc0de0000000000000000000000000000000000c0den;
  state.setCode(target, hexToBytes(`0x${code}`));
  extra?.(state);
  const evm = new EVM({ state, block: defaultBlockEnv({ chainId: CHAIN_ID }) });
  const tracer = createTracer(config);
  tracer.attach(evm);
  const tx: UnsignedTransaction = {
    type: 0,
    chainId: CHAIN_ID,
    nonce: 0n,
    gasPrice: 1n,
    gasLimit: gas,
    to: target,
    value: 0n,
    data: new Uint8Array(0),
  };
  const out = runTransaction(evm, tx, SENDER_BIG);
  if (!out.ok) throw new Error('invalid');
  return { result: tracer.result({ gasLimit: gas, receipt: out.receipt }), receipt: out.receipt, target };
}

describe('struct logger on failing steps (geth rules)', () => {
  const last = (code: string, gas?: bigint) => {
    const r = runCode(asm(code), {}, gas).result as StructLoggerResult;
    expect(r.failed).toBe(true);
    expect(r.returnValue).toBe('0x');
    return r.structLogs[r.structLogs.length - 1];
  };

  it('stack underflow: static cost and geth error text', () => {
    expect(last('PUSH1 1 ADD')).toMatchObject({ op: 'ADD', gasCost: 3, error: 'stack underflow (1 <=> 2)' });
  });

  it('out of gas: static cost when it does not fit, sentry message for SSTORE', () => {
    const jumpLoop = last('JUMPDEST PUSH1 0 JUMP', 21_100n);
    expect(jumpLoop.error).toBe('out of gas');
    expect(jumpLoop.gasCost).toBeGreaterThan(jumpLoop.gas);
    expect(last('PUSH1 1 PUSH1 0 SSTORE', 21_000n + 2_000n)).toMatchObject({
      op: 'SSTORE',
      gasCost: 0,
      error: 'out of gas: not enough gas for reentrancy sentry',
    });
    expect(last('PUSH1 1 PUSH3 0xffffff MSTORE')).toMatchObject({ op: 'MSTORE', error: 'out of gas' });
  });

  it('failures while running carry no error and cost the static gas', () => {
    expect(last('PUSH1 3 JUMP STOP')).toEqual({
      pc: 2,
      op: 'JUMP',
      gas: expect.any(Number),
      gasCost: 8,
      depth: 1,
      stack: ['0x3'],
    });
    expect(last('PUSH1 1 INVALID')).toMatchObject({ op: 'INVALID', gasCost: 0 });
    expect(last('PUSH1 1 INVALID').error).toBeUndefined();
    expect(last('PUSH1 1 RAW:0c')).toMatchObject({ op: 'opcode 0xc not defined', gasCost: 0 });
  });
});

// ---- callTracer ---------------------------------------------------------------------------------
describe('callTracer', () => {
  it('matches EDR on every transaction, with and without logs', async () => {
    for (const s of pair.sent) {
      for (const tracerConfig of [{}, { withLog: true }, { onlyTopCall: true }]) {
        const ours = traceTdk(s, { tracer: 'callTracer', tracerConfig });
        const theirs = await edrTrace<CallFrameJson>(s, { tracer: 'callTracer', tracerConfig });
        expect(ours, `${s.label} ${JSON.stringify(tracerConfig)}`).toEqual(theirs);
      }
    }
  });

  it('reports the tree of run(5) with geth names, gas figures and revert reasons', () => {
    const t = traceTdk(runTx, { tracer: 'callTracer', tracerConfig: { withLog: true } }) as CallFrameJson;
    expect(t.type).toBe('CALL');
    expect(t.gas).toBe('0x2dc6c0');
    expect(BigInt(t.gasUsed)).toBe(runTx.receipt.gasUsed);
    expect(t.value).toBe('0x3');
    const calls = t.calls!;
    expect(calls.map((c) => c.type)).toEqual([
      'CALL',
      'STATICCALL',
      'STATICCALL',
      'CREATE2',
      'STATICCALL',
      'DELEGATECALL',
      'CREATE',
      'STATICCALL',
    ]);
    const [store, fail, div, create2, boom, delegate, create, view] = calls;
    expect(store).toMatchObject({
      from: toAddr(addr.caller),
      to: toAddr(addr.callee),
      output: `0x${word(10n)}`,
    });
    expect(store.logs).toHaveLength(1);
    expect(fail).toMatchObject({ error: 'execution reverted', revertReason: 'too small' });
    expect(div.error).toBe('execution reverted');
    expect(div.revertReason).toBe('division or modulo by zero');
    expect(div.value).toBeUndefined();
    expect(create2.to).toMatch(/^0x[0-9a-f]{40}$/);
    expect(boom).toMatchObject({ error: 'execution reverted', revertReason: 'assert(false)' });
    expect(delegate).toMatchObject({ from: toAddr(addr.caller), to: toAddr(addr.callee), value: '0x3' });
    expect(create.type).toBe('CREATE');
    expect(view.type).toBe('STATICCALL');
    // Each sub-call's gasUsed fits in the gas it was given.
    for (const c of calls) expect(BigInt(c.gasUsed) <= BigInt(c.gas)).toBe(true);
    // The top frame's own log comes after its 8 sub-calls.
    expect(t.logs).toEqual([expect.objectContaining({ position: '0x8' })]);
    // The gas handed to store() is what the struct logger's CALL gasCost includes.
    const steps = (traceTdk(runTx, {}) as StructLoggerResult).structLogs;
    const callStep = steps.findIndex((l) => l.op === 'CALL' && l.depth === 1);
    expect(steps[callStep + 1].gas).toBe(Number(BigInt(store.gas)));
  });

  it('failed transaction: top-level error and revert reason; logs of failed frames dropped', () => {
    const t = traceTdk(failTx, { tracer: 'callTracer', tracerConfig: { withLog: true } }) as CallFrameJson;
    expect(t).toMatchObject({ error: 'execution reverted', revertReason: 'too small' });
    expect(t.calls![0]).toMatchObject({ error: 'execution reverted', revertReason: 'too small' });
  });

  it('SELFDESTRUCT appears as a sub-call carrying the balance', () => {
    const t = traceTdk(killTx, { tracer: 'callTracer' }) as CallFrameJson;
    const die = t.calls![1];
    expect(die.calls).toEqual([
      {
        from: t.calls![0].to,
        gas: '0x0',
        gasUsed: '0x0',
        to: toAddr(addr.callee),
        input: '0x',
        value: '0x3e8',
        type: 'SELFDESTRUCT',
      },
    ]);
  });

  it('a CALL refused for lack of balance is a failed sub-call, as in geth', () => {
    const to = 0xbeefn;
    const code = asm(`PUSH1 0 PUSH1 0 PUSH1 4 PUSH1 0 PUSH1 100 PUSH20 ${to} PUSH2 0xffff CALL STOP`);
    const t = runCode(code, { tracer: 'callTracer' }, 200_000n).result as CallFrameJson;
    expect(t.error).toBeUndefined();
    expect(t.calls).toEqual([
      {
        from: t.to,
        gas: toHex(0xffffn + 2300n),
        gasUsed: '0x0',
        to: toAddr(to),
        input: '0x00000000',
        error: 'insufficient balance for transfer',
        value: '0x64',
        type: 'CALL',
      },
    ]);
  });

  it('exceptional halts are named as geth names them', () => {
    const error = (code: string, gas?: bigint) =>
      (runCode(asm(code), { tracer: 'callTracer' }, gas).result as CallFrameJson).error;
    expect(error('PUSH1 1 INVALID')).toBe('invalid opcode: INVALID');
    expect(error('RAW:0c')).toBe('invalid opcode: opcode 0xc not defined');
    expect(error('PUSH1 3 JUMP STOP')).toBe('invalid jump destination');
    expect(error('PUSH1 1 ADD')).toBe('stack underflow (1 <=> 2)');
    expect(error('JUMPDEST PUSH1 0 JUMP', 30_000n)).toBe('out of gas');
    // A create whose code deposit does not fit.
    const init = asm('PUSH2 0x1000 PUSH1 0 RETURN'); // deploys 4096 zero bytes: 819200 gas
    const r = runCode(
      asm(
        `PUSH32 0x${init.padEnd(64, '0')} PUSH1 0 MSTORE PUSH1 ${init.length / 2} PUSH1 0 PUSH1 0 CREATE STOP`,
      ),
      { tracer: 'callTracer' },
      300_000n,
    ).result as CallFrameJson;
    expect(r.calls![0]).toMatchObject({ type: 'CREATE', error: 'contract creation code storage out of gas' });
    expect(r.calls![0].to).toBeUndefined();
  });
});

describe('other tracers and errors', () => {
  it('4byteTracer counts selectors with calldata sizes', () => {
    const r = traceTdk(runTx, { tracer: '4byteTracer' }) as Record<string, number>;
    expect(r[`0x${sel('run(uint256)')}-32`]).toBe(1);
    expect(r[`0x${sel('store(uint256)')}-32`]).toBe(2);
    expect(r[`0x${sel('div(uint256,uint256)')}-64`]).toBe(1);
  });

  it('revert reasons are decoded as geth decodes them', () => {
    expect(decodeRevert(hexToBytes(`0x4e487b71${word(0x11n)}`))).toBe('arithmetic underflow or overflow');
    expect(decodeRevert(hexToBytes(`0x4e487b71${word(0x99n)}`))).toBe('unknown panic code: 0x99');
    expect(decodeRevert(hexToBytes('0x12345678'))).toBeUndefined();
  });

  it('an unknown tracer is a typed error naming the supported ones', () => {
    const e = (() => {
      try {
        createTracer({ tracer: 'jsTracer{}' });
      } catch (err) {
        return err;
      }
    })() as TracerError;
    expect(e).toBeInstanceOf(TracerError);
    expect(e.code).toBe('TDK_RPC_TRACER');
    expect(e.hint).toContain('callTracer');
    expect(e.hint).toContain('4byteTracer');
    expect(() => createTracer({ tracer: 'callTracer', tracerConfig: { onlyTopCall: 'yes' } })).toThrow(
      TracerError,
    );
    expect(() => createTracer({ limit: -1 })).toThrow(TracerError);
  });
});
