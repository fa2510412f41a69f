// tdk's forge-std helpers that compute rather than call cheatcodes, run on tdk's EVM and checked
// against independent implementations: CREATE/CREATE2 addresses and EIP-55 checksums against viem,
// integer formatting against BigInt, bound() against its documented contract.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  type Abi,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  type Hex,
  hexToBytes,
  keccak256,
  toHex,
} from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVM, WorldState } from '../../src/evm/index.js';
import { REPO } from './project.js';

const HARNESS = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.13;
import {StdUtils} from "forge-std/StdUtils.sol";
import {StdFormat} from "forge-std/StdFormat.sol";
contract Harness is StdUtils {
    function create(address deployer, uint256 nonce) external pure returns (address) {
        return computeCreateAddress(deployer, nonce);
    }
    function create2(bytes32 salt, bytes32 initCodeHash, address deployer) external pure returns (address) {
        return computeCreate2Address(salt, initCodeHash, deployer);
    }
    function boundUint(uint256 x, uint256 min, uint256 max) external pure returns (uint256) {
        return bound(x, min, max);
    }
    function boundInt(int256 x, int256 min, int256 max) external pure returns (int256) {
        return bound(x, min, max);
    }
    function addresses(address[] memory values) external pure returns (string memory) {
        return StdFormat.toString(values);
    }
    function ints(int256[] memory values) external pure returns (string memory) {
        return StdFormat.toString(values);
    }
}
`;

const MAX = (1n << 256n) - 1n;
const INT_MIN = -(1n << 255n);
const INT_MAX = (1n << 255n) - 1n;
const CALLER = 0x1804c8ab1f12e6bbf3894d4083f33e07309d1f38n;

let abi: Abi;
let evm: EVM;
let harness: bigint;

function call(functionName: string, args: readonly unknown[]): unknown {
  const r = evm.runMessage({
    caller: CALLER,
    to: harness,
    data: hexToBytes(encodeFunctionData({ abi, functionName, args })),
    value: 0n,
    gas: 30_000_000n,
  });
  if (r.status !== 'success') throw new Error(`${functionName}(${args.join(', ')}) failed: ${r.status}`);
  return decodeFunctionResult({ abi, functionName, data: toHex(r.output) });
}

/** A deterministic stream of 256-bit values (xorshift over BigInt), mixed with edges. */
function* values(seed: bigint, n: number): Generator<bigint> {
  let s = seed;
  for (let i = 0; i < n; i++) {
    s ^= (s << 13n) & MAX;
    s ^= s >> 7n;
    s ^= (s << 17n) & MAX;
    // Every fourth value is small, so ranges near zero and near the edges are exercised too.
    yield i % 4 === 0 ? s % 300n : s;
  }
}

describe('forge-std utilities on tdk’s EVM', () => {
  beforeAll(() => {
    const solc = createRequire(import.meta.url)('solc');
    const dir = join(REPO, 'contracts', 'forge-std');
    const out = JSON.parse(
      solc.compile(
        JSON.stringify({
          language: 'Solidity',
          sources: {
            'Harness.sol': { content: HARNESS },
            'forge-std/StdUtils.sol': { content: readFileSync(join(dir, 'StdUtils.sol'), 'utf8') },
            'forge-std/StdFormat.sol': { content: readFileSync(join(dir, 'StdFormat.sol'), 'utf8') },
          },
          settings: {
            evmVersion: 'cancun',
            outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
          },
        }),
      ),
    );
    const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
    expect(errors).toEqual([]);
    const c = out.contracts['Harness.sol'].Harness;
    abi = c.abi;
    const state = new WorldState();
    evm = new EVM({ state });
    const deployed = evm.runMessage({
      caller: CALLER,
      to: null,
      data: hexToBytes(`0x${c.evm.bytecode.object}`),
      value: 0n,
      gas: 30_000_000n,
    });
    expect(deployed.status).toBe('success');
    harness = deployed.createdAddress!;
  }, 60_000);

  it('computeCreateAddress matches viem for every RLP length of the nonce', () => {
    const from = '0x7FA9385bE102ac3EAc297483Dd6233D62b3e1496';
    for (const nonce of [
      0n,
      1n,
      0x7fn,
      0x80n,
      0xffn,
      0x100n,
      1000n,
      0xffffffn,
      1n << 32n,
      (1n << 64n) - 1n,
    ]) {
      expect(call('create', [from, nonce]), `nonce ${nonce}`).toBe(getContractAddress({ from, nonce }));
    }
  });

  it('computeCreate2Address matches viem', () => {
    const bytecode: Hex = '0x6080604052348015600e575f80fd5b50';
    const salt = keccak256(toHex('tdk'));
    const from = '0x4e59b44847b379578588920cA78FbF26c0B4956C';
    expect(call('create2', [salt, keccak256(bytecode), from])).toBe(
      getContractAddress({ opcode: 'CREATE2', from, salt, bytecode }),
    );
  });

  it('formats address arrays with EIP-55 checksums and int arrays as decimals', () => {
    const addrs = [...values(0x1234n, 8)].map((v) => getAddress(toHex(v % (1n << 160n), { size: 20 })));
    expect(call('addresses', [addrs])).toBe(`[${addrs.join(', ')}]`);
    const ints = [0n, 1n, -1n, INT_MIN, INT_MAX, -123456789n];
    expect(call('ints', [ints])).toBe(`[${ints.join(', ')}]`);
  });

  it('bound(uint256) keeps values in range, maps the edges onto the range ends, and wraps the rest', () => {
    const xs = [...values(0xabcdefn, 160), 0n, 1n, 2n, 3n, MAX, MAX - 1n, MAX - 3n];
    const ranges: [bigint, bigint][] = [
      [0n, 0n],
      [0n, 10n],
      [10n, 20n],
      [5n, 5n],
      [100n, 1n << 200n],
      [0n, MAX],
      [MAX - 5n, MAX],
    ];
    for (const [min, max] of ranges) {
      const size = max - min + 1n;
      for (const x of xs) {
        const r = call('boundUint', [x, min, max]) as bigint;
        expect(r >= min && r <= max, `${x} in [${min}, ${max}] -> ${r}`).toBe(true);
        if (x >= min && x <= max) expect(r).toBe(x);
        else if (x <= 3n && size > x) expect(r).toBe(min + x);
        else if (x >= MAX - 3n && size > MAX - x) expect(r).toBe(max - (MAX - x));
        // Wrapping is modular: above the range, x - max steps past max and restarts at min.
        else if (x > max) expect((r - min + size) % size).toBe((x - max - 1n) % size);
        else expect((max - r + size) % size).toBe((min - x - 1n) % size);
      }
    }
  });

  it('bound(int256) is bound(uint256) in the order-preserving shift by 2^255', () => {
    const shift = (v: bigint) => (v + (1n << 255n)) & MAX;
    const xs = [...values(0x5eedn, 60)].map((v) => (v > INT_MAX ? v - (1n << 256n) : v));
    for (const [min, max] of [
      [-10n, 10n],
      [-5n, -1n],
      [INT_MIN, INT_MIN + 3n],
      [INT_MAX - 2n, INT_MAX],
      [INT_MIN, INT_MAX],
    ] as [bigint, bigint][]) {
      for (const x of [...xs, INT_MIN, INT_MAX, 0n, -1n]) {
        const r = call('boundInt', [x, min, max]) as bigint;
        const viaUint = call('boundUint', [shift(x), shift(min), shift(max)]) as bigint;
        expect(shift(r)).toBe(viaUint);
        expect(r >= min && r <= max).toBe(true);
      }
    }
  });

  it('bound rejects an empty range with forge-std’s message', () => {
    const r = evm.runMessage({
      caller: CALLER,
      to: harness,
      data: hexToBytes(encodeFunctionData({ abi, functionName: 'boundUint', args: [1n, 2n, 1n] })),
      value: 0n,
      gas: 1_000_000n,
    });
    expect(r.status).toBe('revert');
    expect(Buffer.from(r.output).toString('utf8')).toContain(
      'StdUtils bound(uint256,uint256,uint256): Max is less than min.',
    );
  });
});
