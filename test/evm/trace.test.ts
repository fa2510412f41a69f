// EIP-3155 tracing: tdk's trace, step for step, against @ethereumjs/evm 10.1.3's `step` events on
// hand-written programs; and `tdk evm run --trace` prints valid JSON lines.
//
// What is compared, per step (tdk line <-> ethereumjs step event):
// - pc, op:      `pc`, `op`                 <-> `data.pc`, `data.opcode.code`
// - gas:         `gas` (hex)                <-> `data.gasLeft` (gas before the instruction)
// - depth:       `depth` (EIP-3155, from 1) <-> `data.depth + 1` (ethereumjs counts from 0)
// - stack:       `stack` (hex, bottom first)<-> `data.stack` (bottom first)
// - memSize:     `memSize` (bytes)          <-> `data.memoryWordCount * 32` (size before the op)
// - memory:      `memory` (tracer option)   <-> `data.memory` (both: the active memory before the op)
// - refund:      `refund` (hex)             <-> `data.gasRefund`, on every step but SSTORE's: EIP-3155
//   and tdk report the refund counter before the instruction; ethereumjs (like geth) reads it after
//   SSTORE's gas handler has already booked that SSTORE's refund change. The next step's refund,
//   compared, shows the change.
// - gasCost:     `gasCost` (hex)            <-> `data.opcode.dynamicFee`, which ethereumjs computes
//   before the instruction runs as static fee + dynamic fee. For the CALL and CREATE families it
//   is what the instruction charges before the child starts (memory expansion, cold access, value
//   transfer, new account, initcode words and hashing), without the gas forwarded to the child
//   and without the call stipend: ethereumjs keeps the forwarded gas out of `dynamicFee`
//   (`runState.messageGasLimit`) and charges the child's actual use after it returns. tdk's
//   tracer reports the same quantity (see src/evm/tracing/eip3155.ts).
//   One derivation: when an instruction halts its frame exceptionally (out of gas, invalid jump,
//   stack underflow, static-state violation, ...), ethereumjs still reports the fee it computed
//   (or just the static fee when its dynamic-gas handler threw), while the gas actually consumed
//   is everything the frame had left. tdk reports the consumed gas, so for that step the
//   ethereumjs value compared is `data.gasLeft`. A step is such a step when it is the last one of
//   a message whose `afterMessage` result has an `exceptionError` other than `revert`, except that
//   a RETURN followed by a failed code deposit (the error is the deposit's, not RETURN's) keeps
//   `dynamicFee`.
// - op: ethereumjs reports any undefined opcode as 0xfe (INVALID); the byte at pc is compared.
// - The only step-list difference: ethereumjs stops its loop at the end of the code without a
//   step for the implicit STOP there; tdk (like geth and revm) traces that STOP. Programs end
//   with explicit terminators, and `implicit STOP` below checks that tdk's one extra line is
//   exactly that.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM } from '@ethereumjs/evm';
import {
  bigIntToBytes,
  createAddressFromBigInt,
  Account as EjsAccount,
  setLengthLeft,
} from '@ethereumjs/util';
import { describe, expect, it } from 'vitest';
import { runCode } from '../../src/cli/evm-run.js';
import { bytesToHex, hexToBytes } from '../../src/evm/bytes.js';
import { EVM } from '../../src/evm/evm.js';
import { OPCODES } from '../../src/evm/opcodes.js';
import { Account } from '../../src/evm/state/account.js';
import { type Eip3155Step, Eip3155Tracer } from '../../src/evm/tracing/eip3155.js';

// ---- a tiny assembler: "PUSH1 0x05 :loop JUMPDEST PUSH2 @loop JUMPI" ----------------------------
const OPS = new Map<string, number>();
OPCODES.forEach((o, i) => {
  if (o) OPS.set(o.name, i);
});

/**
 * Space-separated opcode names and immediates. `:name` marks a position (put a JUMPDEST there),
 * `@name` is the 2-byte immediate of a PUSH2 pointing at it, `0x..` / decimal numbers are the
 * immediate of the preceding PUSHn (left-padded to n bytes). `#` starts a comment to line end.
 */
