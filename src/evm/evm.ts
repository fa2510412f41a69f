// The EVM: executes messages against a WorldState. Calls run on an explicit frame stack (no JS
// recursion), so 1024-deep call chains cannot overflow the host's stack.
import { create2Address, createAddress } from './address.js';
import { EMPTY_BYTES } from './bytes.js';
import { analyze } from './code.js';
import { type BlockEnv, defaultBlockEnv, type TxEnv } from './env.js';
import { EvmError } from './errors.js';
import { Frame } from './frame.js';
import type { CallKind, Inspector } from './inspector.js';
import { Run, run } from './interpreter.js';
import { CANCUN_PRECOMPILES } from './precompiles/index.js';
import { PrecompileRegistry } from './precompiles/registry.js';
import type { ExecResult, ExecStatus, HaltReason } from './result.js';
import { WorldState } from './state/world.js';
import { completeCall, completeCreate, MAX_CODE_SIZE } from './system.js';

const MAX_DEPTH = 1024;
const MAX_NONCE = (1n << 64n) - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export interface CallParams {
  readonly kind: CallKind;
  readonly caller: bigint;
  /** Account whose storage and balance the code acts on. */
  readonly address: bigint;
  /** Account whose code runs. */
  readonly codeAddress: bigint;
  readonly value: bigint;
  readonly input: Uint8Array;
  readonly gas: bigint;
  readonly isStatic: boolean;
  readonly depth: number;
}

export interface CreateParams {
  readonly kind: 'CREATE' | 'CREATE2';
  readonly caller: bigint;
  readonly value: bigint;
  readonly initcode: Uint8Array;
  readonly salt: bigint;
  readonly gas: bigint;
  readonly depth: number;
}

/** A call that finished without running a frame (precompile, empty code, failed pre-checks). */
export interface Immediate {
  readonly status: ExecStatus;
  readonly halt?: HaltReason;
  readonly output: Uint8Array;
  /** Gas left to return to the caller. */
  readonly gas: bigint;
  readonly createdAddress: bigint;
}

export interface Message {
  readonly caller: bigint;
  /** null creates a contract from `data`. */
  readonly to: bigint | null;
  readonly value?: bigint;
  readonly data?: Uint8Array;
  readonly gas: bigint | number;
  readonly isStatic?: boolean;
}

export interface EvmOptions {
  readonly state?: WorldState;
  readonly block?: BlockEnv;
  readonly precompiles?: PrecompileRegistry;
  readonly inspector?: Inspector;
  /** EIP-170's limit on deployed code (24,576 bytes); test runners lift it for test contracts. */
  readonly codeSizeLimit?: number;
}

/**
 * The EVM that ran the latest message, kept referenced with its state for the reason given at
 * Frame's latestFrame: when every EVM and WorldState of a message is garbage (a fresh state per
 * call, as eth_call on a copy or the bench does), a GC would otherwise discard the optimised code
 * specialised to their hidden classes (storage access, logs, the compiled contracts).
 */
let _latestEvm: EVM | undefined;

export class EVM {
  state: WorldState;
  block: BlockEnv;
  tx: TxEnv = { origin: 0n, gasPrice: 0n, blobHashes: [] };
  precompiles: PrecompileRegistry;
  inspector: Inspector | undefined;
  codeSizeLimit: number;
  private readonly stacks: bigint[][] = [];
  private running = false;

  constructor(options: EvmOptions = {}) {
    this.state = options.state ?? new WorldState();
    this.block = options.block ?? defaultBlockEnv();
    this.precompiles = options.precompiles ?? new PrecompileRegistry(CANCUN_PRECOMPILES);
    this.inspector = options.inspector;
    this.codeSizeLimit = options.codeSizeLimit ?? MAX_CODE_SIZE;
  }

  /** Runs one message to completion: the transaction-free core of a call or create. */
  runMessage(msg: Message): ExecResult {
    if (this.running) {
      // Frames share pooled stacks per depth, so a nested run would corrupt the outer one.
      throw new EvmError(
        'runMessage called while this EVM is already running a message',
        'TDK_EVM_REENTRANT',
        'use a second EVM over the same WorldState for nested execution',
      );
    }
    // If a host callback (custom precompile, inspector) throws, undo the whole message and rethrow.
    _latestEvm = this;
    const state = this.state;
    const open = state.openCheckpointCount;
    const cp = state.checkpoint();
    this.running = true;
    try {
      const result = this.runMessageInner(msg);
      state.commit(cp);
      return result;
    } catch (err) {
      state.abort(cp, open);
      throw err;
    } finally {
      this.running = false;
    }
  }

