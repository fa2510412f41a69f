// Hardhat's EDR provider set up as tdk's devnet is by default: chain id 31337, the ten
// standard-mnemonic accounts with 10,000 ETH (keys owned), Cancun, automine, genesis base fee 1 gwei,
// block gas limit 30M, coinbase 0x0, no EIP-4788 contract in genesis (tdk has none), and eth_call
// failures as errors (Hardhat's default). Used by bench/devnet.ts and test/chain/edr-parity.test.ts.
import { createRequire } from 'node:module';
import type { EdrContext, Provider } from '@nomicfoundation/edr';
import { DEV_ACCOUNT_BALANCE, deriveDevAccounts } from '../src/chain/accounts.js';
import { DEFAULT_BASE_FEE, DEFAULT_BLOCK_GAS_LIMIT, DEFAULT_CHAIN_ID } from '../src/chain/chain.js';
import { bytesToHex, hexToBytes } from '../src/evm/index.js';

const require = createRequire(import.meta.url);
const edr = require('@nomicfoundation/edr') as typeof import('@nomicfoundation/edr');

let context: Promise<EdrContext> | undefined;

/** EDR wants one context per process; providers are made from it. */
function edrContext(): Promise<EdrContext> {
  context ??= (async () => {
    const ctx = new edr.EdrContext();
    await ctx.registerProviderFactory(edr.L1_CHAIN_TYPE, edr.l1ProviderFactory());
    return ctx;
  })();
  return context;
}

export async function createEdrProvider(options: { genesisBlockTime?: bigint } = {}): Promise<Provider> {
  const accounts = deriveDevAccounts();
  const ctx = await edrContext();
  return ctx.createProvider(
    edr.L1_CHAIN_TYPE,
    {
      allowBlocksWithSameTimestamp: false,
      allowUnlimitedContractSize: false,
      bailOnCallFailure: true,
      bailOnTransactionFailure: false,
      chainId: DEFAULT_CHAIN_ID,
      coinbase: new Uint8Array(20),
      defaultTransactionGasLimit: DEFAULT_BLOCK_GAS_LIMIT,
      genesisState: accounts.map((a) => ({
        address: hexToBytes(`0x${a.address.toString(16).padStart(40, '0')}`),
        balance: DEV_ACCOUNT_BALANCE,
      })),
      hardfork: edr.CANCUN,
      initialBaseFeePerGas: DEFAULT_BASE_FEE,
      minGasPrice: 0n,
      mining: {
        autoMine: true,
        blockGasLimit: DEFAULT_BLOCK_GAS_LIMIT,
        memPool: { order: edr.MineOrdering.Fifo },
      },
      network: { genesisBlockGasLimit: DEFAULT_BLOCK_GAS_LIMIT, genesisBlockTime: options.genesisBlockTime },
      networkId: DEFAULT_CHAIN_ID,
      observability: {},
      ownedAccounts: accounts.map((a) => bytesToHex(a.privateKey)),
      precompileOverrides: [],
    },
    { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
    { subscriptionCallback: () => {} },
    new edr.ContractDecoder(),
  );
}
