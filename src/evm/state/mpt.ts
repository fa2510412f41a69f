// An in-memory Merkle Patricia Trie (Yellow Paper, appendix D) that is updated in place of being
// rebuilt: a state root after k changes re-hashes only the O(k · depth) nodes on the changed paths.
//
// Nodes are immutable. An update copies the nodes on its path and shares every other subtree with
// the previous version, so clone() is O(1) and a clone never sees the original's later changes. Each
// node memoizes how its parent refers to it (its RLP structure if that encodes to under 32 bytes,
// otherwise the keccak256 of the encoding); a fresh node has no memo yet, which is what makes it
// "dirty": root() computes the memos missing along the changed paths and reuses all the others.
import { EMPTY_BYTES } from '../bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import { type RlpItem, rlpEncode } from '../rlp.js';
import { compareBytes, EMPTY_TRIE_ROOT } from './trie.js';

// Paths are nibble arrays (one half-byte per element, high half first). A node's path holds only the
// nibbles below its parent; paths are subarrays of the key they were made for and never written to.

class Leaf {
  ref: RlpItem | undefined = undefined;
  constructor(
    readonly path: Uint8Array,
    readonly value: Uint8Array,
  ) {}
}

class Extension {
  ref: RlpItem | undefined = undefined;
  constructor(
    readonly path: Uint8Array,
    readonly child: Branch,
  ) {}
}

class Branch {
  ref: RlpItem | undefined = undefined;
  constructor(
    /** 16 slots, one per next nibble; never written to once the branch is made. */
    readonly children: readonly (TrieNode | undefined)[],
    /** The value of the key that ends at this branch. */
    readonly value: Uint8Array | undefined,
  ) {}
}

type TrieNode = Leaf | Extension | Branch;

/**
 * A hexary Merkle Patricia Trie over byte keys and values. An empty value stands for no value: put
 * with one deletes the key, as in the Yellow Paper's trie and trieRoot. Keys are used as given; a
 * "secure" trie (state, storage) is one whose caller hashes the keys first. Keys are copied; values
 * are kept as given, so a value must not be changed after it is put.
 */
export class MerklePatriciaTrie {
  private node: TrieNode | undefined = undefined;

  /**
   * A trie holding these entries, later ones overwriting earlier ones for the same key (an empty
   * value removes it). Built in one pass over the sorted keys, which is faster than putting them.
   */
  static from(entries: Iterable<readonly [key: Uint8Array, value: Uint8Array]>): MerklePatriciaTrie {
    // Nibble order is byte order; the sort is stable, so among equal keys the last is the latest.
    const sorted = [...entries]
      .map(([k, v]) => [nibbles(k), v] as const)
      .sort((a, b) => compareBytes(a[0], b[0]));
    const keys: Uint8Array[] = [];
    const values: Uint8Array[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const [key, value] = sorted[i];
      if (i + 1 < sorted.length && compareBytes(key, sorted[i + 1][0]) === 0) continue;
      if (value.length === 0) continue;
      keys.push(key);
      values.push(value);
    }
    const t = new MerklePatriciaTrie();
    if (keys.length > 0) t.node = build(keys, values, 0, keys.length, 0);
    return t;
  }

  get isEmpty(): boolean {
    return this.node === undefined;
  }

  /** The value under the key, or undefined when there is none. */
  get(key: Uint8Array): Uint8Array | undefined {
    return lookup(this.node, nibbles(key));
  }

  put(key: Uint8Array, value: Uint8Array): void {
    if (value.length === 0) this.delete(key);
    else this.node = insert(this.node, nibbles(key), 0, value);
  }

  /** Removes the key; nothing happens when it is absent. */
  delete(key: Uint8Array): void {
    this.node = remove(this.node, nibbles(key), 0);
  }

  /** keccak256 of the root node's encoding (hashed even when that is under 32 bytes). A fresh array. */
  root(): Uint8Array {
    if (this.node === undefined) return EMPTY_TRIE_ROOT.slice();
    const r = reference(this.node);
    return r instanceof Uint8Array ? r.slice() : keccak256(rlpEncode(r));
  }

  /** An independent copy in O(1): the two share every node until either is changed. */
  clone(): MerklePatriciaTrie {
    const t = new MerklePatriciaTrie();
    t.node = this.node;
    return t;
  }
}

function nibbles(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    out[2 * i] = key[i] >> 4;
    out[2 * i + 1] = key[i] & 0x0f;
  }
  return out;
}

/** How many nibbles `path` shares with key[from..]. */
function sharedLength(path: Uint8Array, key: Uint8Array, from: number): number {
  const n = Math.min(path.length, key.length - from);
  let i = 0;
  while (i < n && path[i] === key[from + i]) i++;
  return i;
}

function lookup(node: TrieNode | undefined, key: Uint8Array): Uint8Array | undefined {
  let pos = 0;
  while (node !== undefined) {
    if (node instanceof Branch) {
      if (pos === key.length) return node.value;
      node = node.children[key[pos++]];
      continue;
    }
    const path = node.path;
    if (sharedLength(path, key, pos) !== path.length) return undefined;
    pos += path.length;
    if (node instanceof Leaf) return pos === key.length ? node.value : undefined;
    node = node.child;
  }
  return undefined;
}

