// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Color, Price} from "./Types.sol";

contract MappingKeys {
    mapping(address => uint256) public byAddress;
    mapping(uint256 => uint256) public byUint;
    mapping(uint8 => uint256) public byUint8;
    mapping(int16 => uint256) public byInt;
    mapping(bytes32 => uint256) public byBytes32;
    mapping(bytes4 => address) public byBytes4;
    mapping(string => uint256) public byString;
    mapping(bytes => uint256) public byBytes;
    mapping(Color => uint256) public byEnum;
    mapping(bool => uint256) public byBool;
    mapping(Price => uint256) public byUdvt;

    function set(address a, uint256 u, uint8 u8, int16 i, bytes32 h, bytes4 b4, uint256 v) external {
        byAddress[a] = v;
        byUint[u] = v + 1;
        byUint8[u8] = v + 2;
        byInt[i] = v + 3;
        byBytes32[h] = v + 4;
        byBytes4[b4] = a;
    }

    function setDynamic(string calldata s, bytes calldata b, Color c, bool f, Price p, uint256 v) external {
        byString[s] = v;
        byBytes[b] = v + 1;
        byEnum[c] = v + 2;
        byBool[f] = v + 3;
        byUdvt[p] = v + 4;
    }
}

contract NestedMappings {
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(uint256 => mapping(string => mapping(bool => bytes32))) public deep;

    function approve(address owner, address spender, uint256 amount) external {
        allowance[owner][spender] = amount;
    }

    function setDeep(uint256 a, string calldata b, bool c, bytes32 v) external {
        deep[a][b][c] = v;
    }
}

contract MappingToStruct {
    struct Record {
        uint64 a;
        string b;
        uint256[] c;
        bool d;
    }

    mapping(uint256 => Record) public records;

    function set(uint256 k, uint64 a, string calldata b, uint256[] calldata c, bool d) external {
        Record storage r = records[k];
        (r.a, r.b, r.c, r.d) = (a, b, c, d);
    }

    function records_c(uint256 k, uint256 i) external view returns (uint256) {
        return records[k].c[i];
    }

    function records_c_length(uint256 k) external view returns (uint256) {
        return records[k].c.length;
    }
}

contract MappingToArray {
    mapping(address => uint256[]) public lists;
    mapping(uint256 => address[3]) public triples;
    mapping(bytes32 => string) public names;
    mapping(uint16 => uint8[]) public smalls;

    function set(address who, uint256[] calldata l, uint256 k, address[3] calldata t) external {
        lists[who] = l;
        triples[k] = t;
    }

    function setMore(bytes32 h, string calldata n, uint16 k, uint8[] calldata s) external {
        names[h] = n;
        smalls[k] = s;
    }

    function lists_length(address who) external view returns (uint256) {
        return lists[who].length;
    }

    function smalls_length(uint16 k) external view returns (uint256) {
        return smalls[k].length;
    }
}
