// The EVM inspector a test runs under: answers calls to the cheatcode and console addresses, and
// carries the per-test cheatcode state (pranks, expected reverts/emits/calls, mocks, recordings,
// paused gas metering) through the EVM's interception hooks.
import { encodeAbiParameters } from 'viem';
import {
  type CallParams,
  type CreateParams,
  EMPTY_BYTES,
  type EVM,
  type Frame,
  type Immediate,
  type Inspector,
  type Log,
} from '../evm/index.js';
import { dispatchCheatcode } from './cheatcodes.js';
import { decodeConsoleLog } from './console-log.js';
import { CHEATCODE_ADDRESS, CONSOLE_ADDRESS } from './constants.js';
import type { ErrorDecoder } from './revert-reason.js';
import { errorString } from './revert-reason.js';
import type { StateSnapshot } from './state-snapshot.js';
import type { TraceRecorder } from './trace.js';

/** Revert payloads the runner recognises: vm.assume(false) and vm.skip(true). */
export const ASSUME_MAGIC = new TextEncoder().encode('FOUNDRY::ASSUME');
export const SKIP_MAGIC = new TextEncoder().encode('FOUNDRY::SKIP');
/** What a call that reverted as expected returns: zeros enough to decode as any return type. */
const DUMMY_OUTPUT = new Uint8Array(8192);
const DUMMY_CREATED = 1n;

export interface Prank {
  readonly sender: bigint;
  readonly origin?: bigint;
  /** Depth of the calls it applies to, and the contract that must make them. */
  readonly depth: number;
  readonly setter: bigint;
  readonly single: boolean;
}

export interface ExpectedRevert {
  readonly depth: number;
  /** undefined: any revert. */
  readonly data?: Uint8Array;
  /** Only the first four bytes must match (expectRevert(bytes4)). */
  readonly selectorOnly: boolean;
  readonly reverter?: bigint;
}

export interface ExpectedEmit {
  readonly depth: number;
  readonly setter: bigint;
  readonly checks: readonly [boolean, boolean, boolean, boolean];
  readonly emitter?: bigint;
  log?: Log;
  found: boolean;
}

export interface ExpectedCall {
  readonly target: bigint;
  readonly data: Uint8Array;
  readonly value?: bigint;
  /** Gas the call must be given (stipend included), from expectCall(address,uint256,uint64,bytes). */
  readonly gas?: bigint;
  /** Exact count; undefined: at least once. */
  readonly count?: number;
  seen: number;
}

export interface MockedCall {
  readonly data: Uint8Array;
  readonly value?: bigint;
  readonly ret: Uint8Array;
  /** mockCallRevert: the call reverts with `ret` instead of returning it. */
  readonly revert?: boolean;
}

/** What a test's environment needs besides the EVM: artifacts, project root, permissions. */
export interface TestContext {
  readonly root: string;
  readonly fsPermissions: readonly {
    readonly access: 'read' | 'write' | 'read-write';
    readonly path: string;
  }[];
  readonly artifacts: readonly TestArtifact[];
  readonly errors: ErrorDecoder;
  /** Variables of the project's .env file (process.env takes precedence). */
  readonly env: ReadonlyMap<string, string>;
  /** Signatures of Vm functions tdk does not implement, by selector. */
  readonly vmSignatures: ReadonlyMap<number, string>;
}

export interface TestArtifact {
  readonly contractName: string;
  readonly sourcePath: string;
  readonly abi: readonly unknown[];
  readonly bytecode: string;
  readonly deployedBytecode: string;
}

interface Active {
  readonly depth: number;
  readonly create: boolean;
  /** Calldata (calls only), for the gas report. */
  readonly input?: Uint8Array;
  /** Gas the call was given (refunded in full while gas metering is paused). */
  readonly gas: bigint;
  readonly address: bigint;
  readonly cheat: boolean;
  readonly restoreOrigin?: bigint;
  readonly expectRevert?: ExpectedRevert;
  readonly emits?: ExpectedEmit[];
  emitIndex: number;
}

