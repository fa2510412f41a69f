// Merkle Patricia Trie root hash (Yellow Paper, appendix D), built in one pass over the sorted keys.
// A state root is needed once per transaction or test, so no node database is kept: each subtree is
// encoded as soon as its key range is known, and only its reference travels up to the parent.
import { EMPTY_BYTES, equalBytes, hexToBytes } from '../bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import { type RlpItem, rlpEncode } from '../rlp.js';

/** keccak256(rlp('')): the root of a trie with no entries. */
export const EMPTY_TRIE_ROOT = hexToBytes(
  '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
);

/**
 * Root hash of the trie holding these key/value pairs. Entries are applied in order as updates would
 * be: a later value for the same key replaces the earlier one, and an empty value removes the key.
 */
export function trieRoot(entries: Iterable<readonly [key: Uint8Array, value: Uint8Array]>): Uint8Array {
  // Byte order of the keys is the trie's left-to-right order. The sort is stable, so among equal
  // keys the last one is the latest update.
  const sorted = [...entries].sort((a, b) => compareBytes(a[0], b[0]));
  const keys: Uint8Array[] = [];
  const values: Uint8Array[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const [key, value] = sorted[i];
    if (i + 1 < sorted.length && equalBytes(key, sorted[i + 1][0])) continue;
    if (value.length === 0) continue;
    keys.push(key);
    values.push(value);
  }
  if (keys.length === 0) return EMPTY_TRIE_ROOT.slice();
  // The root is hashed even when its encoding is shorter than 32 bytes.
  return keccak256(rlpEncode(subtree(keys, values, 0, keys.length, 0)));
}

/** The trie used for Ethereum state and storage: keys are hashed, which keeps paths short and balanced. */
export function secureTrieRoot(entries: Iterable<readonly [key: Uint8Array, value: Uint8Array]>): Uint8Array {
  return trieRoot(hashKeys(entries));
}

function* hashKeys(
  entries: Iterable<readonly [Uint8Array, Uint8Array]>,
): Generator<readonly [Uint8Array, Uint8Array]> {
  for (const [key, value] of entries) yield [keccak256(key), value];
}

/**
 * The keys just before and just after `key` in trie order (byte-wise lexicographic, which is the
 * order a trie walk visits leaves in), as a snapshot iterator's prev/next would return them;
 * undefined past either end. `keys` must be sorted with compareBytes.
 */
export function trieNeighbours(
  keys: readonly Uint8Array[],
  key: Uint8Array,
): { prev: Uint8Array | undefined; next: Uint8Array | undefined } {
  // First index whose key is >= key, by binary search.
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareBytes(keys[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  const exact = lo < keys.length && compareBytes(keys[lo], key) === 0;
  return { prev: keys[lo - 1], next: keys[exact ? lo + 1 : lo] };
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The d-th nibble (half-byte, high half first) of a key: the trie branches on one nibble per level. */
function nibble(key: Uint8Array, d: number): number {
  return d & 1 ? key[d >> 1] & 0x0f : key[d >> 1] >> 4;
}

/** The node for keys[lo..hi) (sorted, distinct, non-empty), which all share their first `depth` nibbles. */
function subtree(keys: Uint8Array[], values: Uint8Array[], lo: number, hi: number, depth: number): RlpItem {
  const first = keys[lo];
  const end = first.length * 2;
  if (hi - lo === 1) return [compactPath(first, depth, end, true), values[lo]];
  // In a sorted range, the prefix shared by all keys is the one shared by the first and the last.
  const last = keys[hi - 1];
  let shared = depth;
  while (shared < end && nibble(first, shared) === nibble(last, shared)) shared++;
  if (shared === depth) return branch(keys, values, lo, hi, depth);
  return [compactPath(first, depth, shared, false), reference(branch(keys, values, lo, hi, shared))];
}

/** A 17-slot branch at `depth`: one child per next nibble, plus the value of a key that ends here. */
function branch(keys: Uint8Array[], values: Uint8Array[], lo: number, hi: number, depth: number): RlpItem[] {
  const slots: RlpItem[] = new Array<RlpItem>(17).fill(EMPTY_BYTES);
  // A key that ends at this depth is a prefix of the others, so it sorts first.
  if (keys[lo].length * 2 === depth) slots[16] = values[lo++];
  while (lo < hi) {
    const n = nibble(keys[lo], depth);
    let end = lo + 1;
    while (end < hi && nibble(keys[end], depth) === n) end++;
    slots[n] = reference(subtree(keys, values, lo, end, depth + 1));
    lo = end;
  }
  return slots;
}

/** How a parent points at a child: nodes whose encoding is under 32 bytes are embedded, others hashed. */
function reference(node: RlpItem): RlpItem {
  const encoded = rlpEncode(node);
  return encoded.length < 32 ? node : keccak256(encoded);
}

/**
 * Hex-prefix encoding of nibbles [from, to) of a key: the first nibble flags leaf (2) and odd length (1),
 * and holds the first path nibble when the length is odd (otherwise a 0 pad).
 */
function compactPath(key: Uint8Array, from: number, to: number, leaf: boolean): Uint8Array {
  const odd = (to - from) & 1;
  const out = new Uint8Array(((to - from) >> 1) + 1);
  out[0] = ((leaf ? 2 : 0) | odd) << 4;
  if (odd) out[0] |= nibble(key, from++);
  for (let i = 1; from < to; i++, from += 2) out[i] = (nibble(key, from) << 4) | nibble(key, from + 1);
  return out;
}
