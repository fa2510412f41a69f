// The job `tdk up` runs: an airdrop whose rewards accrue every epoch. Each epoch's tree holds, per
// recipient, the cumulative amount earned so far, which is what examples/token's MerkleAirdrop pays
// out against. Deterministic, as every job must be: the same epoch always gives the same tree, so a
// worker that crashes and recomputes publishes the same root.
import type { Hex } from 'viem';
import type { MerkleJob } from './job.js';

/** Tokens (18 decimals) each recipient earns per epoch, by position in the recipient list. */
const UNIT = 10n ** 18n;

export function exampleAirdropJob(recipients: readonly Hex[]): MerkleJob {
  return {
    name: 'example-airdrop',
    leafEncoding: ['address', 'uint256'],
    compute: (epoch) =>
      recipients.map((address, i) => [address, (epoch * BigInt(10 * (i + 1)) * UNIT).toString()]),
  };
}
