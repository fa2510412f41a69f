// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test} from "forge-std/Test.sol";

/// The assertion cheatcodes (vm.assert*) and forge-std's Solidity assertions, on passing values.
contract AssertionsTest is Test {
    function test_VmAssertEqForEveryType() public pure {
        vm.assertEq(uint256(7), 7);
        vm.assertEq(uint256(7), 7, "uint with message");
        vm.assertEq(int256(-7), -7);
        vm.assertEq(address(0xA11CE), address(0xA11CE));
        vm.assertEq(address(0xA11CE), address(0xA11CE), "address with message");
        vm.assertEq(bytes32("tdk"), bytes32("tdk"));
        vm.assertEq(true, true);
        vm.assertEq(string("tdk"), string("tdk"));
        vm.assertEq(bytes(hex"0102"), bytes(hex"0102"));
    }

    function test_VmAssertTruthAndOrder() public pure {
        vm.assertTrue(1 < 2);
        vm.assertTrue(2 > 1, "ordered");
        vm.assertFalse(1 > 2);
        vm.assertFalse(2 < 1, "not ordered");
        vm.assertNotEq(uint256(1), 2);
        vm.assertNotEq(address(1), address(2));
        vm.assertLt(uint256(1), 2);
        vm.assertLe(uint256(2), 2);
        vm.assertGt(uint256(3), 2);
        vm.assertGe(uint256(3), 3);
    }

    function test_VmAssertApprox() public pure {
        vm.assertApproxEqAbs(uint256(1000), 1003, 3);
        // 1e16 = 1%: 1010 is within 1% of 1000.
        vm.assertApproxEqRel(uint256(1010), 1000, 1e16);
    }

    function test_LibraryAssertions() public pure {
        assertEq(uint256(1), 1);
        assertEq(int256(-1), -1);
        assertEq(string("a"), "a");
        assertEq(bytes("ab"), bytes("ab"));
        uint256[] memory a = new uint256[](2);
        a[0] = 1;
        a[1] = 2;
        uint256[] memory b = new uint256[](2);
        b[0] = 1;
        b[1] = 2;
        assertEq(a, b);
        assertNotEq(uint256(1), 2);
        assertLt(int256(-2), int256(-1));
        assertGe(uint256(5), 5);
        assertApproxEqAbs(int256(-100), int256(-98), 2);
        assertApproxEqRel(uint256(99), 100, 0.01e18);
    }

    function test_BoundKeepsInRangeAndWrapsOutOfRange() public pure {
        assertEq(bound(uint256(15), 10, 20), 15, "in range: unchanged");
        assertEq(bound(uint256(0), 10, 20), 10, "0 -> min");
        assertEq(bound(uint256(3), 10, 20), 13, "3 -> min + 3");
        assertEq(bound(type(uint256).max, 10, 20), 20, "max -> max");
        assertEq(bound(uint256(21), 10, 20), 10, "max + 1 wraps to min");
        assertEq(bound(uint256(9), 10, 20), 20, "min - 1 wraps to max");
        assertEq(bound(int256(-5), -10, 10), -5);
        assertEq(bound(int256(11), -10, 10), -10);
    }
}
