// Seeded generator of valid, terminating EVM programs for differential fuzzing (see differential.ts).
//
// A generated program is a whole transaction: a block environment, a pre-state (a sender, funded EOAs,
// 2-5 contracts with balances and storage, sometimes an existing empty account) and one transaction
// (legacy, EIP-1559 or blob; a call to contract 0 or, sometimes, a contract creation).
//
// Contract code is built from structured, stack-neutral snippets: arithmetic on edge values, DUP/SWAP
// folds, memory, storage (with set/reset/clear refund patterns), transient storage, logs, bounded
// loops and branches, calls of every kind into other contracts, EOAs, empty accounts and the
// precompiles 0x01-0x0a (with plausible inputs), CREATE/CREATE2 of small initcode, returns and
// reverts with data, and, at a small rate, deliberately bad paths (invalid jumps, stack underflow or
// overflow, undefined opcodes, out-of-gas memory, out-of-bounds RETURNDATACOPY). Computed values go
// to "sinks" (storage, memory, logs, transient storage, an accumulator word returned at the end), so
// every snippet is observable through the post-state, the logs, the output or the gas.
//
// Termination: loops count down from at most 5; a contract may call only contracts with a higher index
// unless the callee is "guarded" (its prologue counts entries in transient storage and stops after
// two), so every call cycle passes through a guard. Gas bounds everything else.
//
// Determinism: one xoshiro128** stream per (seed, index), seeded through splitmix64; nothing reads
// Math.random, the clock or global state.

import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes as cat } from '../../src/evm/bytes.js';

// ---------------------------------------------------------------------------------------------------
// PRNG

const MASK64 = (1n << 64n) - 1n;

function splitmix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

