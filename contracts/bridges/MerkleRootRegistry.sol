// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IMerkleRootRegistry} from "./IMerkleRootRegistry.sol";

/// @title Merkle roots committed by an off-chain worker, one per epoch.
/// @notice The trust boundary's on-chain half: the worker computes over off-chain data and publishes
/// only a root; anyone proves an individual result against it. Epochs are strictly sequential, so a
/// worker that crashes and retries can never publish an epoch twice or leave a gap: the chain, not
/// the worker's memory, decides what comes next. Publishing is restricted to PUBLISHER_ROLE (a
/// multisig can hold it); the admin can rotate publishers.
contract MerkleRootRegistry is IMerkleRootRegistry, AccessControl {
    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");

    /// @inheritdoc IMerkleRootRegistry
    uint256 public latestEpoch;

    mapping(uint256 epoch => bytes32) private _roots;
    mapping(uint256 epoch => bytes32) private _metadata;

    /// @param metadataHash keccak256 of the epoch's canonical metadata (see docs/worker.md), so a
    /// reader can check that a served tree is the one the worker meant to publish.
    event RootUpdated(uint256 indexed epoch, bytes32 root, bytes32 metadataHash, address publisher);

    error EpochOutOfOrder(uint256 expected, uint256 given);
    error EmptyRoot();

    constructor(address admin, address publisher) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PUBLISHER_ROLE, publisher);
    }

    /// @notice Publishes the root of `epoch`, which must be `latestEpoch() + 1`.
    function updateRoot(uint256 epoch, bytes32 root, bytes32 metadataHash) external onlyRole(PUBLISHER_ROLE) {
        uint256 expected = latestEpoch + 1;
        if (epoch != expected) revert EpochOutOfOrder(expected, epoch);
        if (root == bytes32(0)) revert EmptyRoot();
        latestEpoch = epoch;
        _roots[epoch] = root;
        _metadata[epoch] = metadataHash;
        emit RootUpdated(epoch, root, metadataHash, msg.sender);
    }

    /// @inheritdoc IMerkleRootRegistry
    function rootOf(uint256 epoch) external view returns (bytes32) {
        return _roots[epoch];
    }

    /// @notice The metadata hash published with `epoch` (0 if unpublished).
    function metadataOf(uint256 epoch) external view returns (bytes32) {
        return _metadata[epoch];
    }

    /// @inheritdoc IMerkleRootRegistry
    function verify(uint256 epoch, bytes32[] calldata proof, bytes32 leaf) external view returns (bool) {
        bytes32 root = _roots[epoch];
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IMerkleRootRegistry
    function verifyMulti(uint256 epoch, bytes32[] calldata proof, bool[] calldata proofFlags, bytes32[] calldata leaves)
        external
        view
        returns (bool)
    {
        bytes32 root = _roots[epoch];
        return root != bytes32(0) && leaves.length > 0
            && MerkleProof.multiProofVerifyCalldata(proof, proofFlags, root, leaves);
    }
}