  private runMessageInner(msg: Message): ExecResult {
    const logsStart = this.state.logs.length;
    const value = msg.value ?? 0n;
    const gas = BigInt(msg.gas);
    const data = msg.data ?? EMPTY_BYTES;
    const started =
      msg.to === null
        ? this.beginCreate(
            { kind: 'CREATE', caller: msg.caller, value, initcode: data, salt: 0n, gas, depth: 0 },
            null,
          )
        : this.beginCall(
            {
              kind: msg.isStatic ? 'STATICCALL' : 'CALL',
              caller: msg.caller,
              address: msg.to,
              codeAddress: msg.to,
              value,
              input: data,
              gas,
              isStatic: msg.isStatic ?? false,
              depth: 0,
            },
            null,
          );
    let left: bigint;
    let r: Frame | Immediate;
    if (started instanceof Frame) {
      r = this.execute(started);
      left = r.gasLeft();
    } else {
      r = started;
      left = r.gas;
    }
    return {
      status: r.status,
      halt: r.halt,
      output: r.status === 'halt' ? EMPTY_BYTES : r.output,
      gasUsed: gas - left,
      gasLeft: left,
      createdAddress: msg.to === null && r.status === 'success' ? r.createdAddress : undefined,
      logs: this.state.logs.slice(logsStart),
    };
  }

  private stackAt(depth: number): bigint[] {
    let s = this.stacks[depth];
    if (s === undefined) this.stacks[depth] = s = new Array<bigint>(1024).fill(0n);
    return s;
  }

  /** Runs frames until `root` finishes, switching to children as calls start and end. */
  private execute(root: Frame): Frame {
    let f = root;
    for (;;) {
      if (run(this, f) === Run.Child) {
        f = f.child!;
        continue;
      }
      this.finishFrame(f);
      const parent = f.parent;
      if (parent === null) {
        f.releaseMemory();
        return f;
      }
      parent.child = null;
      if (f.kind === 'CREATE' || f.kind === 'CREATE2') completeCreate(parent, f);
      else completeCall(parent, f);
      f.releaseMemory();
      f = parent;
    }
  }

  /** Deposits created code, then commits or reverts the frame's state changes. */
  private finishFrame(f: Frame): void {
    const state = this.state;
    if ((f.kind === 'CREATE' || f.kind === 'CREATE2') && f.status === 'success') {
      const code = f.output;
      let halt: HaltReason | undefined;
      if (code.length > this.codeSizeLimit) halt = 'CodeSizeLimit';
      else if (code.length > 0 && code[0] === 0xef) halt = 'InvalidCodePrefix';
      else if (f.gasLeft() < BigInt(200 * code.length)) halt = 'OutOfGas';
      if (halt === undefined) {
        f.setGas(f.gasLeft() - BigInt(200 * code.length));
        state.setCode(f.address, code);
      } else {
        f.status = 'halt';
        f.halt = halt;
        f.setGas(0n);
        f.output = EMPTY_BYTES;
      }
    }
    if (f.status === 'success') state.commit(f.checkpoint);
    else state.revert(f.checkpoint);
    const inspector = this.inspector;
    if (inspector === undefined) return;
    inspector.callExit?.({
      depth: f.depth,
      status: f.status,
      halt: f.halt,
      output: f.output,
      gasUsed: f.gasLimit - f.gasLeft(),
    });
    const isCreate = f.kind === 'CREATE' || f.kind === 'CREATE2';
    const end = isCreate ? inspector.createEnd : inspector.callEnd;
    if (end === undefined) return;
    const replaced = end.call(inspector, f.depth, {
      status: f.status,
      halt: f.halt,
      output: f.output,
      gas: f.gasLeft(),
      createdAddress: f.createdAddress,
    });
    if (replaced !== undefined) {
      f.status = replaced.status;
      f.halt = replaced.halt;
      f.output = replaced.output;
      f.setGas(replaced.gas);
      f.createdAddress = replaced.createdAddress;
    }
  }

  private immediate(depth: number, gasLimit: bigint, r: Immediate, isCreate = false): Immediate {
    const inspector = this.inspector;
    if (inspector === undefined) return r;
    inspector.callExit?.({
      depth,
      status: r.status,
      halt: r.halt,
      output: r.output,
      gasUsed: gasLimit - r.gas,
    });
    const end = isCreate ? inspector.createEnd : inspector.callEnd;
    return end === undefined ? r : (end.call(inspector, depth, r) ?? r);
  }

