// The cheatcodes tdk implements, dispatched by the selector of forge-std's Vm signature. Each entry
// decodes its arguments with viem, acts on the EVM or the test's cheat state, and returns values
// that are ABI-encoded as the Vm declaration says. A failing cheatcode reverts with Error(string),
// which fails the test with that message.
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  type AbiParameter,
  bytesToHex,
  decodeAbiParameters,
  encodeAbiParameters,
  getAddress,
  getContractAddress,
  type Hex,
  hexToBytes,
  isAddress,
  keccak256,
  parseAbiParameters,
} from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { type CallParams, EMPTY_BYTES, type Frame, type Immediate } from '../evm/index.js';
import { BLOB_BASE_FEE_UPDATE_FRACTION, blobBaseFee } from '../evm/tx/validate.js';
import { CHEATCODE_ADDRESS } from './constants.js';
import { selectorOf } from './selector.js';
import { restoreSnapshot, takeSnapshot } from './state-snapshot.js';
import { staticDecoder, staticEncoder } from './static-abi.js';
import {
  ASSUME_MAGIC,
  type ExpectedCall,
  errorBytes,
  SKIP_MAGIC,
  type TestArtifact,
  type TestInspector,
} from './test-inspector.js';

/** A cheatcode failure: the test fails with this message. */
export class CheatError extends Error {}

interface Call {
  readonly ins: TestInspector;
  readonly p: CallParams;
  readonly parent: Frame;
  readonly name: string;
}

// biome-ignore lint/suspicious/noExplicitAny: arguments are typed by each entry's signature string, which TypeScript cannot see
type Impl = (args: readonly any[], c: Call) => readonly unknown[] | undefined;

interface Cheatcode {
  readonly signature: string;
  readonly params: string;
  readonly returns: string;
  readonly impl: Impl;
  /** Parsed on first use: most of the table is never called in a given run. */
  coders?: Coders;
}

interface Coders {
  readonly inputs: readonly AbiParameter[];
  readonly outputs: readonly AbiParameter[];
  readonly decode: (input: Uint8Array) => unknown[];
  readonly encode: (values: readonly unknown[]) => Uint8Array;
}

const TABLE = new Map<number, Cheatcode>();

function def(signature: string, returns: string, impl: Impl): void {
  const params = signature.slice(signature.indexOf('(') + 1, -1);
  TABLE.set(selectorOf(signature), { signature, params, returns, impl });
}

function codersOf(cheat: Cheatcode): Coders {
  if (cheat.coders) return cheat.coders;
  const inputs = cheat.params === '' ? [] : parseAbiParameters(cheat.params);
  const outputs = cheat.returns === '' ? [] : parseAbiParameters(cheat.returns);
  const fastDecode = staticDecoder(inputs);
  const fastEncode = staticEncoder(outputs);
  cheat.coders = {
    inputs,
    outputs,
    decode:
      inputs.length === 0
        ? () => []
        : fastDecode
          ? (input) => fastDecode(input, 4)
          : (input) => [...decodeAbiParameters(inputs, input.subarray(4))],
    encode:
      outputs.length === 0
        ? () => EMPTY_BYTES
        : (fastEncode ?? ((values) => hexToBytes(encodeAbiParameters(outputs, values)))),
  };
  return cheat.coders;
}

/** Every signature tdk implements (docs and tests list them from here). */
export function supportedCheatcodes(): string[] {
  return [...TABLE.values()].map((c) => c.signature).sort();
}

export function dispatchCheatcode(ins: TestInspector, p: CallParams, parent: Frame): Immediate {
  const input = p.input;
  if (input.length < 4) return fail('unknown cheatcode (no selector)', p.gas);
  const sel = ((input[0] << 24) | (input[1] << 16) | (input[2] << 8) | input[3]) >>> 0;
  const cheat = TABLE.get(sel);
  if (cheat === undefined) {
    const known = ins.context.vmSignatures.get(sel);
    return fail(
      known ? `unsupported cheatcode: ${known}` : `unknown cheatcode 0x${sel.toString(16).padStart(8, '0')}`,
      p.gas,
    );
  }
  const name = cheat.signature.slice(0, cheat.signature.indexOf('('));
  try {
    const coders = codersOf(cheat);
    const result = cheat.impl(coders.decode(input), { ins, p, parent, name });
    const output = coders.encode(result ?? []);
    return { status: 'success', output, gas: p.gas, createdAddress: 0n };
  } catch (err) {
    if (err instanceof Magic) return { status: 'revert', output: err.data, gas: p.gas, createdAddress: 0n };
    const message = err instanceof CheatError ? err.message : `vm.${name}: ${(err as Error).message}`;
    return fail(message, p.gas);
  }
}

class Magic extends Error {
  constructor(readonly data: Uint8Array) {
    super('magic revert');
  }
}

function fail(message: string, gas: bigint): Immediate {
  return { status: 'revert', output: errorBytes(message), gas, createdAddress: 0n };
}

function bytes(hex: Hex): Uint8Array {
  return hexToBytes(hex);
}

function addr(a: Hex): bigint {
  return BigInt(a);
}

function hexAddr(a: bigint): Hex {
  return getAddress(`0x${a.toString(16).padStart(40, '0')}`);
}

function word(v: bigint): Hex {
  return `0x${v.toString(16).padStart(64, '0')}`;
}

