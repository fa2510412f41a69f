// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The read side of a Merkle root registry, as consumers (airdrops, bridges) use it.
/// @notice Roots are published per epoch by an off-chain worker (`tdk worker`); epochs start at 1
/// and are strictly sequential, so a reader can tell "not yet published" (root 0) from "skipped".
interface IMerkleRootRegistry {
    /// @notice The newest published epoch (0 before the first publication).
    function latestEpoch() external view returns (uint256);

    /// @notice The root of `epoch`, or 0 if it is not published yet.
    function rootOf(uint256 epoch) external view returns (bytes32);

    /// @notice Whether `leaf` belongs to the tree committed for `epoch` (OpenZeppelin MerkleProof
    /// semantics: sorted-pair hashing; the leaf is the double-hashed StandardMerkleTree leaf).
    function verify(uint256 epoch, bytes32[] calldata proof, bytes32 leaf) external view returns (bool);

    /// @notice Multiproof form of `verify` (OpenZeppelin's `multiProofVerify`); an empty `leaves`
    /// is never accepted, since OpenZeppelin would accept it for any proof holding the root.
    function verifyMulti(uint256 epoch, bytes32[] calldata proof, bool[] calldata proofFlags, bytes32[] calldata leaves)
        external
        view
        returns (bool);
}
