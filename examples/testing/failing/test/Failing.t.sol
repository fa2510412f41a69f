// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test, console} from "forge-std/Test.sol";
import {Target} from "../src/Target.sol";

/// Every test here fails; expected-failures.json says with which message.
contract FailingTest is Test {
    Target internal target;

    event Changed(address indexed by, uint256 value);

    function setUp() public {
        target = new Target();
    }

    function test_AssertEqMismatch() public pure {
        assertEq(uint256(1), 2);
    }

    function test_AssertEqWithMessage() public pure {
        assertEq(uint256(100), 99, "balances");
    }

    function test_VmAssertEqAddresses() public pure {
        vm.assertEq(address(0xA11CE), address(0xB0B));
    }

    function test_AssertEqAddressesLibrary() public pure {
        assertEq(address(0xA11CE), address(0xB0B));
    }

    function test_AssertEqUintArrays() public pure {
        uint256[] memory left = new uint256[](2);
        left[0] = 1;
        left[1] = 2;
        uint256[] memory right = new uint256[](2);
        right[0] = 1;
        right[1] = 3;
        assertEq(left, right, "arrays");
    }

    function test_AssertEqAddressArrays() public pure {
        address[] memory left = new address[](2);
        left[0] = address(0xABCDE);
        left[1] = address(0xF00D);
        address[] memory right = new address[](1);
        right[0] = address(0xC0FFEE);
        assertEq(left, right);
    }

    function test_AssertApproxEqAbs() public pure {
        assertApproxEqAbs(uint256(100), 105, 2);
    }

    function test_ExpectRevertButNoRevert() public {
        vm.expectRevert();
        target.set(1);
    }

    function test_ExpectRevertWrongData() public {
        vm.expectRevert(bytes("another reason"));
        target.plainRevert();
    }

    function test_ExpectEmitMismatch() public {
        vm.expectEmit(true, false, false, true);
        emit Changed(address(this), 2);
        target.set(1);
    }

    function test_ExpectCallNotMade() public {
        vm.expectCall(address(target), abi.encodeCall(Target.set, (5)));
        target.set(6);
    }

    function test_UnsupportedCheatcode() public {
        vm.deriveKey("test test test test test test test test test test test junk", 0);
    }

    function test_CustomErrorDecoded() public view {
        target.guarded();
    }

    function test_PanicDecoded() public view {
        target.underflow(0);
    }

    function test_RequireReason() public view {
        target.plainRevert();
    }

    uint256 internal sink;

    function test_EndlessLoopRunsOutOfGas() public {
        // Only the per-test gas limit ends this loop.
        for (uint256 i = 0;; i++) {
            sink = i;
        }
    }

    function test_EndlessLoopInCalleeReverts() public {
        // The callee runs out of gas; the caller then reverts without data (as forge reports it).
        target.spin();
    }

    function test_ConsoleOutputThenFail() public pure {
        console.log("about to fail with", uint256(42));
        revert("failed after logging");
    }

    function test_LegacyFailFlag() public {
        fail();
        // fail() does not stop the test; the runner reads the flag afterwards.
        target.set(3);
    }

    function test_ReadOutsidePermissions() public view {
        vm.readFile("foundry.toml");
    }

    function testFuzz_FailsAboveThreshold(uint256 x) public pure {
        x = bound(x, 0, 10_000);
        assertLt(x, 5000, "below threshold");
    }
}

/// A setUp that reverts fails the contract's tests.
contract SetUpRevertsTest is Test {
    function setUp() public pure {
        revert("setup broke");
    }

    function test_NeverRuns() public pure {}
}
