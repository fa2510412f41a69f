// tdk's StandardMerkleTree against @openzeppelin/merkle-tree (the oracle): roots, proofs,
// multiproofs and dumps on seeded random data, on-chain verification through OpenZeppelin's
// MerkleProof.sol in tdk's EVM, and bad input.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { StandardMerkleTree as OZ } from '@openzeppelin/merkle-tree';
import { type Abi, decodeFunctionResult, encodeFunctionData, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeafValue, MerkleError, StandardMerkleTree } from '../../src/bridges/merkle/index.js';
import { startDevnet } from '../../src/chain/devnet.js';
import { rng } from './support/rng.js';

function hexBytes(r: () => number, n: number): string {
  let s = '0x';
  for (let i = 0; i < n; i++)
    s += Math.floor(r() * 256)
      .toString(16)
      .padStart(2, '0');
  return s;
}

interface Kind {
  name: string;
  types: string[];
  gen: (r: () => number, i: number) => LeafValue;
}

const KINDS: Kind[] = [
  {
    name: 'address,uint256',
    types: ['address', 'uint256'],
    gen: (r, i) => [
      hexBytes(r, 20),
      (BigInt(Math.floor(r() * 2 ** 52)) * 1_000_000_007n + BigInt(i)).toString(),
    ],
  },
  { name: 'bytes32', types: ['bytes32'], gen: (r) => [hexBytes(r, 32)] },
  {
    name: 'string,bool,uint8',
    types: ['string', 'bool', 'uint8'],
    gen: (r, i) => [
      `user-${i}-${hexBytes(r, 1 + Math.floor(r() * 40))}`,
      r() < 0.5,
      String(Math.floor(r() * 256)),
    ],
  },
];

const SIZES = [1, 2, 3, 7, 100, 1000, 10_000];

function dataset(kind: Kind, n: number, seed: number): LeafValue[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => kind.gen(r, i));
}

function sample(n: number, max: number, r: () => number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, () => Math.floor(r() * n));
}

describe('StandardMerkleTree equals @openzeppelin/merkle-tree', () => {
  for (const kind of KINDS) {
    for (const n of SIZES) {
      it(`${kind.name}, ${n} leaves`, () => {
        const values = dataset(kind, n, n * 31 + kind.types.length);
        const oz = OZ.of(values as unknown[][], kind.types);
        const tdk = StandardMerkleTree.of(values, kind.types);
        expect(tdk.root).toBe(oz.root);
        expect(tdk.length).toBe(n);
        const r = rng(n);
        for (const i of sample(n, 64, r)) {
          const p = tdk.getProof(i);
          expect(p).toEqual(oz.getProof(i));
          expect(tdk.getProof(values[i]!)).toEqual(p);
          expect(tdk.verify(i, p)).toBe(true);
          expect(StandardMerkleTree.verify(tdk.root, kind.types, values[i]!, p)).toBe(true);
        }
        for (let m = 0; m < 4; m++) {
          const picks = [...new Set(sample(n, 1 + Math.floor(r() * Math.min(n, 12)), r))];
          const mp = tdk.getMultiProof(picks);
          expect(mp).toEqual(oz.getMultiProof(picks));
          expect(tdk.verifyMultiProof(mp)).toBe(true);
          expect(StandardMerkleTree.verifyMultiProof(tdk.root, kind.types, mp)).toBe(true);
        }
        const emptyMp = tdk.getMultiProof([]);
        expect(emptyMp).toEqual(oz.getMultiProof([]));
        const dump = tdk.dump();
        expect(dump).toEqual(oz.dump());
        if (n <= 1000) {
          const loaded = StandardMerkleTree.load(JSON.parse(JSON.stringify(dump)));
          expect(loaded.root).toBe(tdk.root);
          expect(loaded.getProof(n - 1)).toEqual(tdk.getProof(n - 1));
          expect(OZ.load(JSON.parse(JSON.stringify(dump))).root).toBe(tdk.root);
        }
      });
    }
  }

  it('wrong proofs do not verify', () => {
    const values = dataset(KINDS[0]!, 50, 7);
    const tdk = StandardMerkleTree.of(values, KINDS[0]!.types);
    const p = tdk.getProof(3);
    expect(tdk.verify(4, p)).toBe(false);
    const bad = [...p];
    bad[1] = `0x${'00'.repeat(32)}`;
    expect(tdk.verify(3, bad)).toBe(false);
    const mp = tdk.getMultiProof([1, 2, 9]);
    expect(tdk.verifyMultiProof({ ...mp, leaves: [...mp.leaves].reverse() })).toBe(false);
    expect(() => tdk.verifyMultiProof({ ...mp, proofFlags: [...mp.proofFlags, true] })).toThrow(MerkleError);
  });

  it('duplicates: rejected by default, OpenZeppelin-compatible with allowDuplicates', () => {
    const values = [
      ['0x1111111111111111111111111111111111111111', '5'],
      ['0x2222222222222222222222222222222222222222', '6'],
      ['0x1111111111111111111111111111111111111111', '5'],
    ];
    expect(() => StandardMerkleTree.of(values, ['address', 'uint256'])).toThrow(
      expect.objectContaining({
        code: 'TDK_MERKLE_DUPLICATE',
        message: expect.stringContaining('rows 1 and 3'),
      }),
    );
    const tdk = StandardMerkleTree.of(values, ['address', 'uint256'], { allowDuplicates: true });
    const oz = OZ.of(values, ['address', 'uint256']);
    expect(tdk.dump()).toEqual(oz.dump());
  });
});

