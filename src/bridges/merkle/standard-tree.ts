// OpenZeppelin's StandardMerkleTree (@openzeppelin/merkle-tree), bit-identical but byte-level: every
// node lives in one Uint8Array (32 bytes per node, the flat layout of 2n-1 nodes, root at 0, children
// of i at 2i+1 and 2i+2, leaves sorted by hash and stored reversed at the end). Leaves are
// keccak256(keccak256(abi.encode(types, values))); nodes hash their children ordered bytewise.
// Hex strings appear only at the edges (root, proofs, dump).
import { keccak256Into } from '../../evm/crypto/keccakf1600.js';
import { type LeafEncoder, leafEncoder } from './encode.js';
import { MerkleError } from './errors.js';

export type Hex = `0x${string}`;
export type LeafValue = readonly unknown[];

export interface MultiProof<T = LeafValue> {
  leaves: T[];
  proof: Hex[];
  proofFlags: boolean[];
}

export interface StandardTreeDump {
  format: 'standard-v1';
  leafEncoding: string[];
  tree: Hex[];
  values: { value: LeafValue; treeIndex: number }[];
}

export interface TreeOptions {
  /** OpenZeppelin accepts repeated leaves; tdk rejects them unless this is set. */
  allowDuplicates?: boolean;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bytesToHex(b: Uint8Array, off = 0, len = b.length - off): Hex {
  let s = '0x';
  for (let i = off; i < off + len; i++) s += HEX[b[i]!];
  return s as Hex;
}

/** Parses a 32-byte 0x hex node into `out` at `off`; false if malformed. */
function parseNode(hex: unknown, out: Uint8Array, off: number): boolean {
  if (typeof hex !== 'string' || hex.length !== 66 || !/^0x[0-9a-fA-F]{64}$/.test(hex)) return false;
  for (let i = 0; i < 32; i++) out[off + i] = Number.parseInt(hex.substr(2 + 2 * i, 2), 16);
  return true;
}

function nodeOf(hex: unknown, what: string): Uint8Array {
  const out = new Uint8Array(32);
  if (!parseNode(hex, out, 0))
    throw new MerkleError(`${what} is not a 32-byte 0x hex value`, 'TDK_MERKLE_PROOF');
  return out;
}

/** Bytewise comparison of a[ao..ao+32) and b[bo..bo+32). */
function cmp32(a: Uint8Array, ao: number, b: Uint8Array, bo: number): number {
  for (let i = 0; i < 32; i++) {
    const d = a[ao + i]! - b[bo + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

const pair = new Uint8Array(64);

/** out[oo..] = keccak256(sorted(a[ao..], b[bo..])); out may alias a or b. */
function hashPair(a: Uint8Array, ao: number, b: Uint8Array, bo: number, out: Uint8Array, oo: number): void {
  if (cmp32(a, ao, b, bo) <= 0) {
    pair.set(a.subarray(ao, ao + 32), 0);
    pair.set(b.subarray(bo, bo + 32), 32);
  } else {
    pair.set(b.subarray(bo, bo + 32), 0);
    pair.set(a.subarray(ao, ao + 32), 32);
  }
  keccak256Into(pair, out, oo);
}

const inner = new Uint8Array(32);

/** keccak256(keccak256(encoded)) into out[off..off+32). */
function hashLeafInto(encoded: Uint8Array, out: Uint8Array, off: number): void {
  keccak256Into(encoded, inner, 0);
  keccak256Into(inner, out, off);
}

/** Folds a proof onto a 32-byte leaf hash; returns the computed root (a fresh buffer). */
export function processProof(leaf: Uint8Array, proof: readonly Hex[]): Uint8Array {
  const acc = Uint8Array.from(leaf);
  const sib = new Uint8Array(32);
  proof.forEach((p, i) => {
    if (!parseNode(p, sib, 0))
      throw new MerkleError(`proof[${i}] is not a 32-byte 0x hex value`, 'TDK_MERKLE_PROOF');
    hashPair(acc, 0, sib, 0, acc, 0);
  });
  return acc;
}

/** OpenZeppelin's processMultiProof over 32-byte leaf hashes; throws TDK_MERKLE_PROOF if malformed. */
export function processMultiProof(
  leaves: readonly Uint8Array[],
  proof: readonly Hex[],
  flags: readonly boolean[],
): Uint8Array {
  const proofNodes = proof.map((p, i) => nodeOf(p, `proof[${i}]`));
  if (proof.length < flags.filter((f) => !f).length || leaves.length + proof.length !== flags.length + 1) {
    throw new MerkleError(
      `malformed multiproof: ${leaves.length} leaves + ${proof.length} proof nodes must equal ${flags.length} flags + 1`,
      'TDK_MERKLE_PROOF',
    );
  }
  const queue: Uint8Array[] = leaves.slice();
  let qh = 0;
  let ph = 0;
  for (const flag of flags) {
    const a = queue[qh++];
    const b = flag ? queue[qh++] : proofNodes[ph++];
    if (a === undefined || b === undefined) throw new MerkleError('malformed multiproof', 'TDK_MERKLE_PROOF');
    const out = new Uint8Array(32);
    hashPair(a, 0, b, 0, out, 0);
    queue.push(out);
  }
  if (queue.length - qh + proofNodes.length - ph !== 1)
    throw new MerkleError('malformed multiproof', 'TDK_MERKLE_PROOF');
  return qh < queue.length ? queue[queue.length - 1]! : proofNodes[ph]!;
}

function equal32(a: Uint8Array, b: Uint8Array, bo = 0): boolean {
  return cmp32(a, 0, b, bo) === 0;
}

export class StandardMerkleTree {
  readonly leafEncoding: string[];
  /** All 2n-1 nodes, 32 bytes each. */
  readonly nodes: Uint8Array;
  readonly values: readonly LeafValue[];
  /** values[i] sits at node treeIndexOf[i]. */
  readonly treeIndexOf: Uint32Array;
  /** The value index of the leaf at node (nodeCount - 1 - k), k = rank by hash. */
  private readonly valueAtRank: Uint32Array;
  private readonly encode: LeafEncoder;

  private constructor(
    leafEncoding: string[],
    nodes: Uint8Array,
    values: readonly LeafValue[],
    treeIndexOf: Uint32Array,
    encode: LeafEncoder,
  ) {
    this.leafEncoding = leafEncoding;
    this.nodes = nodes;
    this.values = values;
    this.treeIndexOf = treeIndexOf;
    this.encode = encode;
    const n = values.length;
    const last = 2 * n - 2;
    this.valueAtRank = new Uint32Array(n);
    for (let v = 0; v < n; v++) this.valueAtRank[last - treeIndexOf[v]!] = v;
  }

  /** Builds the tree of `values` (each an array matching `leafEncoding`), like StandardMerkleTree.of. */
  static of(
    values: readonly LeafValue[],
    leafEncoding: readonly string[],
    options: TreeOptions = {},
  ): StandardMerkleTree {
    const types = [...leafEncoding];
    const encode = leafEncoder(types);
    const n = values.length;
    if (n === 0) throw new MerkleError('no leaves: the data set is empty', 'TDK_MERKLE_EMPTY');
    // Hash the leaves in input order into a scratch buffer.
    const hashes = new Uint8Array(32 * n);
    for (let i = 0; i < n; i++) hashLeafInto(encode(values[i]!, i), hashes, 32 * i);
    // Sort value indices by hash (stable: ties keep input order, as OpenZeppelin's Array.sort does).
    const keys = new Uint32Array(n);
    const dv = new DataView(hashes.buffer, hashes.byteOffset, hashes.byteLength);
    for (let i = 0; i < n; i++) keys[i] = dv.getUint32(32 * i);
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      if (ka !== kb) return ka < kb ? -1 : 1;
      return cmp32(hashes, 32 * a, hashes, 32 * b) || a - b;
    });
    const count = 2 * n - 1;
    const nodes = new Uint8Array(32 * count);
    const treeIndexOf = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const v = order[k]!;
      const t = count - 1 - k;
      if (k > 0 && !options.allowDuplicates && cmp32(hashes, 32 * v, hashes, 32 * order[k - 1]!) === 0) {
        const w = order[k - 1]!;
        throw new MerkleError(
          `duplicate leaf: rows ${Math.min(v, w) + 1} and ${Math.max(v, w) + 1} hold the same values`,
          'TDK_MERKLE_DUPLICATE',
          'each leaf must be unique (a repeated leaf would be claimable with either proof)',
        );
      }
      nodes.set(hashes.subarray(32 * v, 32 * v + 32), 32 * t);
      treeIndexOf[v] = t;
    }
    buildInternal(nodes, n);
    return new StandardMerkleTree(types, nodes, values, treeIndexOf, encode);
  }

  /** Loads a `standard-v1` dump, re-hashing every value and checking every node (like OpenZeppelin). */
  static load(dump: StandardTreeDump): StandardMerkleTree {
    const bad = (why: string) => new MerkleError(`invalid standard-v1 dump: ${why}`, 'TDK_MERKLE_DUMP');
    if (dump === null || typeof dump !== 'object') throw bad('not an object');
    if (dump.format !== 'standard-v1') throw bad(`unknown format '${String(dump.format)}'`);
    if (!Array.isArray(dump.leafEncoding)) throw bad('missing leafEncoding');
    if (!Array.isArray(dump.tree) || !Array.isArray(dump.values)) throw bad('missing tree or values');
    const n = dump.values.length;
    if (n === 0) throw new MerkleError('no leaves: the data set is empty', 'TDK_MERKLE_EMPTY');
    const count = dump.tree.length;
    if (count !== 2 * n - 1) throw bad(`${count} nodes for ${n} values (expected ${2 * n - 1})`);
    const encode = leafEncoder(dump.leafEncoding);
    const nodes = new Uint8Array(32 * count);
    for (let i = 0; i < count; i++)
      if (!parseNode(dump.tree[i], nodes, 32 * i)) throw bad(`tree[${i}] is not a 32-byte hex node`);
    const check = new Uint8Array(32);
    for (let i = count - n - 1; i >= 0; i--) {
      hashPair(nodes, 32 * (2 * i + 1), nodes, 32 * (2 * i + 2), check, 0);
      if (!equal32(check, nodes, 32 * i)) throw bad(`node ${i} is not the hash of its children`);
    }
    const treeIndexOf = new Uint32Array(n);
    const seen = new Uint8Array(n);
    const values: LeafValue[] = new Array(n);
    for (let v = 0; v < n; v++) {
      const entry = dump.values[v]!;
      const t = entry?.treeIndex;
      if (!Number.isInteger(t) || t < count - n || t >= count || seen[count - 1 - t]) {
        throw bad(`values[${v}].treeIndex is not a distinct leaf index`);
      }
      seen[count - 1 - t] = 1;
      hashLeafInto(encode(entry.value, v), check, 0);
      if (!equal32(check, nodes, 32 * t)) throw bad(`values[${v}] does not hash to tree[${t}]`);
      treeIndexOf[v] = t;
      values[v] = entry.value;
    }
    return new StandardMerkleTree([...dump.leafEncoding], nodes, values, treeIndexOf, encode);
  }

  get root(): Hex {
    return bytesToHex(this.nodes, 0, 32);
  }

  get length(): number {
    return this.values.length;
  }

  /** The leaf hash of a value (whether or not it is in the tree). */
  leafHash(value: LeafValue): Hex {
    const out = new Uint8Array(32);
    hashLeafInto(this.encode(value, 0), out, 0);
    return bytesToHex(out);
  }

  /** The index of `value` in the input, found by binary search over the sorted leaves. */
  indexOf(value: LeafValue): number {
    const h = new Uint8Array(32);
    hashLeafInto(this.encode(value, 0), h, 0);
    const n = this.values.length;
    const last = 2 * n - 2;
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = cmp32(this.nodes, 32 * (last - mid), h, 0);
      if (c === 0) return this.valueAtRank[mid]!;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new MerkleError('leaf is not in the tree', 'TDK_MERKLE_NOT_FOUND');
  }

  private valueIndex(leaf: number | LeafValue): number {
    if (typeof leaf === 'number') {
      if (!Number.isInteger(leaf) || leaf < 0 || leaf >= this.values.length) {
        throw new MerkleError(
          `index ${leaf} is out of range (0..${this.values.length - 1})`,
          'TDK_MERKLE_INDEX',
        );
      }
      return leaf;
    }
    return this.indexOf(leaf);
  }

  /** The proof of a value, given by its input index or by its values. */
  getProof(leaf: number | LeafValue): Hex[] {
    let t = this.treeIndexOf[this.valueIndex(leaf)]!;
    const proof: Hex[] = [];
    while (t > 0) {
      const s = t % 2 === 1 ? t + 1 : t - 1;
      proof.push(bytesToHex(this.nodes, 32 * s, 32));
      t = (t - 1) >> 1;
    }
    return proof;
  }

  /** A multiproof of several values (OpenZeppelin's algorithm; leaves come back in tree order). */
  getMultiProof(leaves: readonly (number | LeafValue)[]): MultiProof {
    const indices = leaves.map((l) => this.treeIndexOf[this.valueIndex(l)]!);
    indices.sort((a, b) => b - a);
    for (let i = 1; i < indices.length; i++) {
      if (indices[i] === indices[i - 1])
        throw new MerkleError('cannot prove a leaf twice in one multiproof', 'TDK_MERKLE_INDEX');
    }
    const queue = indices.slice();
    let qh = 0;
    const proof: Hex[] = [];
    const proofFlags: boolean[] = [];
    while (qh < queue.length && queue[qh]! > 0) {
      const j = queue[qh++]!;
      const s = j % 2 === 1 ? j + 1 : j - 1;
      if (qh < queue.length && queue[qh] === s) {
        proofFlags.push(true);
        qh++;
      } else {
        proofFlags.push(false);
        proof.push(bytesToHex(this.nodes, 32 * s, 32));
      }
      queue.push((j - 1) >> 1);
    }
    if (indices.length === 0) proof.push(this.root);
    const last = 2 * this.values.length - 2;
    return {
      leaves: indices.map((t) => this.values[this.valueAtRank[last - t]!]!),
      proof,
      proofFlags,
    };
  }

  verify(leaf: number | LeafValue, proof: readonly Hex[]): boolean {
    const value = typeof leaf === 'number' ? this.values[this.valueIndex(leaf)]! : leaf;
    return StandardMerkleTree.verify(this.root, this.leafEncoding, value, proof);
  }

  verifyMultiProof(mp: MultiProof<number | LeafValue>): boolean {
    const leaves = mp.leaves.map((l) => (typeof l === 'number' ? this.values[this.valueIndex(l)]! : l));
    return StandardMerkleTree.verifyMultiProof(this.root, this.leafEncoding, { ...mp, leaves });
  }

  static verify(
    root: string,
    leafEncoding: readonly string[],
    leaf: LeafValue,
    proof: readonly Hex[],
  ): boolean {
    const r = nodeOf(root, 'root');
    const h = new Uint8Array(32);
    hashLeafInto(leafEncoder(leafEncoding)(leaf, 0), h, 0);
    return equal32(processProof(h, proof), r);
  }

  static verifyMultiProof(root: string, leafEncoding: readonly string[], mp: MultiProof): boolean {
    const r = nodeOf(root, 'root');
    const encode = leafEncoder(leafEncoding);
    const leaves = mp.leaves.map((l, i) => {
      const h = new Uint8Array(32);
      hashLeafInto(encode(l, i), h, 0);
      return h;
    });
    return equal32(processMultiProof(leaves, mp.proof, mp.proofFlags), r);
  }

  /** The `standard-v1` dump, as OpenZeppelin's dump(). */
  dump(): StandardTreeDump {
    const count = 2 * this.values.length - 1;
    const tree: Hex[] = new Array(count);
    for (let i = 0; i < count; i++) tree[i] = bytesToHex(this.nodes, 32 * i, 32);
    return {
      format: 'standard-v1',
      leafEncoding: [...this.leafEncoding],
      tree,
      values: this.values.map((value, i) => ({ value, treeIndex: this.treeIndexOf[i]! })),
    };
  }
}

/** Fills the internal nodes of a tree whose n leaves are in place. */
function buildInternal(nodes: Uint8Array, n: number): void {
  const count = 2 * n - 1;
  for (let i = count - 1 - n; i >= 0; i--) {
    const l = 32 * (2 * i + 1);
    const r = l + 32;
    if (cmp32(nodes, l, nodes, r) <= 0) keccak256Into(nodes, nodes, 32 * i, l, r + 32);
    else hashPair(nodes, l, nodes, r, nodes, 32 * i);
  }
}
