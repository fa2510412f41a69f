// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test} from "forge-std/Test.sol";
import {Vault} from "../src/Vault.sol";

/// Vault: ether (deal, hoax), time (warp, skip, rewind), callers (prank with origin), errors.
contract VaultTest is Test {
    Vault internal vault;
    address internal alice = makeAddr("alice");
    address payable internal bob = payable(makeAddr("bob"));
    uint256 internal constant LOCK = 1 days;

    event Deposited(address indexed account, uint256 amount, uint256 unlockAt);
    event Withdrawn(address indexed account, address indexed to, uint256 amount);

    function setUp() public {
        vault = new Vault(LOCK);
        vm.deal(alice, 100 ether);
    }

    function test_DealSetsBalance() public {
        assertEq(alice.balance, 100 ether);
        vm.deal(alice, 1 wei);
        assertEq(alice.balance, 1);
    }

    function test_DepositRecordsBalanceAndLock() public {
        vm.expectEmit(address(vault));
        emit Deposited(alice, 3 ether, block.timestamp + LOCK);
        vm.prank(alice);
        vault.deposit{value: 3 ether}();
        assertEq(vault.balanceOf(alice), 3 ether);
        assertEq(address(vault).balance, 3 ether);
        assertEq(alice.balance, 97 ether);
        assertEq(vault.unlockAt(alice), block.timestamp + LOCK);
    }

    function test_ZeroDepositRevertsWithReason() public {
        vm.expectRevert(bytes("Vault: zero deposit"));
        vault.deposit();
    }

    function test_WithdrawLockedUntilWarp() public {
        vm.prank(alice);
        vault.deposit{value: 1 ether}();
        uint256 unlock = block.timestamp + LOCK;

        vm.expectRevert(abi.encodeWithSelector(Vault.Locked.selector, unlock, block.timestamp));
        vm.prank(alice);
        vault.withdraw(1 ether, bob);

        vm.warp(unlock);
        assertEq(block.timestamp, unlock);
        vm.expectEmit(true, true, false, true);
        emit Withdrawn(alice, bob, 1 ether);
        vm.prank(alice);
        vault.withdraw(1 ether, bob);
        assertEq(bob.balance, 1 ether);
        assertEq(vault.totalDeposits(), 0);
    }

    function test_SkipAndRewindMoveTime() public {
        uint256 t0 = block.timestamp;
        skip(LOCK);
        assertEq(block.timestamp, t0 + LOCK);
        rewind(LOCK / 2);
        assertEq(block.timestamp, t0 + LOCK / 2);
    }

    function test_InsufficientBalanceFromVault() public {
        vm.expectRevert(abi.encodeWithSelector(Vault.InsufficientBalance.selector, 0, 1 ether), address(vault));
        vm.prank(alice);
        vault.withdraw(1 ether, bob);
    }

    function test_OnlyEOAUnlessOriginPranked() public {
        // A prank of msg.sender alone leaves tx.origin at the default sender: not an EOA call.
        vm.expectRevert(Vault.OnlyEOA.selector);
        vm.prank(alice);
        vault.depositFromEOA{value: 1 ether}();

        vm.expectRevert(Vault.OnlyEOA.selector, address(vault));
        vault.depositFromEOA{value: 0}();

        vm.prank(alice, alice);
        vault.depositFromEOA{value: 1 ether}();
        assertEq(vault.balanceOf(alice), 1 ether);
    }

    function test_RevertFromVaultAddressOnly() public {
        vm.expectRevert(address(vault));
        vault.withdraw(1, bob);
    }

    function test_HoaxFundsAndPranks() public {
        address carol = makeAddr("carol");
        hoax(carol, 5 ether);
        vault.deposit{value: 2 ether}();
        assertEq(vault.balanceOf(carol), 2 ether);
        assertEq(carol.balance, 3 ether);

        startHoax(bob);
        vault.deposit{value: 1 ether}();
        vault.deposit{value: 1 ether}();
        vm.stopPrank();
        assertEq(vault.balanceOf(bob), 2 ether);
    }

    function testFuzz_DepositWithdrawRoundTrip(uint96 amount) public {
        vm.assume(amount > 0);
        vm.deal(alice, amount);
        vm.startPrank(alice);
        vault.deposit{value: amount}();
        vm.warp(block.timestamp + LOCK);
        vault.withdraw(amount, bob);
        vm.stopPrank();
        assertEq(bob.balance, amount);
        assertEq(address(vault).balance, 0);
    }
}
