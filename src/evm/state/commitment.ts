// The state root kept up to date incrementally. WorldState's Maps stay the source of truth; this is a
// cache of their tries. Every mutation path (and every undo) notes what it touched: an account
// (balance, nonce, code), a storage slot, or an account replaced or removed in the accounts Map. At
// root() time only those entries are read back from the Maps and written to the tries, so a root
// after k changes costs O(k · depth) hashes instead of a rebuild of the whole state.
import { bigIntToBytes32, bigIntToMinimalBytes, writeBigInt } from '../bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import { rlpEncode } from '../rlp.js';
import type { Account } from './account.js';
import { MerklePatriciaTrie } from './mpt.js';
import { EMPTY_TRIE_ROOT, secureTrieRoot } from './trie.js';

/** One account's storage trie, valid for that Account object and its storage Map only. */
interface StorageTrie {
  readonly account: Account;
  readonly storage: Map<bigint, bigint>;
  readonly trie: MerklePatriciaTrie;
  /** keccak256 of each slot's 32-byte key, for the slots in the trie. */
  readonly hashedSlots: Map<bigint, Uint8Array>;
}

export class StateCommitment {
  private accountTrie = new MerklePatriciaTrie();
  /** keccak256 of each 20-byte address in the account trie. */
  private readonly hashedAddresses = new Map<bigint, Uint8Array>();
  /** Storage tries of the accounts with non-empty storage, as of the last root. */
  private readonly storages = new Map<bigint, StorageTrie>();
  /** For storageRoot(account): which address a cached storage trie's account lives at. */
  private readonly owners = new WeakMap<Account, bigint>();

  // What may have changed since the last root. Over-reporting is harmless: a clean entry is just
  // written again with the same value.
  private readonly changedAccounts = new Set<bigint>();
  private readonly changedSlots = new Map<bigint, Set<bigint>>();
  /** Accounts set or removed in the Map: their storage trie is rebuilt from the new Account. */
  private readonly replacedAccounts = new Set<bigint>();

  /** Balance, nonce or code changed (or was restored). */
  accountChanged(address: bigint): void {
    this.changedAccounts.add(address);
  }

  slotChanged(address: bigint, slot: bigint): void {
    let s = this.changedSlots.get(address);
    if (s === undefined) this.changedSlots.set(address, (s = new Set()));
    s.add(slot);
  }

  /** The accounts Map entry was set (a new or different Account, or the same one put back) or removed. */
  accountReplaced(address: bigint): void {
    this.changedAccounts.add(address);
    this.replacedAccounts.add(address);
  }

  /** The state root of `accounts`, which must be the Map whose changes were reported here. */
  root(accounts: ReadonlyMap<bigint, Account>): Uint8Array {
    for (const address of this.changedSlots.keys()) this.changedAccounts.add(address);
    // An empty account trie (the first root) holds none of the accounts, so all of them are in
    // changedAccounts: then the trie is built in one pass rather than put together.
    const build: [Uint8Array, Uint8Array][] | undefined = this.accountTrie.isEmpty ? [] : undefined;
    for (const address of this.changedAccounts) {
      const account = accounts.get(address);
      let key = this.hashedAddresses.get(address);
      if (account === undefined) {
        if (key !== undefined) this.accountTrie.delete(key);
        this.hashedAddresses.delete(address);
        this.storages.delete(address);
        this.changedSlots.delete(address);
        continue;
      }
      if (key === undefined) {
        const raw = new Uint8Array(20);
        writeBigInt(raw, 0, 20, address);
        this.hashedAddresses.set(address, (key = keccak256(raw)));
      }
      const leaf = accountLeaf(account, this.storageRootAt(address, account));
      if (build) build.push([key, leaf]);
      else this.accountTrie.put(key, leaf);
    }
    if (build) this.accountTrie = MerklePatriciaTrie.from(build);
    this.changedAccounts.clear();
    this.replacedAccounts.clear();
    return this.accountTrie.root();
  }

