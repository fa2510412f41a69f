// SPDX-License-Identifier: MIT
pragma solidity >=0.8.4 <0.9.0;

/// @title Greeter
/// @notice Small on purpose: a reason-string revert, a custom error, events and an immutable, so the
/// devnet tests can check revert decoding, logs and immutable references.
contract Greeter {
    event GreetingChanged(address indexed by, string oldGreeting, string newGreeting);
    event Greeted(address indexed from, uint256 indexed count);

    error Unauthorized(address caller);

    address public immutable owner;
    string public greeting;
    uint256 public count;

    constructor(string memory initial) {
        owner = msg.sender;
        greeting = initial;
    }

    function setGreeting(string calldata next) external {
        require(bytes(next).length > 0, "Greeter: empty greeting");
        emit GreetingChanged(msg.sender, greeting, next);
        greeting = next;
    }

    function greet() external returns (string memory) {
        count += 1;
        emit Greeted(msg.sender, count);
        return greeting;
    }

    function fail() external pure {
        revert("Greeter: always fails");
    }

    function reset() external {
        if (msg.sender != owner) revert Unauthorized(msg.sender);
        greeting = "";
        count = 0;
    }
}
