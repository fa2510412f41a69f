// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// What the failing tests call: each function misbehaves in one way.
contract Target {
    uint256 public value;

    event Changed(address indexed by, uint256 value);

    error NotAllowed(address caller, uint256 code);

    function set(uint256 v) external {
        value = v;
        emit Changed(msg.sender, v);
    }

    function guarded() external view {
        revert NotAllowed(msg.sender, 7);
    }

    function plainRevert() external pure {
        revert("plain reason");
    }

    function underflow(uint256 a) external pure returns (uint256) {
        return a - 1;
    }

    function spin() external {
        // Never ends: only the gas limit stops it.
        for (uint256 i = 0;; i++) {
            value = i;
        }
    }
}
