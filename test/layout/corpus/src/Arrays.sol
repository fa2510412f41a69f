// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract FixedPacked {
    uint8[5] public a8;
    uint16[20] public a16;
    bool[3] public flags;
    address[3] public addrs;
    uint128[3] public a128;
    bytes3[12] public b3;
    uint8 public tail;

    function set(uint8[5] calldata a, uint16[20] calldata b, bool[3] calldata c, address[3] calldata d) external {
        a8 = a;
        a16 = b;
        flags = c;
        addrs = d;
    }

    function setMore(uint128[3] calldata e, bytes3[12] calldata f, uint8 t) external {
        (a128, b3, tail) = (e, f, t);
    }
}

contract FixedStructs {
    struct Pair {
        uint128 a;
        uint64 b;
    }

    Pair[3] public pairs;
    uint256[2][3] public grid;
    uint8[3][2] public tiny;

    function set(Pair[3] calldata p, uint256[2][3] calldata g, uint8[3][2] calldata t) external {
        for (uint256 i = 0; i < 3; i++) pairs[i] = p[i];
        grid = g;
        tiny = t;
    }
}

contract DynamicArrays {
    uint8[] public a8;
    uint256[] public a256;
    address[] public addrs;
    bool[] public flags;
    int16[] public signed;

    function set(uint8[] calldata a, uint256[] calldata b, address[] calldata c, bool[] calldata d, int16[] calldata e)
        external
    {
        a8 = a;
        a256 = b;
        addrs = c;
        flags = d;
        signed = e;
    }

    function a8_length() external view returns (uint256) {
        return a8.length;
    }

    function a256_length() external view returns (uint256) {
        return a256.length;
    }

    function addrs_length() external view returns (uint256) {
        return addrs.length;
    }

    function flags_length() external view returns (uint256) {
        return flags.length;
    }

    function signed_length() external view returns (uint256) {
        return signed.length;
    }
}

contract DynamicStructArrays {
    struct Entry {
        uint32 id;
        string label;
        address who;
        uint8[] marks;
    }

    Entry[] public entries;

    function push(uint32 id, string calldata label, address who, uint8[] calldata marks) external {
        entries.push();
        Entry storage e = entries[entries.length - 1];
        e.id = id;
        e.label = label;
        e.who = who;
        e.marks = marks;
    }

    function entries_length() external view returns (uint256) {
        return entries.length;
    }

    function entries_marks(uint256 i, uint256 j) external view returns (uint8) {
        return entries[i].marks[j];
    }

    function entries_marks_length(uint256 i) external view returns (uint256) {
        return entries[i].marks.length;
    }
}

contract StringArrays {
    string[] public names;
    bytes[] public blobs;
    string[2] public pair;

    function set(string[] calldata n, bytes[] calldata b, string[2] calldata p) external {
        for (uint256 i = 0; i < n.length; i++) names.push(n[i]);
        for (uint256 i = 0; i < b.length; i++) blobs.push(b[i]);
        pair[0] = p[0];
        pair[1] = p[1];
    }

    function names_length() external view returns (uint256) {
        return names.length;
    }

    function blobs_length() external view returns (uint256) {
        return blobs.length;
    }
}

contract NestedDynamic {
    uint256[][] public grid;
    uint8[][3] public fixedOfDyn;
    uint16[2][] public dynOfFixed;

    function set(uint256[][] calldata g, uint8[][3] calldata f, uint16[2][] calldata d) external {
        for (uint256 i = 0; i < g.length; i++) grid.push(g[i]);
        for (uint256 i = 0; i < 3; i++) fixedOfDyn[i] = f[i];
        for (uint256 i = 0; i < d.length; i++) dynOfFixed.push(d[i]);
    }

    function grid_length() external view returns (uint256) {
        return grid.length;
    }

    function dynOfFixed_length() external view returns (uint256) {
        return dynOfFixed.length;
    }
}
