// The Cancun instruction set: name, static gas and stack effect of each opcode. The interpreter
// charges static gas and checks the stack from these tables before dispatching, as revm and geth do.

export interface OpcodeInfo {
  readonly name: string;
  /** Gas charged before the instruction runs; dynamic parts are charged by the handler. */
  readonly gas: number;
  /** Items popped. */
  readonly pops: number;
  /** Items pushed. */
  readonly pushes: number;
}

export const OPCODES: readonly (OpcodeInfo | undefined)[] = buildTable();

function buildTable(): (OpcodeInfo | undefined)[] {
  const t: (OpcodeInfo | undefined)[] = new Array(256).fill(undefined);
  const def = (op: number, name: string, gas: number, pops: number, pushes: number) => {
    t[op] = { name, gas, pops, pushes };
  };
  def(0x00, 'STOP', 0, 0, 0);
  def(0x01, 'ADD', 3, 2, 1);
  def(0x02, 'MUL', 5, 2, 1);
  def(0x03, 'SUB', 3, 2, 1);
  def(0x04, 'DIV', 5, 2, 1);
  def(0x05, 'SDIV', 5, 2, 1);
  def(0x06, 'MOD', 5, 2, 1);
  def(0x07, 'SMOD', 5, 2, 1);
  def(0x08, 'ADDMOD', 8, 3, 1);
  def(0x09, 'MULMOD', 8, 3, 1);
  def(0x0a, 'EXP', 10, 2, 1);
  def(0x0b, 'SIGNEXTEND', 5, 2, 1);
  def(0x10, 'LT', 3, 2, 1);
  def(0x11, 'GT', 3, 2, 1);
  def(0x12, 'SLT', 3, 2, 1);
  def(0x13, 'SGT', 3, 2, 1);
  def(0x14, 'EQ', 3, 2, 1);
  def(0x15, 'ISZERO', 3, 1, 1);
  def(0x16, 'AND', 3, 2, 1);
  def(0x17, 'OR', 3, 2, 1);
  def(0x18, 'XOR', 3, 2, 1);
  def(0x19, 'NOT', 3, 1, 1);
  def(0x1a, 'BYTE', 3, 2, 1);
  def(0x1b, 'SHL', 3, 2, 1);
  def(0x1c, 'SHR', 3, 2, 1);
  def(0x1d, 'SAR', 3, 2, 1);
  def(0x20, 'KECCAK256', 30, 2, 1);
  def(0x30, 'ADDRESS', 2, 0, 1);
  def(0x31, 'BALANCE', 0, 1, 1);
  def(0x32, 'ORIGIN', 2, 0, 1);
  def(0x33, 'CALLER', 2, 0, 1);
  def(0x34, 'CALLVALUE', 2, 0, 1);
  def(0x35, 'CALLDATALOAD', 3, 1, 1);
  def(0x36, 'CALLDATASIZE', 2, 0, 1);
  def(0x37, 'CALLDATACOPY', 3, 3, 0);
  def(0x38, 'CODESIZE', 2, 0, 1);
  def(0x39, 'CODECOPY', 3, 3, 0);
  def(0x3a, 'GASPRICE', 2, 0, 1);
  def(0x3b, 'EXTCODESIZE', 0, 1, 1);
  def(0x3c, 'EXTCODECOPY', 0, 4, 0);
  def(0x3d, 'RETURNDATASIZE', 2, 0, 1);
  def(0x3e, 'RETURNDATACOPY', 3, 3, 0);
  def(0x3f, 'EXTCODEHASH', 0, 1, 1);
  def(0x40, 'BLOCKHASH', 20, 1, 1);
  def(0x41, 'COINBASE', 2, 0, 1);
  def(0x42, 'TIMESTAMP', 2, 0, 1);
  def(0x43, 'NUMBER', 2, 0, 1);
  def(0x44, 'PREVRANDAO', 2, 0, 1);
  def(0x45, 'GASLIMIT', 2, 0, 1);
  def(0x46, 'CHAINID', 2, 0, 1);
  def(0x47, 'SELFBALANCE', 5, 0, 1);
  def(0x48, 'BASEFEE', 2, 0, 1);
  def(0x49, 'BLOBHASH', 3, 1, 1);
  def(0x4a, 'BLOBBASEFEE', 2, 0, 1);
  def(0x50, 'POP', 2, 1, 0);
  def(0x51, 'MLOAD', 3, 1, 1);
  def(0x52, 'MSTORE', 3, 2, 0);
  def(0x53, 'MSTORE8', 3, 2, 0);
  def(0x54, 'SLOAD', 0, 1, 1);
  def(0x55, 'SSTORE', 0, 2, 0);
  def(0x56, 'JUMP', 8, 1, 0);
  def(0x57, 'JUMPI', 10, 2, 0);
  def(0x58, 'PC', 2, 0, 1);
  def(0x59, 'MSIZE', 2, 0, 1);
  def(0x5a, 'GAS', 2, 0, 1);
  def(0x5b, 'JUMPDEST', 1, 0, 0);
  def(0x5c, 'TLOAD', 100, 1, 1);
  def(0x5d, 'TSTORE', 100, 2, 0);
  def(0x5e, 'MCOPY', 3, 3, 0);
  def(0x5f, 'PUSH0', 2, 0, 1);
  for (let n = 1; n <= 32; n++) def(0x5f + n, `PUSH${n}`, 3, 0, 1);
  for (let n = 1; n <= 16; n++) def(0x7f + n, `DUP${n}`, 3, n, n + 1);
  for (let n = 1; n <= 16; n++) def(0x8f + n, `SWAP${n}`, 3, n + 1, n + 1);
  for (let n = 0; n <= 4; n++) def(0xa0 + n, `LOG${n}`, 375 * (n + 1), n + 2, 0);
  def(0xf0, 'CREATE', 32000, 3, 1);
  def(0xf1, 'CALL', 0, 7, 1);
  def(0xf2, 'CALLCODE', 0, 7, 1);
  def(0xf3, 'RETURN', 0, 2, 0);
  def(0xf4, 'DELEGATECALL', 0, 6, 1);
  def(0xf5, 'CREATE2', 32000, 4, 1);
  def(0xfa, 'STATICCALL', 0, 6, 1);
  def(0xfd, 'REVERT', 0, 2, 0);
  def(0xfe, 'INVALID', 0, 0, 0);
  def(0xff, 'SELFDESTRUCT', 5000, 1, 0);
  return t;
}

/** Static gas per opcode (0 for undefined ones, which halt anyway). */
export const STATIC_GAS = Int32Array.from(OPCODES, (o) => o?.gas ?? 0);
/** Minimum stack height needed; 2048 marks an undefined opcode (never satisfiable). */
export const MIN_STACK = Int32Array.from(OPCODES, (o) => (o ? o.pops : 2048));

/**
 * The largest height an opcode may run at without overflowing 1024, minus MIN_STACK: the stack is valid iff (sp - MIN_STACK) >>> 0 <= STACK_SPAN, one unsigned
 * comparison (an undefined opcode gets -1, i.e. never).
 */
export const STACK_SPAN = Uint32Array.from(OPCODES, (o) =>
  o ? 1024 - Math.max(0, o.pushes - o.pops) - o.pops : 0,
);

export function opcodeName(op: number): string {
  return OPCODES[op]?.name ?? `0x${op.toString(16).padStart(2, '0')}`;
}
