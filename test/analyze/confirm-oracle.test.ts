// The --confirm verdict does not rest on tdk's EVM alone: the attack's committed steps (deployments,
// deposits, the attack) are replayed on @ethereumjs/evm (Cancun), which must end with the same
// attacker balance: drained for the SmartBugs DAO, refunded only for the guarded DAO.
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVMMockBlockchainInterface } from '@ethereumjs/evm';
import { SimpleStateManager } from '@ethereumjs/statemanager';
import { Account, createAddressFromBigInt, hexToBytes } from '@ethereumjs/util';
import { describe, expect, it } from 'vitest';
import { type AttackRecord, confirmReentrancy } from '../../src/analyze/confirm/reentrancy.js';
import { ETHER } from '../../src/analyze/confirm/sandbox.js';
import type { Finding } from '../../src/analyze/finding.js';

const DEV = '/work/shared/fixtures/smartbugs-curated-dev/dataset/reentrancy';
const FIXTURES = new URL('./fixtures-b', import.meta.url).pathname;

function finding(file: string, contract: string, fn: string): Finding {
  const location = { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, offset: 0, length: 1 };
  return {
    detector: 'reentrancy-eth',
    severity: 'high',
    confidence: 'medium',
    message: 'm',
    location,
    lines: [1],
    contract,
    function: fn,
    related: [],
    defence: 'd',
    fingerprint: 'f',
  };
}

const blockchain: EVMMockBlockchainInterface = {
  async getBlock() {
    return { hash: () => new Uint8Array(32) };
  },
  async putBlock() {},
  shallowCopy() {
    return blockchain;
  },
};

/** Replays the steps as top-level calls (runCall bumps the caller's nonce as tdk's sandbox does). */
async function replay(record: AttackRecord): Promise<bigint> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
  const sm = new SimpleStateManager();
  const evm = await createEVM({ common, blockchain, stateManager: sm });
  for (const step of record.steps) {
    if (step.kind === 'fund') {
      const address = createAddressFromBigInt(step.address);
      const acc = (await sm.getAccount(address)) ?? new Account();
      acc.balance += step.amount;
      await sm.putAccount(address, acc);
      continue;
    }
    const caller = createAddressFromBigInt(step.caller);
    await evm.runCall({
      block: {
        header: {
          number: step.number,
          coinbase: createAddressFromBigInt(0n),
          timestamp: step.timestamp,
          difficulty: 0n,
          prevRandao: new Uint8Array(32),
          gasLimit: 30_000_000n,
          baseFeePerGas: 0n,
          getBlobGasPrice: () => 1n,
        },
      } as never,
      caller,
      origin: caller,
      gasLimit: 10_000_000n,
      gasPrice: 0n,
      to: step.to === null ? undefined : createAddressFromBigInt(step.to),
      value: step.value,
      data: hexToBytes(step.data),
    });
  }
  return (await sm.getAccount(createAddressFromBigInt(record.attacker)))?.balance ?? 0n;
}

describe('--confirm replayed on @ethereumjs/evm', () => {
  it.each([
    ['reentrancy_dao.sol', 'ReentrancyDAO', 'withdrawAll()', DEV, 20n * ETHER],
    ['0x7541b76cb60f4c60af330c208b0623b7f54bf615.sol', 'U_BANK', 'Collect(uint256)', DEV, 20n * ETHER],
    ['guarded_dao.sol', 'GuardedDAO', 'withdrawAll()', FIXTURES, 5n * ETHER],
  ])(
    '%s: the attacker ends with the same ether on both EVMs',
    async (file, contract, fn, root, expected) => {
      let record: AttackRecord | undefined;
      confirmReentrancy(finding(file, contract, fn), {
        root,
        solcVersion: '0.4.26',
        onAttack: (r) => {
          record = r;
        },
      });
      expect(record!.final).toBe(expected);
      expect(await replay(record!)).toBe(record!.final);
    },
    60_000,
  );
});
