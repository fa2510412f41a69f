// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// OpenZeppelin ERC20 plus benchmark loops. Each loop runs inside ONE external call and goes
/// through the token's own public/internal ERC20 functions (no driver contract, no external calls),
/// so the measurement is pure interpreter + storage work.
contract BenchToken is ERC20 {
    error AllowanceMismatch(uint256 expected, uint256 actual);

    /// Mints `initialSupply` to the deployer (the account that later runs transferLoop and
    /// approveTransferFromLoop).
    constructor(uint256 initialSupply) ERC20("Bench Token", "BENCH") {
        _mint(msg.sender, initialSupply);
    }

    /// `n` mints of 1e18 units to the same `to` (one Transfer event each). Returns totalSupply().
    function mintLoop(address to, uint256 n) external returns (uint256) {
        for (uint256 i; i < n; ++i) {
            _mint(to, 1e18);
        }
        return totalSupply();
    }

    /// `n` calls of the public transfer(to, 1) from the caller. Returns balanceOf(to).
    function transferLoop(address to, uint256 n) external returns (uint256) {
        for (uint256 i; i < n; ++i) {
            transfer(to, 1);
        }
        return balanceOf(to);
    }

    /// `n` rounds of: approve(caller, 2) (the caller approves itself as spender), transferFrom(caller,
    /// recipient_i, 1) to a fresh recipient 0x10000 + i (a zero-to-nonzero balance slot each round),
    /// then an allowance check. Returns the sum of the recipients' balances read back.
    function approveTransferFromLoop(uint256 n) external returns (uint256 acc) {
        address owner = msg.sender;
        for (uint256 i; i < n; ++i) {
            address to = address(uint160(0x10000 + i));
            approve(owner, 2);
            transferFrom(owner, to, 1);
            uint256 left = allowance(owner, owner);
            if (left != 1) revert AllowanceMismatch(1, left);
            acc += balanceOf(to);
        }
    }
}
