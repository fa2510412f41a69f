// Claims the example airdrop that `tdk up` runs: asks the worker's proof server for this account's
// leaf in the newest published epoch, then sends MerkleAirdrop.claim with that proof.
//
//   node examples/token/scripts/claim.mjs [--key HEX] [--rpc URL] [--proofs URL] [--airdrop ADDRESS]
//
// Defaults fit a fresh `tdk up`: the devnet at 127.0.0.1:8545, the proof server at 127.0.0.1:8550,
// the MerkleAirdrop address tdk up prints, and dev account (2), the first airdrop recipient.
import { parseArgs } from 'node:util';
import { createPublicClient, createWalletClient, defineChain, formatUnits, http, parseAbi } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const { values: opts } = parseArgs({
  options: {
    key: { type: 'string', default: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' },
    rpc: { type: 'string', default: 'http://127.0.0.1:8545' },
    proofs: { type: 'string', default: 'http://127.0.0.1:8550' },
    airdrop: { type: 'string', default: '0xdc64a140aa3e981100a9beca4e685f962f0cf6c9' },
  },
});

const airdropAbi = parseAbi([
  'function claim(uint256 epoch, address account, uint256 cumulativeAmount, bytes32[] proof)',
  'function claimed(address account) view returns (uint256)',
  'function token() view returns (address)',
]);
const tokenAbi = parseAbi(['function balanceOf(address) view returns (uint256)']);

async function getJson(url) {
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(`${url}: ${body.error?.code ?? res.status} ${body.error?.message ?? ''}`);
  return body;
}

const account = privateKeyToAccount(opts.key);
const { latestEpoch, chainId } = await getJson(`${opts.proofs}/roots`);
if (latestEpoch === 0) throw new Error('no root is published yet: wait for the worker and try again');
const leaf = await getJson(`${opts.proofs}/proofs/${latestEpoch}/${account.address}`);
const [, cumulative] = leaf.value;
console.log(`epoch ${latestEpoch}: ${account.address} has earned ${formatUnits(BigInt(cumulative), 18)} tokens`);
console.log(`proof (${leaf.proof.length} hashes) against root ${leaf.root}`);

const chain = defineChain({
  id: chainId,
  name: 'tdk devnet',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [opts.rpc] } },
});
const pub = createPublicClient({ chain, transport: http(opts.rpc) });
const wallet = createWalletClient({ chain, account, transport: http(opts.rpc) });
const token = await pub.readContract({ address: opts.airdrop, abi: airdropAbi, functionName: 'token' });
const before = await pub.readContract({ address: token, abi: tokenAbi, functionName: 'balanceOf', args: [account.address] });

const hash = await wallet.writeContract({
  address: opts.airdrop,
  abi: airdropAbi,
  functionName: 'claim',
  args: [BigInt(latestEpoch), account.address, BigInt(cumulative), leaf.proof],
});
const receipt = await pub.waitForTransactionReceipt({ hash });
const after = await pub.readContract({ address: token, abi: tokenAbi, functionName: 'balanceOf', args: [account.address] });
console.log(`claim ${receipt.status} in block ${receipt.blockNumber} (tx ${hash})`);
console.log(`token balance: ${formatUnits(before, 18)} -> ${formatUnits(after, 18)}`);
if (receipt.status !== 'success') process.exitCode = 1;
