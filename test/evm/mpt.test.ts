// The incremental Merkle Patricia Trie (src/evm/state/mpt.ts): the TrieTests fixtures, then random
// interleavings of put, delete and root checked against the one-pass trieRoot; then WorldState's
// incrementally kept state root against a from-scratch computation under the journal.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bigIntToMinimalBytes, bytesToHex, hexToBytes, writeBigInt } from '../../src/evm/bytes.js';
import { keccak256 } from '../../src/evm/crypto/keccak.js';
import { rlpEncode } from '../../src/evm/rlp.js';
import { Account } from '../../src/evm/state/account.js';
import { stateRootFromScratch, storageRootFromScratch } from '../../src/evm/state/commitment.js';
import { MerklePatriciaTrie } from '../../src/evm/state/mpt.js';
import { EMPTY_TRIE_ROOT, secureTrieRoot, trieRoot } from '../../src/evm/state/trie.js';
import { WorldState } from '../../src/evm/state/world.js';

const dir = fileURLToPath(new URL('../../../shared/fixtures/ethereum-tests/TrieTests/', import.meta.url));

interface TrieCase {
  in: Record<string, string | null> | [string, string | null][];
  root: string;
}

function bytes(s: string | null): Uint8Array {
  if (s === null) return new Uint8Array(0);
  return s.startsWith('0x') ? hexToBytes(s) : new TextEncoder().encode(s);
}

/** xorshift32: a seeded, deterministic stream of 32-bit numbers. */
function prng(seed: number): (n: number) => number {
  let x = seed | 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

function randomBytes(rand: (n: number) => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = rand(256);
  return out;
}

const hex = bytesToHex;
const key = (k: Uint8Array) => hex(k);

/** The reference: a Map of the live entries, rooted from scratch by trieRoot. */
function modelRoot(model: Map<string, Uint8Array>): string {
  return hex(trieRoot([...model].map(([k, v]) => [hexToBytes(k), v] as const)));
}

describe('MerklePatriciaTrie on the TrieTests fixtures', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'trietestnextprev.json');

  it('finds them', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files.sort()) {
    const cases = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Record<string, TrieCase>;
    const secure = /securetrie/i.test(file);
    const k = (s: string) => (secure ? keccak256(bytes(s)) : bytes(s));
    describe(file, () => {
      for (const [name, c] of Object.entries(cases)) {
        const list = Array.isArray(c.in) ? c.in : Object.entries(c.in);
        it(name, () => {
          const t = new MerklePatriciaTrie();
          for (const [key, value] of list) {
            if (value === null) t.delete(k(key));
            else t.put(k(key), bytes(value));
          }
          expect(hex(t.root())).toBe(c.root);
          // The same again after a second root() (memoized), and in reverse for the any-order ones.
          expect(hex(t.root())).toBe(c.root);
          if (!Array.isArray(c.in)) {
            const r = new MerklePatriciaTrie();
            for (const [key, value] of [...list].reverse()) r.put(k(key), bytes(value));
            expect(hex(r.root())).toBe(c.root);
          }
          // Deleting every key, one root at a time, ends at the empty trie.
          const model = new Map<string, Uint8Array>();
          for (const [key, value] of list) {
            if (value === null || value === '') model.delete(hex(k(key)));
            else model.set(hex(k(key)), bytes(value));
          }
          for (const key of [...model.keys()]) {
            t.delete(hexToBytes(key));
            model.delete(key);
            expect(hex(t.root())).toBe(modelRoot(model));
          }
          expect(t.root()).toEqual(EMPTY_TRIE_ROOT);
        });
      }
    });
  }
});

