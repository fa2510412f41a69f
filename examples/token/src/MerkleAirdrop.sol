// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IMerkleRootRegistry} from "tdk/contracts/bridges/IMerkleRootRegistry.sol";

/// @title An airdrop paid from roots the off-chain worker publishes (the example consumer).
/// @notice Each epoch's tree holds (account, cumulative amount) leaves: what the account has earned
/// so far. A claim against any published epoch pays the difference between that amount and what the
/// account has already been paid, so a newer root never lets anyone claim twice and an older proof
/// stays valid while the worker moves on.
contract MerkleAirdrop {
    using SafeERC20 for IERC20;

    IERC20 public immutable token;
    IMerkleRootRegistry public immutable registry;

    /// @notice Cumulative amount already paid to each account.
    mapping(address account => uint256) public claimed;

    event Claimed(address indexed account, uint256 indexed epoch, uint256 amount, uint256 cumulative);

    error InvalidProof(uint256 epoch, address account, uint256 cumulativeAmount);
    error NothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed);

    constructor(IERC20 token_, IMerkleRootRegistry registry_) {
        token = token_;
        registry = registry_;
    }

    /// @notice Pays `account` what it has earned up to `epoch` and not yet received. Anyone may
    /// submit the claim; the tokens always go to `account`.
    function claim(uint256 epoch, address account, uint256 cumulativeAmount, bytes32[] calldata proof) external {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!registry.verify(epoch, proof, leaf)) revert InvalidProof(epoch, account, cumulativeAmount);
        uint256 already = claimed[account];
        if (cumulativeAmount <= already) revert NothingToClaim(account, cumulativeAmount, already);
        claimed[account] = cumulativeAmount;
        token.safeTransfer(account, cumulativeAmount - already);
        emit Claimed(account, epoch, cumulativeAmount - already, cumulativeAmount);
    }
}