function asm(src: string): string {
  const tokens = src
    .split('\n')
    .map((l) => l.replace(/#.*/, ''))
    .join(' ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const labels = new Map<string, number>();
  const fixups: [pos: number, label: string][] = [];
  const out: number[] = [];
  let pushLen = 0;
  for (const t of tokens) {
    if (t.startsWith(':')) {
      labels.set(t.slice(1), out.length);
    } else if (t.startsWith('@')) {
      if (pushLen !== 2) throw new Error(`label ${t} needs PUSH2`);
      fixups.push([out.length, t.slice(1)]);
      out.push(0, 0);
      pushLen = 0;
    } else if (/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) {
      if (pushLen === 0) throw new Error(`immediate ${t} without PUSH`);
      const v = BigInt(t);
      for (let i = pushLen - 1; i >= 0; i--) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
      pushLen = 0;
    } else if (/^RAW:[0-9a-fA-F]{2}$/.test(t)) {
      out.push(Number.parseInt(t.slice(4), 16));
    } else {
      const op = OPS.get(t);
      if (op === undefined) throw new Error(`unknown opcode ${t}`);
      out.push(op);
      pushLen = op >= 0x60 && op <= 0x7f ? op - 0x5f : 0;
    }
  }
  for (const [pos, label] of fixups) {
    const at = labels.get(label);
    if (at === undefined) throw new Error(`undefined label ${label}`);
    out[pos] = at >> 8;
    out[pos + 1] = at & 0xff;
  }
  return out.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Code that returns `runtime` (hex) from CREATE/CREATE2: CODECOPY it out of the initcode and RETURN it. */
function initcode(runtime: string): string {
  const n = runtime.length / 2;
  // PUSH1 n DUP1 PUSH1 11 PUSH1 0 CODECOPY PUSH1 0 RETURN: 11 bytes, then the runtime code
  const prefix = asm(`PUSH1 ${n} DUP1 PUSH1 11 PUSH1 0 CODECOPY PUSH1 0 RETURN`);
  if (prefix.length !== 22) throw new Error('initcode prefix length');
  return prefix + runtime;
}

/** MSTOREs the bytes of `hex` at memory 0 (word by word, right-padded), as assembly. */
function storeBytes(hex: string): string {
  let s = '';
  for (let i = 0; i < hex.length; i += 64) {
    const word = hex.slice(i, i + 64).padEnd(64, '0');
    s += ` PUSH32 0x${word} PUSH1 ${i / 2} MSTORE`;
  }
  return s;
}

// ---- the programs -------------------------------------------------------------------------------
const ROOT = 0xc0de00n;
const CALLEE = 0xca11een;
const OTHER = 0x0de1e9n;
const CALLER = 0xca11e7n;
const FRESH = 0xf4e5an; // never exists: value sent to it creates an account
const F = `0x${'ff'.repeat(32)}`; // 2^256 - 1, i.e. -1
const MIN = `0x80${'00'.repeat(31)}`; // -2^255

interface Program {
  readonly name: string;
  readonly code: string;
  readonly accounts?: { address: bigint; code: string; balance?: bigint; storage?: [bigint, bigint][] }[];
  readonly value?: bigint;
  readonly data?: string;
  readonly gas?: bigint;
  readonly balance?: bigint;
  readonly storage?: [bigint, bigint][];
  /** The `error` of each halting step, in order: proves the program reaches the paths it names. */
  readonly errors?: string[];
}

const calleeReturnsSum = asm(`
  CALLER CALLVALUE ADD PUSH1 0 MSTORE
  PUSH1 0x2a PUSH1 0x20 MSTORE
  PUSH1 0x40 PUSH1 0 RETURN`);

function call(op: 'CALL' | 'CALLCODE', to: bigint, value: number, gas = 'GAS', args = '0 0', ret = '0 0') {
  const [inOff, inSize] = args.split(' ');
  const [outOff, outSize] = ret.split(' ');
  const g = gas === 'GAS' ? 'GAS' : `PUSH3 ${gas}`;
  return `PUSH1 ${outSize} PUSH1 ${outOff} PUSH1 ${inSize} PUSH1 ${inOff} PUSH2 ${value} PUSH3 0x${to.toString(16)} ${g} ${op}`;
}
function call6(op: 'DELEGATECALL' | 'STATICCALL', to: bigint, gas = 'GAS', args = '0 0', ret = '0 0') {
  const [inOff, inSize] = args.split(' ');
  const [outOff, outSize] = ret.split(' ');
  const g = gas === 'GAS' ? 'GAS' : `PUSH3 ${gas}`;
  return `PUSH1 ${outSize} PUSH1 ${outOff} PUSH1 ${inSize} PUSH1 ${inOff} PUSH3 0x${to.toString(16)} ${g} ${op}`;
}

const PROGRAMS: Program[] = [
  {
    name: 'arithmetic, comparison and bit operations',
    code: asm(`
      PUSH1 5 PUSH1 3 ADD PUSH1 7 MUL PUSH1 2 SWAP1 SUB PUSH1 3 SWAP1 DIV
      PUSH32 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff9 PUSH1 2 SWAP1 SDIV
      PUSH1 7 PUSH1 100 MOD PUSH1 3 PUSH32 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff9 SMOD
      PUSH1 5 PUSH1 9 PUSH1 11 ADDMOD PUSH1 5 PUSH1 9 PUSH1 11 MULMOD
      PUSH2 0x1234 PUSH1 2 EXP PUSH1 0xff PUSH1 0 SIGNEXTEND
      PUSH1 4 PUSH1 1 SHL PUSH1 1 PUSH32 0x8000000000000000000000000000000000000000000000000000000000000000 SAR
      PUSH1 1 PUSH1 8 SHR PUSH2 0xabcd PUSH1 30 BYTE NOT
      PUSH1 1 PUSH1 2 LT PUSH1 1 PUSH1 2 GT PUSH1 1 PUSH1 1 EQ ISZERO PUSH1 1 PUSH1 2 SLT PUSH1 1 PUSH1 2 SGT
      AND OR XOR PUSH0 PC CODESIZE CALLDATASIZE
      POP POP POP POP STOP`),
  },
  {
    name: 'memory expansion: MSTORE, MSTORE8, MLOAD, MCOPY, copies, RETURN',
    data: '0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223',
    code: asm(`
      PUSH1 0xaa PUSH1 0 MSTORE
      PUSH1 0xbb PUSH2 0x0100 MSTORE
      PUSH1 0xcc PUSH2 0x1000 MSTORE8
      PUSH2 0x2000 MLOAD MSIZE
      PUSH1 0x40 PUSH1 0 PUSH2 0x3000 MCOPY
      PUSH1 0x23 PUSH1 1 PUSH2 0x4000 CALLDATACOPY
      PUSH1 0x10 PUSH1 0 PUSH2 0x5000 CODECOPY
      PUSH1 0 CALLDATALOAD PUSH1 0x30 CALLDATALOAD
      PUSH1 0x40 PUSH2 0x5ff0 RETURN`),
  },
  {
    name: 'SSTORE / SLOAD, cold and warm, with refunds; TSTORE / TLOAD',
    storage: [
      [3n, 9n],
      [4n, 1n],
    ],
    code: asm(`
      PUSH1 5 PUSH1 1 SSTORE      # cold, 0 -> 5
      PUSH1 1 SLOAD               # warm
      PUSH1 2 SLOAD               # cold, empty
      PUSH1 6 PUSH1 1 SSTORE      # warm, dirty
      PUSH1 0 PUSH1 1 SSTORE      # back to original 0: refund
      PUSH1 0 PUSH1 3 SSTORE      # cold, 9 -> 0: clear refund
      PUSH1 9 PUSH1 3 SSTORE      # restore: refunds taken back
      PUSH1 1 PUSH1 4 SSTORE      # cold, no-op write
      PUSH1 7 PUSH1 4 SSTORE      # warm, 1 -> 7
      PUSH1 0x33 PUSH1 8 TSTORE PUSH1 8 TLOAD PUSH1 9 TLOAD
      STOP`),
  },
  {
    name: 'KECCAK256 with and without memory expansion',
    code: asm(`
      PUSH1 0x2a PUSH1 0 MSTORE
      PUSH1 0x20 PUSH1 0 KECCAK256
      PUSH1 100 PUSH1 0x10 KECCAK256
      PUSH1 0 PUSH2 0x0400 KECCAK256
      PUSH2 0x0200 PUSH2 0x0200 KECCAK256
      STOP`),
  },
  {
    name: 'LOG0..LOG4 with memory expansion',
    code: asm(`
      PUSH1 0x11 PUSH1 0 MSTORE
      PUSH1 0x20 PUSH1 0 LOG0
      PUSH1 1 PUSH1 0x21 PUSH1 0x10 LOG1
      PUSH1 2 PUSH1 1 PUSH1 0 PUSH1 0x80 LOG2
      PUSH1 3 PUSH1 2 PUSH1 1 PUSH1 0x40 PUSH1 0x80 LOG3
      PUSH1 4 PUSH1 3 PUSH1 2 PUSH1 1 PUSH2 0x0100 PUSH2 0x0100 LOG4
      STOP`),
  },
  {
    name: 'JUMPI loop summing 1..20',
    code: asm(`
      PUSH1 0 PUSH1 20            # acc, i
      :loop JUMPDEST
      DUP1 ISZERO PUSH2 @done JUMPI
      DUP1 SWAP2 ADD SWAP1        # acc += i
      PUSH1 1 SWAP1 SUB           # i -= 1
      PUSH2 @loop JUMP
      :done JUMPDEST
      POP PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN`),
  },
  {
    name: 'CALL with value to another contract, warm again, to a fresh account, insufficient balance',
    balance: 1000n,
    accounts: [{ address: CALLEE, code: calleeReturnsSum }],
    code: asm(`
      ${call('CALL', CALLEE, 7, 'GAS', '0 0', '0 0x40')}
      PUSH1 0 MLOAD RETURNDATASIZE
      ${call('CALL', CALLEE, 0, '0x4000', '0 0x20', '0x40 0x20')}
      ${call('CALL', FRESH, 1, '0x1000')}
      ${call('CALL', CALLEE, 0x1000, '0x1000')}   # more than the balance: no child, stipend back
      SELFBALANCE
      STOP`),
  },
  {
    name: 'STATICCALL: a reading callee and a writing one (static violation)',
    errors: ['StaticStateChange'],
    accounts: [
      {
        address: CALLEE,
        code: asm('PUSH1 1 SLOAD PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN'),
        storage: [[1n, 0x77n]],
      },
      { address: OTHER, code: asm('PUSH1 1 PUSH1 1 SSTORE STOP') },
    ],
    code: asm(`
      ${call6('STATICCALL', CALLEE, 'GAS', '0 0', '0 0x20')}
      PUSH1 0 MLOAD
      ${call6('STATICCALL', OTHER, '0x8000')}
      RETURNDATASIZE
      STOP`),
  },
  {
    name: 'DELEGATECALL and CALLCODE run the callee in the caller context',
    value: 5n,
    balance: 100n,
    accounts: [
      {
        address: CALLEE,
        code: asm('CALLVALUE CALLER ADD PUSH1 2 SSTORE ADDRESS PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN'),
      },
    ],
    code: asm(`
      ${call6('DELEGATECALL', CALLEE, 'GAS', '0 0', '0 0x20')}
      PUSH1 2 SLOAD PUSH1 0 MLOAD
      ${call('CALLCODE', CALLEE, 3, '0x9000', '0 0', '0x20 0x20')}
      PUSH1 0x20 MLOAD
      STOP`),
  },
  {
    name: 'CREATE, then CALL the new contract; CREATE with reverting initcode',
    balance: 50n,
    code: asm(`
      ${storeBytes(initcode(asm('PUSH1 0x99 PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN')))}
      PUSH1 ${initcode(asm('PUSH1 0x99 PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN')).length / 2} PUSH1 0 PUSH1 3 CREATE
      DUP1 PUSH1 0x20 PUSH1 0x40 PUSH1 0 PUSH1 0 DUP5 GAS STATICCALL
      POP PUSH1 0x40 MLOAD
      ${storeBytes(asm('PUSH1 0x2a PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 REVERT'))}
      PUSH1 12 PUSH1 0 PUSH1 0 CREATE
      RETURNDATASIZE
      STOP`),
  },
  {
    name: 'CREATE2, a 0xEF-prefixed deposit (fails after RETURN), the same salt again (collision)',
    errors: ['InvalidCodePrefix'],
    gas: 10_000_000n,
    code: asm(`
      ${storeBytes(initcode(asm('ADDRESS PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN')))}
      PUSH1 0x5a PUSH1 ${initcode(asm('ADDRESS PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN')).length / 2} PUSH1 0 PUSH1 0 CREATE2
      ${storeBytes(asm('PUSH1 0xef PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN'))}
      PUSH1 1 PUSH1 10 PUSH1 0 PUSH1 0 CREATE2
      ${storeBytes(initcode(asm('ADDRESS PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN')))}
      PUSH1 0x5a PUSH1 ${initcode(asm('ADDRESS PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN')).length / 2} PUSH1 0 PUSH1 0 CREATE2
      STOP`),
  },
  {
    name: 'CREATE with more value than the balance, and with initcode over the EIP-3860 limit',
    errors: ['InitcodeSizeLimit'],
    balance: 10n,
    code: asm(`
      PUSH1 0 PUSH1 0 MSTORE
      PUSH1 1 PUSH1 0 PUSH1 11 CREATE
      PUSH2 0xc001 PUSH1 0 PUSH1 0 CREATE
      STOP`),
  },
  {
    name: 'REVERT in a callee (return data kept), then REVERT at the top',
    accounts: [{ address: CALLEE, code: asm('PUSH4 0xdeadbeef PUSH1 0 MSTORE PUSH1 4 PUSH1 28 REVERT') }],
    code: asm(`
      ${call('CALL', CALLEE, 0, 'GAS', '0 0', '0 0x20')}
      RETURNDATASIZE PUSH1 0 MLOAD
      PUSH1 4 PUSH1 0 PUSH1 0x40 RETURNDATACOPY
      PUSH1 0x24 PUSH1 0x40 REVERT`),
  },
  {
    name: 'invalid jump destination',
    errors: ['InvalidJump'],
    code: asm('PUSH1 1 PUSH1 3 JUMP JUMPDEST STOP'),
  },
  {
    name: 'invalid jump in JUMPI into PUSH data',
    errors: ['InvalidJump'],
    code: asm('PUSH1 1 PUSH1 4 JUMPI PUSH2 0x5b00 STOP'),
  },
  {
    name: 'out of gas mid-run in an endless loop',
    errors: ['OutOfGas'],
    gas: 2_000n,
    code: asm(':top JUMPDEST PUSH1 1 PUSH1 0 SSTORE PUSH1 0 SLOAD POP PUSH2 @top JUMP'),
  },
  {
    name: 'out of gas on memory expansion and on SSTORE stipend check',
    errors: ['OutOfGas', 'OutOfGas', 'OutOfGas'],
    accounts: [
      { address: CALLEE, code: asm('PUSH1 1 PUSH4 0x00100000 MSTORE STOP') },
      { address: OTHER, code: asm('PUSH1 1 PUSH1 0 SSTORE STOP') },
    ],
    code: asm(`
      ${call('CALL', CALLEE, 0, '0x5000')}
      ${call('CALL', OTHER, 0, '0x0900')}
      PUSH1 1 PUSH5 0x0100000000 MSTORE`),
  },
  {
    name: 'stack underflow',
    errors: ['StackUnderflow'],
    code: asm('PUSH1 1 ADD STOP'),
  },
  {
    name: 'stack underflow on an instruction with dynamic gas',
    errors: ['StackUnderflow'],
    code: asm('PUSH1 1 MSTORE STOP'),
  },
  {
    name: 'undefined opcode and INVALID in callees',
    errors: ['InvalidOpcode', 'InvalidOpcode'],
    accounts: [
      { address: CALLEE, code: asm('PUSH1 1 RAW:0c') },
      { address: OTHER, code: asm('PUSH1 1 INVALID') },
    ],
    code: asm(`${call('CALL', CALLEE, 0, '0x5000')} ${call('CALL', OTHER, 0, '0x5000')} STOP`),
  },
  {
    name: 'precompiles: sha256, identity, ecrecover (cold then warm)',
    code: asm(`
      PUSH1 0x61 PUSH1 0 MSTORE8
      PUSH1 0x20 PUSH1 0x20 PUSH1 1 PUSH1 0 PUSH1 2 GAS STATICCALL
      PUSH1 0x20 MLOAD
      PUSH1 0x40 PUSH1 0x40 PUSH1 0x40 PUSH1 0 PUSH1 4 GAS STATICCALL
      PUSH1 0x20 PUSH1 0x80 PUSH1 0x80 PUSH1 0 PUSH1 1 GAS STATICCALL
      PUSH1 0x20 PUSH1 0x20 PUSH1 1 PUSH1 0 PUSH1 2 PUSH2 0x0010 STATICCALL
      RETURNDATASIZE
      STOP`),
  },
  {
    name: 'RETURNDATACOPY in bounds, then out of bounds',
    errors: ['ReturnDataOutOfBounds'],
    accounts: [{ address: CALLEE, code: calleeReturnsSum }],
    code: asm(`
      ${call('CALL', CALLEE, 0)}
      RETURNDATASIZE PUSH1 0 PUSH1 0x80 RETURNDATACOPY
      PUSH1 0x20 PUSH1 0x20 PUSH1 0 RETURNDATACOPY
      PUSH1 0x80 MLOAD
      PUSH1 0x21 PUSH1 0x20 PUSH1 0 RETURNDATACOPY
      STOP`),
  },
  {
    name: 'BALANCE / EXTCODESIZE / EXTCODEHASH / EXTCODECOPY cold and warm, SELFDESTRUCT',
    balance: 9n,
    accounts: [{ address: CALLEE, code: calleeReturnsSum, balance: 3n }],
    code: asm(`
      PUSH3 0x${CALLEE.toString(16)} BALANCE
      PUSH3 0x${CALLEE.toString(16)} EXTCODESIZE
      PUSH3 0x${OTHER.toString(16)} EXTCODEHASH
      PUSH1 8 PUSH1 0 PUSH1 0 PUSH3 0x${CALLEE.toString(16)} EXTCODECOPY
      PUSH3 0x${CALLEE.toString(16)} EXTCODEHASH
      ADDRESS BALANCE
      PUSH3 0x${FRESH.toString(16)} SELFDESTRUCT`),
  },
  {
    name: 'stack overflow',
    errors: ['StackOverflow'],
    code: asm(':top JUMPDEST PUSH1 1 PUSH2 @top JUMP'),
  },
  {
    name: 'static violation: LOG inside STATICCALL, nested child out of gas, parent goes on',
    errors: ['StaticStateChange', 'OutOfGas'],
    accounts: [
      { address: CALLEE, code: asm('PUSH1 0 PUSH1 0 LOG0 STOP') },
      { address: OTHER, code: asm(':top JUMPDEST PUSH2 @top JUMP') },
    ],
    code: asm(`
      ${call6('STATICCALL', CALLEE, '0x5000')}
      ${call('CALL', OTHER, 0, '0x0400')}
      GAS
      STOP`),
  },
  {
    name: 'zero-size memory operands at huge offsets expand nothing',
    accounts: [{ address: CALLEE, code: calleeReturnsSum }],
    code: asm(`
      PUSH1 0 PUSH32 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff KECCAK256
      PUSH1 0 PUSH1 0 PUSH8 0xffffffffffffffff CALLDATACOPY
      PUSH1 0 PUSH1 0 PUSH8 0xffffffffffffffff CODECOPY
      PUSH1 0 PUSH8 0xffffffffffffffff PUSH8 0xffffffffffffffff MCOPY
      PUSH1 0 PUSH8 0xffffffffffffffff LOG0
      PUSH1 0 PUSH8 0xffffffffffffffff PUSH1 0 PUSH8 0xffffffffffffffff PUSH1 0 PUSH3 0x${CALLEE.toString(16)} GAS CALL
      PUSH1 0 PUSH1 0 PUSH8 0xffffffffffffffff RETURNDATACOPY
      MSIZE
      PUSH1 0 PUSH8 0xffffffffffffffff RETURN`),
  },
  {
    name: 'call depth limit: self-recursion until the 1025th level fails',
    gas: 1_000_000_000_000n,
    code: asm(`PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 ADDRESS GAS CALL STOP`),
  },
  {
    name: 'gas above 2^52 (the frame keeps a bigint reserve)',
    gas: 1n << 60n,
    accounts: [{ address: CALLEE, code: calleeReturnsSum }],
    code: asm(`GAS PUSH1 1 PUSH1 1 SSTORE ${call('CALL', CALLEE, 0)} GAS STOP`),
  },
  {
    name: 'refunds and transient storage of a reverted child are rolled back; TSTORE in static context',
    errors: ['StaticStateChange'],
    storage: [[1n, 5n]],
    accounts: [
      {
        address: CALLEE,
        code: asm('PUSH1 0 PUSH1 1 SSTORE PUSH1 7 PUSH1 1 TSTORE PUSH1 0 PUSH1 0 REVERT'),
        storage: [[1n, 5n]],
      },
      { address: OTHER, code: asm('PUSH1 7 PUSH1 1 TSTORE STOP') },
    ],
    code: asm(`
      PUSH1 0 PUSH1 1 SSTORE
      ${call('CALL', CALLEE, 0)}
      ${call6('STATICCALL', OTHER, '0x4000')}
      PUSH1 1 TLOAD
      STOP`),
  },
  {
    name: 'value CALL to a precompile, oversized return data copied in part',
    balance: 100n,
    code: asm(`
      PUSH1 0x2a PUSH1 0 MSTORE
      ${call('CALL', 0x04n, 9, 'GAS', '0 0x40', '0x50 0x08')}
      PUSH1 0x50 MLOAD RETURNDATASIZE
      PUSH1 0x10 PUSH1 0x30 PUSH1 0x60 RETURNDATACOPY
      STOP`),
  },
  {
    name: 'arithmetic edge cases: overflow, division by zero, big shifts and exponents',
    code: asm(`
      PUSH32 ${F} PUSH1 1 ADD
      PUSH32 ${F} PUSH32 ${F} MUL
      PUSH1 0 PUSH1 7 DIV PUSH1 0 PUSH1 7 SDIV PUSH1 0 PUSH1 7 MOD PUSH1 0 PUSH1 7 SMOD
      PUSH32 ${F} PUSH32 ${MIN} SDIV
      PUSH1 3 PUSH32 ${F} SMOD PUSH32 ${F} PUSH1 8 SMOD
      PUSH1 0 PUSH1 1 PUSH1 2 ADDMOD PUSH1 0 PUSH1 1 PUSH1 2 MULMOD
      PUSH1 7 PUSH32 ${F} PUSH32 ${F} ADDMOD PUSH1 7 PUSH32 ${F} PUSH32 ${F} MULMOD
      PUSH1 0 PUSH1 0 EXP PUSH32 ${F} PUSH1 2 EXP PUSH2 0x0100 PUSH1 3 EXP
      PUSH1 0x80 PUSH1 31 SIGNEXTEND PUSH1 0x80 PUSH1 32 SIGNEXTEND PUSH1 0x80 PUSH32 ${F} SIGNEXTEND
      PUSH1 1 PUSH2 0x0100 SHL PUSH1 1 PUSH1 255 SHL PUSH32 ${F} PUSH2 0x0100 SHR
      PUSH32 ${MIN} PUSH2 0x0100 SAR PUSH32 ${MIN} PUSH1 255 SAR PUSH1 0x7f PUSH2 0x0100 SAR
      PUSH1 0xff PUSH1 32 BYTE PUSH1 0xff PUSH1 31 BYTE
      PUSH32 ${MIN} PUSH1 1 SLT PUSH32 ${MIN} PUSH1 1 SGT
      STOP`),
  },
  {
    name: 'calldata past the end, MSTORE8 truncation, EXTCODEHASH/EXTCODESIZE/BALANCE of missing, empty, precompile',
    data: '0x112233',
    accounts: [{ address: OTHER, code: '', balance: 1n }],
    code: asm(`
      PUSH1 1 CALLDATALOAD PUSH8 0xffffffffffffffff CALLDATALOAD PUSH1 2 CALLDATALOAD
      PUSH2 0x1234 PUSH1 0 MSTORE8 PUSH1 0 MLOAD
      PUSH3 0x${FRESH.toString(16)} EXTCODEHASH PUSH3 0x${OTHER.toString(16)} EXTCODEHASH
      PUSH1 9 EXTCODEHASH PUSH1 9 EXTCODESIZE PUSH1 3 BALANCE
      ADDRESS EXTCODEHASH CALLER EXTCODESIZE
      PUSH1 0x21 PUSH1 0 PUSH1 0x40 CALLDATACOPY PUSH1 0x40 MLOAD
      PUSH1 3 PUSH1 0x20 PUSH1 0x60 CODECOPY
      STOP`),
  },
  {
    name: 'CREATE, SELFDESTRUCT and value CALL inside STATICCALL (static violations)',
    errors: ['StaticStateChange', 'StaticStateChange', 'StaticStateChange'],
    balance: 5n,
    accounts: [
      { address: CALLEE, code: asm('PUSH1 0 PUSH1 0 PUSH1 0 CREATE STOP') },
      { address: OTHER, code: asm('ORIGIN SELFDESTRUCT') },
      { address: FRESH + 1n, code: asm(`${call('CALL', CALLEE, 1)} STOP`), balance: 5n },
    ],
    code: asm(`
      ${call6('STATICCALL', CALLEE, '0x8000')}
      ${call6('STATICCALL', OTHER, '0x8000')}
      ${call6('STATICCALL', FRESH + 1n, '0x8000')}
      STOP`),
  },
];

// ---- runners ------------------------------------------------------------------------------------
interface Row {
  pc: number;
  op: number;
  gas: string;
  gasCost: string;
  depth: number;
  stack: string[];
  memSize: number;
  memory: string;
  refund: string;
}

function hex(v: bigint | number): string {
  return `0x${v.toString(16)}`;
}

function runTdk(p: Program): { steps: Eip3155Step[]; summary: Record<string, unknown> } {
  const evm = new EVM();
  const put = (address: bigint, code: string, balance = 0n, storage: [bigint, bigint][] = []) => {
    const a = new Account();
    a.code = hexToBytes(code);
    a.balance = balance;
    a.nonce = code.length > 0 ? 1n : 0n;
    for (const [k, v] of storage) a.storage.set(k, v);
    evm.state.putAccount(address, a);
  };
  put(ROOT, p.code, p.balance ?? 0n, p.storage);
  for (const a of p.accounts ?? []) put(a.address, a.code, a.balance ?? 0n, a.storage);
  put(CALLER, '', 10n ** 18n);
  evm.tx = { origin: CALLER, gasPrice: 0n, blobHashes: [] };
  const lines: object[] = [];
  const tracer = new Eip3155Tracer((l) => lines.push(l), { refund: () => evm.state.refund, memory: true });
  evm.inspector = tracer;
  const r = evm.runMessage({
    caller: CALLER,
    to: ROOT,
    value: p.value ?? 0n,
    data: hexToBytes(p.data ?? '0x'),
    gas: p.gas ?? 1_000_000n,
  });
  tracer.summary(r);
  const summary = lines.pop() as Record<string, unknown>;
  return { steps: lines as Eip3155Step[], summary };
}

const DEPOSIT_ERRORS = new Set([
  'code store out of gas',
  'code size to deposit exceeds maximum code size',
  'invalid bytecode deployed',
]);

async function runEjs(p: Program): Promise<{ steps: Row[]; gasUsed: bigint; output: string }> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
  const evm = await createEVM({ common });
  const sm = evm.stateManager;
  const put = async (address: bigint, code: string, balance = 0n, storage: [bigint, bigint][] = []) => {
    const addr = createAddressFromBigInt(address);
    await sm.putAccount(addr, new EjsAccount(code.length > 0 ? 1n : 0n, balance));
    if (code.length > 0) await sm.putCode(addr, hexToBytes(code));
    for (const [k, v] of storage)
      await sm.putStorage(addr, setLengthLeft(bigIntToBytes(k), 32), bigIntToBytes(v));
  };
  await put(ROOT, p.code, p.balance ?? 0n, p.storage);
  for (const a of p.accounts ?? []) await put(a.address, a.code, a.balance ?? 0n, a.storage);
  await put(CALLER, '', 10n ** 18n);

  const steps: Row[] = [];
  // Index of the last step of each running message, to find the step that halted it.
  const frames: number[] = [];
  evm.events.on('beforeMessage', (_m: unknown, resolve?: () => void) => {
    frames.push(-1);
    resolve?.();
  });
  evm.events.on(
    'afterMessage',
    (res: { execResult: { exceptionError?: { error: string } } }, resolve?: () => void) => {
      const last = frames.pop() ?? -1;
      const err = res.execResult.exceptionError?.error;
      if (last >= 0 && err !== undefined && err !== 'revert') {
        const s = steps[last];
        const depositFailure = s.op === 0xf3 && DEPOSIT_ERRORS.has(err);
        if (!depositFailure) s.gasCost = s.gas; // an exceptional halt consumes all the frame's gas
      }
      resolve?.();
    },
  );
  const codeAt = new Map<string, Uint8Array>([
    [createAddressFromBigInt(ROOT).toString(), hexToBytes(p.code)],
  ]);
  for (const a of p.accounts ?? [])
    codeAt.set(createAddressFromBigInt(a.address).toString(), hexToBytes(a.code));
  evm.events.on('step', (d: EjsStep, resolve?: () => void) => {
    frames[frames.length - 1] = steps.length;
    // ethereumjs reports every undefined opcode as 0xfe (INVALID); take the byte from the code.
    const op =
      d.opcode.code === 0xfe ? (codeAt.get(d.codeAddress.toString())?.[d.pc] ?? 0xfe) : d.opcode.code;
    steps.push({
      pc: d.pc,
      op,
      gas: hex(d.gasLeft),
      gasCost: hex(d.opcode.dynamicFee ?? BigInt(d.opcode.fee)),
      depth: d.depth + 1,
      stack: d.stack.map(hex),
      memSize: Number(d.memoryWordCount) * 32,
      memory: bytesToHex(d.memory),
      // ethereumjs runs SSTORE's gas handler, which books the refund change, before the step
      // event, so an SSTORE step shows the refund after itself: not comparable (see the top).
      refund: d.opcode.code === 0x55 ? 'not compared' : hex(d.gasRefund),
    });
    resolve?.();
  });
  const r = await evm.runCall({
    caller: createAddressFromBigInt(CALLER),
    origin: createAddressFromBigInt(CALLER),
    to: createAddressFromBigInt(ROOT),
    value: p.value ?? 0n,
    data: hexToBytes(p.data ?? '0x'),
    gasLimit: p.gas ?? 1_000_000n,
  });
  return { steps, gasUsed: r.execResult.executionGasUsed, output: bytesToHex(r.execResult.returnValue) };
}

interface EjsStep {
  pc: number;
  gasLeft: bigint;
  gasRefund: bigint;
  opcode: { code: number; fee: number; dynamicFee?: bigint };
  codeAddress: { toString(): string };
  stack: bigint[];
  depth: number;
  memoryWordCount: bigint;
  memory: Uint8Array;
}

function rows(steps: Eip3155Step[]): Row[] {
  return steps.map((s) => ({
    pc: s.pc,
    op: s.op,
    gas: s.gas,
    gasCost: s.gasCost,
    depth: s.depth,
    stack: s.stack,
    memSize: s.memSize,
    memory: s.memory ?? '',
    refund: s.op === 0x55 ? 'not compared' : s.refund,
  }));
}

/** First differing step, with a little context, for a readable failure. */
function firstDifference(a: Row[], b: Row[]): string | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) {
      const name = (r?: Row) => (r ? (OPCODES[r.op]?.name ?? r.op) : '-');
      return `step ${i} (${name(a[i])} / ${name(b[i])}):\n  tdk:         ${JSON.stringify(a[i])}\n  ethereumjs:  ${JSON.stringify(b[i])}\n  previous:    ${JSON.stringify(a[i - 1])}`;
    }
  }
  return undefined;
}