/** The node for keys[lo..hi) (sorted nibble paths, distinct, values non-empty), below `depth` nibbles. */
function build(keys: Uint8Array[], values: Uint8Array[], lo: number, hi: number, depth: number): TrieNode {
  const first = keys[lo];
  if (hi - lo === 1) return new Leaf(first.subarray(depth), values[lo]);
  // The nibbles all keys of a sorted range share are those its first and last key share.
  const shared = depth + sharedLength(first.subarray(depth), keys[hi - 1], depth);
  const children = new Array<TrieNode | undefined>(16).fill(undefined);
  let here: Uint8Array | undefined;
  // A key that ends at the branch is a prefix of all the others, so it comes first.
  if (first.length === shared) here = values[lo++];
  while (lo < hi) {
    const n = keys[lo][shared];
    let end = lo + 1;
    while (end < hi && keys[end][shared] === n) end++;
    children[n] = build(keys, values, lo, end, shared + 1);
    lo = end;
  }
  const branch = new Branch(children, here);
  return shared === depth ? branch : new Extension(first.subarray(depth, shared), branch);
}

/** The node for `node` with key[pos..] set to value (non-empty); the nodes passed in are not changed. */
function insert(node: TrieNode | undefined, key: Uint8Array, pos: number, value: Uint8Array): TrieNode {
  if (node === undefined) return new Leaf(key.subarray(pos), value);
  if (node instanceof Branch) {
    if (pos === key.length) return new Branch(node.children, value);
    const children = node.children.slice();
    children[key[pos]] = insert(children[key[pos]], key, pos + 1, value);
    return new Branch(children, node.value);
  }
  const path = node.path;
  const shared = sharedLength(path, key, pos);
  if (node instanceof Leaf) {
    if (shared === path.length && pos + shared === key.length) return new Leaf(path, value);
  } else if (shared === path.length) {
    return new Extension(path, insert(node.child, key, pos + shared, value) as Branch);
  }
  // The paths part after `shared` nibbles: a branch goes there, holding the old node's rest and the
  // new key's rest (one of them may end at the branch itself).
  const children = new Array<TrieNode | undefined>(16).fill(undefined);
  let here: Uint8Array | undefined;
  if (node instanceof Leaf) {
    if (shared === path.length) here = node.value;
    else children[path[shared]] = new Leaf(path.subarray(shared + 1), node.value);
  } else {
    const rest = path.subarray(shared + 1);
    children[path[shared]] = rest.length === 0 ? node.child : new Extension(rest, node.child);
  }
  const end = pos + shared;
  if (end === key.length) here = value;
  else children[key[end]] = new Leaf(key.subarray(end + 1), value);
  const branch = new Branch(children, here);
  return shared === 0 ? branch : new Extension(path.subarray(0, shared), branch);
}

/** The node for `node` without key[pos..]; `node` itself when the key is not there. */
function remove(node: TrieNode | undefined, key: Uint8Array, pos: number): TrieNode | undefined {
  if (node === undefined) return undefined;
  if (node instanceof Branch) {
    let children = node.children;
    let value = node.value;
    if (pos === key.length) {
      if (value === undefined) return node;
      value = undefined;
    } else {
      const before = children[key[pos]];
      const after = remove(before, key, pos + 1);
      if (after === before) return node;
      children = children.slice();
      (children as (TrieNode | undefined)[])[key[pos]] = after;
    }
    return branchOrCollapse(children, value);
  }
  const path = node.path;
  if (sharedLength(path, key, pos) !== path.length) return node;
  if (node instanceof Leaf) return pos + path.length === key.length ? undefined : node;
  const child = remove(node.child, key, pos + path.length);
  if (child === node.child) return node;
  // A branch keeps at least two entries, but one with a single entry left collapses into its child.
  return child === undefined ? undefined : withPrefix(path, child);
}

/** A branch, unless fewer than two entries are left: then the one left, moved up. */
function branchOrCollapse(
  children: readonly (TrieNode | undefined)[],
  value: Uint8Array | undefined,
): TrieNode | undefined {
  let only = -1;
  for (let i = 0; i < 16; i++) {
    if (children[i] === undefined) continue;
    if (only >= 0 || value !== undefined) return new Branch(children, value);
    only = i;
  }
  if (only < 0) return value === undefined ? undefined : new Leaf(EMPTY_BYTES, value);
  return withPrefix(Uint8Array.of(only), children[only]!);
}

/** `node` moved up by prefix.length nibbles: its path gains the prefix in front. */
function withPrefix(prefix: Uint8Array, node: TrieNode): TrieNode {
  if (node instanceof Branch) return new Extension(prefix, node);
  const path = new Uint8Array(prefix.length + node.path.length);
  path.set(prefix);
  path.set(node.path, prefix.length);
  return node instanceof Leaf ? new Leaf(path, node.value) : new Extension(path, node.child);
}

/** How the parent refers to the node: embedded when its encoding is under 32 bytes, else by hash. */
function reference(node: TrieNode): RlpItem {
  if (node.ref !== undefined) return node.ref;
  let item: RlpItem[];
  if (node instanceof Leaf) item = [hexPrefix(node.path, true), node.value];
  else if (node instanceof Extension) item = [hexPrefix(node.path, false), reference(node.child)];
  else {
    item = new Array<RlpItem>(17);
    for (let i = 0; i < 16; i++) {
      const child = node.children[i];
      item[i] = child === undefined ? EMPTY_BYTES : reference(child);
    }
    item[16] = node.value ?? EMPTY_BYTES;
  }
  const encoded = rlpEncode(item);
  node.ref = encoded.length < 32 ? item : keccak256(encoded);
  return node.ref;
}

/** Hex-prefix encoding: a flag nibble (2 for a leaf, +1 for odd length), a pad nibble if even, the path. */
function hexPrefix(path: Uint8Array, leaf: boolean): Uint8Array {
  const odd = path.length & 1;
  const out = new Uint8Array((path.length >> 1) + 1);
  out[0] = ((leaf ? 2 : 0) | odd) << 4;
  let i = 0;
  if (odd) out[0] |= path[i++];
  for (let o = 1; i < path.length; i += 2, o++) out[o] = (path[i] << 4) | path[i + 1];
  return out;
}
