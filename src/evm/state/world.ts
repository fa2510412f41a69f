// World state with one undo journal. Every mutation goes through here so that a call frame, a
// transaction or an outer snapshot (eth_call, evm_snapshot, a test's revertToState) can be undone
// by rolling the journal back to a checkpoint.
import { Account } from './account.js';
import { AccountMap, StateCommitment } from './commitment.js';
import { Change, type JournalEntry } from './journal.js';

export interface Log {
  readonly address: bigint;
  readonly topics: readonly bigint[];
  readonly data: Uint8Array;
}

export type Checkpoint = number;

export class WorldState {
  /** Caches the state root; told of every change below, so that stateRoot() redoes only those. */
  private readonly commitment = new StateCommitment();
  /**
   * Setting or deleting entries here is tracked for stateRoot(). Change an Account that is already in
   * the state only through the methods below (or put it back with putAccount).
   */
  readonly accounts: Map<bigint, Account> = new AccountMap(this.commitment);
  private journal: JournalEntry[] = [];
  private openCheckpoints = 0;

  // Transaction-scoped sets (cleared by beginTransaction).
  private warmAccounts = new Set<bigint>();
  private warmSlots = new Map<bigint, Set<bigint>>();
  private originals = new Map<bigint, Map<bigint, bigint>>();
  private transient = new Map<bigint, Map<bigint, bigint>>();
  private touched = new Set<bigint>();
  private destructed = new Set<bigint>();
  private created = new Set<bigint>();
  refund = 0;
  logs: Log[] = [];

  // ---- checkpoints -------------------------------------------------------------------------

  checkpoint(): Checkpoint {
    this.openCheckpoints++;
    return this.journal.length;
  }

  /** How many checkpoints are open; pass it to abort() with the checkpoint taken at that moment. */
  get openCheckpointCount(): number {
    return this.openCheckpoints;
  }

  /**
   * Undoes everything since `cp` and closes every checkpoint opened after it, however unbalanced
   * (used when an exception escapes mid-execution, so the state is never left half-changed).
   */
  abort(cp: Checkpoint, openCount: number): void {
    const j = this.journal;
    for (let i = j.length - 1; i >= cp; i--) this.undo(j[i]);
    j.length = cp;
    this.openCheckpoints = openCount;
    if (openCount === 0) j.length = 0;
  }

  /** Keeps the changes made since the checkpoint. */
  commit(_cp: Checkpoint): void {
    this.openCheckpoints--;
    if (this.openCheckpoints === 0) this.journal.length = 0;
  }

  /** Undoes every change made since the checkpoint. */
  revert(cp: Checkpoint): void {
    this.abort(cp, this.openCheckpoints - 1);
  }

  /**
   * The undo entries recorded since `cp` (which must still be open), oldest first: the values
   * those changes overwrote. The devnet keeps them per block to rebuild historical state.
   */
  changesSince(cp: Checkpoint): readonly JournalEntry[] {
    return this.journal.slice(cp);
  }

  private record(kind: Change, address: bigint, key: bigint, prev: unknown): void {
    if (this.openCheckpoints > 0) this.journal.push({ kind, address, key, prev });
  }

  private undo(e: JournalEntry): void {
    switch (e.kind) {
      case Change.AccountCreated:
      case Change.AccountDeleted:
        if (e.prev === undefined) this.accounts.delete(e.address);
        else this.accounts.set(e.address, e.prev as Account);
        break;
      case Change.Balance:
        this.accounts.get(e.address)!.balance = e.prev as bigint;
        this.commitment.accountChanged(e.address);
        break;
      case Change.Nonce:
        this.accounts.get(e.address)!.nonce = e.prev as bigint;
        this.commitment.accountChanged(e.address);
        break;
      case Change.Code:
        this.accounts.get(e.address)!.code = e.prev as Uint8Array;
        this.commitment.accountChanged(e.address);
        break;
      case Change.Storage: {
        const storage = this.accounts.get(e.address)!.storage;
        if (e.prev === 0n) storage.delete(e.key);
        else storage.set(e.key, e.prev as bigint);
        this.commitment.slotChanged(e.address, e.key);
        break;
      }
      case Change.TransientStorage: {
        // Transaction-scoped sets are cleared when a transaction ends; undoing a whole finished
        // transaction (eth_call, evm_revert) finds them gone, which is already the wanted state.
        const m = this.transient.get(e.address);
        if (!m) break;
        if (e.prev === 0n) m.delete(e.key);
        else m.set(e.key, e.prev as bigint);
        break;
      }
      case Change.Touched:
        this.touched.delete(e.address);
        break;
      case Change.WarmAccount:
        this.warmAccounts.delete(e.address);
        break;
      case Change.WarmSlot:
        this.warmSlots.get(e.address)?.delete(e.key);
        break;
      case Change.Refund:
        this.refund = e.prev as number;
        break;
      case Change.Log:
        this.logs.pop();
        break;
      case Change.Selfdestructed:
        this.destructed.delete(e.address);
        break;
      case Change.CreatedInTx:
        this.created.delete(e.address);
        break;
    }
  }

