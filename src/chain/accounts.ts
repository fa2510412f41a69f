// The ten development accounts every Ethereum devnet hands out: BIP-44 keys m/44'/60'/0'/0/i of the
// standard test mnemonic, as anvil and Hardhat derive them, each funded with 10,000 ETH.
import { mnemonicToAccount } from 'viem/accounts';
import { hexToBigInt } from '../evm/index.js';

export const TEST_MNEMONIC = 'test test test test test test test test test test test junk';
export const DEV_ACCOUNT_BALANCE = 10_000n * 10n ** 18n;

export interface DevAccount {
  readonly address: bigint;
  readonly privateKey: Uint8Array;
}

export function deriveDevAccounts(mnemonic = TEST_MNEMONIC, count = 10): DevAccount[] {
  const out: DevAccount[] = [];
  for (let i = 0; i < count; i++) {
    const account = mnemonicToAccount(mnemonic, { addressIndex: i });
    const key = account.getHdKey().privateKey;
    if (!key) throw new Error(`no private key derived for account ${i}`);
    out.push({ address: hexToBigInt(account.address), privateKey: key });
  }
  return out;
}
