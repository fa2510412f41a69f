// Historical state without keeping a copy per block: while a block is mined, the world state's
// undo journal records every value it overwrites; those entries are kept per block. The state
// after block n is the current state with the entries of the blocks after n undone, newest first,
// on a copy. Reads of old blocks cost O(state + changes since), which suits a devnet.
import { Account, Change, type JournalEntry, WorldState } from '../evm/index.js';

const KEPT = new Set([
  Change.AccountCreated,
  Change.AccountDeleted,
  Change.Balance,
  Change.Nonce,
  Change.Code,
  Change.Storage,
]);

export class History {
  /** diffs[n]: the values block n overwrote (only account fields and storage). */
  private diffs: (readonly JournalEntry[] | null)[] = [[]];
  private cache: { block: number; head: number; state: WorldState } | null = null;

  constructor(
    /** How many recent blocks keep their diffs; older state cannot be rebuilt. */
    readonly limit = 8192,
  ) {}

  /** Records what block `n` (the new head) overwrote. */
  record(n: number, changes: readonly JournalEntry[]): void {
    this.diffs[n] = changes.filter((e) => KEPT.has(e.kind));
    const pruneBelow = n - this.limit;
    if (pruneBelow >= 1 && this.diffs[pruneBelow]) this.diffs[pruneBelow] = null;
    this.cache = null;
  }

  /** Drops the diffs of blocks at and above `count` (after evm_revert). */
  truncate(count: number): void {
    this.diffs.length = Math.min(this.diffs.length, count);
    this.cache = null;
  }

  /** Starts over at a chain of `count` blocks whose diffs are unknown (a restored state file). */
  reset(count: number): void {
    this.diffs = Array.from({ length: count }, () => null);
    this.cache = null;
  }

  /** Forgets the cached view (the head state changed outside a block, e.g. anvil_setBalance). */
  invalidate(): void {
    this.cache = null;
  }

  available(n: number): boolean {
    for (let b = n + 1; b < this.diffs.length; b++) if (this.diffs[b] === null) return false;
    return n >= 0 && n < this.diffs.length;
  }

  /** The world state as it was right after block `n`, given the current (head) state. */
  stateAt(head: WorldState, n: number): WorldState {
    const top = this.diffs.length - 1;
    if (this.cache && this.cache.block === n && this.cache.head === top) return this.cache.state;
    const view = new WorldState();
    for (const [address, account] of head.accounts) view.accounts.set(address, account.clone());
    for (let b = top; b > n; b--) {
      const diff = this.diffs[b];
      if (!diff) throw new Error(`state for block ${n} was pruned`);
      for (let i = diff.length - 1; i >= 0; i--) undo(view.accounts, diff[i]);
    }
    this.cache = { block: n, head: top, state: view };
    return view;
  }
}

function undo(accounts: Map<bigint, Account>, e: JournalEntry): void {
  switch (e.kind) {
    case Change.AccountCreated:
    case Change.AccountDeleted:
      // Copies, because the journal's account objects must stay as recorded for later views.
      if (e.prev === undefined) accounts.delete(e.address);
      else accounts.set(e.address, (e.prev as Account).clone());
      break;
    case Change.Balance:
      account(accounts, e.address).balance = e.prev as bigint;
      break;
    case Change.Nonce:
      account(accounts, e.address).nonce = e.prev as bigint;
      break;
    case Change.Code:
      account(accounts, e.address).code = e.prev as Uint8Array;
      break;
    case Change.Storage: {
      const storage = account(accounts, e.address).storage;
      if (e.prev === 0n) storage.delete(e.key);
      else storage.set(e.key, e.prev as bigint);
      break;
    }
  }
}

function account(accounts: Map<bigint, Account>, address: bigint): Account {
  let a = accounts.get(address);
  if (!a) {
    a = new Account();
    accounts.set(address, a);
  }
  return a;
}
