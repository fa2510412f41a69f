// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test} from "forge-std/Test.sol";

contract DoesNotCompileTest is Test {
    function test_TypeError() public pure {
        uint256 x = "not a number";
        assertEq(x, 1);
    }
}