/** Receives the test contract's own calls and creates (forge's gas report: depth 1 only). */
export interface GasSampler {
  call(address: bigint, input: Uint8Array, gas: bigint): void;
  create(address: bigint, gas: bigint): void;
}

/** Mutable per-test cheatcode state; copied at the post-setUp base and restored for every test. */
export interface CheatState {
  prank?: Prank;
  expectedRevert?: ExpectedRevert;
  expectedEmits: ExpectedEmit[];
  expectedCalls: ExpectedCall[];
  mocks: Map<bigint, MockedCall[]>;
  labels: Map<bigint, string>;
  recording?: { reads: Map<bigint, bigint[]>; writes: Map<bigint, bigint[]> };
  /** vm.stopRecord: the accesses recorded so far stay readable, new ones are not added. */
  recordingStopped?: boolean;
  /** Variables set with vm.setEnv (they win over process.env and .env). */
  env: Map<string, string>;
  /** vm.readLine's cursor per file: the byte offset of the next line. */
  lineCursors: Map<string, number>;
  mappings?: MappingRecording;
  recordedLogs?: Log[];
  snapshots: Map<bigint, StateSnapshot>;
  nextSnapshot: bigint;
  gasPause?: { frame: Frame; gas: bigint };
}

export interface MappingRecording {
  /** keccak256(key . slot) -> [key, slot], from 64-byte hashes seen. */
  readonly hashes: Map<bigint, [bigint, bigint]>;
  /** Per contract: child slot -> [key, parent], and parent -> child slots in write order. */
  readonly children: Map<bigint, Map<bigint, [bigint, bigint]>>;
  readonly byParent: Map<bigint, Map<bigint, bigint[]>>;
}

export function freshCheatState(): CheatState {
  return {
    expectedEmits: [],
    expectedCalls: [],
    mocks: new Map(),
    labels: new Map(),
    env: new Map(),
    lineCursors: new Map(),
    snapshots: new Map(),
    nextSnapshot: 0n,
  };
}

export function copyCheatState(s: CheatState): CheatState {
  return {
    ...s,
    expectedEmits: s.expectedEmits.map((e) => ({ ...e })),
    expectedCalls: s.expectedCalls.map((e) => ({ ...e })),
    mocks: new Map([...s.mocks].map(([k, v]) => [k, [...v]])),
    labels: new Map(s.labels),
    env: new Map(s.env),
    lineCursors: new Map(s.lineCursors),
    recording: s.recording && {
      reads: new Map([...s.recording.reads].map(([k, v]) => [k, [...v]])),
      writes: new Map([...s.recording.writes].map(([k, v]) => [k, [...v]])),
    },
    recordedLogs: s.recordedLogs && [...s.recordedLogs],
    snapshots: new Map(s.snapshots),
    gasPause: undefined,
  };
}

export class TestInspector implements Inspector {
  evm!: EVM;
  cheats: CheatState = freshCheatState();
  /** console.log lines of the current test. */
  logs: string[] = [];
  /** The revert data the last failing call started from and where it came from (expectRevert(…, reverter)). */
  private lastRevert: { data: Uint8Array; address: bigint } | undefined;
  private readonly stack: Active[] = [];
  trace: TraceRecorder | undefined;
  /** Set with --gas-report: depth-1 calls and creates of the test contract are sampled here. */
  gasSampler: GasSampler | undefined;

  // Hooks installed only while something needs them, so plain tests pay nothing per SLOAD/LOG.
  storageRead?: (address: bigint, key: bigint, value: bigint) => void;
  storageWrite?: (address: bigint, key: bigint, previous: bigint, value: bigint) => void;
  keccak?: (input: Uint8Array, hash: bigint) => void;
  log?: (log: Log) => void;
  callEnter?: Inspector['callEnter'];
  callExit?: Inspector['callExit'];

  constructor(readonly context: TestContext) {}

  /** Before each top-level call of a run: per-call bookkeeping starts over, cheat state stays. */
  newCall(): void {
    this.stack.length = 0;
    this.lastRevert = undefined;
  }

  /** Starts a test (or setUp) from `cheats`. */
  begin(cheats: CheatState): void {
    this.cheats = cheats;
    this.logs = [];
    this.stack.length = 0;
    this.lastRevert = undefined;
    this.refreshHooks();
  }

