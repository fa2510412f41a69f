// Invariant runs against contracts executed on tdk's EVM: a supply invariant that a 2-call sequence
// breaks is found and shrunk to those 2 calls; a correct token holds; fail_on_revert; target
// selection; seed reproduction; bad input.
import { type AbiFunction, decodeFunctionResult, hexToBytes, toFunctionSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { EVM } from '../../src/evm/evm.js';
import { buildDictionary, type CallOutcome, formatArgs } from '../../src/testing/fuzz/index.js';
import {
  type InvariantHost,
  type InvariantOptions,
  type InvariantTarget,
  invariant,
} from '../../src/testing/invariant/index.js';
import { compileContracts, SENDER } from './fuzz-harness.js';

const SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Token {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;
    address[] public holders;
    mapping(address => bool) private known;
    bool public immutable buggy;

    constructor(bool buggy_) { buggy = buggy_; }

    function mint(uint256 amount) external {
        amount %= 1e24;
        _credit(msg.sender, amount);
        totalSupply += amount;
    }

    function burn(uint256 amount) external {
        require(balanceOf[msg.sender] >= amount, "burn exceeds balance");
        balanceOf[msg.sender] -= amount;
        totalSupply -= amount;
    }

    // Planted bug (when buggy): both balances are read before either is written, so a transfer to
    // oneself credits the amount without debiting it: mint, then transfer to yourself.
    function transfer(address to, uint256 amount) external {
        uint256 fromBalance = balanceOf[msg.sender];
        require(fromBalance >= amount, "transfer exceeds balance");
        if (buggy) {
            uint256 toBalance = balanceOf[to];
            balanceOf[msg.sender] = fromBalance - amount;
            _set(to, toBalance + amount);
        } else {
            balanceOf[msg.sender] = fromBalance - amount;
            _credit(to, amount);
        }
    }

    function holderCount() external view returns (uint256) { return holders.length; }

    function _credit(address who, uint256 amount) private { _set(who, balanceOf[who] + amount); }

    function _set(address who, uint256 value) private {
        if (!known[who]) { known[who] = true; holders.push(who); }
        balanceOf[who] = value;
    }
}

contract SupplyInvariant {
    Token public token;
    constructor(bool buggy) { token = new Token(buggy); }

    function invariant_supplyIsSumOfBalances() external view {
        uint256 sum;
        uint256 n = token.holderCount();
        for (uint256 i = 0; i < n; i++) sum += token.balanceOf(token.holders(i));
        require(sum == token.totalSupply(), "supply != sum of balances");
    }
}
`;

const compiled = compileContracts(SOURCE);
const INVARIANT_FN = toFunctionSelector('invariant_supplyIsSumOfBalances()');
const ALICE = 0xa11ce0000000000000000000000000000000a11cen;
const BOB = 0xb0b0000000000000000000000000000000000b0bn;

/** An EVM host like the runner's: deploy once, then every reset() returns to that state. */
function setUp(buggy: boolean) {
  const evm = new EVM();
  evm.state.setBalance(SENDER, 1n << 96n);
  const ctorArgs = buggy ? '1'.padStart(64, '0') : '0'.padStart(64, '0');
  const created = evm.runMessage({
    caller: SENDER,
    to: null,
    data: hexToBytes(`${compiled.SupplyInvariant.bytecode}${ctorArgs}`),
    gas: 30_000_000,
  });
  const testAddress = created.createdAddress!;
  const out = evm.runMessage({
    caller: SENDER,
    to: testAddress,
    data: hexToBytes(toFunctionSelector('token()')),
    gas: 1_000_000,
  });
  const token = BigInt(
    decodeFunctionResult({
      abi: compiled.SupplyInvariant.abi,
      functionName: 'token',
      data: `0x${Buffer.from(out.output).toString('hex')}`,
    }) as string,
  );
  // One checkpoint stays open for the whole test: reset() reverts to it and takes it again.
  let cp = evm.state.checkpoint();
  let callsMade = 0;
  const outcome = (r: ReturnType<EVM['runMessage']>): CallOutcome => ({
    success: r.status === 'success',
    gasUsed: r.gasUsed,
    reason: r.status === 'success' ? undefined : reason(r.output),
  });
  const host: InvariantHost & { callsMade: () => number } = {
    reset() {
      evm.state.revert(cp);
      cp = evm.state.checkpoint();
    },
    call(sender, target, calldata) {
      callsMade++;
      return outcome(evm.runMessage({ caller: sender, to: target, data: calldata, gas: 10_000_000 }));
    },
    check() {
      return outcome(
        evm.runMessage({ caller: SENDER, to: testAddress, data: hexToBytes(INVARIANT_FN), gas: 10_000_000 }),
      );
    },
    callsMade: () => callsMade,
  };
  const dictionary = buildDictionary(
    [...evm.state.accounts.values()].map((a) => a.code).filter((c) => c.length > 0),
    [],
    [testAddress, token, ALICE, BOB],
  );
  const targets: InvariantTarget[] = [{ address: token, abi: compiled.Token.abi as AbiFunction[] }];
  return { host, targets, dictionary, token };
}

function reason(output: Uint8Array): string {
  // Error(string): selector, offset, length, bytes.
  if (output.length >= 68 && Buffer.from(output.subarray(0, 4)).toString('hex') === '08c379a0') {
    const len = Number(BigInt(`0x${Buffer.from(output.subarray(36, 68)).toString('hex')}`));
    return Buffer.from(output.subarray(68, 68 + len)).toString('utf8');
  }
  return `0x${Buffer.from(output).toString('hex')}`;
}

const base = (dictionary: InvariantOptions['dictionary']): InvariantOptions => ({
  runs: 256,
  depth: 15,
  seed: 1n,
  dictionary,
  failOnRevert: false,
  senders: [ALICE, BOB],
});

describe('invariant testing', () => {
  it('finds the supply bug and shrinks the sequence to mint(1) + self-transfer of 1', () => {
    const { host, targets, dictionary } = setUp(true);
    for (let seed = 1n; seed <= 5n; seed++) {
      const r = invariant(targets, host, { ...base(dictionary), seed });
      expect(r.passed).toBe(false);
      const ce = r.counterexample!;
      expect(ce.reason).toBe('supply != sum of balances');
      expect(ce.sequence.map((c) => c.fn)).toEqual(['mint(uint256)', 'transfer(address,uint256)']);
      const [mint, transfer] = ce.sequence;
      // The same sender mints, then sends a non-zero amount it holds to itself.
      expect(transfer.sender).toBe(mint.sender);
      expect(BigInt(transfer.args[0] as string)).toBe(BigInt(mint.sender));
      // Arguments shrunk too: the smallest mint and the smallest transfer that show the bug.
      expect(mint.args).toEqual([1n]);
      expect(transfer.args[1]).toBe(1n);
      expect(formatArgs(transfer.args)).toMatch(/^\[0x[0-9a-f]{40}, \d+\]$/);
    }
  });

  it('the correct token holds, and reverting calls are counted', () => {
    const { host, targets, dictionary } = setUp(false);
    const r = invariant(targets, host, base(dictionary));
    expect(r).toMatchObject({ passed: true, runs: 256, calls: 256 * 15 });
    expect(r.reverts).toBeGreaterThan(0);
    expect(r.reverts).toBeLessThan(r.calls);
  });

  it('fail_on_revert fails on the first revert, shrunk to the one reverting call', () => {
    const { host, targets, dictionary } = setUp(false);
    const r = invariant(targets, host, { ...base(dictionary), failOnRevert: true });
    expect(r.passed).toBe(false);
    expect(r.counterexample!.sequence).toHaveLength(1);
    expect(r.counterexample!.reason).toMatch(/exceeds balance/);
  });

  it('the seed reproduces the run; target selectors restrict what is called', () => {
    const { host, targets, dictionary } = setUp(true);
    const a = invariant(targets, host, { ...base(dictionary), seed: 0xfeedn });
    const b = invariant(targets, host, { ...base(dictionary), seed: 0xfeedn });
    expect(b).toEqual(a);
    // Only mint and burn: the bug cannot be reached.
    const only = [
      {
        ...targets[0],
        selectors: [toFunctionSelector('mint(uint256)'), toFunctionSelector('burn(uint256)')],
      },
    ];
    const r = invariant(only, host, { ...base(dictionary), runs: 32 });
    expect(r.passed).toBe(true);
    expect(r.calls).toBe(32 * 15);
  });

  it('random senders are used when none are given, never the zero address or a precompile', () => {
    const { host, targets, dictionary } = setUp(false);
    const seen = new Set<bigint>();
    const spy = {
      ...host,
      call: (s: bigint, t: bigint, d: Uint8Array) => {
        seen.add(s);
        return host.call(s, t, d);
      },
    };
    invariant(targets, spy, { ...base(dictionary), senders: undefined, runs: 16 });
    expect(seen.size).toBeGreaterThan(10);
    for (const s of seen) expect(s).toBeGreaterThan(0xffffn);
  });

  it('nothing to call and a negative depth are typed errors', () => {
    const { host, dictionary, token } = setUp(false);
    const viewOnly = [
      {
        address: token,
        abi: (compiled.Token.abi as AbiFunction[]).filter((f) => f.stateMutability === 'view'),
      },
    ];
    expect(() => invariant(viewOnly, host, base(dictionary))).toThrow(
      expect.objectContaining({ code: 'TDK_INVARIANT_NO_TARGETS' }),
    );
    expect(() => invariant([], host, { ...base(dictionary), depth: -1 })).toThrow(
      expect.objectContaining({ code: 'TDK_FUZZ_OPTIONS' }),
    );
  });
});
