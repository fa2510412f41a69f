// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test, StdStorage, stdStorage} from "forge-std/Test.sol";
import {Token} from "../src/Token.sol";

/// forge-std's storage helpers on the token: stdstore finds and writes the slot behind a getter,
/// and deal sets ERC-20 balances through it.
contract TokenStdStorageTest is Test {
    using stdStorage for StdStorage;

    Token internal token;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    // Token's storage layout: balanceOf at slot 4, allowance at slot 5.
    uint256 internal constant BALANCES_SLOT = 4;
    uint256 internal constant ALLOWANCES_SLOT = 5;

    function setUp() public {
        token = new Token("Example", "EXT");
        token.mint(alice, 1000e18);
    }

    function test_StdStorageFindsAndWrites() public {
        uint256 slot = stdstore.target(address(token)).sig("balanceOf(address)").with_key(bob).find();
        assertEq(slot, uint256(keccak256(abi.encode(bob, BALANCES_SLOT))));
        stdstore.target(address(token)).sig(token.totalSupply.selector).checked_write(uint256(77));
        assertEq(token.totalSupply(), 77);
        uint256 allowanceSlot =
            stdstore.target(address(token)).sig(token.allowance.selector).with_key(alice).with_key(bob).find();
        assertEq(allowanceSlot, uint256(keccak256(abi.encode(bob, keccak256(abi.encode(alice, ALLOWANCES_SLOT))))));
    }

    function test_DealErc20AdjustsSupply() public {
        deal(address(token), bob, 500e18);
        assertEq(token.balanceOf(bob), 500e18);
        assertEq(token.totalSupply(), 1000e18, "plain deal leaves the supply");
        deal(address(token), alice, 400e18, true);
        assertEq(token.balanceOf(alice), 400e18);
        assertEq(token.totalSupply(), 400e18, "adjusted: 1000 - 600");
    }
}