  /**
   * The storage root of an account: from its cached trie when the account is the one at the address
   * the cache knows it by in `accounts`, otherwise computed from scratch.
   */
  storageRoot(accounts: ReadonlyMap<bigint, Account>, account: Account): Uint8Array {
    const address = this.owners.get(account);
    if (address === undefined || accounts.get(address) !== account) {
      return storageRootFromScratch(account.storage);
    }
    // The account's leaf must follow the storage changes applied here.
    this.changedAccounts.add(address);
    return this.storageRootAt(address, account);
  }

  /** Brings the storage trie of the account at `address` up to date and returns its root. */
  private storageRootAt(address: bigint, account: Account): Uint8Array {
    const changed = this.changedSlots.get(address);
    this.changedSlots.delete(address);
    const storage = account.storage;
    let cached = this.storages.get(address);
    if (storage.size === 0) {
      this.storages.delete(address);
      return EMPTY_TRIE_ROOT;
    }
    if (
      cached === undefined ||
      cached.account !== account ||
      cached.storage !== storage ||
      this.replacedAccounts.has(address)
    ) {
      // Rebuilt from the Map; the slot hashes (which do not depend on the account) are kept.
      const hashedSlots = cached?.hashedSlots ?? new Map<bigint, Uint8Array>();
      const entries: [Uint8Array, Uint8Array][] = [];
      for (const [slot, value] of storage) {
        if (value === 0n) continue;
        let key = hashedSlots.get(slot);
        if (key === undefined) hashedSlots.set(slot, (key = keccak256(bigIntToBytes32(slot))));
        entries.push([key, rlpEncode(bigIntToMinimalBytes(value))]);
      }
      cached = { account, storage, trie: MerklePatriciaTrie.from(entries), hashedSlots };
      this.storages.set(address, cached);
      this.owners.set(account, address);
      this.replacedAccounts.delete(address);
    } else if (changed !== undefined) {
      for (const slot of changed) writeSlot(cached, slot, storage.get(slot) ?? 0n);
    }
    return cached.trie.root();
  }
}

function writeSlot(s: StorageTrie, slot: bigint, value: bigint): void {
  let key = s.hashedSlots.get(slot);
  if (value === 0n) {
    if (key === undefined) return;
    s.trie.delete(key);
    s.hashedSlots.delete(slot);
    return;
  }
  if (key === undefined) s.hashedSlots.set(slot, (key = keccak256(bigIntToBytes32(slot))));
  s.trie.put(key, rlpEncode(bigIntToMinimalBytes(value)));
}

/** The storage root rebuilt from every slot (by trie.ts, independently of the tries here). */
export function storageRootFromScratch(storage: ReadonlyMap<bigint, bigint>): Uint8Array {
  if (storage.size === 0) return EMPTY_TRIE_ROOT;
  const entries: [Uint8Array, Uint8Array][] = [];
  for (const [slot, value] of storage)
    entries.push([bigIntToBytes32(slot), rlpEncode(bigIntToMinimalBytes(value))]);
  return secureTrieRoot(entries);
}

/** The state root rebuilt from every account and slot: the reference for the incremental one. */
export function stateRootFromScratch(accounts: ReadonlyMap<bigint, Account>): Uint8Array {
  const entries: [Uint8Array, Uint8Array][] = [];
  for (const [address, a] of accounts) {
    const key = new Uint8Array(20);
    writeBigInt(key, 0, 20, address);
    entries.push([key, accountLeaf(a, storageRootFromScratch(a.storage))]);
  }
  return secureTrieRoot(entries);
}

function accountLeaf(a: Account, storageRoot: Uint8Array): Uint8Array {
  return rlpEncode([bigIntToMinimalBytes(a.nonce), bigIntToMinimalBytes(a.balance), storageRoot, a.codeHash]);
}

/** The accounts Map of a WorldState: setting or deleting an entry is reported to the commitment. */
export class AccountMap extends Map<bigint, Account> {
  constructor(private readonly commitment: StateCommitment) {
    super();
  }

  override set(address: bigint, account: Account): this {
    this.commitment.accountReplaced(address);
    return super.set(address, account);
  }

  override delete(address: bigint): boolean {
    if (!super.delete(address)) return false;
    this.commitment.accountReplaced(address);
    return true;
  }

  override clear(): void {
    for (const address of this.keys()) this.commitment.accountReplaced(address);
    super.clear();
  }
}