// ---- pranks ------------------------------------------------------------------------------------

function prank(c: Call, sender: Hex, origin: Hex | undefined, single: boolean): undefined {
  const cheats = c.ins.cheats;
  if (cheats.prank && !cheats.prank.single && single && cheats.prank.depth === c.p.depth)
    throw new CheatError('vm.prank: cannot overwrite a prank until it is applied at least once');
  cheats.prank = {
    sender: addr(sender),
    origin: origin === undefined ? undefined : addr(origin),
    depth: c.p.depth,
    setter: c.p.caller,
    single,
  };
  return undefined;
}
def('prank(address)', '', ([s], c) => prank(c, s, undefined, true));
def('prank(address,address)', '', ([s, o], c) => prank(c, s, o, true));
def('startPrank(address)', '', ([s], c) => prank(c, s, undefined, false));
def('startPrank(address,address)', '', ([s, o], c) => prank(c, s, o, false));
def('stopPrank()', '', (_a, c) => {
  c.ins.cheats.prank = undefined;
  return undefined;
});

/** forge's CallerMode: None, Broadcast, RecurrentBroadcast, Prank, RecurrentPrank (no broadcasts in tdk). */
const CALLER_PRANK = 3;
const CALLER_RECURRENT_PRANK = 4;
def('readCallers()', 'uint8,address,address', (_a, c) => {
  const origin = hexAddr(c.ins.evm.tx.origin);
  const prank = c.ins.cheats.prank;
  if (prank === undefined) return [0, origin, origin];
  return [
    prank.single ? CALLER_PRANK : CALLER_RECURRENT_PRANK,
    hexAddr(prank.sender),
    prank.origin === undefined ? origin : hexAddr(prank.origin),
  ];
});

// ---- environment -------------------------------------------------------------------------------

function setBlock(c: Call, change: Partial<import('../evm/index.js').BlockEnv>): undefined {
  c.ins.evm.block = { ...c.ins.evm.block, ...change };
  return undefined;
}
def('warp(uint256)', '', ([t], c) => setBlock(c, { timestamp: t }));
def('roll(uint256)', '', ([n], c) => setBlock(c, { number: n }));
def('fee(uint256)', '', ([f], c) => setBlock(c, { baseFee: f }));
def('chainId(uint256)', '', ([id], c) => {
  if (id >= 1n << 64n) throw new CheatError('vm.chainId: chain ID must be less than 2^64 - 1');
  return setBlock(c, { chainId: id });
});
def('coinbase(address)', '', ([a], c) => setBlock(c, { coinbase: addr(a) }));
def('prevrandao(bytes32)', '', ([r], c) => setBlock(c, { prevRandao: BigInt(r) }));
def('prevrandao(uint256)', '', ([r], c) => setBlock(c, { prevRandao: r }));
def('txGasPrice(uint256)', '', ([g], c) => {
  c.ins.evm.tx = { ...c.ins.evm.tx, gasPrice: g };
  return undefined;
});
def('difficulty(uint256)', '', () => {
  // tdk runs Cancun: DIFFICULTY is PREVRANDAO since the Merge, as forge says.
  throw new CheatError(
    'vm.difficulty: `difficulty` is not supported after the Paris hard fork, use `prevrandao` instead; see EIP-4399: https://eips.ethereum.org/EIPS/eip-4399',
  );
});
// forge passes the value on as the block's excess blob gas, so BLOBBASEFEE reads
// fake_exponential(1, value, 3338477) (EIP-4844), not the value itself; tdk does the same.
const MAX_EXCESS_BLOB_GAS = 170n * BLOB_BASE_FEE_UPDATE_FRACTION; // e^170 still fits in 256 bits
def('blobBaseFee(uint256)', '', ([excess], c) => {
  if (excess > MAX_EXCESS_BLOB_GAS)
    throw new CheatError(`vm.blobBaseFee: excess blob gas must be at most ${MAX_EXCESS_BLOB_GAS}`);
  return setBlock(c, { blobBaseFee: blobBaseFee(excess) });
});
def('getBlockNumber()', 'uint256', (_a, c) => [c.ins.evm.block.number]);
def('getBlockTimestamp()', 'uint256', (_a, c) => [c.ins.evm.block.timestamp]);

// ---- accounts and storage ----------------------------------------------------------------------

def('deal(address,uint256)', '', ([a, v], c) => {
  c.ins.evm.state.setBalance(addr(a), v);
  return undefined;
});
def('etch(address,bytes)', '', ([a, code], c) => {
  c.ins.evm.state.setCode(addr(a), bytes(code));
  return undefined;
});
def('store(address,bytes32,bytes32)', '', ([a, k, v], c) => {
  c.ins.evm.state.setStorage(addr(a), BigInt(k), BigInt(v));
  return undefined;
});
def('load(address,bytes32)', 'bytes32', ([a, k], c) => [
  word(c.ins.evm.state.getStorage(addr(a), BigInt(k))),
]);
def('getNonce(address)', 'uint64', ([a], c) => [c.ins.evm.state.getNonce(addr(a))]);
def('setNonce(address,uint64)', '', ([a, n], c) => {
  const cur = c.ins.evm.state.getNonce(addr(a));
  if (n < cur)
    throw new CheatError(
      `vm.setNonce: new nonce (${n}) must be strictly equal to or higher than the account's current nonce (${cur})`,
    );
  c.ins.evm.state.setNonce(addr(a), n);
  return undefined;
});
def('setNonceUnsafe(address,uint64)', '', ([a, n], c) => {
  c.ins.evm.state.setNonce(addr(a), n);
  return undefined;
});
def('resetNonce(address)', '', ([a], c) => {
  // EIP-161: an account with code starts at nonce 1, an EOA at 0.
  const hasCode = (c.ins.evm.state.getCode(addr(a))?.length ?? 0) > 0;
  c.ins.evm.state.setNonce(addr(a), hasCode ? 1n : 0n);
  return undefined;
});
def('label(address,string)', '', ([a, l], c) => {
  c.ins.cheats.labels.set(addr(a), l);
  return undefined;
});
def('getLabel(address)', 'string', ([a], c) => [
  c.ins.cheats.labels.get(addr(a)) ?? `unlabeled:${getAddress(a)}`,
]);