describe('MerklePatriciaTrie against trieRoot', () => {
  // Key shapes that exercise different node layouts: short keys that are prefixes of one another
  // (values in branches, embedded nodes), and 32-byte hashed keys (the secure tries).
  const shapes: [string, (rand: (n: number) => number) => Uint8Array][] = [
    ['short prefix-heavy keys', (rand) => randomBytes((n) => rand(n) % 4, rand(4))],
    ['one- and two-byte keys', (rand) => randomBytes(rand, 1 + rand(2))],
    ['32-byte hashed keys', (rand) => keccak256(Uint8Array.of(rand(256), rand(8)))],
  ];

  for (const [label, makeKey] of shapes) {
    it(`${label}: 4,000 interleaved puts, deletes and roots`, () => {
      const rand = prng(label.length * 7919);
      let t = new MerklePatriciaTrie();
      const model = new Map<string, Uint8Array>();
      // Every update as an entry, a delete as an empty value: what trieRoot and from() take.
      const updates: [Uint8Array, Uint8Array][] = [];
      let checks = 0;
      for (let op = 0; op < 4000; op++) {
        const k = makeKey(rand);
        const r = rand(10);
        if (r < 6) {
          // Values from 1 to 40 bytes: some leaves embed in their parent, some are hashed.
          const v = randomBytes(rand, 1 + rand(40));
          t.put(k, v);
          model.set(key(k), v);
          updates.push([k, v]);
        } else if (r < 9) {
          t.delete(k);
          model.delete(key(k));
          updates.push([k, new Uint8Array(0)]);
        } else {
          // Writing the empty value is a delete.
          t.put(k, new Uint8Array(0));
          model.delete(key(k));
          updates.push([k, new Uint8Array(0)]);
        }
        if (op === 2000) {
          // A trie built in one pass from the updates so far, then updated like the other.
          const built = MerklePatriciaTrie.from(updates);
          expect(hex(built.root())).toBe(hex(t.root()));
          expect(hex(built.root())).toBe(hex(trieRoot(updates)));
          t = built;
        }
        expect(t.get(k)).toEqual(model.get(key(k)));
        if (op % 25 === 0 || op > 3950) {
          expect(hex(t.root()), `op ${op}`).toBe(modelRoot(model));
          checks++;
        }
      }
      expect(checks).toBeGreaterThan(150);
      for (const [k, v] of model) expect(t.get(hexToBytes(k))).toEqual(v);
      expect(hex(MerklePatriciaTrie.from(updates).root())).toBe(hex(t.root()));
    });
  }

  it('builds the same root as secureTrieRoot for 5,000 storage slots, then follows single changes', () => {
    const rand = prng(5000);
    const slots = new Map<bigint, bigint>();
    for (let i = 0; i < 5000; i++) slots.set(BigInt(rand(1 << 30)), BigInt(1 + rand(1 << 30)));
    const entry = (slot: bigint, value: bigint): [Uint8Array, Uint8Array] => {
      const k = new Uint8Array(32);
      writeBigInt(k, 0, 32, slot);
      return [k, value === 0n ? new Uint8Array(0) : rlpEncode(bigIntToMinimalBytes(value))];
    };
    const t = new MerklePatriciaTrie();
    for (const [s, v] of slots) {
      const [k, value] = entry(s, v);
      t.put(keccak256(k), value);
    }
    const expected = () => hex(secureTrieRoot([...slots].map(([s, v]) => entry(s, v))));
    expect(hex(t.root())).toBe(expected());
    const keys = [...slots.keys()];
    for (let i = 0; i < 12; i++) {
      const s = keys[rand(keys.length)];
      const v = i % 3 === 0 ? 0n : BigInt(rand(1000));
      const [k, value] = entry(s, v);
      t.put(keccak256(k), value);
      if (v === 0n) slots.delete(s);
      else slots.set(s, v);
      expect(hex(t.root())).toBe(expected());
    }
  });

  it('keeps a clone independent of later changes, both ways', () => {
    const rand = prng(42);
    const t = new MerklePatriciaTrie();
    const model = new Map<string, Uint8Array>();
    for (let i = 0; i < 300; i++) {
      const k = randomBytes(rand, 1 + rand(3));
      const v = randomBytes(rand, 1 + rand(8));
      t.put(k, v);
      model.set(key(k), v);
    }
    t.root();
    const snapshot = t.clone();
    const frozen = new Map(model);
    const before = hex(t.root());
    for (let i = 0; i < 300; i++) {
      const k = randomBytes(rand, 1 + rand(3));
      if (rand(2)) {
        t.delete(k);
        model.delete(key(k));
      } else {
        const v = randomBytes(rand, 1 + rand(8));
        t.put(k, v);
        model.set(key(k), v);
      }
    }
    expect(hex(t.root())).toBe(modelRoot(model));
    expect(hex(snapshot.root())).toBe(before);
    expect(hex(snapshot.root())).toBe(modelRoot(frozen));
    for (const [k, v] of frozen) expect(snapshot.get(hexToBytes(k))).toEqual(v);
    // Changing the clone leaves the original alone.
    snapshot.put(Uint8Array.of(1, 2, 3, 4), Uint8Array.of(9));
    expect(hex(t.root())).toBe(modelRoot(model));
  });

  it('handles the empty key, empty tries and repeated roots', () => {
    const t = new MerklePatriciaTrie();
    expect(t.isEmpty).toBe(true);
    expect(t.root()).toEqual(EMPTY_TRIE_ROOT);
    t.root().fill(0);
    expect(t.root()).toEqual(EMPTY_TRIE_ROOT);
    t.put(new Uint8Array(0), Uint8Array.of(5));
    t.put(Uint8Array.of(1), Uint8Array.of(6));
    expect(hex(t.root())).toBe('0x94bc05c7c10141031a1a8ed9c82acf35e37b94a5c91810e9a0eb2044bee9c450');
    expect(t.get(new Uint8Array(0))).toEqual(Uint8Array.of(5));
    t.delete(new Uint8Array(0));
    expect(t.root()).toEqual(trieRoot([[Uint8Array.of(1), Uint8Array.of(6)]]));
    t.delete(Uint8Array.of(1));
    t.delete(Uint8Array.of(1));
    expect(t.isEmpty).toBe(true);
    expect(
      MerklePatriciaTrie.from([
        [Uint8Array.of(1), Uint8Array.of(1)],
        [Uint8Array.of(1), Uint8Array.of(2)],
      ]).get(Uint8Array.of(1)),
    ).toEqual(Uint8Array.of(2));
  });
});