  /** Starts a call: returns the frame to run, or the result if nothing needs to run. */
  beginCall(p: CallParams, parent: Frame | null): Frame | Immediate {
    const state = this.state;
    const inspector = this.inspector;
    let answered: Immediate | undefined;
    if (inspector?.interceptCall) {
      const hooked = inspector.interceptCall(p, parent);
      if (hooked !== undefined) {
        if ('kind' in hooked) p = hooked;
        else answered = hooked;
      }
      // The balance check system.call leaves to us when this hook exists: the caller that pays.
      if (
        answered === undefined &&
        p.value !== 0n &&
        (p.kind === 'CALL' || p.kind === 'CALLCODE') &&
        state.getBalance(p.caller) < p.value
      ) {
        answered = { status: 'revert', output: EMPTY_BYTES, gas: p.gas, createdAddress: 0n };
      }
    }
    const precompile = answered === undefined ? this.precompiles.get(p.codeAddress) : undefined;
    inspector?.callEnter?.({
      kind: p.kind,
      depth: p.depth,
      from: p.caller,
      to: p.address,
      codeAddress: p.codeAddress,
      value: p.value,
      input: p.input,
      gas: p.gas,
      isPrecompile: precompile !== undefined,
    });
    if (answered !== undefined) return this.immediate(p.depth, p.gas, answered);
    if (p.kind === 'CALL' && p.value === 0n && precompile === undefined && !state.exists(p.address)) {
      // EIP-161: a zero-value call to a missing account neither creates nor touches it.
      return this.immediate(p.depth, p.gas, success(EMPTY_BYTES, p.gas));
    }
    const cp = state.checkpoint();
    if (p.kind === 'CALL' && p.value !== 0n) {
      state.subBalance(p.caller, p.value);
      state.addBalance(p.address, p.value);
    } else if (p.kind === 'CALL' || p.kind === 'STATICCALL') {
      state.getOrCreate(p.address);
      state.touch(p.address);
    }
    if (precompile !== undefined) {
      const limit = p.gas > MAX_SAFE ? Number.MAX_SAFE_INTEGER : Number(p.gas);
      const out = precompile.run({
        input: p.input,
        gasLimit: limit,
        address: p.codeAddress,
        caller: p.caller,
        value: p.value,
        isStatic: p.isStatic,
      });
      let r: Immediate;
      if (out.status === 'halt' || out.gasUsed > limit) {
        state.revert(cp);
        r = {
          status: 'halt',
          halt: out.status === 'halt' ? 'PrecompileFailure' : 'OutOfGas',
          output: EMPTY_BYTES,
          gas: 0n,
          createdAddress: 0n,
        };
      } else if (out.status === 'revert') {
        state.revert(cp);
        r = { status: 'revert', output: out.output, gas: p.gas - BigInt(out.gasUsed), createdAddress: 0n };
      } else {
        state.commit(cp);
        r = success(out.output, p.gas - BigInt(out.gasUsed));
      }
      return this.immediate(p.depth, p.gas, r);
    }
    const code = state.getCode(p.codeAddress);
    if (code === undefined || code.length === 0) {
      state.commit(cp);
      return this.immediate(p.depth, p.gas, success(EMPTY_BYTES, p.gas));
    }
    return new Frame(
      p.kind,
      analyze(code),
      this.stackAt(p.depth),
      p.depth,
      p.address,
      p.codeAddress,
      p.caller,
      p.value,
      p.input,
      p.isStatic,
      p.gas,
      cp,
      parent,
    );
  }

  /** Starts a create: returns the initcode frame, or the result if it cannot or need not run. */
  beginCreate(p: CreateParams, parent: Frame | null): Frame | Immediate {
    const state = this.state;
    const inspector = this.inspector;
    let answered: Immediate | undefined;
    if (inspector?.interceptCreate) {
      const hooked = inspector.interceptCreate(p, parent);
      if (hooked !== undefined) {
        if ('kind' in hooked) p = hooked;
        else answered = hooked;
      }
    }
    const nonce = state.getNonce(p.caller);
    const address =
      p.kind === 'CREATE' ? createAddress(p.caller, nonce) : create2Address(p.caller, p.salt, p.initcode);
    inspector?.callEnter?.({
      kind: p.kind,
      depth: p.depth,
      from: p.caller,
      to: address,
      codeAddress: address,
      value: p.value,
      input: p.initcode,
      gas: p.gas,
      isPrecompile: false,
    });
    if (answered !== undefined) return this.immediate(p.depth, p.gas, answered, true);
    if (p.depth > MAX_DEPTH || state.getBalance(p.caller) < p.value || nonce >= MAX_NONCE) {
      // Nothing happened: the caller keeps all the gas it offered.
      return this.immediate(
        p.depth,
        p.gas,
        {
          status: 'revert',
          output: EMPTY_BYTES,
          gas: p.gas,
          createdAddress: 0n,
        },
        true,
      );
    }
    state.setNonce(p.caller, nonce + 1n);
    state.warmAccount(address);
    const existing = state.getAccount(address);
    if (existing && (existing.nonce !== 0n || existing.code.length !== 0 || existing.storage.size !== 0)) {
      return this.immediate(
        p.depth,
        p.gas,
        {
          status: 'halt',
          halt: 'CreateCollision',
          output: EMPTY_BYTES,
          gas: 0n,
          createdAddress: 0n,
        },
        true,
      );
    }
    const cp = state.checkpoint();
    state.createContractAccount(address);
    state.setNonce(address, 1n);
    if (p.value !== 0n) {
      state.subBalance(p.caller, p.value);
      state.addBalance(address, p.value);
    }
    if (p.initcode.length === 0) {
      state.commit(cp);
      return this.immediate(
        p.depth,
        p.gas,
        {
          status: 'success',
          output: EMPTY_BYTES,
          gas: p.gas,
          createdAddress: address,
        },
        true,
      );
    }
    const f = new Frame(
      p.kind,
      analyze(p.initcode),
      this.stackAt(p.depth),
      p.depth,
      address,
      address,
      p.caller,
      p.value,
      EMPTY_BYTES,
      false,
      p.gas,
      cp,
      parent,
    );
    f.createdAddress = address;
    return f;
  }
}

function success(output: Uint8Array, gas: bigint): Immediate {
  return { status: 'success', output, gas, createdAddress: 0n };
}
