// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;
pragma abicoder v2;

contract Legacy07 {
    enum Mode {
        Off,
        On
    }

    Mode public mode;
    int64 public delta;
    bytes public blob;
    mapping(uint256 => mapping(address => bool)) public seen;

    function set(Mode m, int64 d, bytes calldata b, uint256 k, address who) external {
        (mode, delta, blob) = (m, d, b);
        seen[k][who] = true;
    }
}