// ---- keys --------------------------------------------------------------------------------------

const N = secp256k1.Point.CURVE().n;
function privateKey(pk: bigint, name: string): Uint8Array {
  if (pk === 0n || pk >= N)
    throw new CheatError(`vm.${name}: private key must be non-zero and less than the secp256k1 curve order`);
  return hexToBytes(word(pk));
}
def('addr(uint256)', 'address', ([pk]) => [privateKeyToAddress(bytesToHex(privateKey(pk, 'addr')))]);
def('sign(uint256,bytes32)', 'uint8,bytes32,bytes32', ([pk, digest]) => {
  const sig = secp256k1.sign(hexToBytes(digest), privateKey(pk, 'sign'), {
    prehash: false,
    format: 'recovered',
  });
  const r = bytesToHex(sig.subarray(1, 33));
  const s = bytesToHex(sig.subarray(33, 65));
  return [27 + sig[0], r, s];
});

def('signCompact(uint256,bytes32)', 'bytes32,bytes32', ([pk, digest]) => {
  // EIP-2098: the recovery bit rides in the top bit of s (s is always in the lower half).
  const sig = secp256k1.sign(hexToBytes(digest), privateKey(pk, 'signCompact'), {
    prehash: false,
    format: 'recovered',
  });
  const r = bytesToHex(sig.subarray(1, 33));
  const s = BigInt(bytesToHex(sig.subarray(33, 65)));
  return [r, word(s | (BigInt(sig[0]) << 255n))];
});
// tdk runs no broadcasts, so there is no wallet list to add the key to: only its address matters.
def('rememberKey(uint256)', 'address', ([pk]) => [
  privateKeyToAddress(bytesToHex(privateKey(pk, 'rememberKey'))),
]);
def(
  'createWallet(string)',
  '(address addr, uint256 publicKeyX, uint256 publicKeyY, uint256 privateKey)',
  ([l], c) => {
    const pk = BigInt(keccak256(new TextEncoder().encode(l)));
    const key = privateKey(pk, 'createWallet');
    const pub = secp256k1.getPublicKey(key, false);
    const address = privateKeyToAddress(bytesToHex(key));
    c.ins.cheats.labels.set(addr(address), l);
    return [
      {
        addr: address,
        publicKeyX: BigInt(bytesToHex(pub.subarray(1, 33))),
        publicKeyY: BigInt(bytesToHex(pub.subarray(33, 65))),
        privateKey: pk,
      },
    ];
  },
);

// ---- address derivation ------------------------------------------------------------------------

/** The CREATE2 factory forge-std's two-argument computeCreate2Address deploys through. */
const CREATE2_FACTORY: Hex = '0x4e59b44847b379578588920cA78FbF26c0B4956C';
def('computeCreateAddress(address,uint256)', 'address', ([d, n]) => {
  if (n >= 1n << 64n) throw new CheatError('vm.computeCreateAddress: nonce must be less than 2^64');
  return [getContractAddress({ from: d, nonce: n })];
});
def('computeCreate2Address(bytes32,bytes32,address)', 'address', ([salt, hash, d]) => [
  getContractAddress({ opcode: 'CREATE2', from: d, salt, bytecodeHash: hash }),
]);
def('computeCreate2Address(bytes32,bytes32)', 'address', ([salt, hash]) => [
  getContractAddress({ opcode: 'CREATE2', from: CREATE2_FACTORY, salt, bytecodeHash: hash }),
]);

// ---- assumptions and skipping ------------------------------------------------------------------

def('assume(bool)', '', ([ok]) => {
  if (!ok) throw new Magic(ASSUME_MAGIC);
  return undefined;
});
def('skip(bool)', '', ([s]) => {
  if (s) throw new Magic(SKIP_MAGIC);
  return undefined;
});
def('skip(bool,string)', '', ([s]) => {
  if (s) throw new Magic(SKIP_MAGIC);
  return undefined;
});

// ---- expectations ------------------------------------------------------------------------------