describe('bad input', () => {
  const types = ['address', 'uint256'];
  const addr = '0x1111111111111111111111111111111111111111';
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(MerkleError);
      return (err as MerkleError).code;
    }
    return undefined;
  };

  it('typed errors with row and column', () => {
    expect(code(() => StandardMerkleTree.of([], types))).toBe('TDK_MERKLE_EMPTY');
    expect(code(() => StandardMerkleTree.of([[addr, '1']], ['uint7']))).toBe('TDK_MERKLE_TYPES');
    expect(code(() => StandardMerkleTree.of([[addr, '1']], []))).toBe('TDK_MERKLE_TYPES');
    expect(() =>
      StandardMerkleTree.of(
        [
          [addr, '1'],
          ['0x12', '2'],
        ],
        types,
      ),
    ).toThrow(/row 2, column 1 \(address\)/);
    expect(() => StandardMerkleTree.of([[addr, '-1']], types)).toThrow(/row 1, column 2 \(uint256\)/);
    expect(() => StandardMerkleTree.of([[addr, `${2n ** 256n}`]], types)).toThrow(/column 2/);
    expect(() => StandardMerkleTree.of([[addr, 'ten']], types)).toThrow(/column 2/);
    expect(() => StandardMerkleTree.of([[addr]], types)).toThrow(/row 1: expected 2 value/);
    expect(() => StandardMerkleTree.of([[1, true, 3]], ['string', 'bool', 'uint8'])).toThrow(
      /column 1 \(string\)/,
    );
    expect(() => StandardMerkleTree.of([['a', 'yes', 3]], ['string', 'bool', 'uint8'])).toThrow(
      /column 2 \(bool\)/,
    );
    expect(() => StandardMerkleTree.of([['a', true, 256]], ['string', 'bool', 'uint8'])).toThrow(
      /column 3 \(uint8\)/,
    );
  });

  it('lookups, proofs and dumps', () => {
    const tree = StandardMerkleTree.of([[addr, '1']], types);
    expect(tree.getProof(0)).toEqual([]);
    expect(code(() => tree.getProof(1))).toBe('TDK_MERKLE_INDEX');
    expect(code(() => tree.getProof([addr, '2']))).toBe('TDK_MERKLE_NOT_FOUND');
    expect(code(() => tree.getMultiProof([0, 0]))).toBe('TDK_MERKLE_INDEX');
    expect(code(() => tree.verify(0, ['0x12' as Hex]))).toBe('TDK_MERKLE_PROOF');
    const dump = tree.dump();
    expect(code(() => StandardMerkleTree.load({ ...dump, format: 'simple-v1' as 'standard-v1' }))).toBe(
      'TDK_MERKLE_DUMP',
    );
    expect(
      code(() => StandardMerkleTree.load({ ...dump, values: [{ value: [addr, '2'], treeIndex: 0 }] })),
    ).toBe('TDK_MERKLE_DUMP');
  });
});

