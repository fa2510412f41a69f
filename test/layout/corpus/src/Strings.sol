// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract ShortAndLong {
    string public empty;
    string public short;
    string public s31;
    string public s32;
    string public long;
    bytes public b31;
    bytes public b32;
    bytes public bLong;
    bytes public binary;
    string public unicode_;

    function setStrings(string calldata a, string calldata b, string calldata c, string calldata d) external {
        short = a;
        s31 = b;
        s32 = c;
        long = d;
    }

    function setBytes(bytes calldata a, bytes calldata b, bytes calldata c) external {
        b31 = a;
        b32 = b;
        bLong = c;
    }

    function setOther(bytes calldata d, string calldata u) external {
        binary = d;
        unicode_ = u;
    }
}

contract StringsBetweenPacked {
    uint8 public a;
    string public name;
    uint8 public b;
    bytes public data;
    bool public c;

    function set(uint8 x, string calldata n, uint8 y, bytes calldata d, bool z) external {
        a = x;
        name = n;
        b = y;
        data = d;
        c = z;
    }

    function shrink() external {
        // A string that was long and became short again: the data slots keep stale words.
        name = "tiny";
    }
}