function expectRevert(c: Call, data: Hex | undefined, selectorOnly: boolean, reverter?: Hex): undefined {
  if (c.ins.cheats.expectedRevert)
    throw new CheatError(
      'vm.expectRevert: you must call another function prior to expecting a second revert',
    );
  c.ins.cheats.expectedRevert = {
    depth: c.p.depth,
    data: data === undefined ? undefined : bytes(data),
    selectorOnly,
    reverter: reverter === undefined ? undefined : addr(reverter),
  };
  return undefined;
}
def('expectRevert()', '', (_a, c) => expectRevert(c, undefined, false));
// forge >= 1.0: a bytes4 must be the whole revert data (a custom error without arguments);
// expectPartialRevert matches the selector alone.
def('expectRevert(bytes4)', '', ([s], c) => expectRevert(c, s, false));
def('expectRevert(bytes)', '', ([d], c) => expectRevert(c, d, false));
def('expectRevert(bytes4,address)', '', ([s, r], c) => expectRevert(c, s, false, r));
def('expectRevert(bytes,address)', '', ([d, r], c) => expectRevert(c, d, false, r));
def('expectRevert(address)', '', ([r], c) => expectRevert(c, undefined, false, r));
def('expectPartialRevert(bytes4)', '', ([s], c) => expectRevert(c, s, true));

function expectEmit(c: Call, checks: [boolean, boolean, boolean, boolean], emitter?: Hex): undefined {
  c.ins.cheats.expectedEmits.push({
    depth: c.p.depth,
    setter: c.p.caller,
    checks,
    emitter: emitter === undefined ? undefined : addr(emitter),
    found: false,
  });
  c.ins.refreshHooks();
  return undefined;
}
def('expectEmit()', '', (_a, c) => expectEmit(c, [true, true, true, true]));
def('expectEmit(address)', '', ([e], c) => expectEmit(c, [true, true, true, true], e));
def('expectEmit(bool,bool,bool,bool)', '', ([a, b, d, e], c) => expectEmit(c, [a, b, d, e]));
def('expectEmit(bool,bool,bool,bool,address)', '', ([a, b, d, e, em], c) => expectEmit(c, [a, b, d, e], em));

function expectCall(
  c: Call,
  target: Hex,
  data: Hex,
  value?: bigint,
  count?: bigint,
  gas?: bigint,
): undefined {
  const e: ExpectedCall = {
    target: addr(target),
    data: bytes(data),
    value,
    gas,
    count: count === undefined ? undefined : Number(count),
    seen: 0,
  };
  c.ins.cheats.expectedCalls.push(e);
  return undefined;
}
def('expectCall(address,bytes)', '', ([t, d], c) => expectCall(c, t, d));
def('expectCall(address,uint256,bytes)', '', ([t, v, d], c) => expectCall(c, t, d, v));
def('expectCall(address,bytes,uint64)', '', ([t, d, n], c) => expectCall(c, t, d, undefined, n));
def('expectCall(address,uint256,bytes,uint64)', '', ([t, v, d, n], c) => expectCall(c, t, d, v, n));
// The callee gets the gas argument plus the 2300 stipend when value is sent; forge compares with that.
def('expectCall(address,uint256,uint64,bytes)', '', ([t, v, g, d], c) =>
  expectCall(c, t, d, v, undefined, v > 0n ? g + 2300n : g),
);

def('mockCall(address,bytes,bytes)', '', ([t, d, r], c) => {
  const list = c.ins.cheats.mocks.get(addr(t)) ?? [];
  c.ins.cheats.mocks.set(addr(t), [
    ...list.filter((m) => bytesToHex(m.data) !== d),
    { data: bytes(d), ret: bytes(r) },
  ]);
  return undefined;
});
def('mockCall(address,uint256,bytes,bytes)', '', ([t, v, d, r], c) => {
  const list = c.ins.cheats.mocks.get(addr(t)) ?? [];
  c.ins.cheats.mocks.set(addr(t), [...list, { data: bytes(d), value: v, ret: bytes(r) }]);
  return undefined;
});
def('mockCallRevert(address,bytes,bytes)', '', ([t, d, r], c) => {
  const list = c.ins.cheats.mocks.get(addr(t)) ?? [];
  c.ins.cheats.mocks.set(addr(t), [
    ...list.filter((m) => bytesToHex(m.data) !== d),
    { data: bytes(d), ret: bytes(r), revert: true },
  ]);
  return undefined;
});
def('clearMockedCalls()', '', (_a, c) => {
  c.ins.cheats.mocks = new Map();
  return undefined;
});

// ---- recording ---------------------------------------------------------------------------------

