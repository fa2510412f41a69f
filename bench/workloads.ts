// The benchmark workloads, shared by bench/evm.ts (full size) and test/bench-workloads.test.ts
// (tiny size, correctness only). Each workload is one top-level message from CALLER to a contract
// that is either installed as raw runtime code or deployed from initcode by CALLER (nonce 0).
import type { CompiledContract } from './solc.js';

export const CALLER = 0x1000000000000000000000000000000000000001n;
/** Where raw-bytecode workloads are installed. */
export const RAW_TARGET = 0x2000000000000000000000000000000000000002n;
/** Recipient of the transfer and mint loops. */
export const RECIPIENT = 0x3000000000000000000000000000000000000003n;
/** BenchToken's constructor mints this to CALLER (1e12 tokens of 18 decimals). */
export const INITIAL_SUPPLY = 10n ** 30n;
/** Gas given to every workload call (and to deployments). */
export const GAS_LIMIT = 1_000_000_000;

export type WorkloadId = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';

export interface WorkloadSpec {
  readonly id: WorkloadId;
  readonly name: string;
  /** Exactly what one run does. */
  readonly description: string;
  /** Minimum tdk/ethereumjs speed-up accepted for this workload. */
  readonly target: number;
  /** Runtime code installed at RAW_TARGET... */
  readonly code?: Uint8Array;
  /** ...or creation code deployed by CALLER; the call goes to the created address. */
  readonly initcode?: Uint8Array;
  readonly data: Uint8Array;
  readonly gas: number;
}

export interface WorkloadSizes {
  /** a: arithmetic loop iterations. */
  readonly arith: number;
  /** b: chained keccak256 iterations. */
  readonly keccak: number;
  /** c: ERC-20 transfers. */
  readonly transfers: number;
  /** d: ERC-20 mints. */
  readonly mints: number;
  /** e: approve + transferFrom rounds. */
  readonly approveRounds: number;
  /** f: ray tracer image and sampling. */
  readonly ray: {
    readonly width: number;
    readonly height: number;
    readonly spp: number;
    readonly depth: number;
  };
}

/** The sizes the targets are defined for. Do not shrink. */
export const FULL_SIZES: WorkloadSizes = {
  arith: 1_000_000,
  keccak: 20_000,
  transfers: 5_000,
  mints: 5_000,
  approveRounds: 1_000,
  ray: { width: 32, height: 24, spp: 4, depth: 4 },
};

/** Tiny sizes for the correctness test. */
export const SMALL_SIZES: WorkloadSizes = {
  arith: 100,
  keccak: 100,
  transfers: 100,
  mints: 100,
  approveRounds: 20,
  ray: { width: 2, height: 2, spp: 2, depth: 3 },
};

// ---- raw bytecode ------------------------------------------------------------------------------

/** Multiplier of the arithmetic loop: a full-width odd 256-bit constant. */
export const ARITH_K = 0x9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95n;
/** Initial accumulator of the arithmetic loop. */
export const ARITH_ACC0 = 0x0123456789abcdeffedcba98765432100f1e2d3c4b5a69788796a5b4c3d2e1f0n;

const MASK_256 = (1n << 256n) - 1n;

function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`bad hex: ${hex.slice(0, 20)}...`);
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

function word(v: bigint): string {
  return (v & MASK_256).toString(16).padStart(64, '0');
}

/**
 * a. Arithmetic loop, runtime code; n = calldata word 0 (n >= 1). Stack [acc, i], i from n down to 1:
 *
 *   00  PUSH32 ACC0
 *   21  PUSH0 CALLDATALOAD          ; [acc, n]
 *   23  JUMPDEST                    ; loop, 13 ops / 46 gas per iteration:
 *       SWAP1                       ; [i, acc]            3
 *       PUSH32 K                    ; [i, acc, K]         3
 *       MUL                         ; [i, acc*K]          5
 *       DUP2 ADD                    ; [i, acc*K + i]      3 + 3
 *       SWAP1                       ; [acc', i]           3
 *       PUSH1 1 SWAP1 SUB           ; [acc', i-1]         3 + 3 + 3
 *       DUP1 PUSH2 0x0023 JUMPI     ; loop while i-1 != 0 3 + 3 + 10   (+1 JUMPDEST)
 *       POP PUSH0 MSTORE PUSH1 32 PUSH0 RETURN   ; returns acc
 *
 * i.e. acc = acc * K + i (mod 2^256) for i = n, n-1, ..., 1.
 */
export function arithLoopCode(): Uint8Array {
  const loop = 0x23;
  const hex =
    `7f${word(ARITH_ACC0)}` +
    '5f35' +
    '5b' +
    '90' +
    `7f${word(ARITH_K)}` +
    '02' +
    '8101' +
    '90' +
    '600190' +
    '03' +
    `8061${loop.toString(16).padStart(4, '0')}57` +
    '505f5260205ff3';
  const code = hexToBytes(hex);
  if (code[loop] !== 0x5b) throw new Error('arithLoopCode: loop label is not a JUMPDEST');
  return code;
}

/** The arithmetic loop's result computed in JS (for tests). */
export function arithLoopExpected(n: number): bigint {
  let acc = ARITH_ACC0;
  for (let i = n; i >= 1; i--) acc = (acc * ARITH_K + BigInt(i)) & MASK_256;
  return acc;
}

