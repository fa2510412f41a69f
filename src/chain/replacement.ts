// When a pending transaction may be replaced by another with the same sender and nonce: geth's
// txpool rule. The new one must raise every fee it offers by the price bump, 10 % (100 % for blob
// transactions, as geth's blob pool asks), so that a replacement cannot be spammed for free.
import type { Transaction } from '../evm/index.js';

const PRICE_BUMP = 10n;
const BLOB_PRICE_BUMP = 100n;

function fees(tx: Transaction): { cap: bigint; tip: bigint } {
  return tx.type === 0 || tx.type === 1
    ? { cap: tx.gasPrice, tip: tx.gasPrice }
    : { cap: tx.maxFeePerGas, tip: tx.maxPriorityFeePerGas };
}

/** Why `next` may not replace `pending` (undefined: it may). */
export function underpricedReplacement(pending: Transaction, next: Transaction): string | undefined {
  const bump = pending.type === 3 || next.type === 3 ? BLOB_PRICE_BUMP : PRICE_BUMP;
  // geth: strictly more than before, and at least old × (100 + bump) / 100 (rounded down).
  const threshold = (old: bigint) => (old * (100n + bump)) / 100n;
  const enough = (old: bigint) => (threshold(old) > old ? threshold(old) : old + 1n);
  const a = fees(pending);
  const b = fees(next);
  const what = pending.type === 0 || pending.type === 1 ? 'gas price' : 'max fee per gas';
  if (b.cap < enough(a.cap))
    return `${what} ${b.cap} is below ${enough(a.cap)} (+${bump} % over the pending one)`;
  if (b.tip < enough(a.tip))
    return `priority fee ${b.tip} is below ${enough(a.tip)} (+${bump} % over the pending one)`;
  if (pending.type === 3) {
    const blob = next.type === 3 ? next.maxFeePerBlobGas : 0n;
    if (blob < enough(pending.maxFeePerBlobGas))
      return `max fee per blob gas ${blob} is below ${enough(pending.maxFeePerBlobGas)} (+${bump} %)`;
  }
  return undefined;
}
