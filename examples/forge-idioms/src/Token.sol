// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

/// An ERC-20-style token sold for ether at a fixed rate.
contract Token {
    uint256 public constant RATE = 1000; // tokens per ether

    string public name = "Idiom";
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 amount);

    error Insufficient();
    error ZeroAddress();

    function buy() external payable {
        uint256 amount = msg.value * RATE;
        totalSupply += amount;
        balanceOf[msg.sender] += amount;
        emit Transfer(address(0), msg.sender, amount);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        if (to == address(0)) revert ZeroAddress();
        if (balanceOf[msg.sender] < amount) revert Insufficient();
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        emit Transfer(msg.sender, to, amount);
        return true;
    }

    /// Burns without a friendly check: burning more than you hold is a checked-arithmetic panic.
    function burn(uint256 amount) external {
        balanceOf[msg.sender] -= amount;
        totalSupply -= amount;
        emit Transfer(msg.sender, address(0), amount);
    }
}