def('record()', '', (_a, c) => {
  c.ins.cheats.recording = { reads: new Map(), writes: new Map() };
  c.ins.cheats.recordingStopped = false;
  c.ins.refreshHooks();
  return undefined;
});
def('stopRecord()', '', (_a, c) => {
  c.ins.cheats.recordingStopped = true;
  c.ins.refreshHooks();
  return undefined;
});
def('accesses(address)', 'bytes32[] readSlots, bytes32[] writeSlots', ([a], c) => {
  const r = c.ins.cheats.recording;
  const target = addr(a);
  return [(r?.reads.get(target) ?? []).map(word), (r?.writes.get(target) ?? []).map(word)];
});
def('startMappingRecording()', '', (_a, c) => {
  c.ins.cheats.mappings ??= { hashes: new Map(), children: new Map(), byParent: new Map() };
  c.ins.refreshHooks();
  return undefined;
});
def('stopMappingRecording()', '', (_a, c) => {
  c.ins.cheats.mappings = undefined;
  c.ins.refreshHooks();
  return undefined;
});
def('getMappingLength(address,bytes32)', 'uint256', ([a, s], c) => [
  BigInt(c.ins.cheats.mappings?.byParent.get(addr(a))?.get(BigInt(s))?.length ?? 0),
]);
def('getMappingSlotAt(address,bytes32,uint256)', 'bytes32', ([a, s, i], c) => [
  word(c.ins.cheats.mappings?.byParent.get(addr(a))?.get(BigInt(s))?.[Number(i)] ?? 0n),
]);
def('getMappingKeyAndParentOf(address,bytes32)', 'bool,bytes32,bytes32', ([a, s], c) => {
  const found = c.ins.cheats.mappings?.children.get(addr(a))?.get(BigInt(s));
  return found ? [true, word(found[0]), word(found[1])] : [false, word(0n), word(0n)];
});
def('recordLogs()', '', (_a, c) => {
  c.ins.cheats.recordedLogs = [];
  c.ins.refreshHooks();
  return undefined;
});
def('getRecordedLogs()', '(bytes32[] topics, bytes data, address emitter)[]', (_a, c) => {
  const logs = c.ins.cheats.recordedLogs ?? [];
  c.ins.cheats.recordedLogs = [];
  return [
    logs.map((l) => ({ topics: l.topics.map(word), data: bytesToHex(l.data), emitter: hexAddr(l.address) })),
  ];
});

// ---- state snapshots ---------------------------------------------------------------------------

function snapshot(c: Call): readonly unknown[] {
  const cheats = c.ins.cheats;
  const id = cheats.nextSnapshot++;
  cheats.snapshots.set(id, takeSnapshot(c.ins.evm.state, c.ins.evm.block, c.ins.evm.tx));
  return [id];
}
function revertTo(c: Call, id: bigint, keep: boolean): readonly unknown[] {
  const snap = c.ins.cheats.snapshots.get(id);
  if (snap === undefined) return [false];
  restoreSnapshot(c.ins.evm.state, snap);
  c.ins.evm.block = snap.block;
  c.ins.evm.tx = snap.tx;
  if (!keep) c.ins.cheats.snapshots.delete(id);
  return [true];
}
def('snapshotState()', 'uint256', (_a, c) => snapshot(c));
def('snapshot()', 'uint256', (_a, c) => snapshot(c));
def('revertToState(uint256)', 'bool', ([id], c) => revertTo(c, id, true));
def('revertTo(uint256)', 'bool', ([id], c) => revertTo(c, id, true));
def('revertToStateAndDelete(uint256)', 'bool', ([id], c) => revertTo(c, id, false));
def('revertToAndDelete(uint256)', 'bool', ([id], c) => revertTo(c, id, false));
def('deleteStateSnapshot(uint256)', 'bool', ([id], c) => [c.ins.cheats.snapshots.delete(id)]);
def('deleteSnapshot(uint256)', 'bool', ([id], c) => [c.ins.cheats.snapshots.delete(id)]);
def('deleteStateSnapshots()', '', (_a, c) => {
  c.ins.cheats.snapshots.clear();
  return undefined;
});

// ---- gas metering ------------------------------------------------------------------------------

def('pauseGasMetering()', '', (_a, c) => {
  // The caller's gas as if this call returned now; resume puts it back, so the paused stretch is free.
  c.ins.cheats.gasPause ??= { frame: c.parent, gas: c.parent.gasLeft() + c.p.gas };
  return undefined;
});
def('resumeGasMetering()', '', (_a, c) => {
  const paused = c.ins.cheats.gasPause;
  if (paused !== undefined && paused.frame === c.parent) c.parent.setGas(paused.gas - c.p.gas);
  c.ins.cheats.gasPause = undefined;
  return undefined;
});

// ---- environment variables ---------------------------------------------------------------------

/** vm.setEnv's values, then process.env, then the project's .env file (as forge loads it; it never overrides). */
function lookupEnv(c: Call, key: string): string | undefined {
  return c.ins.cheats.env.get(key) ?? process.env[key] ?? c.ins.context.env.get(key);
}

