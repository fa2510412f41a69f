// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test, console, stdError} from "forge-std/Test.sol";
import {Counter} from "../src/Counter.sol";

/// Counter: events (every expectEmit form), reverts (expectRevert forms), pranks, snapshots.
contract CounterTest is Test {
    Counter internal counter;
    address internal alice = makeAddr("alice");

    event Incremented(address indexed by, uint256 indexed newNumber, uint256 step);
    event StepChanged(uint256 oldStep, uint256 newStep);

    function setUp() public {
        counter = new Counter();
    }

    function test_StartsAtZeroOwnedByTest() public view {
        assertEq(counter.number(), 0);
        assertEq(counter.step(), 1);
        assertEq(counter.owner(), address(this));
    }

    function test_IncrementLogsAndCounts() public {
        uint256 n = counter.increment();
        console.log("number after one increment:", n);
        assertEq(n, 1);
        assertEq(counter.number(), 1, "stored number");
    }

    function test_ExpectEmitAllFields() public {
        vm.expectEmit();
        emit Incremented(address(this), 1, 1);
        counter.increment();
    }

    function test_ExpectEmitFromEmitter() public {
        vm.expectEmit(address(counter));
        emit StepChanged(1, 5);
        counter.setStep(5);
    }

    function test_ExpectEmitCheckedTopicsOnly() public {
        counter.setStep(7);
        // Topic 2 (newNumber) and the data are not compared: only the indexed sender must match.
        vm.expectEmit(true, false, false, false);
        emit Incremented(alice, 999, 999);
        vm.prank(alice);
        counter.increment();
    }

    function test_ExpectEmitTopicsAndDataFromEmitter() public {
        vm.expectEmit(true, true, false, true, address(counter));
        emit Incremented(address(this), 1, 1);
        counter.increment();
    }

    function test_DecrementBelowZeroPanics() public {
        vm.expectRevert(stdError.arithmeticError);
        counter.decrement();
    }

    function test_ExpectRevertAnyReason() public {
        vm.expectRevert();
        counter.decrement();
    }

    function test_OnlyOwnerSetsStep() public {
        vm.expectRevert(abi.encodeWithSelector(Counter.NotOwner.selector, alice));
        vm.prank(alice);
        counter.setStep(2);
        // The prank lasted one call: the owner (this test) may.
        counter.setStep(2);
        assertEq(counter.step(), 2);
    }

    function test_StepTooLargeFromCounter() public {
        vm.expectRevert(abi.encodeWithSelector(Counter.StepTooLarge.selector, 1001, 1000), address(counter));
        counter.setStep(1001);
    }

    function test_StartPrankUntilStop() public {
        vm.startPrank(alice);
        counter.increment();
        vm.expectRevert(abi.encodeWithSelector(Counter.NotOwner.selector, alice));
        counter.setStep(3);
        vm.stopPrank();
        counter.setStep(3);
        assertEq(counter.step(), 3);
    }

    function test_SnapshotStateAndRevert() public {
        counter.setNumber(10);
        uint256 id = vm.snapshotState();
        counter.setNumber(20);
        assertEq(counter.number(), 20);
        assertTrue(vm.revertToState(id));
        assertEq(counter.number(), 10);
        // revertToState keeps the snapshot: it can be used again.
        counter.setNumber(30);
        assertTrue(vm.revertToStateAndDelete(id));
        assertEq(counter.number(), 10);
        assertFalse(vm.revertToState(id), "deleted snapshot");
    }

    function test_DeleteSnapshotAndLegacyNames() public {
        uint256 id = vm.snapshotState();
        assertTrue(vm.deleteStateSnapshot(id));
        assertFalse(vm.revertToState(id));
        // The pre-1.0 names do the same.
        counter.setNumber(5);
        uint256 old = vm.snapshot();
        counter.setNumber(6);
        assertTrue(vm.revertTo(old));
        assertEq(counter.number(), 5);
    }

    function testFuzz_SetNumber(uint256 x) public {
        counter.setNumber(x);
        assertEq(counter.number(), x);
    }

    function testFuzz_StepWithinBounds(uint256 rawStep) public {
        uint256 newStep = bound(rawStep, 1, counter.MAX_STEP());
        counter.setStep(newStep);
        counter.increment();
        counter.increment();
        assertEq(counter.number(), 2 * newStep);
    }
}
