// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Color, Price, Delta, Flag, Who, Tag, ICounter} from "./Types.sol";

contract PackedUints {
    uint8 public u8;
    uint16 public u16;
    uint24 public u24;
    uint32 public u32;
    uint48 public u48;
    uint64 public u64;
    uint96 public u96;
    uint128 public u128;
    uint160 public u160;
    uint200 public u200;
    uint256 public u256;

    function set(uint8 a, uint16 b, uint24 c, uint32 d, uint48 e, uint64 f) external {
        u8 = a;
        u16 = b;
        u24 = c;
        u32 = d;
        u48 = e;
        u64 = f;
    }

    function setWide(uint96 a, uint128 b, uint160 c, uint200 d, uint256 e) external {
        (u96, u128, u160, u200, u256) = (a, b, c, d, e);
    }
}

contract SignedInts {
    int8 public i8;
    int16 public i16;
    int24 public i24;
    int32 public i32;
    int64 public i64;
    int128 public i128;
    int256 public i256;
    int8 public i8b;

    function set(int8 a, int16 b, int24 c, int32 d) external {
        (i8, i16, i24, i32) = (a, b, c, d);
    }

    function setWide(int64 e, int128 f, int256 g, int8 h) external {
        (i64, i128, i256, i8b) = (e, f, g, h);
    }
}

contract BoolsAndAddresses {
    bool public first;
    address public owner;
    bool public second;
    address payable public wallet;
    uint8 public tail;
    bool public alone;

    function set(bool a, address b, bool c, address payable d, uint8 e, bool f) external {
        first = a;
        owner = b;
        second = c;
        wallet = d;
        tail = e;
        alone = f;
    }
}

contract FixedBytes {
    bytes1 public b1;
    bytes2 public b2;
    bytes3 public b3;
    bytes4 public b4;
    bytes8 public b8;
    bytes16 public b16;
    bytes20 public b20;
    bytes31 public b31;
    bytes32 public b32;

    function set(bytes1 a, bytes2 b, bytes3 c, bytes4 d, bytes8 e) external {
        (b1, b2, b3, b4, b8) = (a, b, c, d, e);
    }

    function setWide(bytes16 a, bytes20 b, bytes31 c, bytes32 d) external {
        (b16, b20, b31, b32) = (a, b, c, d);
    }
}

contract Enums {
    enum Phase {
        Init,
        Running,
        Paused,
        Done
    }

    uint8 public before;
    Phase public phase;
    Color public color;
    uint16 public afterwards;

    function set(uint8 a, Phase p, Color c, uint16 d) external {
        (before, phase, color, afterwards) = (a, p, c, d);
    }
}

contract Udvts {
    Price public price;
    Delta public delta;
    Flag public flag;
    Who public who;
    Tag public tag;

    function set(Price p, Delta d, Flag f, Who w, Tag t) external {
        (price, delta, flag, who, tag) = (p, d, f, w, t);
    }
}

contract Counter is ICounter {
    uint256 public count;

    function bump() external {
        count += 1;
    }
}

contract ContractRefs {
    Counter public counter;
    ICounter public iface;
    uint8 public small;

    function set(Counter c, ICounter i, uint8 s) external {
        (counter, iface, small) = (c, i, s);
    }
}

contract ConstantsAndImmutables {
    uint256 public constant LIMIT = 1000;
    bytes32 public constant ROLE = keccak256("ROLE");
    address public immutable creator;
    uint64 public immutable born;
    uint256 public stored;

    constructor() {
        creator = msg.sender;
        born = uint64(block.number);
    }

    function set(uint256 v) external {
        stored = v;
    }
}

contract TransientIgnored {
    uint256 transient scratch;
    uint256 public persisted;
    uint256 transient more;

    function set(uint256 v) external {
        scratch = v;
        more = v + 1;
        persisted = scratch + more;
    }
}

contract FunctionTypes {
    function(uint256) external view returns (uint256) public callback;
    uint64 public after64;

    function target(uint256 x) external pure returns (uint256) {
        return x * 2;
    }

    function set(uint64 a) external {
        callback = this.target;
        after64 = a;
    }
}

contract LayoutAt layout at 0x1000 {
    uint128 public a;
    uint128 public b;
    string public s;

    function set(uint128 x, uint128 y, string calldata z) external {
        (a, b, s) = (x, y, z);
    }
}