describe('EIP-3155 trace matches @ethereumjs/evm step for step', () => {
  it('has at least 15 programs', () => {
    expect(PROGRAMS.length).toBeGreaterThanOrEqual(15);
  });

  for (const p of PROGRAMS) {
    it(p.name, async () => {
      const tdk = runTdk(p);
      const ejs = await runEjs(p);
      const ours = rows(tdk.steps);
      expect(firstDifference(ours, ejs.steps)).toBeUndefined();
      expect(ours.length).toBeGreaterThan(1);
      expect(tdk.summary.gasUsed).toBe(hex(ejs.gasUsed));
      expect(tdk.summary.output).toBe(ejs.output);
      expect(tdk.steps.filter((s) => s.error !== undefined).map((s) => s.error)).toEqual(p.errors ?? []);
    });
  }

  it('implicit STOP: tdk traces the STOP past the end of the code, ethereumjs does not', async () => {
    const p: Program = { name: 'implicit stop', code: asm('PUSH1 1 PUSH1 2 ADD') };
    const tdk = rows(runTdk(p).steps);
    const ejs = (await runEjs(p)).steps;
    expect(tdk.length).toBe(ejs.length + 1);
    expect(tdk.slice(0, -1)).toEqual(ejs);
    expect(tdk.at(-1)).toMatchObject({ pc: 5, op: 0, gasCost: '0x0', stack: ['0x3'] });

    // A PUSH cut short by the end of the code reads zeros; the STOP after it is past the end too.
    const cut: Program = { name: 'truncated push', code: `${asm('PUSH1 1')}6301` };
    const tdk2 = rows(runTdk(cut).steps);
    const ejs2 = (await runEjs(cut)).steps;
    expect(tdk2.slice(0, -1)).toEqual(ejs2);
    expect(tdk2.at(-1)).toMatchObject({ pc: 7, op: 0, stack: ['0x1', '0x1000000'] });
  });
});