function env(c: Call, key: string): string {
  const name = c.name;
  const v = lookupEnv(c, key);
  if (v === undefined) throw new CheatError(`vm.${name}: environment variable "${key}" not found`);
  return v;
}
def('envUint(string)', 'uint256', ([k], c) => [parseUint(env(c, k), c.name)]);
def('envInt(string)', 'int256', ([k], c) => [parseInt256(env(c, k), c.name)]);
def('envBool(string)', 'bool', ([k], c) => [parseBool(env(c, k), c.name)]);
def('envAddress(string)', 'address', ([k], c) => [parseAddress(env(c, k), c.name)]);
def('envBytes32(string)', 'bytes32', ([k], c) => [parseBytes32(env(c, k), c.name)]);
def('envString(string)', 'string', ([k], c) => [env(c, k)]);
def('envBytes(string)', 'bytes', ([k], c) => [parseBytes(env(c, k), c.name)]);
def('envOr(string,uint256)', 'uint256', ([k, d], c) => {
  const v = lookupEnv(c, k);
  return v === undefined ? [d] : [parseUint(v, 'envOr')];
});
def('envOr(string,bool)', 'bool', ([k, d], c) => {
  const v = lookupEnv(c, k);
  return v === undefined ? [d] : [parseBool(v, 'envOr')];
});
def('envOr(string,address)', 'address', ([k, d], c) => {
  const v = lookupEnv(c, k);
  return v === undefined ? [d] : [parseAddress(v, 'envOr')];
});
def('envOr(string,string)', 'string', ([k, d], c) => [lookupEnv(c, k) ?? d]);
def('envOr(string,int256)', 'int256', ([k, d], c) => {
  const v = lookupEnv(c, k);
  return v === undefined ? [d] : [parseInt256(v, 'envOr')];
});
def('envOr(string,bytes32)', 'bytes32', ([k, d], c) => {
  const v = lookupEnv(c, k);
  return v === undefined ? [d] : [parseBytes32(v, 'envOr')];
});
def('envOr(string,bytes)', 'bytes', ([k, d], c) => {
  const v = lookupEnv(c, k);
  return v === undefined ? [d] : [parseBytes(v, 'envOr')];
});
def('envExists(string)', 'bool', ([k], c) => [lookupEnv(c, k) !== undefined]);
// Kept in the test's cheat state (not process.env), so tests stay independent and workers isolated.
def('setEnv(string,string)', '', ([k, v], c) => {
  if (k === '') throw new CheatError("vm.setEnv: environment variable key can't be empty");
  if (k.includes('='))
    throw new CheatError("vm.setEnv: environment variable key can't contain equal sign `=`");
  if (k.includes('\0'))
    throw new CheatError("vm.setEnv: environment variable key can't contain NUL character `\\0`");
  if (v.includes('\0'))
    throw new CheatError("vm.setEnv: environment variable value can't contain NUL character `\\0`");
  c.ins.cheats.env.set(k, v);
  return undefined;
});

// ---- parsing and formatting --------------------------------------------------------------------

function parseUint(s: string, name: string): bigint {
  const t = s.trim();
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t))
    throw new CheatError(`vm.${name}: failed parsing "${s}" as type \`uint256\``);
  const v = BigInt(t);
  if (v >= 1n << 256n) throw new CheatError(`vm.${name}: failed parsing "${s}" as type \`uint256\``);
  return v;
}
function parseInt256(s: string, name: string): bigint {
  const t = s.trim();
  const neg = t.startsWith('-');
  const body = neg ? t.slice(1) : t;
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(body))
    throw new CheatError(`vm.${name}: failed parsing "${s}" as type \`int256\``);
  const v = neg ? -BigInt(body) : BigInt(body);
  if (v >= 1n << 255n || v < -(1n << 255n))
    throw new CheatError(`vm.${name}: failed parsing "${s}" as type \`int256\``);
  return v;
}
function parseBool(s: string, name: string): boolean {
  const t = s.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new CheatError(`vm.${name}: failed parsing "${s}" as type \`bool\``);
}
function parseAddress(s: string, name: string): Hex {
  const t = s.trim();
  if (!isAddress(t, { strict: false }))
    throw new CheatError(`vm.${name}: failed parsing "${s}" as type \`address\``);
  return getAddress(t);
}
function parseBytes32(s: string, name: string): Hex {
  const t = s.trim();
  if (!/^0x[0-9a-fA-F]{0,64}$/.test(t) || t.length % 2 !== 0)
    throw new CheatError(`vm.${name}: failed parsing "${s}" as type \`bytes32\``);
  return `0x${t.slice(2).padEnd(64, '0')}`;
}
function parseBytes(s: string, name: string): Hex {
  const t = s.trim();
  const body = t.startsWith('0x') ? t.slice(2) : t;
  if (!/^[0-9a-fA-F]*$/.test(body) || body.length % 2 !== 0)
    throw new CheatError(`vm.${name}: failed parsing "${s}" as type \`bytes\``);
  return `0x${body}`;
}
def('parseUint(string)', 'uint256', ([s], c) => [parseUint(s, c.name)]);
def('parseInt(string)', 'int256', ([s], c) => [parseInt256(s, c.name)]);
def('parseBool(string)', 'bool', ([s], c) => [parseBool(s, c.name)]);
def('parseAddress(string)', 'address', ([s], c) => [parseAddress(s, c.name)]);
def('parseBytes32(string)', 'bytes32', ([s], c) => [parseBytes32(s, c.name)]);
def('parseBytes(string)', 'bytes', ([s], c) => [parseBytes(s, c.name)]);
def('toString(address)', 'string', ([a]) => [getAddress(a)]);
def('toString(uint256)', 'string', ([v]) => [String(v)]);
def('toString(int256)', 'string', ([v]) => [String(v)]);
def('toString(bool)', 'string', ([v]) => [String(v)]);
def('toString(bytes32)', 'string', ([v]) => [v]);
def('toString(bytes)', 'string', ([v]) => [v]);

// ---- assertions (forge's messages) -------------------------------------------------------------

function check(ok: boolean, msg: string | undefined, detail: string): undefined {
  if (!ok)
    throw new CheatError(
      msg === undefined
        ? `assertion failed${detail ? `: ${detail}` : ''}`
        : `${msg}${detail ? `: ${detail}` : ''}`,
    );
  return undefined;
}
const show = (type: string, v: unknown): string =>
  type === 'address' ? getAddress(v as Hex) : type === 'string' ? (v as string) : String(v);