/** xoshiro128** seeded with splitmix64. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: bigint) {
    let s = seed & MASK64;
    let x: bigint;
    [s, x] = splitmix64(s);
    this.a = Number(x & 0xffffffffn) | 0;
    this.b = Number(x >> 32n) | 0;
    [s, x] = splitmix64(s);
    this.c = Number(x & 0xffffffffn) | 0;
    this.d = Number(x >> 32n) | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next 32 random bits as an unsigned number. */
  next32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** Uniform integer in [0, n), n <= 2^32. */
  int(n: number): number {
    return Math.floor((this.next32() / 4294967296) * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next32() < p * 4294967296;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks by weight; entries with weight 0 never come up. */
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of entries) total += w;
    let r = (this.next32() / 4294967296) * total;
    for (const [w, v] of entries) {
      if (r < w) return v;
      r -= w;
    }
    return entries[entries.length - 1][1];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next32() & 0xff;
    return out;
  }

  /** A uniformly random integer of `bits` bits. */
  bits(bits: number): bigint {
    let v = 0n;
    for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(this.next32());
    const extra = Math.ceil(bits / 32) * 32 - bits;
    return v >> BigInt(extra);
  }

  u256(): bigint {
    return this.bits(256);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The PRNG for program `index` of a run seeded with `seed`. */
export function programRng(seed: bigint, index: number): Rng {
  const [, a] = splitmix64(seed & MASK64);
  const [, b] = splitmix64((a ^ BigInt(index)) & MASK64);
  return new Rng(b);
}

// ---------------------------------------------------------------------------------------------------
// Program shape

export interface PreAccount {
  readonly address: bigint;
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly code: Uint8Array;
  /** Non-zero slots. */
  readonly storage: readonly (readonly [bigint, bigint])[];
}

export interface FuzzBlock {
  readonly number: bigint;
  readonly timestamp: bigint;
  readonly coinbase: bigint;
  readonly baseFee: bigint;
  readonly prevRandao: bigint;
  readonly gasLimit: bigint;
  readonly chainId: bigint;
  readonly blobBaseFee: bigint;
}

export interface FuzzTx {
  /** 0 legacy, 2 EIP-1559, 3 blob. */
  readonly type: 0 | 2 | 3;
  readonly nonce: bigint;
  /** null: contract creation. */
  readonly to: bigint | null;
  readonly value: bigint;
  readonly data: Uint8Array;
  readonly gasLimit: bigint;
  /** Type 0 only. */
  readonly gasPrice: bigint;
  /** Types 2 and 3. */
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
  /** Type 3 only. */
  readonly maxFeePerBlobGas: bigint;
  readonly blobVersionedHashes: readonly Uint8Array[];
}

export interface FuzzProgram {
  readonly seed: bigint;
  readonly index: number;
  readonly block: FuzzBlock;
  readonly sender: bigint;
  readonly accounts: readonly PreAccount[];
  readonly tx: FuzzTx;
}

/** keccak-free stand-in for block hashes, shared by both EVMs: BLOCKHASH(n) for n in the window. */
export function fuzzBlockHash(n: bigint): bigint {
  return ((n + 1n) * 0x9e3779b97f4a7c15f39cc0605cedc834n) & ((1n << 256n) - 1n);
}

// ---------------------------------------------------------------------------------------------------
// Assembler

type Item =
  | { readonly kind: 'bytes'; readonly bytes: readonly number[] | Uint8Array }
  | { readonly kind: 'mark'; readonly name: string }
  | { readonly kind: 'ref'; readonly name: string };

/** Bytecode with symbolic labels; every label reference is a PUSH2. */
export class Asm {
  private readonly items: Item[] = [];
  private labels = 0;
  private readonly prefix: string;

  constructor(prefix = 'L') {
    this.prefix = prefix;
  }

  op(...ops: number[]): this {
    this.items.push({ kind: 'bytes', bytes: ops });
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.items.push({ kind: 'bytes', bytes });
    return this;
  }

  /** PUSHn of `v` with exactly `width` bytes (0: PUSH0, which requires v = 0). */
  pushWidth(v: bigint, width: number): this {
    if (width === 0) return this.op(0x5f);
    const bytes = new Array<number>(width + 1);
    bytes[0] = 0x5f + width;
    const h = v.toString(16).padStart(2 * width, '0');
    for (let i = 1; i <= width; i++) bytes[i] = Number.parseInt(h.slice(2 * i - 2, 2 * i), 16);
    this.items.push({ kind: 'bytes', bytes });
    return this;
  }

  /** Minimal push (PUSH0 for zero). */
  push(v: bigint): this {
    return this.pushWidth(v, byteLen(v));
  }

  newLabel(): string {
    return `${this.prefix}${this.labels++}`;
  }

  /** A JUMPDEST named `name`. */
  label(name: string): this {
    this.items.push({ kind: 'mark', name });
    return this.op(0x5b);
  }

  /** Names the current position without emitting anything. */
  mark(name: string): this {
    this.items.push({ kind: 'mark', name });
    return this;
  }

  /** PUSH2 of a label's position. */
  pushLabel(name: string): this {
    this.items.push({ kind: 'ref', name });
    return this;
  }

  assemble(): Uint8Array {
    const positions = new Map<string, number>();
    let pos = 0;
    for (const it of this.items) {
      if (it.kind === 'bytes') pos += it.bytes.length;
      else if (it.kind === 'ref') pos += 3;
      else positions.set(it.name, pos);
    }
    const out = new Uint8Array(pos);
    pos = 0;
    for (const it of this.items) {
      if (it.kind === 'bytes') {
        out.set(it.bytes, pos);
        pos += it.bytes.length;
      } else if (it.kind === 'ref') {
        const target = positions.get(it.name);
        if (target === undefined) throw new Error(`undefined label ${it.name}`);
        out[pos] = 0x61;
        out[pos + 1] = target >> 8;
        out[pos + 2] = target & 0xff;
        pos += 3;
      }
    }
    return out;
  }
}

function byteLen(v: bigint): number {
  return v === 0n ? 0 : Math.ceil(v.toString(16).length / 2);
}

/** The 32-byte big-endian word at `offset`, zero-padded past the end. */
function wordOf(bytes: Uint8Array, offset: number): bigint {
  let h = '0x';
  for (let i = 0; i < 32; i++) h += (bytes[offset + i] ?? 0).toString(16).padStart(2, '0');
  return BigInt(h);
}

function be(v: bigint, len = 32): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function hex(s: string): Uint8Array {
  const h = s.startsWith('0x') ? s.slice(2) : s;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Constants: edge values and precompile material

const U256_MAX = (1n << 256n) - 1n;
const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const BN_P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n;
const BN_N = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

const EDGE_VALUES: readonly bigint[] = [
  0n,
  1n,
  2n,
  3n,
  7n,
  8n,
  31n,
  32n,
  33n,
  0x7fn,
  0x80n,
  0xffn,
  0x100n,
  0xffffn,
  (1n << 64n) - 1n,
  1n << 64n,
  1n << 128n,
  (1n << 255n) - 1n,
  1n << 255n,
  (1n << 255n) + 1n,
  U256_MAX,
  U256_MAX - 1n,
  SECP_N,
  BN_P,
];

/** Valid secp256k1 signatures: keccak-hashed message, then v (27/28), r, s. */
const ECRECOVER_VECTORS: readonly Uint8Array[] = [
  [
    'ea2aebd81ba1d9b951246169e9e54d671eb5338d17b1b6a59953b199eec0e73b',
    '00',
    '50f22fa30fb08cbb2186a1d42ab5e7bc8893fc0306b79f1b2dd3d6ec80b4208d',
    '03292c0189a7df2faa865064b2d42784dc3f4ecc7ad68b5bce7bc5b55b5955bb',
  ],
  [
    'bdd9167f071e0846d89147caa493c83cd29a9e65f182d07197a64ffdd5375782',
    '00',
    '771ed3769756953be6564d9bb89d4eccf8753a0c9f75a2fde321b2ff0e448620',
    '138256662394740adb552ed16ce951ecbc9e11d284355bc932580295b7fd0238',
  ],
  [
    '13d5224e4576b687ace89ef3955dad1598d878945247ede6ce256ca86d3a5562',
    '00',
    '3d7d7bc245e2fcb8f6e3a1e72e513d02844aeb13a8423af5f338c57bffbd9775',
    '72b1ac62ff21a78a4a15022dc805e9b41f3220065e79234198ab497fb56bc594',
  ],
].map(([h, rec, r, s]) => cat(hex(h), be(27n + BigInt(Number.parseInt(rec, 16))), hex(r), hex(s)));

/** bn254 G1 points (affine x, y): G, 2G, 3G, kG, -G, -2G. */
const BN_G1: readonly (readonly [bigint, bigint])[] = [
  [1n, 2n],
  [
    0x030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3n,
    0x15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4n,
  ],
  [
    0x0769bf9ac56bea3ff40232bcb1b6bd159315d84715b8e679f2d355961915abf0n,
    0x2ab799bee0489429554fdb7c8d086475319e63b40b9c5b57cdf1ff3dd9fe2261n,
  ],
  [
    0x14e2946f9ea29efcd6c8d3bc8ebce97aff2267495f19207d83a5a278b3d1b675n,
    0x0d6d60e75a6a4aef02b7c664972665bbdfa16ef85493ca2cc449eea611b9ed31n,
  ],
  [1n, BN_P - 2n],
  [
    0x030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3n,
    BN_P - 0x15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4n,
  ],
];
/** Not on the curve, or a coordinate not below p. */
const BN_G1_BAD: readonly (readonly [bigint, bigint])[] = [
  [1n, 3n],
  [BN_P, 2n],
  [1n, BN_P + 2n],
  [U256_MAX, U256_MAX],
];
/** bn254 G2 points in EIP-197 order: x_im, x_re, y_im, y_re. G2 and 2·G2. */
const BN_G2: readonly (readonly bigint[])[] = [
  [
    0x198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2n,
    0x1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6edn,
    0x090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975bn,
    0x12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daan,
  ],
  [
    0x203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad79n,
    0x27dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9n,
    0x195e8aa5b7827463722b8c153931579d3505566b4edf48d498e185f0509de152n,
    0x04bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2en,
  ],
];

/** KZG openings (commitment, z, y, proof) made with micro-eth-signer and the Ethereum setup. */
export const KZG_VECTORS: readonly { commitment: string; z: bigint; y: bigint; proof: string }[] = [
  {
    commitment:
      '800c1eec884fb1162a44ba9d929266f4effd47691b6054aed8976067428165311363c0f579d1511920edaf84839d38be',
    z: 0x1234567890abcdefn,
    y: 0x2dcbab1a97901d03c22a75a5fd5cdb017884760f54aaeb692a6ef61ba8a33335n,
    proof: '93cb29173915605a9dc255e3343cae4df71cc6dc4f686d69e28ecd16b89d3909444a102625374af8c6eebb817529d556',
  },
  {
    commitment:
      '8dc646904dabfd8a6c066241a73dc777c854d14c51c28a44a56c614f63c414599a48c8dee17474d7f2850208135a87f5',
    z: 0x2468acf121579bden,
    y: 0x701c3461660a2fadd33f7b37a0a41d6876f02ed4ad7cb420c8993b957fe7495en,
    proof: 'afaf8b4478aeef64e038bbf9bf19fec4d8c879d13decaaddba367b346f337c52f69f88bc82a222612ec147b07bccb372',
  },
];
/** Point at infinity, compressed: the commitment and proof of the zero polynomial (y = 0 at any z). */
const G1_INFINITY = `c0${'00'.repeat(47)}`;

/** Cancun opcodes that are undefined (halt as invalid). */
const UNDEFINED_OPCODES = [
  0x0c, 0x0d, 0x0e, 0x0f, 0x1e, 0x1f, 0x21, 0x2f, 0x4b, 0x4f, 0xa5, 0xb0, 0xc0, 0xd0, 0xe0, 0xe6, 0xef, 0xf6,
  0xf7, 0xf8, 0xf9, 0xfb, 0xfc,
];

const BINARY_OPS = [
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0a, 0x0b, 0x10, 0x11, 0x12, 0x13, 0x14, 0x16, 0x17, 0x18, 0x1a,
  0x1b, 0x1c, 0x1d,
];
/** Binary ops whose first operand (top of stack) is an index or shift: keep it small more often. */
const SMALL_FIRST = new Set([0x0a, 0x0b, 0x1a, 0x1b, 0x1c, 0x1d]);
const ENV_OPS = [
  0x30, 0x32, 0x33, 0x34, 0x36, 0x38, 0x3a, 0x3d, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x4a, 0x58,
  0x59, 0x5a,
];

// ---------------------------------------------------------------------------------------------------
// Code generation

/** How a piece of code may behave. */
interface Style {
  /** Never writes state (safe under STATICCALL). */
  readonly view: boolean;
  readonly allowCalls: boolean;
  readonly allowCreate: boolean;
  /** Per-statement probability of a deliberately bad path. */
  readonly badRate: number;
}

interface World {
  readonly contracts: readonly bigint[];
  readonly guarded: readonly boolean[];
  readonly eoas: readonly bigint[];
  readonly empty: readonly bigint[];
  readonly sender: bigint;
  readonly coinbase: bigint;
  /** Storage keys used by the storage snippets, with each contract's pre-state values. */
  readonly preStorage: readonly Map<bigint, bigint>[];
  /** Whether pairings and KZG point evaluations may get inputs that reach the curve arithmetic. */
  readonly heavyCrypto: boolean;
}

const STORAGE_KEYS: readonly bigint[] = [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 1n << 255n, U256_MAX];
const TRANSIENT_KEYS: readonly bigint[] = [0n, 1n, 2n, 3n, U256_MAX];
const RESULT_SLOT_BASE = 0x1000n;
const GUARD_KEY_BASE = 0x6a00n;
const GUARD_LIMIT = 2;

class CodeGen {
  readonly asm: Asm;
  private loopDepth = 0;
  private stackBase = 0;
  private results = 0;
  /** The code ends by running off its end. */
  private openEnd = false;

  constructor(
    readonly rng: Rng,
    readonly world: World,
    /** Index of the contract whose code this is; -1 for a creation transaction, -2 for created code. */
    readonly self: number,
    readonly style: Style,
    labelPrefix: string,
  ) {
    this.asm = new Asm(labelPrefix);
  }

  // ---- values --------------------------------------------------------------------------------

  constValue(): bigint {
    const rng = this.rng;
    return rng.weighted<() => bigint>([
      [40, () => rng.pick(EDGE_VALUES)],
      [20, () => BigInt(rng.int(300))],
      [15, () => rng.u256()],
      [10, () => rng.bits(rng.range(1, 32) * 8)],
      [8, () => this.anyAddress()],
      [7, () => U256_MAX - BigInt(rng.int(40))],
    ])();
  }

  pushConst(v: bigint): void {
    const min = byteLen(v);
    const rng = this.rng;
    if (v === 0n && rng.chance(0.7)) this.asm.op(0x5f);
    else if (rng.chance(0.15)) this.asm.pushWidth(v, rng.range(Math.max(min, 1), 32));
    else this.asm.pushWidth(v, Math.max(min, 1));
  }

  smallValue(): bigint {
    return this.rng.weighted([
      [6, BigInt(this.rng.int(33))],
      [2, BigInt(this.rng.range(240, 270))],
      [1, this.rng.pick(EDGE_VALUES)],
    ]);
  }

  anyAddress(): bigint {
    const w = this.world;
    const rng = this.rng;
    return rng.weighted<() => bigint>([
      [5, () => rng.pick(w.contracts)],
      [2, () => rng.pick(w.eoas)],
      [2, () => rng.pick(w.empty)],
      [1, () => w.sender],
      [1, () => w.coinbase],
      [2, () => BigInt(rng.range(1, 10))],
      [1, () => BigInt(rng.range(11, 0x12))],
    ])();
  }

  memOffset(): bigint {
    const rng = this.rng;
    return rng.weighted<() => bigint>([
      [55, () => BigInt(32 * rng.int(24))],
      [30, () => BigInt(rng.int(0x300))],
      [6, () => BigInt(rng.range(0x1000, 0x4000))],
      [1, () => BigInt(rng.range(0x10000, 0x20000))],
    ])();
  }

  memLength(): bigint {
    const rng = this.rng;
    return rng.weighted<() => bigint>([
      [10, () => 0n],
      [30, () => BigInt(rng.range(1, 32))],
      [40, () => BigInt(32 * rng.range(1, 8))],
      [20, () => BigInt(rng.int(0x200))],
    ])();
  }

  /** Emits code that pushes exactly one value. */
  expr(depth = 0): void {
    const rng = this.rng;
    const asm = this.asm;
    const leaf = depth >= 3 || rng.chance(0.25 + depth * 0.2);
    const kind = leaf
      ? rng.weighted([
          [6, 'const'],
          [3, 'env'],
          [2, 'read'],
        ] as const)
      : rng.weighted([
          [2, 'const'],
          [1, 'env'],
          [2, 'read'],
          [10, 'binary'],
          [2, 'unary'],
          [2, 'ternary'],
          [2, 'dupop'],
          [1, 'fold'],
          [2, 'keccak'],
        ] as const);
    switch (kind) {
      case 'const':
        this.pushConst(this.constValue());
        return;
      case 'env': {
        const op = rng.pick(ENV_OPS);
        asm.op(op);
        return;
      }
      case 'read':
        this.readExpr();
        return;
      case 'binary': {
        const op = rng.pick(BINARY_OPS);
        this.expr(depth + 1);
        if (SMALL_FIRST.has(op) && rng.chance(0.7)) this.pushConst(this.smallValue());
        else this.expr(depth + 1);
        if (rng.chance(0.1)) asm.op(0x90); // SWAP1: operands the other way round
        asm.op(op);
        return;
      }
      case 'unary':
        this.expr(depth + 1);
        asm.op(rng.pick([0x15, 0x19]));
        return;
      case 'ternary':
        this.expr(depth + 1);
        this.expr(depth + 1);
        this.expr(depth + 1);
        asm.op(rng.pick([0x08, 0x09]));
        return;
      case 'dupop':
        this.expr(depth + 1);
        asm.op(0x80, rng.pick(BINARY_OPS));
        return;
      case 'fold': {
        // n values, one DUPn or SWAPn (n up to 16), then n (DUP) or n-1 (SWAP) binary ops.
        const n = rng.range(2, 16);
        for (let i = 0; i < n; i++) this.pushConst(this.constValue());
        const dup = rng.chance(0.5);
        asm.op(dup ? 0x7f + n : 0x8f + (n - 1));
        const folds = dup ? n : n - 1;
        for (let i = 0; i < folds; i++)
          asm.op(rng.pick([0x01, 0x02, 0x03, 0x16, 0x17, 0x18, 0x10, 0x1b, 0x1c]));
        return;
      }
      case 'keccak':
        this.pushConst(this.memLength());
        this.pushConst(this.memOffset());
        asm.op(0x20);
        return;
    }
  }

  /** Pushes one value read from memory, storage, calldata or the accounts. */
  readExpr(): void {
    const rng = this.rng;
    const asm = this.asm;
    const kind = rng.weighted([
      [3, 'mload'],
      [3, 'sload'],
      [2, 'tload'],
      [2, 'calldataload'],
      [2, 'balance'],
      [2, 'extcodesize'],
      [2, 'extcodehash'],
      [1, 'blockhash'],
      [1, 'blobhash'],
    ] as const);
    switch (kind) {
      case 'mload':
        this.pushConst(this.memOffset());
        asm.op(0x51);
        return;
      case 'sload':
        this.pushConst(rng.pick(STORAGE_KEYS));
        asm.op(0x54);
        return;
      case 'tload':
        this.pushConst(rng.pick(TRANSIENT_KEYS));
        asm.op(0x5c);
        return;
      case 'calldataload':
        this.pushConst(rng.chance(0.8) ? BigInt(rng.int(100)) : rng.pick(EDGE_VALUES));
        asm.op(0x35);
        return;
      case 'balance':
        this.pushAddress();
        asm.op(0x31);
        return;
      case 'extcodesize':
        this.pushAddress();
        asm.op(0x3b);
        return;
      case 'extcodehash':
        this.pushAddress();
        asm.op(0x3f);
        return;
      case 'blockhash':
        // NUMBER - k for k in 0..300, or a constant.
        if (rng.chance(0.8)) {
          this.pushConst(BigInt(rng.chance(0.5) ? rng.pick([0, 1, 2, 255, 256, 257]) : rng.int(300)));
          asm.op(0x43, 0x03);
        } else this.pushConst(this.constValue());
        asm.op(0x40);
        return;
      case 'blobhash':
        this.pushConst(rng.chance(0.8) ? BigInt(rng.int(4)) : rng.pick(EDGE_VALUES));
        asm.op(0x49);
        return;
    }
  }

  pushAddress(): void {
    if (this.rng.chance(0.1)) {
      this.asm.op(this.rng.pick([0x30, 0x33, 0x32, 0x41]));
    } else if (this.rng.chance(0.05)) {
      this.pushConst(this.rng.u256()); // high bits must be ignored
    } else {
      this.pushConst(this.anyAddress());
    }
  }

  // ---- sinks ---------------------------------------------------------------------------------

  /** Consumes the value on top of the stack, keeping it observable where possible. */
  sink(): void {
    const rng = this.rng;
    const asm = this.asm;
    const view = this.style.view;
    const kind = rng.weighted([
      [view ? 0 : 35, 'sstore'],
      [25, 'acc'],
      [12, 'mstore'],
      [view ? 0 : 10, 'log'],
      [view ? 0 : 6, 'tstore'],
      [6, 'pop'],
    ] as const);
    switch (kind) {
      case 'sstore':
        this.pushConst(RESULT_SLOT_BASE + BigInt(this.results++));
        asm.op(0x55);
        return;
      case 'acc':
        // mem[0] = mem[0] op v
        asm.op(0x5f, 0x51, rng.pick([0x01, 0x18, 0x03]), 0x5f, 0x52);
        return;
      case 'mstore':
        this.pushConst(BigInt(32 * rng.range(1, 8)));
        asm.op(0x52);
        return;
      case 'log':
        this.pushConst(this.memLength());
        this.pushConst(this.memOffset());
        asm.op(0xa1);
        return;
      case 'tstore':
        this.pushConst(rng.pick(TRANSIENT_KEYS));
        asm.op(0x5d);
        return;
      case 'pop':
        asm.op(0x50);
        return;
    }
  }

  // ---- statements ----------------------------------------------------------------------------

  body(n: number): void {
    for (let i = 0; i < n; i++) this.statement();
  }

  statement(): void {
    const rng = this.rng;
    const s = this.style;
    if (s.badRate > 0 && rng.chance(s.badRate)) {
      this.badPath();
      return;
    }
    const nested = this.loopDepth > 0;
    const kind = rng.weighted([
      [22, 'arith'],
      [10, 'memory'],
      [s.view ? 2 : 10, 'storage'],
      [5, 'transient'],
      [s.view ? 0 : 5, 'log'],
      [this.loopDepth < 2 ? 5 : 0, 'loop'],
      [this.loopDepth < 2 ? 4 : 0, 'branch'],
      [s.allowCalls ? 13 : 0, 'call'],
      [8, 'precompile'],
      [s.allowCreate && !s.view ? (nested ? 2 : 5) : 0, 'create'],
      [6, 'account'],
      [4, 'returndata'],
      [s.view ? 0 : 1, 'selfdestruct'],
      [3, 'emptyRange'],
      [s.view ? 0 : 1, 'initcodeLimit'],
    ] as const);
    switch (kind) {
      case 'arith':
        this.expr();
        this.sink();
        return;
      case 'memory':
        this.memoryStmt();
        return;
      case 'storage':
        this.storageStmt();
        return;
      case 'transient':
        this.transientStmt();
        return;
      case 'log':
        this.logStmt();
        return;
      case 'loop':
        this.loopStmt();
        return;
      case 'branch':
        this.branchStmt();
        return;
      case 'call':
        this.callStmt();
        return;
      case 'precompile':
        this.precompileStmt();
        return;
      case 'create':
        this.createStmt();
        return;
      case 'account':
        this.accountStmt();
        return;
      case 'returndata':
        this.returnDataStmt();
        return;
      case 'selfdestruct':
        this.conditionalSelfdestruct();
        return;
      case 'emptyRange':
        this.emptyRangeStmt();
        return;
      case 'initcodeLimit':
        this.initcodeLimitStmt();
        return;
    }
  }

  /** An offset far beyond any memory with a zero length: no expansion, no charge. */
  hugeOffset(): bigint {
    const rng = this.rng;
    return rng.pick([
      1n << 32n,
      (1n << 32n) - 1n,
      1n << 64n,
      1n << 128n,
      U256_MAX,
      BigInt(rng.range(0x10_0000, 0x7fff_ffff)),
    ]);
  }

  /** Memory-touching instructions with size 0 and a huge offset (valid: memory must not grow). */
  emptyRangeStmt(): void {
    const rng = this.rng;
    const asm = this.asm;
    const huge = () => this.pushConst(this.hugeOffset());
    switch (rng.int(9)) {
      case 0:
        asm.op(0x5f);
        huge();
        asm.op(0x20); // KECCAK256(huge, 0)
        this.sink();
        break;
      case 1:
        asm.op(0x5f);
        this.pushConst(rng.chance(0.5) ? this.hugeOffset() : 0n);
        huge();
        asm.op(rng.pick([0x37, 0x39])); // CALLDATACOPY / CODECOPY(huge, any, 0)
        break;
      case 2:
        asm.op(0x5f);
        this.pushConst(rng.chance(0.5) ? this.hugeOffset() : 0n);
        huge();
        this.pushAddress();
        asm.op(0x3c); // EXTCODECOPY(addr, huge, any, 0)
        break;
      case 3:
        asm.op(0x5f, 0x5f);
        huge();
        asm.op(0x3e); // RETURNDATACOPY(huge, 0, 0)
        break;
      case 4:
        asm.op(0x5f);
        huge();
        huge();
        asm.op(0x5e); // MCOPY(huge, huge, 0)
        break;
      case 5:
        if (this.style.view) return;
        this.pushConst(this.constValue());
        asm.op(0x5f);
        huge();
        asm.op(0xa1); // LOG1(huge, 0, topic)
        break;
      case 6: {
        // A call with empty, far-away argument and return ranges.
        asm.op(0x5f);
        huge();
        asm.op(0x5f);
        huge();
        const contracts = this.callableContracts();
        const target =
          contracts.length > 0 && rng.chance(0.5) ? rng.pick(contracts) : BigInt(rng.range(1, 9));
        this.pushConst(target);
        this.callGas();
        asm.op(rng.pick([0xfa, 0xf4]));
        this.sink();
        break;
      }
      case 7:
        if (this.style.view || !this.style.allowCreate) return;
        asm.op(0x5f);
        huge();
        asm.op(0x5f, 0xf0); // CREATE(0, huge, 0): an empty contract
        this.sink();
        break;
      default:
        huge();
        asm.op(0x35); // CALLDATALOAD(huge): zero
        this.sink();
        break;
    }
  }

  /**
   * CREATE of 49152 bytes of zero memory (EIP-3860's limit; the initcode is all STOP: an empty
   * contract), or, as a bad path, of 49153 bytes (the creating frame halts).
   */
  initcodeLimitStmt(tooLarge = false): void {
    const rng = this.rng;
    const create2 = rng.chance(0.5);
    if (create2) this.pushConst(BigInt(rng.int(5)));
    this.pushConst(tooLarge ? 49_153n : 49_152n);
    this.pushConst(0x30000n); // never written by the other snippets: all zeros, i.e. STOP
    this.asm.op(0x5f, create2 ? 0xf5 : 0xf0);
    this.sink();
  }

  memoryStmt(): void {
    const rng = this.rng;
    const asm = this.asm;
    switch (rng.int(7)) {
      case 0:
      case 1:
        this.expr();
        this.pushConst(this.memOffset());
        asm.op(0x52); // MSTORE
        return;
      case 2:
        this.expr();
        this.pushConst(this.memOffset());
        asm.op(0x53); // MSTORE8
        return;
      case 3:
        this.pushConst(this.memLength());
        this.pushConst(this.memOffset());
        this.pushConst(this.memOffset());
        asm.op(0x5e); // MCOPY
        return;
      case 4:
        this.pushConst(this.memOffset());
        asm.op(0x51); // MLOAD
        this.sink();
        return;
      case 5:
        this.pushConst(this.memLength());
        this.pushConst(rng.chance(0.8) ? BigInt(rng.int(120)) : rng.pick(EDGE_VALUES));
        this.pushConst(this.memOffset());
        asm.op(rng.pick([0x37, 0x39])); // CALLDATACOPY / CODECOPY
        return;
      default:
        asm.op(0x59); // MSIZE
        this.sink();
        return;
    }
  }

  storageStmt(): void {
    const rng = this.rng;
    const asm = this.asm;
    const key = rng.pick(STORAGE_KEYS);
    if (this.style.view || rng.chance(0.25)) {
      this.pushConst(key);
      asm.op(0x54);
      this.sink();
      return;
    }
    const own = this.self >= 0 ? this.world.preStorage[this.self] : undefined;
    const original = own?.get(key) ?? 0n;
    // A run of writes to one slot: set / reset / clear / restore, hitting each refund case.
    const writes = rng.range(1, 4);
    for (let i = 0; i < writes; i++) {
      const v = rng.weighted<() => bigint>([
        [3, () => 0n],
        [3, () => original],
        [2, () => 1n],
        [2, () => BigInt(rng.range(2, 5))],
        [1, () => rng.u256()],
      ])();
      if (rng.chance(0.15)) this.expr(2);
      else this.pushConst(v);
      this.pushConst(key);
      asm.op(0x55);
      if (rng.chance(0.3)) {
        this.pushConst(key);
        asm.op(0x54);
        this.sink();
      }
    }
  }

  transientStmt(): void {
    const rng = this.rng;
    const asm = this.asm;
    const key = rng.pick(TRANSIENT_KEYS);
    if (!this.style.view && rng.chance(0.6)) {
      this.expr(1);
      this.pushConst(key);
      asm.op(0x5d);
    }
    this.pushConst(key);
    asm.op(0x5c);
    this.sink();
  }

  logStmt(): void {
    const n = this.rng.int(5);
    for (let i = 0; i < n; i++) this.expr(2);
    this.pushConst(this.memLength());
    this.pushConst(this.memOffset());
    this.asm.op(0xa0 + n);
  }

  loopStmt(): void {
    const asm = this.asm;
    const top = asm.newLabel();
    this.pushConst(BigInt(this.rng.range(1, this.loopDepth === 0 ? 5 : 3)));
    asm.label(top);
    this.loopDepth++;
    this.stackBase++;
    this.body(this.rng.range(1, 4));
    this.loopDepth--;
    this.stackBase--;
    // counter - 1; loop while non-zero
    asm.op(0x60, 0x01, 0x90, 0x03, 0x80).pushLabel(top).op(0x57, 0x50);
  }

  branchStmt(): void {
    const asm = this.asm;
    const elseL = asm.newLabel();
    const endL = asm.newLabel();
    this.expr(1);
    if (this.rng.chance(0.5)) asm.op(0x60, 0x01, 0x16); // AND 1: a coin flip from any value
    asm.op(0x15).pushLabel(elseL).op(0x57);
    this.loopDepth++;
    this.body(this.rng.range(1, 3));
    asm.pushLabel(endL).op(0x56);
    asm.label(elseL);
    this.body(this.rng.range(0, 2));
    this.loopDepth--;
    asm.label(endL);
  }

  /** Contracts this code may call without risking unbounded recursion. */
  callableContracts(): bigint[] {
    const w = this.world;
    const out: bigint[] = [];
    for (let j = 0; j < w.contracts.length; j++) {
      if (this.self === -1 || (this.self >= 0 && j > this.self) || w.guarded[j]) out.push(w.contracts[j]);
    }
    return out;
  }

  callGas(): void {
    const rng = this.rng;
    const r = rng.int(20);
    if (r < 3) {
      this.asm.op(0x5a); // GAS: all that is allowed (63/64)
      return;
    }
    if (r < 7) {
      this.pushConst(BigInt(rng.range(2, 8)));
      this.asm.op(0x5a, 0x04); // GAS / k
      return;
    }
    this.pushConst(
      rng.pick([
        0n,
        1n,
        100n,
        2300n,
        2600n,
        5000n,
        10_000n,
        25_000n,
        30_000n,
        60_000n,
        100_000n,
        300_000n,
        1_000_000n,
        U256_MAX,
      ]),
    );
  }

  callValue(): bigint {
    const rng = this.rng;
    return rng.weighted<() => bigint>([
      [14, () => 0n],
      [5, () => BigInt(rng.range(1, 1000))],
      [1, () => 10n ** 15n],
      [1, () => 10n ** 30n],
    ])();
  }

  /** Writes `bytes` to memory at `offset` with MSTOREs (the last word is zero-padded). */
  writeMemory(offset: bigint, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i += 32) {
      this.pushConst(wordOf(bytes, i));
      this.pushConst(offset + BigInt(i));
      this.asm.op(0x52);
    }
  }

  callStmt(): void {
    const rng = this.rng;
    const asm = this.asm;
    const w = this.world;
    const contracts = this.callableContracts();
    const target = rng.weighted<() => bigint>([
      [contracts.length > 0 ? 12 : 0, () => rng.pick(contracts)],
      [2, () => rng.pick(w.eoas)],
      [2, () => rng.pick(w.empty)],
      [1, () => w.sender],
      [1, () => w.coinbase],
      [1, () => BigInt(rng.range(0x0b, 0x12))], // not a precompile in Cancun
    ])();
    let op = rng.weighted([
      [10, 0xf1],
      [3, 0xf2],
      [5, 0xf4],
      [5, 0xfa],
    ]);
    if (this.style.view && op !== 0xfa) op = rng.chance(0.5) ? 0xfa : 0xf4;
    // Calldata: a few words for the callee's CALLDATALOAD.
    const argsOff = this.memOffset();
    if (rng.chance(0.5)) this.writeMemory(argsOff, rng.bytes(32 * rng.range(1, 3)));
    const retOff = this.memOffset();
    this.pushConst(this.memLength()); // retSize
    this.pushConst(retOff);
    this.pushConst(this.memLength()); // argsSize
    this.pushConst(argsOff);
    if (op === 0xf1 || op === 0xf2) this.pushConst(this.style.view ? 0n : this.callValue());
    this.pushConst(target);
    this.callGas();
    asm.op(op);
    this.sink();
    this.afterCall(retOff);
  }

  /** Observes the last call's return data (and the part copied to retOffset). */
  afterCall(retOffset?: bigint, hashChance = 0.5): void {
    const rng = this.rng;
    const asm = this.asm;
    if (rng.chance(0.4)) {
      asm.op(0x3d); // RETURNDATASIZE
      this.sink();
    }
    if (rng.chance(hashChance)) {
      // keccak256 of all of the return data: RETURNDATACOPY(dst, 0, size); KECCAK256(dst, size)
      const dst = this.memOffset();
      asm.op(0x3d, 0x5f);
      this.pushConst(dst);
      asm.op(0x3e, 0x3d);
      this.pushConst(dst);
      asm.op(0x20);
      this.sink();
    }
    if (retOffset !== undefined && rng.chance(0.3)) {
      this.pushConst(retOffset);
      asm.op(0x51);
      this.sink();
    }
  }

  returnDataStmt(): void {
    const asm = this.asm;
    if (this.rng.chance(0.5)) {
      asm.op(0x3d);
      this.sink();
    } else {
      // Copy a suffix: RETURNDATACOPY(dst, min(1, size), size - min(1, size)).
      asm.op(0x3d, 0x60, 0x01, 0x81, 0x10, 0x15); // size, (size >= 1)
      asm.op(0x80, 0x82, 0x03); // size, k, size - k
      asm.op(0x90); // size, size-k, k
      this.pushConst(this.memOffset());
      asm.op(0x3e, 0x50); // RETURNDATACOPY(dst, k, size-k); pop size
    }
  }

  precompileStmt(): void {
    const rng = this.rng;
    const asm = this.asm;
    const heavy = this.world.heavyCrypto;
    const address = rng.weighted([
      [3, 1],
      [3, 2],
      [3, 3],
      [4, 4],
      [7, 5],
      [4, 6],
      [2, 7],
      [heavy ? 6 : 2, 8],
      [5, 9],
      [heavy ? 8 : 1, 10],
    ]);
    const input = precompileInput(rng, address, this.world.heavyCrypto);
    const argsOff = rng.chance(0.8) ? BigInt(32 * rng.int(12)) : this.memOffset();
    this.writeMemory(argsOff, input);
    let len = BigInt(input.length);
    if (rng.chance(0.1)) len = BigInt(Math.max(0, input.length - rng.range(1, 40)));
    else if (rng.chance(0.05)) len += BigInt(rng.range(1, 40));
    const op = this.style.view
      ? rng.pick([0xfa, 0xf4])
      : rng.weighted([
          [10, 0xfa],
          [6, 0xf1],
          [2, 0xf2],
          [2, 0xf4],
        ]);
    const retOff = this.memOffset();
    this.pushConst(rng.pick([0n, 32n, 64n, 20n, 128n])); // retSize
    this.pushConst(retOff);
    this.pushConst(len);
    this.pushConst(argsOff);
    if (op === 0xf1 || op === 0xf2) this.pushConst(rng.chance(0.85) ? 0n : BigInt(rng.range(1, 100)));
    this.pushConst(BigInt(address));
    const fixed = fixedPrecompileCost(address, Number(len));
    if (rng.chance(0.15)) asm.op(0x5a);
    else if (fixed !== undefined && rng.chance(0.45)) {
      // Around the exact price: one short, exact, or with room to spare.
      this.pushConst(BigInt(rng.pick([fixed - 1, fixed, fixed, fixed + rng.int(5000)])));
    } else if (rng.chance(0.3)) {
      this.pushConst(BigInt(rng.range(2, 16)));
      asm.op(0x5a, 0x04); // GAS / k
    } else
      this.pushConst(
        rng.pick([
          0n,
          14n,
          15n,
          59n,
          60n,
          100n,
          599n,
          600n,
          2999n,
          3000n,
          6000n,
          45_000n,
          49_999n,
          50_000n,
          113_000n,
          200_000n,
          1_000_000n,
        ]),
      );
    asm.op(op);
    this.sink();
    this.afterCall(retOff, 0.8);
  }

  createStmt(): void {
    const rng = this.rng;
    const asm = this.asm;
    const initcode = initcodeFor(rng, this.world, this.style.badRate);
    const off = BigInt(rng.range(0, 8) * 32);
    this.writeMemory(off, initcode);
    const create2 = rng.chance(0.5);
    const twice = create2 && rng.chance(0.15);
    const salt = rng.chance(0.5) ? BigInt(rng.int(3)) : rng.u256();
    const value = rng.weighted([
      [6, 0n],
      [3, BigInt(rng.range(1, 1000))],
      [1, 10n ** 30n],
    ]);
    const emitCreate = () => {
      if (create2) this.pushConst(salt);
      this.pushConst(BigInt(initcode.length));
      this.pushConst(off);
      this.pushConst(value);
      asm.op(create2 ? 0xf5 : 0xf0);
    };
    emitCreate();
    if (twice) {
      // Same salt and initcode again: an address collision unless the first attempt failed.
      emitCreate();
      this.sink();
    }
    // [addr]: observe it, maybe call it, then sink it.
    if (rng.chance(0.3)) {
      asm.op(0x3d); // RETURNDATASIZE: revert data of a failed create, else 0
      this.sink();
    }
    if (rng.chance(0.5)) {
      asm.op(0x80, 0x3b); // EXTCODESIZE
      this.sink();
    }
    if (rng.chance(0.3)) {
      asm.op(0x80, 0x3f); // EXTCODEHASH
      this.sink();
    }
    if (rng.chance(0.5)) {
      const op = rng.pick([0xf1, 0xf1, 0xfa, 0xf4]);
      this.pushConst(this.memLength());
      this.pushConst(this.memOffset());
      this.pushConst(this.memLength());
      this.pushConst(this.memOffset());
      if (op === 0xf1) {
        this.pushConst(rng.chance(0.7) ? 0n : BigInt(rng.range(1, 50)));
        asm.op(0x85); // DUP6: the address
      } else asm.op(0x84); // DUP5
      this.callGas();
      asm.op(op);
      this.sink();
      this.afterCall(undefined, 0.3);
    }
    this.sink();
  }

  accountStmt(): void {
    const rng = this.rng;
    const asm = this.asm;
    if (rng.chance(0.3)) {
      // EXTCODECOPY(addr, dst, off, len)
      this.pushConst(this.memLength());
      this.pushConst(rng.chance(0.8) ? BigInt(rng.int(64)) : rng.pick(EDGE_VALUES));
      this.pushConst(this.memOffset());
      this.pushAddress();
      asm.op(0x3c);
      return;
    }
    this.readExpr();
    this.sink();
  }

  conditionalSelfdestruct(): void {
    // if (calldata[0] byte == k) SELFDESTRUCT(beneficiary): usually skipped.
    const asm = this.asm;
    const skip = asm.newLabel();
    asm.op(0x5f, 0x35, 0x60, 0x00, 0x1a); // BYTE(0, CALLDATALOAD(0))
    this.pushConst(BigInt(this.rng.chance(0.5) ? this.rng.int(4) : this.rng.int(256)));
    asm.op(0x14, 0x15).pushLabel(skip).op(0x57);
    this.selfdestruct();
    asm.label(skip);
  }

  selfdestruct(): void {
    const rng = this.rng;
    if (rng.chance(0.2)) this.asm.op(0x30);
    else this.pushAddress();
    this.asm.op(0xff);
  }

  badPath(): void {
    const rng = this.rng;
    const asm = this.asm;
    switch (rng.int(10)) {
      case 9:
        this.initcodeLimitStmt(true);
        return;
      case 0: {
        // JUMP / JUMPI into push data that looks like a JUMPDEST.
        const inData = asm.newLabel();
        const after = asm.newLabel();
        asm.pushLabel(after).op(0x56);
        asm.op(0x60);
        asm.mark(inData);
        asm.op(0x5b, 0x50);
        asm.label(after);
        const jumpi = rng.chance(0.5);
        // JUMPI with a zero condition never jumps: that variant is a valid path.
        if (jumpi) this.pushConst(rng.chance(0.7) ? 1n : 0n);
        asm.pushLabel(inData).op(jumpi ? 0x57 : 0x56);
        return;
      }
      case 1:
        // Past the end of any generated code.
        this.pushConst(rng.chance(0.5) ? BigInt(rng.range(0x6001, 0xffff)) : rng.pick([1n << 32n, U256_MAX]));
        asm.op(0x56);
        return;
      case 2:
        asm.op(rng.chance(0.5) ? 0x8f : 0x9f); // DUP16 / SWAP16 on a shallow stack
        return;
      case 3:
        asm.op(rng.pick(UNDEFINED_OPCODES));
        return;
      case 4:
        asm.op(0xfe);
        return;
      case 5:
        // Memory beyond any gas.
        this.pushConst(rng.pick([1n << 32n, 1n << 40n, 1n << 64n, U256_MAX, 0x1000000n]));
        asm.op(rng.pick([0x51, 0x20]));
        return;
      case 6:
        // RETURNDATACOPY past the end.
        asm.op(0x60, 0x01, 0x3d, 0x5f, 0x3e);
        return;
      case 7: {
        // Stack overflow: push forever.
        const top = asm.newLabel();
        asm.label(top).op(0x5f).pushLabel(top).op(0x56);
        return;
      }
      default:
        // Underflow: one value short for a binary op.
        for (let i = 0; i < this.stackBase; i++) asm.op(0x50);
        asm.op(0x5f, rng.pick(BINARY_OPS));
        return;
    }
  }

  /** A guard prologue: count entries in transient storage, stop after GUARD_LIMIT. */
  guardPrologue(index: number): void {
    const asm = this.asm;
    const key = GUARD_KEY_BASE + BigInt(index);
    this.pushConst(key);
    asm.op(0x5c, 0x60, 0x01, 0x01, 0x80); // c = TLOAD(key) + 1; dup
    this.pushConst(key);
    asm.op(0x5d); // TSTORE(key, c)
    asm.op(0x60, GUARD_LIMIT, 0x10).pushLabel('guard_stop').op(0x57); // if (LIMIT < c) stop
  }

  /** Ends the code: RETURN / REVERT of memory, STOP, SELFDESTRUCT, INVALID, or falling off the end. */
  terminator(entry: boolean): void {
    const rng = this.rng;
    const asm = this.asm;
    if (entry && !this.style.view) {
      asm.op(0x5f, 0x51);
      this.pushConst(RESULT_SLOT_BASE - 1n);
      asm.op(0x55); // SSTORE(accumulator slot, mem[0])
    }
    const kind = rng.weighted([
      [entry ? 70 : 45, 'return'],
      [entry ? 8 : 15, 'stop'],
      [entry ? 12 : 20, 'revert'],
      [this.style.view ? 0 : 4, 'selfdestruct'],
      [entry ? 1 : 4, 'invalid'],
      [5, 'end'],
    ] as const);
    switch (kind) {
      case 'return':
      case 'revert':
        this.pushConst(rng.chance(0.5) ? BigInt(32 * rng.range(1, 4)) : this.memLength());
        this.pushConst(rng.chance(0.7) ? 0n : this.memOffset());
        asm.op(kind === 'return' ? 0xf3 : 0xfd);
        return;
      case 'stop':
        asm.op(0x00);
        return;
      case 'selfdestruct':
        this.selfdestruct();
        return;
      case 'invalid':
        asm.op(0xfe);
        return;
      case 'end':
        this.openEnd = true;
        return;
    }
  }

  /** After a terminator that falls off the end: sometimes a PUSH cut short by the end of the code. */
  truncatedTail(): void {
    if (!this.openEnd || !this.rng.chance(0.5)) return;
    const width = this.rng.range(2, 32);
    this.asm.op(0x5f + width).raw(this.rng.bytes(this.rng.int(width)));
  }
}

// ---------------------------------------------------------------------------------------------------
// Precompile inputs

/** Gas of the precompiles whose price depends at most on the input length. */
function fixedPrecompileCost(address: number, len: number): number | undefined {
  const words = Math.ceil(len / 32);
  switch (address) {
    case 1:
      return 3000;
    case 2:
      return 60 + 12 * words;
    case 3:
      return 600 + 120 * words;
    case 4:
      return 15 + 3 * words;
    case 6:
      return 150;
    case 7:
      return 6000;
    case 8:
      return 45_000 + 34_000 * Math.floor(len / 192);
    case 10:
      return 50_000;
    default:
      return undefined;
  }
}

/**
 * Input for precompile `address`. Without `heavy`, pairings (0x08) and point evaluations (0x0a) get
 * only inputs rejected before any curve arithmetic, which costs milliseconds in both EVMs.
 */
function precompileInput(rng: Rng, address: number, heavy: boolean): Uint8Array {
  switch (address) {
    case 1:
      return ecrecoverInput(rng);
    case 2:
    case 3:
    case 4:
      return rng.bytes(
        rng.weighted([
          [3, rng.int(70)],
          [1, rng.int(300)],
          [1, 0],
        ]),
      );
    case 5:
      return modexpInput(rng);
    case 6:
      return cat(g1Point(rng), g1Point(rng));
    case 7:
      return cat(
        g1Point(rng),
        be(
          rng.pick([0n, 1n, 2n, 3n, BN_N - 1n, BN_N, BN_N + 1n, U256_MAX, rng.u256(), BigInt(rng.int(1000))]),
        ),
      );
    case 8:
      if (!heavy) return rng.chance(0.5) ? new Uint8Array(0) : rng.bytes(rng.pick([1, 32, 191, 193, 200]));
      return pairingInput(rng);
    case 9:
      return blake2fInput(rng);
    default:
      if (!heavy) {
        const v = pointEvaluationInput(rng);
        return rng.chance(0.5)
          ? v.subarray(0, rng.pick([0, 32, 191]))
          : cat(new Uint8Array([2]), v.subarray(1));
      }
      return pointEvaluationInput(rng);
  }
}

function ecrecoverInput(rng: Rng): Uint8Array {
  const v = rng.pick(ECRECOVER_VECTORS).slice();
  switch (rng.int(10)) {
    case 0:
      v[63] ^= 1; // the other recovery id: another key
      break;
    case 1:
      v.set(be(rng.pick([0n, 26n, 29n, 1n, (1n << 255n) + 27n])), 32);
      break;
    case 2:
      v.set(be(rng.pick([0n, SECP_N, SECP_N + 1n, U256_MAX])), 64);
      break;
    case 3:
      v.set(be(rng.pick([0n, SECP_N, SECP_N - 1n, U256_MAX])), 96);
      break;
    case 4:
      v.set(rng.bytes(32), 0); // another message: recovers some other address
      break;
    case 5:
      return v.subarray(0, rng.int(128));
    default:
      break;
  }
  return v;
}

function modexpInput(rng: Rng): Uint8Array {
  const lens = () =>
    rng.weighted<() => number>([
      [6, () => rng.int(33)],
      [3, () => rng.range(33, 72)],
      [1, () => 0],
    ])();
  let bLen = lens();
  let eLen = rng.chance(0.8) ? rng.int(33) : rng.range(33, 80);
  let mLen = lens();
  const base = rng.bytes(bLen);
  const exp = rng.bytes(eLen);
  const mod = rng.bytes(mLen);
  if (eLen > 0 && rng.chance(0.2)) exp.fill(0, 0, Math.min(eLen, rng.range(1, eLen)));
  if (mLen > 0 && rng.chance(0.15)) mod.fill(0);
  if (mLen > 0 && rng.chance(0.1)) {
    mod.fill(0);
    mod[mLen - 1] = 1;
  }
  let header = cat(be(BigInt(bLen)), be(BigInt(eLen)), be(BigInt(mLen)));
  if (rng.chance(0.04)) {
    // Declared lengths far beyond the input: gas (or the length cap) decides.
    const huge = rng.pick([1n << 32n, 1n << 64n, U256_MAX, 1024n]);
    const which = rng.int(3);
    const lensBig = [BigInt(bLen), BigInt(eLen), BigInt(mLen)];
    lensBig[which] = huge;
    header = cat(be(lensBig[0]), be(lensBig[1]), be(lensBig[2]));
    bLen = eLen = mLen = 0;
  }
  const body = cat(header, base, exp, mod);
  if (rng.chance(0.1)) return body.subarray(0, rng.int(body.length + 1));
  return body;
}

function g1Point(rng: Rng): Uint8Array {
  const p = rng.weighted<() => readonly [bigint, bigint]>([
    [10, () => rng.pick(BN_G1)],
    [2, () => [0n, 0n] as const],
    [1, () => rng.pick(BN_G1_BAD)],
  ])();
  return cat(be(p[0]), be(p[1]));
}

function g2Point(rng: Rng): Uint8Array {
  const r = rng.int(12);
  if (r === 0) return new Uint8Array(128);
  const q = rng.pick(BN_G2).slice();
  if (r === 1) q[rng.int(4)] ^= 1n; // off the curve
  if (r === 2) q[rng.int(4)] = BN_P; // not a field element
  return cat(...q.map((c) => be(c)));
}

function pairingInput(rng: Rng): Uint8Array {
  const G2 = BN_G2[0];
  const G2x2 = BN_G2[1];
  const g2 = (q: readonly bigint[]) => cat(...q.map((c) => be(c)));
  const g1 = (p: readonly [bigint, bigint]) => cat(be(p[0]), be(p[1]));
  switch (rng.int(6)) {
    case 0:
      return new Uint8Array(0);
    case 1: // e(G1, G2) · e(-G1, G2) = 1
      return cat(g1(BN_G1[0]), g2(G2), g1(BN_G1[4]), g2(G2));
    case 2: // e(G1, 2·G2) · e(-2·G1, G2) = 1
      return cat(g1(BN_G1[0]), g2(G2x2), g1(BN_G1[5]), g2(G2));
    case 3:
      return cat(g1Point(rng), g2Point(rng));
    case 4: {
      const one = cat(g1Point(rng), g2Point(rng));
      return one.subarray(0, rng.int(192));
    }
    default:
      return cat(g1Point(rng), g2Point(rng), g1Point(rng), g2Point(rng));
  }
}

function blake2fInput(rng: Rng): Uint8Array {
  const rounds = rng.weighted([
    [3, rng.int(13)],
    [1, 12],
    [1, rng.range(13, 64)],
  ]);
  const f = rng.weighted([
    [10, rng.int(2)],
    [1, rng.pick([2, 0xff])],
  ]);
  const out = cat(be(BigInt(rounds), 4), rng.bytes(64), rng.bytes(128), rng.bytes(16), new Uint8Array([f]));
  if (rng.chance(0.05)) return out.subarray(0, 212);
  if (rng.chance(0.05)) return cat(out, new Uint8Array([0]));
  return out;
}

function pointEvaluationInput(rng: Rng): Uint8Array {
  let commitment: Uint8Array;
  let proof: Uint8Array;
  let z: bigint;
  let y: bigint;
  if (rng.chance(0.35)) {
    // Zero polynomial: infinity commitment and proof, y = 0 at any z.
    commitment = hex(G1_INFINITY);
    proof = hex(G1_INFINITY);
    z = rng.chance(0.8) ? rng.u256() % BLS_MODULUS : rng.u256();
    y = 0n;
  } else {
    const v = rng.pick(KZG_VECTORS);
    commitment = hex(v.commitment);
    proof = hex(v.proof);
    z = v.z;
    y = v.y;
  }
  let versioned = versionedHash(commitment);
  switch (rng.int(10)) {
    case 0:
      y = (y + 1n) % BLS_MODULUS; // wrong evaluation
      break;
    case 1:
      versioned = versioned.slice();
      versioned[0] = 2; // wrong version
      break;
    case 2:
      y += BLS_MODULUS; // not canonical
      break;
    case 3:
      commitment = commitment.slice();
      commitment[47] ^= 1; // another (likely invalid) point
      versioned = versionedHash(commitment);
      break;
    case 4:
      return cat(versioned, be(z), be(y), commitment, proof).subarray(0, 191);
    default:
      break;
  }
  return cat(versioned, be(z), be(y), commitment, proof);
}

function versionedHash(commitment: Uint8Array): Uint8Array {
  const h = sha256(commitment);
  h[0] = 1;
  return h;
}

// ---------------------------------------------------------------------------------------------------
// Initcode

/** Initcode for CREATE/CREATE2: deploys small runtime code, reverts, halts, or misbehaves. */
function initcodeFor(rng: Rng, world: World, badRate: number): Uint8Array {
  const kind = rng.weighted([
    [14, 'deploy'],
    [4, 'revert'],
    [2, 'invalid'],
    [1, 'ef'],
    [1, 'empty'],
    [2, 'selfdestruct'],
    [1, 'oog'],
    [1, 'codeLimit'],
  ] as const);
  const ctor = new CodeGen(
    rng,
    world,
    -2,
    { view: false, allowCalls: false, allowCreate: false, badRate },
    'I',
  );
  const asm = ctor.asm;
  ctor.body(rng.int(3));
  switch (kind) {
    case 'deploy': {
      const runtime = runtimeCode(rng, world, badRate);
      const len = BigInt(runtime.length);
      ctor.pushConst(len);
      asm.pushLabel('runtime').op(0x5f, 0x39); // CODECOPY(0, runtime, len)
      ctor.pushConst(len);
      asm.op(0x5f, 0xf3, 0x00); // RETURN(0, len)
      asm.mark('runtime').raw(runtime);
      break;
    }
    case 'revert':
      ctor.pushConst(rng.pick([0n, 32n, 7n, 64n]));
      asm.op(0x5f, 0xfd);
      break;
    case 'invalid':
      asm.op(0xfe);
      break;
    case 'ef':
      // RETURN code starting with 0xEF (EIP-3541).
      asm.op(0x60, 0xef, 0x5f, 0x53, 0x60, rng.range(1, 3), 0x5f, 0xf3);
      break;
    case 'empty':
      asm.op(0x00);
      break;
    case 'selfdestruct':
      ctor.selfdestruct();
      break;
    case 'oog':
      asm.op(0x63, 0xff, 0xff, 0xff, 0xff, 0x51); // MLOAD(2^32 - 1)
      break;
    case 'codeLimit':
      // RETURN 24576 (the EIP-170 limit, 4.9 M gas to deposit) or 24577 bytes of zeros.
      ctor.pushConst(rng.chance(0.5) ? 24_576n : 24_577n);
      ctor.pushConst(0x30000n);
      asm.op(0xf3);
      break;
  }
  return asm.assemble();
}

/** Runtime code of a created contract: a few statements, calls only to guarded contracts. */
function runtimeCode(rng: Rng, world: World, badRate: number): Uint8Array {
  const g = new CodeGen(
    rng,
    world,
    -2,
    { view: rng.chance(0.3), allowCalls: rng.chance(0.5), allowCreate: false, badRate },
    'R',
  );
  g.body(rng.range(1, 5));
  g.terminator(false);
  g.truncatedTail();
  if (g.asm.assemble().length === 0) g.asm.op(0x00);
  return g.asm.assemble();
}

// ---------------------------------------------------------------------------------------------------
// Programs

export interface GeneratorOptions {
  /** Probability that a program contains deliberately bad paths. Default 0.3. */
  readonly badProgramRate?: number;
}

function randomAddress(rng: Rng): bigint {
  // Mostly full-width; sometimes with leading zero bytes.
  const bits = rng.chance(0.8) ? 160 : rng.pick([152, 136, 96]);
  let a = rng.bits(bits);
  if (a < 0x100n) a += 0x100n;
  return a;
}

/** Generates program `index` of the run seeded with `seed`. Pure: same inputs, same program. */
export function generateProgram(
  seed: bigint | number,
  index: number,
  options: GeneratorOptions = {},
): FuzzProgram {
  const seedBig = BigInt(seed);
  const rng = programRng(seedBig, index);
  const badProgram = rng.chance(options.badProgramRate ?? 0.3);
  const used = new Set<bigint>();
  const fresh = (): bigint => {
    for (;;) {
      const a = randomAddress(rng);
      if (!used.has(a)) {
        used.add(a);
        return a;
      }
    }
  };
  const sender = fresh();
  const eoas = [fresh(), fresh()];
  const nContracts = rng.range(2, 5);
  const contracts: bigint[] = [];
  for (let i = 0; i < nContracts; i++) contracts.push(fresh());
  const empty = [fresh(), fresh()];
  const guarded = contracts.map(() => rng.chance(0.35));
  const coinbase = rng.weighted<() => bigint>([
    [5, () => fresh()],
    [2, () => rng.pick(eoas)],
    [1, () => rng.pick(contracts)],
    [1, () => sender],
    [1, () => rng.pick(empty)],
  ])();
  const preStorage = contracts.map(() => {
    const m = new Map<bigint, bigint>();
    for (const k of STORAGE_KEYS) {
      if (rng.chance(0.5)) m.set(k, rng.chance(0.5) ? BigInt(rng.range(1, 5)) : rng.u256() || 1n);
    }
    return m;
  });
  const heavyCrypto = rng.chance(0.03);
  const world: World = { contracts, guarded, eoas, empty, sender, coinbase, preStorage, heavyCrypto };

  const accounts: PreAccount[] = [];
  accounts.push({
    address: sender,
    nonce: BigInt(rng.int(3)),
    balance: 10n ** 24n,
    code: new Uint8Array(0),
    storage: [],
  });
  for (const a of eoas) {
    accounts.push({
      address: a,
      nonce: BigInt(rng.int(2)),
      balance: rng.pick([1n, 10n ** 18n, 12345n]),
      code: new Uint8Array(0),
      storage: [],
    });
  }
  // No existing-but-empty accounts: EIP-7523 rules them out of post-merge states (and leaves, e.g.,
  // the RIPEMD-160 touch exemption undefined there). Precompile accounts may exist with a balance.
  if (rng.chance(0.15)) {
    for (let a = 1; a <= 10; a++) {
      if (rng.chance(0.3)) {
        accounts.push({ address: BigInt(a), nonce: 0n, balance: 1n, code: new Uint8Array(0), storage: [] });
      }
    }
  }
  for (let i = 0; i < nContracts; i++) {
    const entry = i === 0;
    const style: Style = {
      view: !entry && !guarded[i] && rng.chance(0.35),
      allowCalls: true,
      allowCreate: true,
      badRate: badProgram ? (entry ? 0.01 : 0.04) : 0,
    };
    const g = new CodeGen(rng, world, i, style, 'C');
    if (guarded[i]) g.guardPrologue(i);
    g.body(entry ? rng.range(6, 24) : rng.range(2, 12));
    g.terminator(entry);
    if (guarded[i]) g.asm.label('guard_stop').op(0x00);
    g.truncatedTail();
    accounts.push({
      address: contracts[i],
      nonce: 1n,
      balance: rng.pick([0n, 10n ** 6n, 10n ** 18n]),
      code: g.asm.assemble(),
      storage: [...preStorage[i]],
    });
  }

  // The transaction.
  const target = rng.weighted([
    [86, 'contract'],
    [6, 'create'],
    [5, 'precompile'],
    [2, 'eoa'],
    [1, 'empty'],
  ] as const);
  const create = target === 'create';
  let to: bigint | null = contracts[0];
  let data: Uint8Array;
  if (create) {
    to = null;
    const g = new CodeGen(
      rng,
      world,
      -1,
      { view: false, allowCalls: true, allowCreate: true, badRate: badProgram ? 0.01 : 0 },
      'T',
    );
    g.body(rng.range(3, 12));
    const runtime = runtimeCode(rng, world, 0);
    const len = BigInt(runtime.length);
    if (rng.chance(0.85)) {
      g.pushConst(len);
      g.asm.pushLabel('runtime').op(0x5f, 0x39);
      g.pushConst(len);
      g.asm.op(0x5f, 0xf3);
    } else g.terminator(true);
    g.asm.mark('runtime').raw(runtime);
    data = g.asm.assemble();
  } else if (target === 'precompile') {
    const address = rng.range(1, 10);
    to = BigInt(address);
    data = precompileInput(rng, address, heavyCrypto).slice();
  } else {
    if (target === 'eoa') to = rng.pick(eoas);
    if (target === 'empty') to = rng.pick(empty);
    data = rng.bytes(
      rng.weighted([
        [2, 0],
        [5, rng.int(40)],
        [2, rng.range(40, 160)],
      ]),
    );
    // Make the SELFDESTRUCT selector byte hit sometimes.
    if (data.length > 0 && rng.chance(0.25)) data[0] = rng.int(4);
  }

  const type = create
    ? rng.pick([0, 2] as const)
    : rng.weighted([
        [5, 0],
        [4, 2],
        [1, 3],
      ] as const);
  const baseFee = BigInt(rng.pick([0, 1, 7, 1000, rng.int(100)]));
  const blobBaseFee = BigInt(rng.pick([1, 2, 17]));
  const tip = BigInt(rng.pick([0, 1, 3, 50]));
  const intrinsicUpperBound = 53_000 + 16 * data.length + 2 * Math.ceil(data.length / 32);
  const gasLimit = BigInt(
    rng.weighted<() => number>([
      [14, () => rng.pick([5_000_000, 12_000_000])],
      [2, () => intrinsicUpperBound + rng.int(400_000)],
      [1, () => intrinsicUpperBound + rng.int(30_000)],
    ])(),
  );
  const blobs = type === 3 ? rng.range(1, 3) : 0;
  const blobVersionedHashes: Uint8Array[] = [];
  for (let i = 0; i < blobs; i++) {
    const h = rng.bytes(32);
    h[0] = 1;
    blobVersionedHashes.push(h);
  }
  const tx: FuzzTx = {
    type,
    nonce: accounts[0].nonce,
    to,
    value: rng.weighted([
      [7, 0n],
      [3, BigInt(rng.range(1, 10_000))],
    ]),
    data,
    gasLimit,
    gasPrice: baseFee + tip,
    maxFeePerGas: baseFee + tip + BigInt(rng.pick([0, 0, 5])),
    maxPriorityFeePerGas: tip,
    maxFeePerBlobGas: blobBaseFee + BigInt(rng.int(3)),
    blobVersionedHashes,
  };
  const block: FuzzBlock = {
    number: BigInt(rng.pick([1, 300, 20_000_000, rng.range(256, 1_000_000)])),
    timestamp: BigInt(1_700_000_000 + rng.int(1_000_000)),
    coinbase,
    baseFee,
    prevRandao: rng.u256(),
    gasLimit: 30_000_000n,
    chainId: 1n,
    blobBaseFee,
  };
  return { seed: seedBig, index, block, sender, accounts, tx };
}

// ---------------------------------------------------------------------------------------------------
// Reporting

function hx(b: Uint8Array): string {
  let s = '0x';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function addr(a: bigint): string {
  return `0x${a.toString(16).padStart(40, '0')}`;
}

/** A JSON-friendly description of a program (hex strings), enough to rebuild it by hand. */
export function describeProgram(p: FuzzProgram): unknown {
  return {
    seed: p.seed.toString(),
    index: p.index,
    sender: addr(p.sender),
    block: {
      number: p.block.number.toString(),
      timestamp: p.block.timestamp.toString(),
      coinbase: addr(p.block.coinbase),
      baseFee: p.block.baseFee.toString(),
      blobBaseFee: p.block.blobBaseFee.toString(),
      prevRandao: `0x${p.block.prevRandao.toString(16)}`,
    },
    tx: {
      type: p.tx.type,
      nonce: p.tx.nonce.toString(),
      to: p.tx.to === null ? null : addr(p.tx.to),
      value: p.tx.value.toString(),
      gasLimit: p.tx.gasLimit.toString(),
      gasPrice: p.tx.gasPrice.toString(),
      maxFeePerGas: p.tx.maxFeePerGas.toString(),
      maxPriorityFeePerGas: p.tx.maxPriorityFeePerGas.toString(),
      maxFeePerBlobGas: p.tx.maxFeePerBlobGas.toString(),
      blobVersionedHashes: p.tx.blobVersionedHashes.map(hx),
      data: hx(p.tx.data),
    },
    accounts: p.accounts.map((a) => ({
      address: addr(a.address),
      nonce: a.nonce.toString(),
      balance: a.balance.toString(),
      code: hx(a.code),
      storage: Object.fromEntries(a.storage.map(([k, v]) => [`0x${k.toString(16)}`, `0x${v.toString(16)}`])),
    })),
  };
}

/** Opcodes present in code (push data skipped). */
export function opcodesIn(code: Uint8Array, into: Uint32Array): void {
  for (let i = 0; i < code.length; i++) {
    const op = code[i];
    into[op]++;
    if (op >= 0x60 && op <= 0x7f) i += op - 0x5f;
  }
}
