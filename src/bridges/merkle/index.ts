// Merkle trees in OpenZeppelin's StandardMerkleTree format (standard-v1), bit-identical and fast.
export { checkTypes, type LeafEncoder, leafEncoder } from './encode.js';
export { MerkleError, type MerkleErrorCode } from './errors.js';
export {
  bytesToHex,
  type Hex,
  type LeafValue,
  type MultiProof,
  processMultiProof,
  processProof,
  StandardMerkleTree,
  type StandardTreeDump,
  type TreeOptions,
} from './standard-tree.js';
