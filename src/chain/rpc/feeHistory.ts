// eth_feeHistory: base fees, gas-used ratios and priority-fee percentiles of recent blocks, in the
// shape geth returns (baseFeePerGas has one entry more than the block count: the next block's).

import { blobBaseFee } from '../../evm/index.js';
import type { Block } from '../block.js';
import type { Chain } from '../chain.js';
import { invalidParams } from '../errors.js';
import { nextBaseFee, nextExcessBlobGas } from '../fees.js';
import { parseQuantity, toQuantity } from '../hex.js';
import { resolveBlock } from './context.js';
import { param, parseBlockTag } from './params.js';

const MAX_BLOCKS = 1024;
const MAX_BLOB_GAS_PER_BLOCK = 786_432;

export function feeHistory(chain: Chain, params: readonly unknown[]): unknown {
  const rawCount = param(params, 0, 'block count');
  if (typeof rawCount === 'number' && !Number.isSafeInteger(rawCount))
    throw invalidParams('block count must be an integer or a hex quantity');
  const count = typeof rawCount === 'number' ? BigInt(rawCount) : parseQuantity(rawCount, 'block count');
  if (count < 1n || count > BigInt(MAX_BLOCKS))
    throw invalidParams(`block count must be between 1 and ${MAX_BLOCKS}`);
  const newest = resolveBlock(chain, parseBlockTag(param(params, 1, 'newest block'), 'newest block'));
  if (!newest) throw invalidParams('newest block not found');
  const percentiles = params[2] === undefined || params[2] === null ? null : params[2];
  if (percentiles !== null) {
    if (!Array.isArray(percentiles) || percentiles.length > 100)
      throw invalidParams('reward percentiles must be an array of at most 100 numbers');
    percentiles.forEach((p, i) => {
      if (typeof p !== 'number' || p < 0 || p > 100 || (i > 0 && p < percentiles[i - 1])) {
        throw invalidParams('reward percentiles must be increasing numbers between 0 and 100');
      }
    });
  }
  const last = newest.header.number;
  const first = last - count + 1n < 0n ? 0n : last - count + 1n;
  const blocks: Block[] = [];
  for (let n = first; n <= last; n++) blocks.push(chain.blockByNumber(n) as Block);
  const next = blocks[blocks.length - 1].header;
  return {
    oldestBlock: toQuantity(first),
    baseFeePerGas: [...blocks.map((b) => toQuantity(b.header.baseFeePerGas)), toQuantity(nextBaseFee(next))],
    gasUsedRatio: blocks.map((b) => Number(b.header.gasUsed) / Number(b.header.gasLimit)),
    baseFeePerBlobGas: [
      ...blocks.map((b) => toQuantity(blobBaseFee(b.header.excessBlobGas))),
      toQuantity(blobBaseFee(nextExcessBlobGas(next))),
    ],
    blobGasUsedRatio: blocks.map((b) => Number(b.header.blobGasUsed) / MAX_BLOB_GAS_PER_BLOCK),
    // geth leaves `reward` out unless percentiles were asked for (an empty list asks for none).
    ...(percentiles && percentiles.length > 0
      ? { reward: blocks.map((b) => rewards(b, percentiles as number[])) }
      : {}),
  };
}

/** Priority fees at the given percentiles of gas used, as geth weighs them. */
function rewards(block: Block, percentiles: number[]): string[] {
  const base = block.header.baseFeePerGas;
  const txs = block.transactions
    .map((t) => ({ tip: t.receipt.effectiveGasPrice - base, gas: t.receipt.gasUsed }))
    .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
  if (txs.length === 0) return percentiles.map(() => '0x0');
  const total = Number(block.header.gasUsed);
  let i = 0;
  let sum = Number(txs[0].gas);
  return percentiles.map((p) => {
    const threshold = (total * p) / 100;
    while (sum < threshold && i < txs.length - 1) {
      i++;
      sum += Number(txs[i].gas);
    }
    return toQuantity(txs[i].tip);
  });
}