describe('EIP-3155 tracer output', () => {
  it('formats fields as the EIP says: hex gas, numeric pc/op/memSize, depth from 1, error on the halting step', () => {
    const { steps, summary } = runTdk({ name: 'oog', code: asm('PUSH1 1 PUSH1 0 SSTORE'), gas: 22_000n });
    expect(steps[0]).toEqual({
      pc: 0,
      op: 0x60,
      gas: '0x55f0',
      gasCost: '0x3',
      memSize: 0,
      stack: [],
      depth: 1,
      returnData: '0x',
      refund: '0x0',
      opName: 'PUSH1',
      memory: '0x',
    });
    expect(steps[2]).toMatchObject({ opName: 'SSTORE', gas: '0x55ea', gasCost: '0x55ea', error: 'OutOfGas' });
    expect(steps).toHaveLength(3);
    expect(summary).toEqual({ output: '0x', gasUsed: '0x55f0', pass: false, error: 'OutOfGas' });
  });

  it('reports return data and memory (when asked) as they were before the step', () => {
    const evm = new EVM();
    const root = new Account();
    root.code = hexToBytes(asm(`${call('CALL', CALLEE, 0, 'GAS', '0 0', '0 0x40')} PUSH1 0 MLOAD STOP`));
    evm.state.putAccount(ROOT, root);
    const callee = new Account();
    callee.code = hexToBytes(calleeReturnsSum);
    evm.state.putAccount(CALLEE, callee);
    const lines: Eip3155Step[] = [];
    evm.inspector = new Eip3155Tracer((l) => lines.push(l as Eip3155Step), { memory: true });
    evm.runMessage({ caller: CALLER, to: ROOT, gas: 100_000n });
    const push = lines.find((l) => l.depth === 1 && l.op === 0x60 && l.returnData !== '0x');
    expect(push?.returnData).toBe(`0x${'c0de00'.padStart(64, '0')}${'2a'.padStart(64, '0')}`);
    expect(push?.memory).toBe(push?.returnData);
    expect(lines[0].memory).toBe('0x');
  });

  it('costs nothing per step beyond one pending record (no hex until emitted)', () => {
    // A long loop: emitting into a counter only, the tracer must keep up.
    const evm = new EVM();
    const root = new Account();
    root.code = hexToBytes(asm('PUSH2 0x2710 :top JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH2 @top JUMPI STOP'));
    evm.state.putAccount(ROOT, root);
    let n = 0;
    evm.inspector = new Eip3155Tracer(() => {
      n++;
    });
    const r = evm.runMessage({ caller: CALLER, to: ROOT, gas: 10_000_000n });
    expect(r.status).toBe('success');
    expect(n).toBe(1 + 10_000 * 7 + 1);
  });
});