  /** Re-derives which optional hooks are live from the cheat state. */
  refreshHooks(): void {
    const c = this.cheats;
    const t = this.trace;
    const recording = c.recordingStopped ? undefined : c.recording;
    this.storageRead = recording ? (a, k) => push(recording.reads, a, k) : undefined;
    this.storageWrite =
      recording || c.mappings
        ? (a, k) => {
            if (recording) {
              push(recording.reads, a, k);
              push(recording.writes, a, k);
            }
            if (c.mappings) recordMappingWrite(c.mappings, a, k);
          }
        : undefined;
    this.keccak = c.mappings
      ? (input, hash) => {
          if (input.length === 64) c.mappings!.hashes.set(hash, [word(input, 0), word(input, 32)]);
        }
      : undefined;
    const wantLogs = c.recordedLogs !== undefined || c.expectedEmits.length > 0 || t !== undefined;
    this.log = wantLogs ? (l) => this.onLog(l) : undefined;
    this.callEnter = t ? (e) => t.enter(e) : undefined;
    this.callExit = t ? (e) => t.exit(e) : undefined;
  }

  interceptCall(p: CallParams, parent: Frame | null): CallParams | Immediate | undefined {
    const c = this.cheats;
    if ((p.codeAddress === CHEATCODE_ADDRESS || p.codeAddress === CONSOLE_ADDRESS) && parent !== null) {
      // Answered here, never run: recorded as a cheat frame so callEnd pairs up.
      this.stack.push({
        depth: p.depth,
        create: false,
        gas: p.gas,
        address: p.address,
        cheat: true,
        emitIndex: 0,
      });
      if (p.codeAddress === CHEATCODE_ADDRESS) return dispatchCheatcode(this, p, parent);
      const line = decodeConsoleLog(p.input);
      if (line !== undefined) this.logs.push(line);
      return { status: 'success', output: EMPTY_BYTES, gas: p.gas, createdAddress: 0n };
    }
    let params = p;
    let restoreOrigin: bigint | undefined;
    const prank = c.prank;
    if (prank && p.depth === prank.depth && p.caller === prank.setter && p.kind !== 'DELEGATECALL') {
      params = { ...p, caller: prank.sender };
      if (prank.origin !== undefined) {
        restoreOrigin = this.evm.tx.origin;
        this.evm.tx = { ...this.evm.tx, origin: prank.origin };
      }
      if (prank.single) c.prank = undefined;
    }
    for (const e of c.expectedCalls) {
      if (
        e.target === p.address &&
        startsWith(p.input, e.data) &&
        (e.value === undefined || e.value === p.value) &&
        (e.gas === undefined || e.gas === p.gas)
      )
        e.seen++;
    }
    const frame = this.claimExpectations(params.depth);
    const mock = this.findMock(p);
    if (mock?.revert && frame.expectRevert !== undefined) {
      // forge answers a mocked call before entering it, so a revert the mock makes is not one from
      // a deeper call and cannot satisfy expectRevert: the test fails with forge's message.
      frame.expectRevert = undefined;
      this.stack.push({
        depth: p.depth,
        create: false,
        gas: p.gas,
        address: p.address,
        cheat: false,
        restoreOrigin,
        ...frame,
        emitIndex: 0,
      });
      return revertWith("call didn't revert at a lower depth than cheatcode call depth", p.gas);
    }
    this.stack.push({
      depth: p.depth,
      create: false,
      gas: p.gas,
      input: p.input,
      address: p.address,
      cheat: false,
      restoreOrigin,
      ...frame,
      emitIndex: 0,
    });
    if (mock !== undefined)
      return { status: mock.revert ? 'revert' : 'success', output: mock.ret, gas: p.gas, createdAddress: 0n };
    return params === p ? undefined : params;
  }

  /** The mocked call `p` matches: the longest matching calldata prefix wins. */
  private findMock(p: CallParams): MockedCall | undefined {
    const mocked = this.cheats.mocks.get(p.address);
    if (mocked === undefined) return undefined;
    let best: MockedCall | undefined;
    for (const m of mocked) {
      if (!startsWith(p.input, m.data) || (m.value !== undefined && m.value !== p.value)) continue;
      if (best === undefined || m.data.length > best.data.length) best = m;
    }
    return best;
  }

