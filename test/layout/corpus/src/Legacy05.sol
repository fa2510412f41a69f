// SPDX-License-Identifier: MIT
pragma solidity 0.5.17;

// solc 0.5.17 reports storageLayout (since 0.5.13).
contract Legacy05 {
    struct Item {
        uint32 id;
        string name;
    }

    uint16 public small;
    address public owner;
    string public title;
    mapping(address => uint256) public balances;
    Item[] public items;

    function set(uint16 s, string calldata t, address who, uint256 amount) external {
        small = s;
        owner = msg.sender;
        title = t;
        balances[who] = amount;
        items.push(Item(uint32(s) + 1, t));
    }
}