describe('tdk evm run --trace', () => {
  function capture(fn: () => number): { code: number; out: string } {
    const chunks: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string | Uint8Array) => {
      chunks.push(typeof s === 'string' ? s : Buffer.from(s).toString());
      return true;
    }) as typeof process.stdout.write;
    try {
      return { code: fn(), out: chunks.join('') };
    } finally {
      process.stdout.write = write;
    }
  }

  it('prints one JSON object per step, then the summary', () => {
    const code = asm(`${call('CALL', 0x04n, 0, 'GAS', '0 0x20', '0 0x20')} PUSH1 0x20 PUSH1 0 RETURN`);
    const { code: exit, out } = capture(() =>
      runCode({ code, input: '0x', gas: '100000', value: '0', trace: true }),
    );
    expect(exit).toBe(0);
    const lines = out.trimEnd().split('\n');
    const parsed = lines.map((l) => JSON.parse(l));
    const summary = parsed.pop();
    expect(parsed.length).toBe(11);
    for (const s of parsed) {
      expect(Object.keys(s)).toEqual([
        'pc',
        'op',
        'gas',
        'gasCost',
        'memSize',
        'stack',
        'depth',
        'returnData',
        'refund',
        'opName',
      ]);
      expect(s.gas).toMatch(/^0x[0-9a-f]+$/);
      expect(s.gasCost).toMatch(/^0x[0-9a-f]+$/);
    }
    expect(parsed.map((s) => s.opName).slice(-4)).toEqual(['CALL', 'PUSH1', 'PUSH1', 'RETURN']);
    expect(summary).toMatchObject({ output: `0x${'0'.repeat(64)}`, pass: true, fork: 'Cancun' });
    expect(summary.stateRoot).toMatch(/^0x[0-9a-f]{64}$/);
    expect(BigInt(summary.gasUsed)).toBeGreaterThan(0n);
  });

  it('keeps the human output without --trace / --json', () => {
    const { out } = capture(() =>
      runCode({ code: '600160005260206000f3', input: '0x', gas: '100000', value: '0' }),
    );
    expect(out).toMatch(/^output {3}0x0{63}1\ngas used \d+\n$/);
  });

  it.skipIf(!existsSync('dist/src/cli/main.js'))('the built CLI prints JSON lines (node bin/tdk.js)', () => {
    const out = execFileSync('node', ['bin/tdk.js', 'evm', 'run', '--code', '6001600201600052', '--trace'], {
      encoding: 'utf8',
    });
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(7);
    expect(lines.at(-1)).toMatchObject({ pass: true, output: '0x' });
  });
});
