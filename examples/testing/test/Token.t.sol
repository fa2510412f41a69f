// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test} from "forge-std/Test.sol";
import {Token} from "../src/Token.sol";

/// Token: transfers, allowances, errors and events, and forge-std's ERC-20 deal.
contract TokenTest is Test {
    Token internal token;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    event Transfer(address indexed from, address indexed to, uint256 value);

    function setUp() public {
        token = new Token("Example", "EXT");
        token.mint(alice, 1000e18);
    }

    function test_MintAndTransfer() public {
        vm.prank(alice);
        assertTrue(token.transfer(bob, 250e18));
        assertEq(token.balanceOf(alice), 750e18);
        assertEq(token.balanceOf(bob), 250e18);
        assertEq(token.totalSupply(), 1000e18);
    }

    function test_TransferMoreThanBalanceReverts() public {
        vm.expectRevert(abi.encodeWithSelector(Token.InsufficientBalance.selector, bob, 0, 1));
        vm.prank(bob);
        token.transfer(alice, 1);
    }

    function test_TransferFromSpendsAllowance() public {
        vm.prank(alice);
        token.approve(bob, 100e18);
        vm.prank(bob);
        token.transferFrom(alice, bob, 60e18);
        assertEq(token.allowance(alice, bob), 40e18);
        vm.expectRevert(abi.encodeWithSelector(Token.InsufficientAllowance.selector, bob, 40e18, 41e18));
        vm.prank(bob);
        token.transferFrom(alice, bob, 41e18);
    }

    function test_OnlyOwnerMints() public {
        vm.expectRevert(abi.encodeWithSelector(Token.Unauthorized.selector, alice));
        vm.prank(alice);
        token.mint(alice, 1);
    }

    function testFuzz_TransferConservesSupply(address to, uint256 amount) public {
        vm.assume(to != address(0) && to != alice);
        amount = bound(amount, 0, token.balanceOf(alice));
        vm.expectEmit(true, true, false, true, address(token));
        emit Transfer(alice, to, amount);
        vm.prank(alice);
        token.transfer(to, amount);
        assertEq(token.balanceOf(alice) + token.balanceOf(to), 1000e18);
    }
}
