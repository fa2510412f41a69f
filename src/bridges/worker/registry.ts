// The on-chain half: MerkleRootRegistry (contracts/bridges/MerkleRootRegistry.sol). Calls are
// ABI-encoded with viem and sent as plain JSON-RPC, so any EIP-1193 provider or URL works.
import {
  decodeErrorResult,
  decodeFunctionResult,
  encodeEventTopics,
  encodeFunctionData,
  type Hex,
  parseAbi,
} from 'viem';
import type { Rpc } from './rpc.js';

export const registryAbi = parseAbi([
  'function updateRoot(uint256 epoch, bytes32 root, bytes32 metadataHash)',
  'function latestEpoch() view returns (uint256)',
  'function rootOf(uint256 epoch) view returns (bytes32)',
  'function metadataOf(uint256 epoch) view returns (bytes32)',
  'function verify(uint256 epoch, bytes32[] proof, bytes32 leaf) view returns (bool)',
  'function verifyMulti(uint256 epoch, bytes32[] proof, bool[] proofFlags, bytes32[] leaves) view returns (bool)',
  'event RootUpdated(uint256 indexed epoch, bytes32 root, bytes32 metadataHash, address publisher)',
  'error EpochOutOfOrder(uint256 expected, uint256 given)',
  'error EmptyRoot()',
  'error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)',
]);

export const ZERO_ROOT: Hex = `0x${'0'.repeat(64)}`;

export class Registry {
  constructor(
    private readonly rpc: Rpc,
    readonly address: Hex,
  ) {}

  private async call(data: Hex, block: string = 'latest'): Promise<Hex> {
    return this.rpc.request<Hex>('eth_call', [{ to: this.address, data }, block]);
  }

  async hasCode(): Promise<boolean> {
    const code = await this.rpc.request<Hex>('eth_getCode', [this.address, 'latest']);
    return code !== '0x' && code !== '0x0';
  }

  async latestEpoch(): Promise<number> {
    const data = encodeFunctionData({ abi: registryAbi, functionName: 'latestEpoch' });
    const r = decodeFunctionResult({
      abi: registryAbi,
      functionName: 'latestEpoch',
      data: await this.call(data),
    });
    return Number(r);
  }

  async rootOf(epoch: number): Promise<Hex> {
    const data = encodeFunctionData({ abi: registryAbi, functionName: 'rootOf', args: [BigInt(epoch)] });
    return decodeFunctionResult({ abi: registryAbi, functionName: 'rootOf', data: await this.call(data) });
  }

  /** The block of the RootUpdated event of `epoch`, if the node still has the log. */
  async publicationBlock(epoch: number): Promise<{ blockNumber: number; txHash: Hex } | undefined> {
    const topics = encodeEventTopics({
      abi: registryAbi,
      eventName: 'RootUpdated',
      args: { epoch: BigInt(epoch) },
    });
    const logs = await this.rpc.request<{ blockNumber: Hex; transactionHash: Hex; removed?: boolean }[]>(
      'eth_getLogs',
      [{ address: this.address, topics, fromBlock: '0x0', toBlock: 'latest' }],
    );
    const log = logs.find((l) => !l.removed);
    return log ? { blockNumber: Number(log.blockNumber), txHash: log.transactionHash } : undefined;
  }
}

export function encodeUpdateRoot(epoch: number, root: Hex, metadataHash: Hex): Hex {
  return encodeFunctionData({
    abi: registryAbi,
    functionName: 'updateRoot',
    args: [BigInt(epoch), root, metadataHash],
  });
}

/** A readable name for revert data of the registry (custom errors), or undefined. */
export function describeRevert(data: Hex | undefined): string | undefined {
  if (!data || data === '0x') return undefined;
  try {
    const e = decodeErrorResult({ abi: registryAbi, data });
    return `${e.errorName}(${(e.args ?? []).map(String).join(', ')})`;
  } catch {
    return undefined;
  }
}
