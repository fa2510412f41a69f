// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test, console} from "forge-std/Test.sol";
import {BlockInfo} from "../src/BlockInfo.sol";
import {Counter} from "../src/Counter.sol";

/// The block and transaction environment, callers, accounts (nonce, code), keys, labels, skipping
/// and gas metering.
contract EnvironmentTest is Test {
    BlockInfo internal info;

    function setUp() public {
        info = new BlockInfo();
    }

    function test_DefaultEnvironment() public view {
        (uint256 number, uint256 timestamp, uint256 chainId,,, uint256 basefee, uint256 gasprice) = info.info();
        assertEq(number, 1);
        assertEq(timestamp, 1);
        assertEq(chainId, 31337);
        assertEq(basefee, 0);
        assertEq(gasprice, 0);
        assertEq(info.origin(), DEFAULT_SENDER);
        // The runner creates the test contract from the default sender at nonce 1, and the first
        // contract a test creates (here in setUp) lands at DEFAULT_TEST_CONTRACT.
        assertEq(address(this), computeCreateAddress(DEFAULT_SENDER, 1));
        assertEq(address(this), 0x7FA9385bE102ac3EAc297483Dd6233D62b3e1496);
        assertEq(address(info), DEFAULT_TEST_CONTRACT);
    }

    function test_BlockCheatcodes() public {
        vm.roll(1234);
        vm.warp(1_800_000_000);
        vm.chainId(10);
        vm.coinbase(address(0xC0FFEE));
        vm.fee(25 gwei);
        vm.prevrandao(bytes32(uint256(0xabc)));
        vm.txGasPrice(30 gwei);
        (
            uint256 number,
            uint256 timestamp,
            uint256 chainId,
            address coinbase,
            uint256 prevrandao,
            uint256 basefee,
            uint256 gasprice
        ) = info.info();
        assertEq(number, 1234);
        assertEq(timestamp, 1_800_000_000);
        assertEq(chainId, 10);
        assertEq(coinbase, address(0xC0FFEE));
        assertEq(prevrandao, 0xabc);
        assertEq(basefee, 25 gwei);
        assertEq(gasprice, 30 gwei);
        assertEq(vm.getBlockNumber(), 1234);
        assertEq(vm.getBlockTimestamp(), 1_800_000_000);
        vm.prevrandao(uint256(77));
        (,,,, prevrandao,,) = info.info();
        assertEq(prevrandao, 77);
    }

    function test_StartPrankWithOrigin() public {
        address origin = makeAddr("origin");
        vm.startPrank(makeAddr("sender"), origin);
        assertEq(info.origin(), origin);
        assertEq(info.origin(), origin, "still pranked on the second call");
        vm.stopPrank();
        assertEq(info.origin(), DEFAULT_SENDER);
    }

    function test_NonceDecidesCreateAddress() public {
        // 1000 needs a two-byte RLP nonce in the address derivation.
        vm.setNonce(address(this), 1000);
        assertEq(vm.getNonce(address(this)), 1000);
        Counter c = new Counter();
        assertEq(address(c), computeCreateAddress(address(this), 1000));
        assertEq(vm.getNonce(address(this)), 1001);
        // CREATE2 does not depend on the nonce.
        Counter salted = new Counter{salt: "tdk"}();
        assertEq(address(salted), computeCreate2Address("tdk", hashInitCode(type(Counter).creationCode), address(this)));
    }

    function test_GetCodeDeploysFromArtifact() public {
        bytes memory initCode = vm.getCode("Counter.sol:Counter");
        address deployed;
        assembly {
            deployed := create(0, add(initCode, 0x20), mload(initCode))
        }
        assertTrue(deployed != address(0), "deployed");
        Counter(deployed).increment();
        assertEq(Counter(deployed).number(), 1);
        assertEq(Counter(deployed).owner(), address(this));
        // forge-std's deployCode does the same through vm.getCode.
        Counter viaHelper = Counter(deployCode("Counter.sol"));
        assertEq(viaHelper.step(), 1);
    }

    function test_EtchDeployedCode() public {
        address where = address(0xBEEF);
        assertEq(where.code.length, 0);
        vm.etch(where, vm.getDeployedCode("BlockInfo.sol:BlockInfo"));
        assertEq(keccak256(where.code), keccak256(address(info).code));
        (uint256 number,,,,,,) = BlockInfo(where).info();
        assertEq(number, block.number);
    }

    function test_AddrAndSign() public {
        // The well-known address of private key 1.
        assertEq(vm.addr(1), 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf);
        (address signer, uint256 key) = makeAddrAndKey("signer");
        assertEq(vm.addr(key), signer);
        bytes32 digest = keccak256("tdk example message");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        assertEq(ecrecover(digest, v, r, s), signer);
        assertNotEq(ecrecover(keccak256("another message"), v, r, s), signer);
    }

    function test_Labels() public {
        address alice = makeAddr("alice");
        assertEq(vm.getLabel(alice), "alice");
        vm.label(address(info), "BlockInfo");
        assertEq(vm.getLabel(address(info)), "BlockInfo");
    }

    function test_SkipFalseRuns() public {
        vm.skip(false);
        console.log("vm.skip(false) lets the test go on");
        assertEq(block.chainid, 31337);
    }

    function test_SkipTrueIsReportedSkipped() public {
        vm.skip(true);
        revert("unreachable: a skipped test stops at vm.skip(true)");
    }

    function test_PausedGasMeteringIsNotCharged() public {
        vm.pauseGasMetering();
        uint256 before = gasleft();
        Counter c = new Counter();
        for (uint256 i = 0; i < 50; i++) {
            c.setNumber(i + 1);
        }
        uint256 used = before - gasleft();
        vm.resumeGasMetering();
        assertEq(c.number(), 50);
        // A deployment and 50 storage writes cost well over 200,000 gas when metered.
        assertLt(used, 200_000);
    }

    function test_NoGasMeteringModifier() public noGasMetering {
        Counter c = new Counter();
        c.increment();
        assertEq(c.number(), 1);
    }
}
