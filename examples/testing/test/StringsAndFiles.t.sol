// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test} from "forge-std/Test.sol";

/// Environment variables, string conversion and the file cheatcodes.
contract StringsAndFilesTest is Test {
    /// The values come from .env (forge and tdk load it before the tests run).
    function test_EnvironmentVariables() public view {
        assertEq(vm.envUint("TDK_EXAMPLE_UINT"), 42);
        assertEq(vm.envInt("TDK_EXAMPLE_INT"), -7);
        assertTrue(vm.envBool("TDK_EXAMPLE_BOOL"));
        assertEq(vm.envAddress("TDK_EXAMPLE_ADDRESS"), address(0xBEEF));
        assertEq(vm.envBytes32("TDK_EXAMPLE_BYTES32"), bytes32(uint256(0xff)));
        assertEq(vm.envString("TDK_EXAMPLE_STRING"), "hello tdk");
        assertEq(vm.envBytes("TDK_EXAMPLE_BYTES"), hex"c0ffee");
    }

    function test_EnvironmentDefaults() public view {
        assertEq(vm.envOr("TDK_EXAMPLE_UNSET_UINT", uint256(5)), 5);
        assertEq(vm.envOr("TDK_EXAMPLE_UINT", uint256(5)), 42);
        assertFalse(vm.envOr("TDK_EXAMPLE_UNSET_BOOL", false));
        assertEq(vm.envOr("TDK_EXAMPLE_UNSET_ADDRESS", address(7)), address(7));
        assertEq(vm.envOr("TDK_EXAMPLE_UNSET_STRING", string("fallback")), "fallback");
    }

    function test_ToStringAndParse() public pure {
        assertEq(vm.toString(address(0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf)), "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
        assertEq(vm.toString(uint256(1234567890)), "1234567890");
        assertEq(vm.toString(int256(-42)), "-42");
        assertEq(vm.toString(true), "true");
        assertEq(vm.toString(bytes32(uint256(1))), "0x0000000000000000000000000000000000000000000000000000000000000001");
        assertEq(vm.toString(bytes(hex"deadbeef")), "0xdeadbeef");
        assertEq(vm.parseUint("1234567890"), 1234567890);
        assertEq(vm.parseInt("-42"), -42);
        assertEq(vm.parseAddress("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"), 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf);
        assertFalse(vm.parseBool("false"));
        assertEq(vm.parseBytes32("0x00000000000000000000000000000000000000000000000000000000000000ff"), bytes32(uint256(255)));
        assertEq(vm.parseBytes("0xc0ffee"), hex"c0ffee");
    }

    function test_FilesInsideAllowedFolder() public {
        assertTrue(bytes(vm.projectRoot()).length > 0);
        assertTrue(vm.exists("data/greeting.txt"));
        assertEq(vm.readFile("data/greeting.txt"), "hello from data/greeting.txt");
        string memory text = string.concat("block ", vm.toString(block.number));
        vm.writeFile("data/written/note.txt", text);
        assertTrue(vm.exists("data/written/note.txt"));
        assertEq(vm.readFile("data/written/note.txt"), text);
        assertFalse(vm.exists("data/missing.txt"));
    }
}