describe('proofs verify in OpenZeppelin MerkleProof.sol on tdk’s EVM', () => {
  const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
contract ProofCheck {
  function verify(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external pure returns (bool) {
    return MerkleProof.verifyCalldata(proof, root, leaf);
  }
  function multiProofVerify(bytes32[] calldata proof, bool[] calldata flags, bytes32 root, bytes32[] calldata leaves)
    external pure returns (bool) {
    return MerkleProof.multiProofVerifyCalldata(proof, flags, root, leaves);
  }
}`;
  let abi: Abi;
  let address: Hex;
  let devnet: Awaited<ReturnType<typeof startDevnet>>;

  beforeAll(async () => {
    const require = createRequire(import.meta.url);
    const solc = require('solc') as { compile(input: string, cb: unknown): string };
    const root = resolve(import.meta.dirname, '../..');
    const input = {
      language: 'Solidity',
      sources: { 'ProofCheck.sol': { content: SOURCE } },
      settings: {
        remappings: ['@openzeppelin/=node_modules/@openzeppelin/'],
        optimizer: { enabled: true, runs: 200 },
        evmVersion: 'cancun',
        outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
      },
    };
    const findImports = (path: string) => {
      try {
        return { contents: readFileSync(resolve(root, path), 'utf8') };
      } catch {
        return { error: `not found: ${path}` };
      }
    };
    const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
    const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
    expect(errors).toEqual([]);
    const c = out.contracts['ProofCheck.sol'].ProofCheck;
    abi = c.abi;
    devnet = await startDevnet();
    const [from] = (await devnet.provider.request({ method: 'eth_accounts' })) as Hex[];
    const hash = (await devnet.provider.request({
      method: 'eth_sendTransaction',
      params: [{ from, data: `0x${c.evm.bytecode.object}`, gas: '0x1c9c380' }],
    })) as Hex;
    const receipt = (await devnet.provider.request({
      method: 'eth_getTransactionReceipt',
      params: [hash],
    })) as {
      contractAddress: Hex;
    };
    address = receipt.contractAddress;
  });
  afterAll(async () => {
    await devnet?.close();
  });

  async function call(functionName: string, args: unknown[]): Promise<boolean> {
    const data = encodeFunctionData({ abi, functionName, args });
    const result = (await devnet.provider.request({
      method: 'eth_call',
      params: [{ to: address, data }, 'latest'],
    })) as Hex;
    return decodeFunctionResult({ abi, functionName, data: result }) as boolean;
  }

  for (const kind of KINDS) {
    it(`${kind.name}: single proofs and multiproofs`, async () => {
      const values = dataset(kind, 1000, 99);
      const tree = StandardMerkleTree.of(values, kind.types);
      const r = rng(5);
      for (const i of sample(1000, 16, r)) {
        const proof = tree.getProof(i);
        expect(await call('verify', [proof, tree.root, tree.leafHash(values[i]!)])).toBe(true);
        expect(await call('verify', [proof, tree.root, tree.leafHash(values[(i + 1) % 1000]!)])).toBe(false);
      }
      for (const picks of [
        [0],
        [1, 2, 3, 4],
        [5, 900, 17, 333, 42],
        Array.from({ length: 16 }, (_, k) => k * 7),
      ]) {
        const mp = tree.getMultiProof(picks);
        const leaves = mp.leaves.map((l) => tree.leafHash(l));
        expect(await call('multiProofVerify', [mp.proof, mp.proofFlags, tree.root, leaves])).toBe(true);
        if (leaves.length > 1) {
          expect(
            await call('multiProofVerify', [mp.proof, mp.proofFlags, tree.root, [...leaves].reverse()]),
          ).toBe(false);
        }
      }
    });
  }
});
