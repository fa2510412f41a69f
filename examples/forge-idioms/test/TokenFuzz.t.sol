// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

import {Test, console2} from "forge-std/Test.sol";
import {Token} from "../src/Token.sol";

contract TokenFuzzTest is Test {
    Token public token;
    address public alice;

    function setUp() public {
        token = new Token();
        alice = makeAddr("alice");
        deal(address(token), alice, 100e18);
    }

    function testFuzz_Transfer(uint256 amount) public {
        amount = bound(amount, 0, 100e18);
        vm.prank(alice);
        token.transfer(makeAddr("bob"), amount);
        assertEq(token.balanceOf(alice) + token.balanceOf(makeAddr("bob")), 100e18);
        console2.log("transferred", amount);
    }

    function testFuzz_TransferTo(address to, uint64 amount) public {
        vm.assume(to != address(0));
        vm.assume(to != alice);
        vm.prank(alice);
        token.transfer(to, amount);
        assertEq(token.balanceOf(to), amount);
    }

    function testFuzz_Buy(uint96 value) public {
        vm.assume(value > 0);
        address buyer = makeAddr("buyer");
        vm.deal(buyer, value);
        vm.prank(buyer);
        token.buy{value: value}();
        assertEq(token.balanceOf(buyer), uint256(value) * token.RATE());
    }
}