def('assertTrue(bool)', '', ([b]) => check(b, undefined, ''));
def('assertTrue(bool,string)', '', ([b, m]) => {
  if (!b) throw new CheatError(m);
  return undefined;
});
def('assertFalse(bool)', '', ([b]) => check(!b, undefined, ''));
def('assertFalse(bool,string)', '', ([b, m]) => {
  if (b) throw new CheatError(m);
  return undefined;
});
for (const t of ['uint256', 'int256', 'address', 'bytes32', 'bool', 'string', 'bytes']) {
  const eq = (a: unknown, b: unknown) => a === b;
  def(`assertEq(${t},${t})`, '', ([a, b]) => check(eq(a, b), undefined, `${show(t, a)} != ${show(t, b)}`));
  def(`assertEq(${t},${t},string)`, '', ([a, b, m]) => check(eq(a, b), m, `${show(t, a)} != ${show(t, b)}`));
  def(`assertNotEq(${t},${t})`, '', ([a, b]) =>
    check(!eq(a, b), undefined, `${show(t, a)} == ${show(t, b)}`),
  );
  def(`assertNotEq(${t},${t},string)`, '', ([a, b, m]) =>
    check(!eq(a, b), m, `${show(t, a)} == ${show(t, b)}`),
  );
}
// Arrays print as forge prints them: "[a, b]", addresses checksummed, bytes and bytes32 as 0x-hex.
for (const t of ['uint256', 'int256', 'address', 'bytes32', 'bool', 'string', 'bytes']) {
  const item = (v: unknown) => (t === 'address' ? getAddress(v as Hex) : String(v));
  const list = (a: readonly unknown[]) => `[${a.map(item).join(', ')}]`;
  const eq = (a: readonly unknown[], b: readonly unknown[]) =>
    a.length === b.length && a.every((v, i) => v === b[i]);
  const arr = `${t}[]`;
  def(`assertEq(${arr},${arr})`, '', ([a, b]) => check(eq(a, b), undefined, `${list(a)} != ${list(b)}`));
  def(`assertEq(${arr},${arr},string)`, '', ([a, b, m]) => check(eq(a, b), m, `${list(a)} != ${list(b)}`));
  def(`assertNotEq(${arr},${arr})`, '', ([a, b]) => check(!eq(a, b), undefined, `${list(a)} == ${list(b)}`));
  def(`assertNotEq(${arr},${arr},string)`, '', ([a, b, m]) =>
    check(!eq(a, b), m, `${list(a)} == ${list(b)}`),
  );
}
for (const t of ['uint256', 'int256']) {
  const cmp: [string, (a: bigint, b: bigint) => boolean, string][] = [
    ['assertLt', (a, b) => a < b, '>='],
    ['assertLe', (a, b) => a <= b, '>'],
    ['assertGt', (a, b) => a > b, '<='],
    ['assertGe', (a, b) => a >= b, '<'],
  ];
  for (const [name, ok, op] of cmp) {
    def(`${name}(${t},${t})`, '', ([a, b]) => check(ok(a, b), undefined, `${a} ${op} ${b}`));
    def(`${name}(${t},${t},string)`, '', ([a, b, m]) => check(ok(a, b), m, `${a} ${op} ${b}`));
  }
}
function approxAbs(a: bigint, b: bigint, max: bigint, msg?: string): undefined {
  const delta = a > b ? a - b : b - a;
  return check(delta <= max, msg, `${a} !~= ${b} (max delta: ${max}, real delta: ${delta})`);
}
function approxRel(a: bigint, b: bigint, maxRel: bigint, msg?: string): undefined {
  if (b === 0n) return check(a === b, msg, `${a} != ${b}`);
  const delta = a > b ? a - b : b - a;
  const abs = b < 0n ? -b : b;
  const rel = (delta * 10n ** 18n) / abs;
  return check(rel <= maxRel, msg, `${a} !~= ${b} (max delta: ${pct(maxRel)}, real delta: ${pct(rel)})`);
}
function pct(v: bigint): string {
  // 1e18 = 100%; forge prints it with 16 decimals of percentage.
  const whole = v / 10n ** 16n;
  const frac = (v % 10n ** 16n).toString().padStart(16, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}
for (const t of ['uint256', 'int256']) {
  def(`assertApproxEqAbs(${t},${t},uint256)`, '', ([a, b, m]) => approxAbs(a, b, m));
  def(`assertApproxEqAbs(${t},${t},uint256,string)`, '', ([a, b, m, s]) => approxAbs(a, b, m, s));
  def(`assertApproxEqRel(${t},${t},uint256)`, '', ([a, b, m]) => approxRel(a, b, m));
  def(`assertApproxEqRel(${t},${t},uint256,string)`, '', ([a, b, m, s]) => approxRel(a, b, m, s));
}

// ---- artifacts ---------------------------------------------------------------------------------

function findArtifact(c: Call, ref: string): TestArtifact {
  const colon = ref.lastIndexOf(':');
  const file = colon >= 0 ? ref.slice(0, colon) : ref.endsWith('.sol') ? ref : undefined;
  const name = colon >= 0 ? ref.slice(colon + 1) : ref.endsWith('.sol') ? undefined : ref;
  const matches = c.ins.context.artifacts.filter(
    (a) =>
      (name === undefined || a.contractName === name) &&
      (file === undefined ||
        a.sourcePath === file ||
        a.sourcePath.endsWith(`/${file}`) ||
        (name === undefined &&
          a.sourcePath.endsWith(file) &&
          a.contractName === file.replace(/^.*\//, '').replace(/\.sol$/, ''))),
  );
  if (matches.length === 0) throw new CheatError(`vm.${c.name}: no matching artifact found for "${ref}"`);
  if (matches.length > 1)
    throw new CheatError(
      `vm.${c.name}: multiple matching artifacts found for "${ref}": ${matches.map((m) => `${m.sourcePath}:${m.contractName}`).join(', ')}`,
    );
  return matches[0];
}
def('getCode(string)', 'bytes', ([ref], c) => [findArtifact(c, ref).bytecode]);
def('getDeployedCode(string)', 'bytes', ([ref], c) => [findArtifact(c, ref).deployedBytecode]);

// ---- file system (inside the project, as fs_permissions allow) ---------------------------------

function allowed(c: Call, path: string, want: 'read' | 'write'): string {
  const root = c.ins.context.root;
  const full = resolve(root, path);
  const inside = (dir: string) => {
    const rel = relative(dir, full);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  const real = existsSync(full)
    ? realpathSync(full)
    : resolve(realpathSync(existsOrParent(dirname(full))), full.slice(dirname(full).length + 1));
  const ok = c.ins.context.fsPermissions.some(
    (p) =>
      (p.access === 'read-write' || p.access === want) &&
      inside(resolve(root, p.path)) &&
      real.startsWith(realpathSync(existsOrParent(resolve(root, p.path)))),
  );
  if (!ok || !inside(root))
    throw new CheatError(
      `vm.${c.name}: the path ${path} is not allowed to be accessed for ${want} operations (set fs_permissions in foundry.toml)`,
    );
  return full;
}
function existsOrParent(p: string): string {
  let cur = p;
  while (!existsSync(cur) && dirname(cur) !== cur) cur = dirname(cur);
  return cur;
}
/** A file the test may read, as bytes; a missing one or a directory is a cheatcode failure. */
function readExisting(c: Call, p: string): Uint8Array {
  const full = allowed(c, p, 'read');
  const st = statSync(full, { throwIfNoEntry: false });
  if (st === undefined) throw new CheatError(`vm.${c.name}: failed to read "${p}": no such file`);
  if (st.isDirectory()) throw new CheatError(`vm.${c.name}: failed to read "${p}": is a directory`);
  return readFileSync(full);
}
/** A path the test may write; forge never lets a test write the project's foundry.toml. */
function writable(c: Call, p: string): string {
  const full = allowed(c, p, 'write');
  if (basename(full) === 'foundry.toml')
    throw new CheatError(`vm.${c.name}: access to ${p} is not allowed (foundry.toml is protected)`);
  return full;
}
def('readFile(string)', 'string', ([p], c) => {
  const full = allowed(c, p, 'read');
  if (!existsSync(full)) throw new CheatError(`vm.readFile: failed to read "${p}": no such file`);
  return [readFileSync(full, 'utf8')];
});
def('writeFile(string,string)', '', ([p, data], c) => {
  const full = allowed(c, p, 'write');
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, data);
  return undefined;
});
def('exists(string)', 'bool', ([p], c) => [existsSync(allowed(c, p, 'read'))]);
def('isFile(string)', 'bool', ([p], c) => [
  statSync(allowed(c, p, 'read'), { throwIfNoEntry: false })?.isFile() ?? false,
]);
def('isDir(string)', 'bool', ([p], c) => [
  statSync(allowed(c, p, 'read'), { throwIfNoEntry: false })?.isDirectory() ?? false,
]);
def('readFileBinary(string)', 'bytes', ([p], c) => [bytesToHex(readExisting(c, p))]);
def('writeFileBinary(string,bytes)', '', ([p, data], c) => {
  const full = writable(c, p);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, bytes(data));
  return undefined;
});
def('readLine(string)', 'string', ([p], c) => {
  // Like forge: one cursor per file, advanced a line per call; "" once the file is exhausted.
  const content = readExisting(c, p);
  const key = resolve(c.ins.context.root, p);
  const from = c.ins.cheats.lineCursors.get(key) ?? 0;
  if (from >= content.length) return [''];
  const nl = content.indexOf(0x0a, from);
  const end = nl < 0 ? content.length : nl;
  c.ins.cheats.lineCursors.set(key, nl < 0 ? content.length : nl + 1);
  let line = new TextDecoder().decode(content.subarray(from, end));
  if (nl >= 0 && line.endsWith('\r')) line = line.slice(0, -1);
  return [line];
});
def('writeLine(string,string)', '', ([p, data], c) => {
  const full = writable(c, p);
  mkdirSync(dirname(full), { recursive: true });
  appendFileSync(full, `${data}\n`);
  return undefined;
});
def('removeFile(string)', '', ([p], c) => {
  const full = writable(c, p);
  const st = statSync(full, { throwIfNoEntry: false });
  if (st === undefined) throw new CheatError(`vm.removeFile: failed to remove "${p}": no such file`);
  if (st.isDirectory()) throw new CheatError(`vm.removeFile: path ${p} is a directory`);
  unlinkSync(full);
  c.ins.cheats.lineCursors.delete(full);
  return undefined;
});
def('projectRoot()', 'string', (_a, c) => [c.ins.context.root.split(sep).join('/')]);

/** The cheatcode address as a checksummed string (for messages). */
export const CHEATCODE_HEX = hexAddr(CHEATCODE_ADDRESS);
