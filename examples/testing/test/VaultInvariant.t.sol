// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test} from "forge-std/Test.sol";
import {Vault} from "../src/Vault.sol";

/// Drives the vault with bounded deposits, withdrawals and time jumps from a few actors.
contract VaultHandler is Test {
    Vault public immutable vault;
    address[] internal actors;
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;

    constructor(Vault vault_) {
        vault = vault_;
        actors.push(makeAddr("actor0"));
        actors.push(makeAddr("actor1"));
        actors.push(makeAddr("actor2"));
    }

    function deposit(uint256 actorSeed, uint256 amount) external {
        address actor = actors[actorSeed % actors.length];
        amount = bound(amount, 1, 10 ether);
        vm.deal(actor, amount);
        vm.prank(actor);
        vault.deposit{value: amount}();
        ghostDeposited += amount;
    }

    function withdraw(uint256 actorSeed, uint256 amount) external {
        address actor = actors[actorSeed % actors.length];
        uint256 balance = vault.balanceOf(actor);
        if (balance == 0 || block.timestamp < vault.unlockAt(actor)) return;
        amount = bound(amount, 1, balance);
        vm.prank(actor);
        vault.withdraw(amount, payable(actor));
        ghostWithdrawn += amount;
    }

    function wait(uint256 seconds_) external {
        skip(bound(seconds_, 0, 2 days));
    }
}

contract VaultInvariantTest is Test {
    Vault internal vault;
    VaultHandler internal handler;

    function setUp() public {
        vault = new Vault(1 days);
        handler = new VaultHandler(vault);
        targetContract(address(handler));
    }

    /// The handler holds no ether: a pranked call's value comes from the pranked sender (the actor
    /// it just funded), as in forge.
    function test_HandlerDepositsWithActorFunds() public {
        assertEq(address(handler).balance, 0);
        handler.deposit(0, 3 ether);
        assertEq(handler.ghostDeposited(), 3 ether);
        assertEq(vault.totalDeposits(), 3 ether);
    }

    function invariant_BalanceCoversDeposits() public view {
        assertEq(address(vault).balance, vault.totalDeposits());
        assertEq(vault.totalDeposits(), handler.ghostDeposited() - handler.ghostWithdrawn());
    }
}