  // ---- accounts ----------------------------------------------------------------------------

  getAccount(address: bigint): Account | undefined {
    return this.accounts.get(address);
  }

  exists(address: bigint): boolean {
    return this.accounts.has(address);
  }

  /** EIP-161 "dead": missing, or present but empty. */
  isDead(address: bigint): boolean {
    const a = this.accounts.get(address);
    return a === undefined || a.isEmpty();
  }

  getBalance(address: bigint): bigint {
    return this.accounts.get(address)?.balance ?? 0n;
  }

  getNonce(address: bigint): bigint {
    return this.accounts.get(address)?.nonce ?? 0n;
  }

  getCode(address: bigint): Uint8Array | undefined {
    return this.accounts.get(address)?.code;
  }

  /** Returns the account, creating an empty one (journaled) if it does not exist. */
  getOrCreate(address: bigint): Account {
    let a = this.accounts.get(address);
    if (a === undefined) {
      a = new Account();
      this.accounts.set(address, a);
      this.record(Change.AccountCreated, address, 0n, undefined);
    }
    return a;
  }

  /** CREATE's fresh account: storage and nonce reset, any balance already there is kept. */
  createContractAccount(address: bigint): Account {
    const prev = this.accounts.get(address);
    const a = new Account();
    if (prev) a.balance = prev.balance;
    this.accounts.set(address, a);
    this.record(Change.AccountCreated, address, 0n, prev);
    if (!this.created.has(address)) {
      this.created.add(address);
      this.record(Change.CreatedInTx, address, 0n, undefined);
    }
    this.touch(address);
    return a;
  }

  /** Installs an account wholesale (genesis, test pre-state, anvil_setCode...). */
  putAccount(address: bigint, account: Account): void {
    this.record(Change.AccountCreated, address, 0n, this.accounts.get(address));
    this.accounts.set(address, account);
  }

  deleteAccount(address: bigint): void {
    const prev = this.accounts.get(address);
    if (prev === undefined) return;
    this.accounts.delete(address);
    this.record(Change.AccountDeleted, address, 0n, prev);
  }

  touch(address: bigint): void {
    if (!this.touched.has(address)) {
      this.touched.add(address);
      this.record(Change.Touched, address, 0n, undefined);
    }
  }

  setBalance(address: bigint, value: bigint): void {
    const a = this.getOrCreate(address);
    this.record(Change.Balance, address, 0n, a.balance);
    a.balance = value;
    this.commitment.accountChanged(address);
    this.touch(address);
  }

  addBalance(address: bigint, amount: bigint): void {
    this.setBalance(address, this.getBalance(address) + amount);
  }

  /** Caller checks the balance suffices. */
  subBalance(address: bigint, amount: bigint): void {
    this.setBalance(address, this.getBalance(address) - amount);
  }

  setNonce(address: bigint, nonce: bigint): void {
    const a = this.getOrCreate(address);
    this.record(Change.Nonce, address, 0n, a.nonce);
    a.nonce = nonce;
    this.commitment.accountChanged(address);
    this.touch(address);
  }

  setCode(address: bigint, code: Uint8Array): void {
    const a = this.getOrCreate(address);
    this.record(Change.Code, address, 0n, a.code);
    a.code = code;
    this.commitment.accountChanged(address);
    this.touch(address);
  }

  // ---- storage -----------------------------------------------------------------------------

