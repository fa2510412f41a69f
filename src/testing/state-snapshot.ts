// vm.snapshotState / vm.revertToState: a copy of every account, restored by writing the differences
// back through WorldState's journaled setters, so the restore itself is undone like any other change
// when the test ends (each test starts from the same post-setUp state by rolling the journal back).
import type { Account, BlockEnv, TxEnv, WorldState } from '../evm/index.js';

export interface StateSnapshot {
  readonly accounts: ReadonlyMap<bigint, Account>;
  readonly block: BlockEnv;
  readonly tx: TxEnv;
}

export function takeSnapshot(state: WorldState, block: BlockEnv, tx: TxEnv): StateSnapshot {
  const accounts = new Map<bigint, Account>();
  for (const [address, a] of state.accounts) accounts.set(address, a.clone());
  return { accounts, block, tx };
}

export function restoreSnapshot(state: WorldState, snap: StateSnapshot): void {
  for (const address of [...state.accounts.keys()]) {
    if (!snap.accounts.has(address)) state.deleteAccount(address);
  }
  for (const [address, want] of snap.accounts) {
    const have = state.getAccount(address);
    if (have === undefined) {
      state.putAccount(address, want.clone());
      continue;
    }
    if (have.balance !== want.balance) state.setBalance(address, want.balance);
    if (have.nonce !== want.nonce) state.setNonce(address, want.nonce);
    if (have.code !== want.code) state.setCode(address, want.code);
    for (const key of [...have.storage.keys()])
      if (!want.storage.has(key)) state.setStorage(address, key, 0n);
    for (const [key, value] of want.storage)
      if (have.storage.get(key) !== value) state.setStorage(address, key, value);
  }
}
