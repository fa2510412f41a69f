// ethereum/tests TrieTests: the root of every fixture trie, plain and secure (keccak-hashed keys).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bigIntToMinimalBytes, bytesToHex, hexToBytes } from '../../src/evm/bytes.js';
import { keccak256 } from '../../src/evm/crypto/keccak.js';
import { rlpEncode } from '../../src/evm/rlp.js';
import {
  compareBytes,
  EMPTY_TRIE_ROOT,
  secureTrieRoot,
  trieNeighbours,
  trieRoot,
} from '../../src/evm/state/trie.js';

const dir = fileURLToPath(new URL('../../../shared/fixtures/ethereum-tests/TrieTests/', import.meta.url));

// Fixtures without a root test trie iteration: the previous and next key in trie order.
const ITERATION_ONLY = new Set(['trietestnextprev.json']);

interface TrieCase {
  /** An object (any order) or an ordered list of updates, where null deletes the key. */
  in: Record<string, string | null> | [string, string | null][];
  root: string;
}

/** Fixture strings starting with 0x are hex; anything else stands for its UTF-8 bytes. */
function bytes(s: string | null): Uint8Array {
  if (s === null) return new Uint8Array(0);
  return s.startsWith('0x') ? hexToBytes(s) : new TextEncoder().encode(s);
}

function entries(c: TrieCase): [Uint8Array, Uint8Array][] {
  const list = Array.isArray(c.in) ? c.in : Object.entries(c.in);
  return list.map(([k, v]) => [bytes(k), bytes(v)]);
}

/** Deterministic pseudo-random 32-byte keys and short values. */
function sample(n: number): [Uint8Array, Uint8Array][] {
  const out: [Uint8Array, Uint8Array][] = [];
  for (let i = 0; i < n; i++) {
    const key = keccak256(new TextEncoder().encode(`key ${i}`));
    out.push([key, rlpEncode(key.subarray(0, 1 + (i % 32)))]);
  }
  return out;
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

it('finds the TrieTests fixtures', () => {
  expect(files).toContain('trietest.json');
  expect(files).toContain('trieanyorder.json');
});

for (const file of files) {
  const cases = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Record<string, TrieCase>;
  // The secure variants share their inputs with the plain ones; only the key hashing differs.
  const root = /securetrie/i.test(file) ? secureTrieRoot : trieRoot;
  describe(file, () => {
    for (const [name, c] of Object.entries(cases)) {
      if (ITERATION_ONLY.has(file)) {
        it(`${name} (previous and next keys)`, () => {
          const tc = c as unknown as { in: string[]; tests: [string, string, string][] };
          const enc = new TextEncoder();
          const dec = new TextDecoder();
          const keys = tc.in.map((k) => enc.encode(k)).sort(compareBytes);
          expect(tc.tests.length).toBeGreaterThan(0);
          for (const [key, prev, next] of tc.tests) {
            const n = trieNeighbours(keys, enc.encode(key));
            expect(
              [dec.decode(n.prev ?? new Uint8Array(0)), dec.decode(n.next ?? new Uint8Array(0))],
              key,
            ).toEqual([prev, next]);
          }
        });
        continue;
      }
      it(name, () => {
        expect(bytesToHex(root(entries(c)))).toBe(c.root);
        if (!Array.isArray(c.in)) {
          // "anyorder" fixtures: insertion order must not matter.
          expect(bytesToHex(root(entries(c).reverse()))).toBe(c.root);
        }
      });
    }
  });
}

describe('trieRoot', () => {
  it('gives keccak256(rlp("")) for an empty trie', () => {
    const expected = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421';
    expect(bytesToHex(EMPTY_TRIE_ROOT)).toBe(expected);
    expect(bytesToHex(keccak256(rlpEncode(new Uint8Array(0))))).toBe(expected);
    expect(bytesToHex(trieRoot([]))).toBe(expected);
    expect(bytesToHex(secureTrieRoot([]))).toBe(expected);
  });

  it('returns a fresh empty root that callers may mutate', () => {
    trieRoot([]).fill(0);
    expect(bytesToHex(trieRoot([]))).toBe(bytesToHex(EMPTY_TRIE_ROOT));
  });

  it('lets later values overwrite earlier ones and empty values delete', () => {
    const a = bytes('a');
    const ab = bytes('ab');
    const expected = trieRoot([[a, bytes('2')]]);
    expect(
      trieRoot([
        [a, bytes('1')],
        [ab, bytes('x')],
        [a, bytes('2')],
        [ab, bytes('')],
      ]),
    ).toEqual(expected);
    expect(
      trieRoot([
        [a, bytes('1')],
        [a, bytes('')],
      ]),
    ).toEqual(EMPTY_TRIE_ROOT);
  });

  // The reference roots below were computed once with @ethereumjs/mpt 10.1.3 (createMPT, then put).
  it('matches @ethereumjs/mpt on 10,000 hashed keys, in any order', () => {
    const data = sample(10_000);
    const expected = '0x929dfae9ab1ff6c38a1956ec9afeb8b3c10bae1597bbedaffca3305a1741b3ca';
    expect(bytesToHex(trieRoot(data))).toBe(expected);
    expect(bytesToHex(trieRoot(data.reverse()))).toBe(expected);
  });

  it('matches @ethereumjs/mpt on short keys that are prefixes of each other (embedded nodes)', () => {
    const data: [Uint8Array, Uint8Array][] = [];
    for (let i = 1; i <= 5000; i++) data.push([bigIntToMinimalBytes(BigInt(i)), Uint8Array.of((i % 7) + 1)]);
    expect(bytesToHex(trieRoot(data))).toBe(
      '0x5ea1c88eebf9c6342ba347ebde3ba6210eb5f1d32d74bc2851485be97abb2821',
    );
  });

  it('matches @ethereumjs/mpt with a value under the empty key', () => {
    const data: [Uint8Array, Uint8Array][] = [
      [new Uint8Array(0), Uint8Array.of(5)],
      [Uint8Array.of(1), Uint8Array.of(6)],
    ];
    expect(bytesToHex(trieRoot(data))).toBe(
      '0x94bc05c7c10141031a1a8ed9c82acf35e37b94a5c91810e9a0eb2044bee9c450',
    );
  });
});