/**
 * b. Chained keccak of a memory word, runtime code; n = calldata word 0 (n >= 1). mem[0..32) starts
 * zero; each iteration does mem[0..32) = keccak256(mem[0..32)):
 *
 *   00  PUSH0 CALLDATALOAD          ; [n]
 *   02  JUMPDEST                    ; loop, 12 ops / 74 gas per iteration:
 *       PUSH1 32 PUSH1 0 KECCAK256  ; [i, h]              3 + 3 + 36
 *       PUSH1 0 MSTORE              ; mem[0] = h          3 + 3
 *       PUSH1 1 SWAP1 SUB           ; [i-1]               3 + 3 + 3
 *       DUP1 PUSH2 0x0002 JUMPI     ;                     3 + 3 + 10   (+1 JUMPDEST)
 *       POP PUSH1 32 PUSH1 0 RETURN ; returns keccak^n(0^32)
 */
export function keccakLoopCode(): Uint8Array {
  const loop = 0x02;
  const code = hexToBytes(
    `5f35` +
      '5b' +
      '60206000' +
      '20' +
      '600052' +
      '600190' +
      '03' +
      `8061${loop.toString(16).padStart(4, '0')}57` +
      '5060206000f3',
  );
  if (code[loop] !== 0x5b) throw new Error('keccakLoopCode: loop label is not a JUMPDEST');
  return code;
}

// ---- ABI ---------------------------------------------------------------------------------------

/** Calldata for `signature` with static (uint/address) arguments. */
export function encodeCall(
  contract: CompiledContract,
  signature: string,
  args: readonly bigint[],
): Uint8Array {
  const selector = contract.methodIdentifiers[signature];
  if (selector === undefined) throw new Error(`no method ${signature}`);
  return hexToBytes(selector + args.map(word).join(''));
}

export function encodeWord(v: bigint): Uint8Array {
  return hexToBytes(word(v));
}

/** Reads 32-byte word `i` of ABI output. */
export function decodeWord(output: Uint8Array, i: number): bigint {
  const w = output.subarray(32 * i, 32 * i + 32);
  if (w.length !== 32) throw new Error(`output too short for word ${i}`);
  return BigInt(`0x${Buffer.from(w).toString('hex')}`);
}

// ---- workload list -----------------------------------------------------------------------------

export interface BenchContracts {
  readonly BenchToken: CompiledContract;
  readonly RayTracer: CompiledContract;
}

export function benchContracts(contracts: Record<string, CompiledContract>): BenchContracts {
  const { BenchToken, RayTracer } = contracts;
  if (BenchToken === undefined || RayTracer === undefined) throw new Error('missing BenchToken or RayTracer');
  return { BenchToken, RayTracer };
}

export function buildWorkloads(c: BenchContracts, s: WorkloadSizes): WorkloadSpec[] {
  const tokenInit = hexToBytes(c.BenchToken.bytecode + word(INITIAL_SUPPLY));
  const rayInit = hexToBytes(c.RayTracer.bytecode);
  const r = s.ray;
  return [
    {
      id: 'a',
      name: 'arith loop',
      description: `raw bytecode, ${s.arith} x (acc = acc*K + i mod 2^256), 13 ops / 46 gas per iteration`,
      target: 10,
      code: arithLoopCode(),
      data: encodeWord(BigInt(s.arith)),
      gas: GAS_LIMIT,
    },
    {
      id: 'b',
      name: 'keccak loop',
      description: `raw bytecode, ${s.keccak} x chained keccak256 of a 32-byte memory word, 12 ops / 74 gas per iteration`,
      target: 5,
      code: keccakLoopCode(),
      data: encodeWord(BigInt(s.keccak)),
      gas: GAS_LIMIT,
    },
    {
      id: 'c',
      name: 'erc20 transfer',
      description: `BenchToken.transferLoop: ${s.transfers} x transfer(to, 1) inside one call`,
      target: 10,
      initcode: tokenInit,
      data: encodeCall(c.BenchToken, 'transferLoop(address,uint256)', [RECIPIENT, BigInt(s.transfers)]),
      gas: GAS_LIMIT,
    },
    {
      id: 'd',
      name: 'erc20 mint',
      description: `BenchToken.mintLoop: ${s.mints} x _mint(to, 1e18) inside one call`,
      target: 10,
      initcode: tokenInit,
      data: encodeCall(c.BenchToken, 'mintLoop(address,uint256)', [RECIPIENT, BigInt(s.mints)]),
      gas: GAS_LIMIT,
    },
    {
      id: 'e',
      name: 'erc20 approve+xferFrom',
      description: `BenchToken.approveTransferFromLoop: ${s.approveRounds} x (approve, transferFrom to a fresh recipient, allowance check)`,
      target: 10,
      initcode: tokenInit,
      data: encodeCall(c.BenchToken, 'approveTransferFromLoop(uint256)', [BigInt(s.approveRounds)]),
      gas: GAS_LIMIT,
    },
    {
      id: 'f',
      name: 'ray tracer',
      description: `RayTracer.render(${r.width}, ${r.height}, ${r.spp}, ${r.depth}): ${r.width}x${r.height} px, ${r.spp} samples/px, <= ${r.depth} bounces, 1e18 fixed point`,
      target: 10,
      initcode: rayInit,
      data: encodeCall(c.RayTracer, 'render(uint256,uint256,uint256,uint256)', [
        BigInt(r.width),
        BigInt(r.height),
        BigInt(r.spp),
        BigInt(r.depth),
      ]),
      gas: GAS_LIMIT,
    },
  ];
}
