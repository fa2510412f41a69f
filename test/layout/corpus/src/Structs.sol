// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Color} from "./Types.sol";

contract SimpleStruct {
    struct Packed {
        uint8 a;
        uint16 b;
        address c;
        bool d;
        uint256 e;
        int32 f;
    }

    uint8 public lead;
    Packed public p;
    uint8 public trail;

    function set(uint8 l, Packed calldata v, uint8 t) external {
        (lead, p, trail) = (l, v, t);
    }
}

contract NestedStruct {
    struct Inner {
        uint64 x;
        int64 y;
        Color c;
    }

    struct Outer {
        Inner i;
        uint8 z;
        Inner j;
        bytes32 h;
    }

    Outer public o;

    function set(Outer calldata v) external {
        o = v;
    }
}

contract StructWithArrays {
    struct Bag {
        uint256[] list;
        uint8[4] small;
        string name;
        bytes data;
        uint16 n;
    }

    Bag public bag;

    function set(uint256[] calldata list, uint8[4] calldata small, string calldata name, bytes calldata data, uint16 n)
        external
    {
        bag.list = list;
        bag.small = small;
        bag.name = name;
        bag.data = data;
        bag.n = n;
    }

    function bag_list(uint256 i) external view returns (uint256) {
        return bag.list[i];
    }

    function bag_list_length() external view returns (uint256) {
        return bag.list.length;
    }

    function bag_small(uint256 i) external view returns (uint8) {
        return bag.small[i];
    }
}

contract StructWithMappings {
    struct Account {
        uint128 balance;
        uint64 nonce;
        mapping(address => uint256) allowance;
        mapping(uint256 => bool) flags;
        address owner;
    }

    Account public acct;
    mapping(address => Account) public accounts;

    function set(uint128 balance, uint64 nonce, address spender, uint256 amount, uint256 flag, address owner) external {
        acct.balance = balance;
        acct.nonce = nonce;
        acct.allowance[spender] = amount;
        acct.flags[flag] = true;
        acct.owner = owner;
        Account storage a = accounts[owner];
        a.balance = balance / 2;
        a.nonce = nonce + 1;
        a.allowance[spender] = amount * 3;
        a.flags[flag + 1] = true;
        a.owner = spender;
    }

    function acct_allowance(address spender) external view returns (uint256) {
        return acct.allowance[spender];
    }

    function acct_flags(uint256 k) external view returns (bool) {
        return acct.flags[k];
    }

    function accounts_allowance(address owner, address spender) external view returns (uint256) {
        return accounts[owner].allowance[spender];
    }

    function accounts_flags(address owner, uint256 k) external view returns (bool) {
        return accounts[owner].flags[k];
    }
}

contract DeepStruct {
    struct Leaf {
        bytes4 tag;
        uint32 count;
    }

    struct Branch {
        Leaf[2] leaves;
        Leaf[] more;
        uint8 depth;
    }

    struct Tree {
        Branch left;
        Branch right;
        string name;
    }

    Tree internal tree;

    function set(bytes4 tag, uint32 count, string calldata name) external {
        tree.left.leaves[0] = Leaf(tag, count);
        tree.left.leaves[1] = Leaf(bytes4(uint32(tag) + 1), count + 1);
        tree.left.more.push(Leaf(tag, count * 2));
        tree.left.depth = 1;
        tree.right.more.push(Leaf(bytes4(0), 7));
        tree.right.more.push(Leaf(tag, 8));
        tree.right.depth = 2;
        tree.name = name;
    }

    function tree_left_leaves_tag(uint256 i) external view returns (bytes4) {
        return tree.left.leaves[i].tag;
    }

    function tree_left_leaves_count(uint256 i) external view returns (uint32) {
        return tree.left.leaves[i].count;
    }

    function tree_left_more_tag(uint256 i) external view returns (bytes4) {
        return tree.left.more[i].tag;
    }

    function tree_left_more_count(uint256 i) external view returns (uint32) {
        return tree.left.more[i].count;
    }

    function tree_left_more_length() external view returns (uint256) {
        return tree.left.more.length;
    }

    function tree_left_depth() external view returns (uint8) {
        return tree.left.depth;
    }

    function tree_right_leaves_tag(uint256 i) external view returns (bytes4) {
        return tree.right.leaves[i].tag;
    }

    function tree_right_leaves_count(uint256 i) external view returns (uint32) {
        return tree.right.leaves[i].count;
    }

    function tree_right_more_tag(uint256 i) external view returns (bytes4) {
        return tree.right.more[i].tag;
    }

    function tree_right_more_count(uint256 i) external view returns (uint32) {
        return tree.right.more[i].count;
    }

    function tree_right_more_length() external view returns (uint256) {
        return tree.right.more.length;
    }

    function tree_right_depth() external view returns (uint8) {
        return tree.right.depth;
    }

    function tree_name() external view returns (string memory) {
        return tree.name;
    }
}
