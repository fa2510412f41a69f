pragma solidity ^0.8.0;

contract Syntax {
    function f() external {
        uint256 x = 1
    }
}
