// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test, Vm} from "forge-std/Test.sol";
import {Token} from "../src/Token.sol";

/// Token's storage seen through the cheatcodes: raw slots (store, load, record, accesses), mapping
/// recording and recorded logs.
contract TokenStorageTest is Test {
    Token internal token;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    // Token's storage layout: name 0, symbol 1, totalSupply 2, owner 3, balanceOf 4, allowance 5.
    uint256 internal constant TOTAL_SUPPLY_SLOT = 2;
    uint256 internal constant OWNER_SLOT = 3;
    uint256 internal constant BALANCES_SLOT = 4;
    uint256 internal constant ALLOWANCES_SLOT = 5;

    function setUp() public {
        token = new Token("Example", "EXT");
        token.mint(alice, 1000e18);
    }

    function test_StoreAndLoadRawSlots() public {
        assertEq(vm.load(address(token), bytes32(OWNER_SLOT)), bytes32(uint256(uint160(address(this)))));
        vm.store(address(token), bytes32(TOTAL_SUPPLY_SLOT), bytes32(uint256(123)));
        assertEq(token.totalSupply(), 123);
        bytes32 aliceSlot = keccak256(abi.encode(alice, BALANCES_SLOT));
        assertEq(uint256(vm.load(address(token), aliceSlot)), 1000e18);
    }

    function test_RecordAccesses() public {
        vm.record();
        token.balanceOf(alice);
        (bytes32[] memory reads, bytes32[] memory writes) = vm.accesses(address(token));
        assertEq(reads.length, 1);
        assertEq(reads[0], keccak256(abi.encode(alice, BALANCES_SLOT)));
        assertEq(writes.length, 0);

        vm.record();
        vm.prank(alice);
        token.transfer(bob, 1);
        (, writes) = vm.accesses(address(token));
        assertEq(writes.length, 2, "two balances written");
    }

    function test_MappingRecording() public {
        vm.startMappingRecording();
        token.mint(bob, 5);
        vm.prank(alice);
        token.approve(bob, 7);
        bytes32 balanceSlot = keccak256(abi.encode(bob, BALANCES_SLOT));
        assertEq(vm.getMappingLength(address(token), bytes32(BALANCES_SLOT)), 1);
        assertEq(vm.getMappingSlotAt(address(token), bytes32(BALANCES_SLOT), 0), balanceSlot);
        (bool found, bytes32 key, bytes32 parent) = vm.getMappingKeyAndParentOf(address(token), balanceSlot);
        assertTrue(found);
        assertEq(key, bytes32(uint256(uint160(bob))));
        assertEq(parent, bytes32(BALANCES_SLOT));
        // allowance[alice][bob]: the inner mapping's slot is itself an element of the outer one.
        bytes32 inner = keccak256(abi.encode(alice, ALLOWANCES_SLOT));
        (found, key, parent) = vm.getMappingKeyAndParentOf(address(token), keccak256(abi.encode(bob, inner)));
        assertTrue(found);
        assertEq(parent, inner);
        vm.stopMappingRecording();
    }

    function test_RecordLogs() public {
        vm.recordLogs();
        vm.prank(alice);
        token.transfer(bob, 42);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1);
        assertEq(logs[0].emitter, address(token));
        assertEq(logs[0].topics.length, 3);
        assertEq(logs[0].topics[0], keccak256("Transfer(address,address,uint256)"));
        assertEq(logs[0].topics[1], bytes32(uint256(uint160(alice))));
        assertEq(logs[0].topics[2], bytes32(uint256(uint160(bob))));
        assertEq(abi.decode(logs[0].data, (uint256)), 42);
        // Reading the logs consumes them.
        assertEq(vm.getRecordedLogs().length, 0);
    }
}
