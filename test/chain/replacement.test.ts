// Replacing a pending transaction (same sender and nonce) as geth's txpool allows it: only with every
// fee raised by at least 10 %; the replaced one is gone and only the replacement is mined. Driven by
// viem as a real client against a devnet that does not automine.
import { bytesToHex, createPublicClient, createWalletClient, custom, type Hex, parseGwei } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveDevAccounts } from '../../src/chain/accounts.js';
import { type Devnet, startDevnet } from '../../src/chain/devnet.js';
import { underpricedReplacement } from '../../src/chain/replacement.js';
import type { Transaction } from '../../src/evm/index.js';

let devnet: Devnet;
const [alice, bob] = deriveDevAccounts();
const account = privateKeyToAccount(bytesToHex(alice!.privateKey));
const to = `0x${bob!.address.toString(16).padStart(40, '0')}` as Hex;

beforeEach(async () => {
  devnet = await startDevnet({ automine: false });
});
afterEach(async () => {
  await devnet.close();
});

function clients() {
  const transport = custom(devnet.provider, { retryCount: 0 });
  return {
    wallet: createWalletClient({ account, transport }),
    pub: createPublicClient({ transport }),
  };
}

describe('pending transaction replacement', () => {
  it('an EIP-1559 transaction is replaced only with both fees +10 %; the replacement alone is mined', async () => {
    const { wallet, pub } = clients();
    const send = (maxFeePerGas: bigint, maxPriorityFeePerGas: bigint, value: bigint) =>
      wallet.sendTransaction({
        chain: null,
        to,
        value,
        nonce: 0,
        gas: 21_000n,
        maxFeePerGas,
        maxPriorityFeePerGas,
      });
    const first = await send(parseGwei('10'), parseGwei('2'), 1n);
    // +9 % on the cap, or the tip not raised: refused with geth's message, the first stays.
    await expect(send(parseGwei('10.9'), parseGwei('2.2'), 2n)).rejects.toThrow(
      /replacement transaction underpriced: max fee per gas/,
    );
    await expect(send(parseGwei('11'), parseGwei('2'), 2n)).rejects.toThrow(
      /replacement transaction underpriced: priority fee/,
    );
    expect(await pub.getTransaction({ hash: first })).toMatchObject({ value: 1n });
    // Exactly +10 % on both: accepted, and the first one is no longer known.
    const second = await send(parseGwei('11'), parseGwei('2.2'), 3n);
    await expect(pub.getTransaction({ hash: first })).rejects.toThrow();
    await devnet.provider.request({ method: 'evm_mine', params: [] });
    const receipt = await pub.getTransactionReceipt({ hash: second });
    expect(receipt.status).toBe('success');
    const block = await pub.getBlock({ blockNumber: receipt.blockNumber });
    expect(block.transactions).toEqual([second]);
    await expect(pub.getTransactionReceipt({ hash: first })).rejects.toThrow();
    expect(await pub.getTransactionCount({ address: account.address })).toBe(1);
  });

  it('a legacy transaction needs +10 % gas price; without a pending one the nonce rules are unchanged', async () => {
    const { wallet, pub } = clients();
    const send = (gasPrice: bigint, nonce: number) =>
      wallet.sendTransaction({
        chain: null,
        to,
        value: 1n,
        nonce,
        gas: 21_000n,
        gasPrice,
      });
    await send(parseGwei('20'), 0);
    await expect(send(parseGwei('21'), 0)).rejects.toThrow(/replacement transaction underpriced: gas price/);
    const replacement = await send(parseGwei('22'), 0);
    await devnet.provider.request({ method: 'evm_mine', params: [] });
    expect((await pub.getTransactionReceipt({ hash: replacement })).status).toBe('success');
    // Mined now: the same nonce again is simply too low.
    await expect(send(parseGwei('50'), 0)).rejects.toThrow(/nonce too low/);
  });

  it('the rule itself: strictly more, at least +10 % (+100 % for blob transactions)', () => {
    const common = { nonce: 0n, gasLimit: 21_000n, to: 1n, value: 0n, data: new Uint8Array(0), r: 1n, s: 1n };
    const legacy = (gasPrice: bigint) =>
      ({ ...common, type: 0, chainId: 1n, gasPrice, v: 37n }) as Transaction;
    expect(underpricedReplacement(legacy(0n), legacy(0n))).toMatch(/gas price 0 is below 1/);
    expect(underpricedReplacement(legacy(0n), legacy(1n))).toBeUndefined();
    expect(underpricedReplacement(legacy(100n), legacy(109n))).toMatch(/below 110/);
    expect(underpricedReplacement(legacy(100n), legacy(110n))).toBeUndefined();
    const blob = (fee: bigint) =>
      ({
        ...common,
        type: 3,
        chainId: 1n,
        maxFeePerGas: fee,
        maxPriorityFeePerGas: fee,
        maxFeePerBlobGas: fee,
        accessList: [],
        blobVersionedHashes: [],
        yParity: 0n,
      }) as Transaction;
    expect(underpricedReplacement(blob(100n), blob(199n))).toMatch(/\+100 %/);
    expect(underpricedReplacement(blob(100n), blob(200n))).toBeUndefined();
  });
});