  getStorage(address: bigint, key: bigint): bigint {
    return this.accounts.get(address)?.storage.get(key) ?? 0n;
  }

  setStorage(address: bigint, key: bigint, value: bigint): void {
    const a = this.getOrCreate(address);
    const prev = a.storage.get(key) ?? 0n;
    let orig = this.originals.get(address);
    if (orig === undefined) this.originals.set(address, (orig = new Map()));
    if (!orig.has(key)) orig.set(key, prev);
    this.record(Change.Storage, address, key, prev);
    if (value === 0n) a.storage.delete(key);
    else a.storage.set(key, value);
    this.commitment.slotChanged(address, key);
  }

  /** The slot's value at the start of the transaction (EIP-2200's "original value"). */
  getOriginalStorage(address: bigint, key: bigint): bigint {
    const orig = this.originals.get(address)?.get(key);
    return orig !== undefined ? orig : this.getStorage(address, key);
  }

  getTransient(address: bigint, key: bigint): bigint {
    return this.transient.get(address)?.get(key) ?? 0n;
  }

  setTransient(address: bigint, key: bigint, value: bigint): void {
    let m = this.transient.get(address);
    if (m === undefined) this.transient.set(address, (m = new Map()));
    this.record(Change.TransientStorage, address, key, m.get(key) ?? 0n);
    if (value === 0n) m.delete(key);
    else m.set(key, value);
  }

  // ---- EIP-2929 access sets ----------------------------------------------------------------

  /** Marks the account warm; returns whether it already was. */
  warmAccount(address: bigint): boolean {
    if (this.warmAccounts.has(address)) return true;
    this.warmAccounts.add(address);
    this.record(Change.WarmAccount, address, 0n, undefined);
    return false;
  }

  isWarmAccount(address: bigint): boolean {
    return this.warmAccounts.has(address);
  }

  /** Marks the slot warm; returns whether it already was. */
  warmSlot(address: bigint, key: bigint): boolean {
    let s = this.warmSlots.get(address);
    if (s === undefined) this.warmSlots.set(address, (s = new Set()));
    else if (s.has(key)) return true;
    s.add(key);
    this.record(Change.WarmSlot, address, key, undefined);
    return false;
  }

  // ---- refunds, logs, self-destructs -------------------------------------------------------

  addRefund(amount: number): void {
    this.record(Change.Refund, 0n, 0n, this.refund);
    this.refund += amount;
  }

  addLog(log: Log): void {
    this.logs.push(log);
    this.record(Change.Log, log.address, 0n, undefined);
  }

  wasCreatedInTransaction(address: bigint): boolean {
    return this.created.has(address);
  }

  markSelfdestructed(address: bigint): void {
    if (!this.destructed.has(address)) {
      this.destructed.add(address);
      this.record(Change.Selfdestructed, address, 0n, undefined);
    }
  }

  // ---- transaction boundaries --------------------------------------------------------------

  beginTransaction(): void {
    this.warmAccounts.clear();
    this.warmSlots.clear();
    this.originals.clear();
    this.transient.clear();
    this.touched.clear();
    this.destructed.clear();
    this.created.clear();
    this.refund = 0;
    this.logs = [];
  }

  /** EIP-6780 deletions, then EIP-161: touched accounts left empty are removed. */
  finalizeTransaction(): void {
    for (const address of this.destructed) this.deleteAccount(address);
    for (const address of this.touched) {
      const a = this.accounts.get(address);
      if (a?.isEmpty()) this.deleteAccount(address);
    }
    this.warmAccounts.clear();
    this.warmSlots.clear();
    this.originals.clear();
    this.transient.clear();
    this.touched.clear();
    this.destructed.clear();
    this.created.clear();
  }

  // ---- commitments -------------------------------------------------------------------------

  /** The root of the account's storage trie (kept incrementally for accounts in this state). */
  storageRoot(account: Account): Uint8Array {
    return this.commitment.storageRoot(this.accounts, account);
  }

  /**
   * The state root: a secure trie of rlp([nonce, balance, storageRoot, codeHash]). Only what changed
   * since the last call is re-hashed.
   */
  stateRoot(): Uint8Array {
    return this.commitment.root(this.accounts);
  }
}