  interceptCreate(p: CreateParams, parent: Frame | null): CreateParams | Immediate | undefined {
    let params = p;
    let restoreOrigin: bigint | undefined;
    const prank = this.cheats.prank;
    if (parent !== null && prank && p.depth === prank.depth && p.caller === prank.setter) {
      params = { ...p, caller: prank.sender };
      if (prank.origin !== undefined) {
        restoreOrigin = this.evm.tx.origin;
        this.evm.tx = { ...this.evm.tx, origin: prank.origin };
      }
      if (prank.single) this.cheats.prank = undefined;
    }
    const frame = parent === null ? {} : this.claimExpectations(p.depth);
    this.stack.push({
      depth: p.depth,
      create: true,
      gas: p.gas,
      address: 0n,
      cheat: false,
      restoreOrigin,
      ...frame,
      emitIndex: 0,
    });
    return params === p ? undefined : params;
  }

  callEnd(depth: number, r: Immediate): Immediate | undefined {
    return this.end(depth, r);
  }

  createEnd(depth: number, r: Immediate): Immediate | undefined {
    return this.end(depth, r);
  }

  /** Expectations armed at `depth` that this call (the next one at that depth) must satisfy. */
  private claimExpectations(depth: number): { expectRevert?: ExpectedRevert; emits?: ExpectedEmit[] } {
    const c = this.cheats;
    const out: { expectRevert?: ExpectedRevert; emits?: ExpectedEmit[] } = {};
    if (c.expectedRevert && c.expectedRevert.depth === depth) {
      out.expectRevert = c.expectedRevert;
      c.expectedRevert = undefined;
    }
    if (c.expectedEmits.length > 0 && c.expectedEmits.every((e) => e.log !== undefined)) {
      const mine = c.expectedEmits.filter((e) => e.depth === depth);
      if (mine.length > 0) {
        out.emits = mine;
        c.expectedEmits = c.expectedEmits.filter((e) => e.depth !== depth);
      }
    }
    return out;
  }

  private end(depth: number, r: Immediate): Immediate | undefined {
    const a = this.stack.pop();
    if (a === undefined || a.cheat) return undefined;
    if (a.restoreOrigin !== undefined) this.evm.tx = { ...this.evm.tx, origin: a.restoreOrigin };
    if (r.status !== 'success') {
      const last = this.lastRevert;
      if (!(last && r.status === 'revert' && equal(last.data, r.output)))
        this.lastRevert = { data: r.output, address: a.address };
    }
    let out: Immediate | undefined;
    if (a.emits !== undefined && r.status === 'success') {
      const missing = a.emits.find((e) => !e.found);
      if (missing !== undefined) out = revertWith('log != expected log', r.gas);
    }
    if (a.expectRevert !== undefined) out = this.checkRevert(a.expectRevert, r, a.create);
    const sampler = this.gasSampler;
    if (sampler !== undefined && depth === 1 && r.status !== 'halt') {
      if (a.create) {
        if (r.status === 'success') sampler.create(r.createdAddress, a.gas - r.gas);
      } else sampler.call(a.address, a.input ?? EMPTY_BYTES, a.gas - r.gas);
    }
    const pause = this.cheats.gasPause;
    if (pause !== undefined && depth === pause.frame.depth + 1 && (out ?? r).status !== 'halt') {
      // Paused metering: what the paused frame's calls burn is handed back, so gasleft() stands still.
      out = { ...(out ?? r), gas: a.gas };
    }
    return out;
  }

