// The devnet records keccak preimages and written slots, so that every mapping entry a contract
// wrote can be explained without being told its key (tdk_getWrittenSlots, tdk_getKeccakPreimages).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAbiParameters, encodeFunctionData, type Hex, keccak256, parseAbi } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Chain } from '../../src/chain/chain.js';
import { type Devnet, startDevnet } from '../../src/chain/devnet.js';
import { loadChain, saveChain } from '../../src/chain/persist.js';
import { compileContract } from './solc.js';

const SOURCE = `pragma solidity ^0.8.20;
contract Ledger {
  uint256 public total;
  mapping(address => uint256) public balanceOf;
  mapping(address => mapping(address => uint256)) public allowance;
  function credit(address who, uint256 v) external { balanceOf[who] += v; total += v; }
  function approve(address spender, uint256 v) external { allowance[msg.sender][spender] = v; }
}`;
const abi = parseAbi([
  'function credit(address who, uint256 v)',
  'function approve(address spender, uint256 v)',
]);

let devnet: Devnet;
let ledger: Hex;
let from: Hex;

async function send(data: Hex, to?: Hex): Promise<Hex> {
  const hash = (await devnet.provider.request({
    method: 'eth_sendTransaction',
    params: [{ from, to, data }],
  })) as Hex;
  const receipt = (await devnet.provider.request({
    method: 'eth_getTransactionReceipt',
    params: [hash],
  })) as {
    contractAddress: Hex;
  };
  return receipt.contractAddress;
}

beforeAll(async () => {
  devnet = await startDevnet();
  from = ((await devnet.provider.request({ method: 'eth_accounts' })) as Hex[])[0];
  ledger = await send(compileContract(SOURCE, 'Ledger').bytecode);
  await send(
    encodeFunctionData({
      abi,
      functionName: 'credit',
      args: ['0x00000000000000000000000000000000000000a1', 5n],
    }),
    ledger,
  );
  await send(
    encodeFunctionData({
      abi,
      functionName: 'credit',
      args: ['0x00000000000000000000000000000000000000b2', 7n],
    }),
    ledger,
  );
  await send(
    encodeFunctionData({
      abi,
      functionName: 'approve',
      args: ['0x00000000000000000000000000000000000000c3', 9n],
    }),
    ledger,
  );
}, 60_000);

afterAll(() => devnet?.close());

const slotOf = (key: Hex, slot: bigint): Hex =>
  keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [key, slot]));

describe('storage recorder', () => {
  it('lists every slot a contract wrote, and explains mapping slots by their preimages', async () => {
    const written = (await devnet.provider.request({
      method: 'tdk_getWrittenSlots',
      params: [ledger],
    })) as Hex[];
    const a1 = slotOf('0x00000000000000000000000000000000000000a1', 1n);
    const b2 = slotOf('0x00000000000000000000000000000000000000b2', 1n);
    const outer = slotOf(from, 2n);
    const nested = keccak256(
      encodeAbiParameters(
        [{ type: 'address' }, { type: 'bytes32' }],
        ['0x00000000000000000000000000000000000000c3', outer],
      ),
    );
    expect(new Set(written)).toEqual(new Set([`0x${'0'.repeat(64)}`, a1, b2, nested]));
    const preimages = (await devnet.provider.request({
      method: 'tdk_getKeccakPreimages',
      params: [[a1, nested, outer, `0x${'ab'.repeat(32)}`]],
    })) as (Hex | null)[];
    expect(preimages[0]).toBe(
      encodeAbiParameters(
        [{ type: 'address' }, { type: 'uint256' }],
        ['0x00000000000000000000000000000000000000a1', 1n],
      ),
    );
    expect(preimages[1]?.slice(0, 66)).toBe(`0x${'0'.repeat(24)}00000000000000000000000000000000000000c3`);
    expect(preimages[1]?.slice(66)).toBe(outer.slice(2));
    expect(preimages[2]).not.toBeNull();
    expect(preimages[3]).toBeNull();
  });

  it('keeps what it recorded across a --state save and restore', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tdk-rec-')), 'state.json');
    saveChain(devnet.chain, file);
    const restored = new Chain();
    expect(loadChain(restored, file)).toBe(true);
    expect(restored.recorder.written.get(BigInt(ledger))).toEqual(
      devnet.chain.recorder.written.get(BigInt(ledger)),
    );
    expect(restored.recorder.preimages.size).toBe(devnet.chain.recorder.preimages.size);
  });

  it('refuses malformed requests', async () => {
    await expect(
      devnet.provider.request({ method: 'tdk_getKeccakPreimages', params: ['0x12'] }),
    ).rejects.toMatchObject({ code: -32602 });
    await expect(
      devnet.provider.request({ method: 'tdk_getWrittenSlots', params: ['0x12'] }),
    ).rejects.toMatchObject({ code: -32602 });
  });
});
