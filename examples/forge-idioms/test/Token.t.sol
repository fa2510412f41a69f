// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

import {Test, stdError} from "forge-std/Test.sol";
import {Token} from "../src/Token.sol";

contract TokenTest is Test {
    Token public token;
    address public alice;
    address public bob;

    event Transfer(address indexed from, address indexed to, uint256 amount);

    function setUp() public {
        token = new Token();
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        deal(address(token), alice, 100e18);
    }

    function test_DealGivesTokens() public view {
        assertEq(token.balanceOf(alice), 100e18);
        assertEq(token.balanceOf(bob), 0);
    }

    function test_Transfer() public {
        vm.prank(alice);
        token.transfer(bob, 10e18);
        assertEq(token.balanceOf(alice), 90e18);
        assertEq(token.balanceOf(bob), 10e18);
    }

    function test_RevertWhen_BalanceTooLow() public {
        vm.expectRevert(Token.Insufficient.selector);
        vm.prank(bob);
        token.transfer(alice, 1);
    }

    function test_RevertWhen_ToZeroAddress() public {
        vm.prank(alice);
        vm.expectRevert(Token.ZeroAddress.selector);
        token.transfer(address(0), 1);
    }

    function test_RevertWhen_BurnTooMuch() public {
        vm.expectRevert(stdError.arithmeticError);
        vm.prank(bob);
        token.burn(1);
    }

    function test_EmitsTransfer() public {
        vm.expectEmit(true, true, false, true);
        emit Transfer(alice, bob, 5e18);
        vm.prank(alice);
        token.transfer(bob, 5e18);
    }

    function test_BuyWithHoax() public {
        hoax(bob, 2 ether);
        token.buy{value: 2 ether}();
        assertEq(token.balanceOf(bob), 2000 ether);
        assertEq(bob.balance, 0);
        assertEq(address(token).balance, 2 ether);
    }

    function test_DealEther() public {
        deal(alice, 3 ether);
        assertEq(alice.balance, 3 ether);
    }
}