  private checkRevert(e: ExpectedRevert, r: Immediate, isCreate: boolean): Immediate {
    if (r.status === 'success') return revertWith('call did not revert as expected', r.gas);
    const data = r.status === 'revert' ? r.output : EMPTY_BYTES;
    if (e.data !== undefined && !revertMatches(e, data)) {
      const actual = this.context.errors.decode(data);
      const expected = errorString(abiErrorString(e.data)) ?? this.context.errors.decode(e.data);
      return revertWith(`Error != expected error: ${actual} != ${expected}`, r.gas);
    }
    if (e.reverter !== undefined && this.lastRevert?.address !== e.reverter) {
      return revertWith(
        `Reverter != expected reverter: 0x${(this.lastRevert?.address ?? 0n).toString(16).padStart(40, '0')} != 0x${e.reverter.toString(16).padStart(40, '0')}`,
        r.gas,
      );
    }
    // Like forge: the caller sees zeros it can decode as any return type (or a dummy created address).
    return {
      status: 'success',
      output: DUMMY_OUTPUT,
      gas: r.gas,
      createdAddress: isCreate ? DUMMY_CREATED : 0n,
    };
  }

  private onLog(l: Log): void {
    const c = this.cheats;
    if (c.recordedLogs) c.recordedLogs.push(l);
    this.trace?.log(l);
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return;
    // The test emitting the event it expects: that fills the pending expectation.
    const pending = c.expectedEmits.find((e) => e.log === undefined);
    if (pending && top.address === pending.setter && top.depth === pending.depth - 1) {
      pending.log = l;
      return;
    }
    // A log inside a call that carries emit expectations: match them in order.
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const a = this.stack[i];
      if (a.emits === undefined) continue;
      const e = a.emits[a.emitIndex];
      if (e !== undefined && logMatches(e, l)) {
        e.found = true;
        a.emitIndex++;
      }
      break;
    }
  }
}

function revertMatches(e: ExpectedRevert, data: Uint8Array): boolean {
  const want = e.data!;
  if (e.selectorOnly) return data.length >= 4 && startsWith(data, want.subarray(0, 4));
  if (equal(want, data)) return true;
  // expectRevert(bytes("message")) matches Error(string) with that message.
  const msg = errorString(data);
  return msg !== undefined && msg === new TextDecoder().decode(want);
}

/** Bytes that may be a bare message: wrapped as Error(string) for display. */
function abiErrorString(data: Uint8Array): Uint8Array {
  if (errorString(data) !== undefined) return data;
  return errorBytes(new TextDecoder().decode(data));
}

function logMatches(e: ExpectedEmit, l: Log): boolean {
  const want = e.log!;
  if (e.emitter !== undefined && e.emitter !== l.address) return false;
  if (want.topics.length !== l.topics.length) return false;
  if (want.topics[0] !== l.topics[0]) return false;
  for (let i = 1; i < 4; i++) if (e.checks[i - 1] && want.topics[i] !== l.topics[i]) return false;
  return !e.checks[3] || equal(want.data, l.data);
}

function recordMappingWrite(m: MappingRecording, address: bigint, slot: bigint): void {
  const found = m.hashes.get(slot);
  if (found === undefined) return;
  let children = m.children.get(address);
  if (children === undefined) m.children.set(address, (children = new Map()));
  if (children.has(slot)) return;
  children.set(slot, found);
  let byParent = m.byParent.get(address);
  if (byParent === undefined) m.byParent.set(address, (byParent = new Map()));
  const list = byParent.get(found[1]) ?? [];
  list.push(slot);
  byParent.set(found[1], list);
}

export function errorBytes(message: string): Uint8Array {
  const enc = encodeAbiParameters([{ type: 'string' }], [message]);
  const out = new Uint8Array(4 + (enc.length - 2) / 2);
  out.set([0x08, 0xc3, 0x79, 0xa0]);
  for (let i = 0; i < out.length - 4; i++) out[4 + i] = Number.parseInt(enc.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

export function revertWith(message: string, gas: bigint): Immediate {
  return { status: 'revert', output: errorBytes(message), gas, createdAddress: 0n };
}

function push(m: Map<bigint, bigint[]>, a: bigint, k: bigint): void {
  const l = m.get(a);
  if (l === undefined) m.set(a, [k]);
  else l.push(k);
}

function word(b: Uint8Array, off: number): bigint {
  let v = 0n;
  for (let i = off; i < off + 32; i++) v = (v << 8n) | BigInt(b[i]);
  return v;
}

export function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

export function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && startsWith(a, b);
}
