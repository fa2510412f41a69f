// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract BaseA {
    uint128 public a1;
    uint64 public a2;

    function setA(uint128 x, uint64 y) external {
        (a1, a2) = (x, y);
    }
}

contract BaseB {
    address public b1;
    string public b2;

    function setB(address x, string calldata y) external {
        (b1, b2) = (x, y);
    }
}

contract MultipleBases is BaseA, BaseB {
    uint8 public own;

    function setOwn(uint8 x) external {
        own = x;
    }
}

contract Root {
    uint256 public root;

    function setRoot(uint256 x) external {
        root = x;
    }
}

contract Left is Root {
    uint32 public left;

    function setLeft(uint32 x) external {
        left = x;
    }
}

contract Right is Root {
    bytes16 public right;

    function setRight(bytes16 x) external {
        right = x;
    }
}

contract Diamond is Left, Right {
    bool public tip;

    function setTip(bool x) external {
        tip = x;
    }
}
