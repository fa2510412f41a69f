// A call frame: one running piece of code with its own stack, memory and gas.
import { EMPTY_BYTES } from './bytes.js';
import type { CodeAnalysis } from './code.js';
import type { CallKind } from './inspector.js';
import type { ExecStatus, HaltReason } from './result.js';
import type { Checkpoint } from './state/world.js';

/** Memory beyond 4 GiB costs more gas than any block holds; treat it as out of gas. */
export const MAX_MEMORY = 0x1_0000_0000;

/**
 * Gas is a JS number for speed; a frame holding more than GAS_CHUNK (possible only with the huge gas
 * limits of some tests) keeps the excess in `reserve`, moved in by refill() when `gas` runs out, so
 * every figure stays exact.
 */
export const GAS_CHUNK = 2 ** 52;
const GAS_CHUNK_BIG = BigInt(GAS_CHUNK);
const EMPTY_VIEW = new DataView(new ArrayBuffer(0));

/**
 * Memory buffers of finished frames, zeroed and reused. Allocating a fresh ArrayBuffer (and growing it
 * two or three times) for every call frame showed up in profiles of call-heavy runs; a short free list
 * removes nearly all of it. Bytes past a frame's memSize are always zero, so zeroing `used` bytes
 * leaves the whole buffer zero.
 */
const memoryPool: Uint8Array[] = [];
const POOL_SIZE = 64;
const POOLED_MAX_BYTES = 1 << 16;
/** First allocation: most frames of compiled Solidity stay under this. */
const MIN_MEMORY_CAPACITY = 1024;

function takeMemory(size: number): Uint8Array {
  const top = memoryPool[memoryPool.length - 1];
  if (top !== undefined && top.length >= size) {
    memoryPool.length--;
    return top;
  }
  return new Uint8Array(Math.max(size, MIN_MEMORY_CAPACITY));
}

function recycleMemory(buffer: Uint8Array, used: number): void {
  if (buffer.length === 0 || buffer.length > POOLED_MAX_BYTES || memoryPool.length >= POOL_SIZE) return;
  buffer.fill(0, 0, used);
  memoryPool.push(buffer);
}

/** An offset or size from the stack as a number; anything past 4 GiB maps to one sentinel. */
const TOO_BIG = 0x1_0000_0001;
export function num(v: bigint): number {
  // A double comparison: Number() of a huge word is a huge double, never NaN.
  const n = Number(v);
  return n > 0xffffffff ? TOO_BIG : n;
}

/** Gas for a memory of `words` 32-byte words: 3w + w²/512 (Yellow Paper, C_mem). */
export function memoryGas(words: number): number {
  return 3 * words + Math.floor((words * words) / 512);
}

/**
 * The most recently created frame (latestFrame), kept referenced on purpose. V8 holds the hidden classes that
 * objects reach by adding properties only weakly: once every frame of a message is garbage, a GC
 * drops the Frame hidden class and with it all optimised code specialised to it (the interpreter,
 * every compiled contract), which then runs slowly until it is optimised again. One live frame
 * keeps the class, and the code, across messages.
 */
let _latestFrame: Frame | undefined;

export class Frame {
  pc = 0;
  sp = 0;
  gas = 0;
  reserve = 0n;
  /** Gas the frame started with. */
  readonly gasLimit: bigint;
  memory: Uint8Array = EMPTY_BYTES;
  /** A DataView over `memory`, for word reads and writes. */
  view: DataView = EMPTY_VIEW;
  /** Active memory size in bytes, always a multiple of 32. */
  memSize = 0;
  returnData: Uint8Array = EMPTY_BYTES;

  status: ExecStatus = 'success';
  halt: HaltReason | undefined = undefined;
  output: Uint8Array = EMPTY_BYTES;

  // Set while this frame waits for a child call to finish.
  child: Frame | null = null;
  retOffset = 0;
  retSize = 0;
  /** For creates: the new contract's address. */
  createdAddress = 0n;

  constructor(
    readonly kind: CallKind,
    readonly analysis: CodeAnalysis,
    readonly stack: bigint[],
    readonly depth: number,
    readonly address: bigint,
    readonly codeAddress: bigint,
    readonly caller: bigint,
    readonly value: bigint,
    readonly input: Uint8Array,
    readonly isStatic: boolean,
    gas: bigint,
    readonly checkpoint: Checkpoint,
    readonly parent: Frame | null,
  ) {
    this.setGas(gas);
    this.gasLimit = gas;
    _latestFrame = this;
  }

  setGas(total: bigint): void {
    if (total <= GAS_CHUNK_BIG) {
      this.gas = Number(total);
      this.reserve = 0n;
    } else {
      this.gas = GAS_CHUNK;
      this.reserve = total - GAS_CHUNK_BIG;
    }
  }

  gasLeft(): bigint {
    return this.reserve === 0n ? BigInt(this.gas) : BigInt(this.gas) + this.reserve;
  }

  addGas(amount: bigint): void {
    if (this.reserve === 0n && amount <= GAS_CHUNK_BIG - BigInt(this.gas)) this.gas += Number(amount);
    else this.setGas(this.gasLeft() + amount);
  }

  /**
   * Called when a charge drove `gas` negative: draws on the reserve. Returns the new gas, still
   * negative if the frame is truly out of gas.
   */
  refill(gas: number): number {
    if (this.reserve === 0n) return gas;
    const total = BigInt(gas) + this.reserve;
    if (total < 0n) {
      this.reserve = 0n;
      return -1;
    }
    this.setGas(total);
    return this.gas;
  }

  /**
   * Gas to grow memory so that [offset, offset+size) is addressable; -1 when impossible (past
   * MAX_MEMORY). Does not grow: call growMemory after charging.
   */
  expansionCost(offset: number, size: number): number {
    if (size === 0) return 0;
    const end = offset + size;
    if (end > MAX_MEMORY) return -1;
    if (end <= this.memSize) return 0;
    const words = Math.ceil(end / 32);
    return memoryGas(words) - memoryGas(this.memSize / 32);
  }

  growMemory(offset: number, size: number): void {
    if (size === 0) return;
    const end = offset + size;
    if (end <= this.memSize) return;
    const newSize = Math.ceil(end / 32) * 32;
    if (newSize > this.memory.length) {
      const old = this.memory;
      const grown = takeMemory(Math.max(newSize, Math.min(old.length * 2, MAX_MEMORY)));
      grown.set(old.subarray(0, this.memSize));
      recycleMemory(old, this.memSize);
      this.memory = grown;
      this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
    }
    this.memSize = newSize;
  }

  /** The frame has finished and handed on its output (always a copy): its memory goes back to the pool. */
  releaseMemory(): void {
    recycleMemory(this.memory, this.memSize);
    this.memory = EMPTY_BYTES;
    this.view = EMPTY_VIEW;
    this.memSize = 0;
  }

  private _inputView: DataView | undefined;

  /** A DataView over the call data, made on first use (CALLDATALOAD). */
  inputView(): DataView {
    if (this._inputView === undefined) {
      const i = this.input;
      this._inputView = new DataView(i.buffer, i.byteOffset, i.byteLength);
    }
    return this._inputView;
  }
}