// ---- WorldState: the incrementally kept roots against a from-scratch computation ----------------

const scratchStorageRoot = (a: Account) => storageRootFromScratch(a.storage);
const scratchStateRoot = (state: WorldState) => hex(stateRootFromScratch(state.accounts));

describe('WorldState.stateRoot, kept incrementally', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`matches a from-scratch root through random changes, checkpoints and reverts (seed ${seed})`, () => {
      const rand = prng(seed * 104729);
      const state = new WorldState();
      const address = () => BigInt(0x1000 + rand(10));
      const slot = () => BigInt(rand(12));
      // Open checkpoints, innermost last, each with the open count to abort to.
      const open: { cp: number; count: number }[] = [];
      let roots = 0;
      for (let op = 0; op < 3000; op++) {
        const a = address();
        switch (rand(20)) {
          case 0:
          case 1:
            state.setBalance(a, BigInt(rand(3)));
            break;
          case 2:
            state.setNonce(a, BigInt(rand(3)));
            break;
          case 3:
            state.setCode(a, rand(3) === 0 ? new Uint8Array(0) : Uint8Array.of(0x60, rand(256)));
            break;
          case 4:
          case 5:
          case 6:
          case 7:
            state.setStorage(a, slot(), rand(3) === 0 ? 0n : BigInt(rand(1 << 20)));
            break;
          case 8:
            state.deleteAccount(a);
            break;
          case 9:
            state.createContractAccount(a);
            break;
          case 10: {
            // putAccount with a changed copy, or the same object changed in place and put back.
            const prev = state.getAccount(a);
            const next = prev && rand(2) ? prev : (prev?.clone() ?? new Account());
            next.storage.set(slot(), BigInt(1 + rand(100)));
            next.balance += 1n;
            state.putAccount(a, next);
            break;
          }
          case 11:
            // Direct use of the accounts Map, as the state-test runner does (unjournaled, so only
            // outside checkpoints).
            if (open.length > 0) break;
            if (rand(2)) state.accounts.set(a, state.getAccount(a)?.clone() ?? new Account());
            else state.accounts.delete(a);
            break;
          case 12:
            // The end of a transaction: EIP-161 removes touched empty accounts, EIP-6780 destructs.
            state.touch(a);
            if (rand(4) === 0) state.markSelfdestructed(address());
            state.finalizeTransaction();
            state.beginTransaction();
            break;
          case 13:
          case 14:
            open.push({ count: state.openCheckpointCount, cp: state.checkpoint() });
            break;
          case 15:
            if (open.length > 0) state.commit(open.pop()!.cp);
            break;
          case 16:
            if (open.length > 0) state.revert(open.pop()!.cp);
            break;
          case 17:
            // An exception escaping several frames: back to an outer checkpoint at once.
            if (open.length > 0) {
              const to = rand(open.length);
              state.abort(open[to].cp, open[to].count);
              open.length = to;
            }
            break;
          default: {
            expect(hex(state.stateRoot()), `op ${op}`).toBe(scratchStateRoot(state));
            roots++;
            for (const acc of state.accounts.values()) {
              expect(hex(state.storageRoot(acc))).toBe(hex(scratchStorageRoot(acc)));
            }
          }
        }
      }
      expect(roots).toBeGreaterThan(200);
      expect(hex(state.stateRoot())).toBe(scratchStateRoot(state));
    });
  }

  it('follows an account replaced, rooted, then restored by a revert', () => {
    const state = new WorldState();
    const A = 0xaaaan;
    state.setStorage(A, 1n, 10n);
    state.setBalance(A, 5n);
    const r0 = hex(state.stateRoot());
    const outer = state.checkpoint();
    state.setStorage(A, 1n, 11n);
    state.setStorage(A, 2n, 20n);
    const inner = state.checkpoint();
    state.createContractAccount(A);
    state.setStorage(A, 3n, 30n);
    expect(hex(state.stateRoot())).toBe(scratchStateRoot(state));
    state.revert(inner);
    // Back to the account with slots 1 and 2 changed: its storage changed before the root above.
    expect(hex(state.stateRoot())).toBe(scratchStateRoot(state));
    state.deleteAccount(A);
    expect(hex(state.stateRoot())).toBe(scratchStateRoot(state));
    state.revert(outer);
    expect(hex(state.stateRoot())).toBe(r0);
  });

  it('gives storageRoot for accounts outside the state too', () => {
    const state = new WorldState();
    const a = new Account();
    expect(state.storageRoot(a)).toEqual(EMPTY_TRIE_ROOT);
    a.storage.set(7n, 9n);
    expect(state.storageRoot(a)).toEqual(scratchStorageRoot(a));
    state.putAccount(1n, a);
    state.setStorage(1n, 8n, 1n);
    expect(state.storageRoot(a)).toEqual(scratchStorageRoot(a));
    expect(hex(state.stateRoot())).toBe(scratchStateRoot(state));
  });
});
