// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {VmSafe} from "forge-std/Vm.sol";

/// Something to deploy, call, pay and read storage from.
contract Box {
    uint256 public a;
    uint256 public b;

    function set(uint256 v) external {
        a = v;
    }

    function pay() external payable {}
}

error Bad(uint256 code, address who);

contract Thrower {
    function go(uint256 code) external view {
        revert Bad(code, msg.sender);
    }
}

/// The less common cheatcodes, each checked against a fact the EVM or plain Solidity establishes.
contract MoreCheatcodesTest is Test {
    uint256 private constant PK = 0xA11CE;
    /// The deterministic-deployment proxy's runtime code (the CREATE2 factory forge-std refers to).
    bytes private constant FACTORY_CODE =
        hex"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";
    address private constant FACTORY = 0x4e59b44847b379578588920cA78FbF26c0B4956C;

    // ---- address derivation ----

    function test_ComputeCreateAddressMatchesNew() public {
        address predicted = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        assertEq(address(new Box()), predicted);
        // A nonce above 0x7f changes its RLP encoding: still the address CREATE picks.
        vm.setNonce(address(this), 300);
        predicted = vm.computeCreateAddress(address(this), 300);
        assertEq(address(new Box()), predicted);
    }

    function test_ComputeCreate2AddressMatchesSaltedNew() public {
        bytes32 salt = keccak256("tdk");
        bytes32 initCodeHash = keccak256(type(Box).creationCode);
        address predicted = vm.computeCreate2Address(salt, initCodeHash, address(this));
        assertEq(address(new Box{salt: salt}()), predicted);
    }

    function test_ComputeCreate2AddressDefaultsToTheFactory() public {
        vm.etch(FACTORY, FACTORY_CODE);
        bytes32 salt = bytes32(uint256(7));
        (bool ok, bytes memory out) = FACTORY.call(abi.encodePacked(salt, type(Box).creationCode));
        assertTrue(ok);
        address deployed = address(bytes20(out));
        assertEq(vm.computeCreate2Address(salt, keccak256(type(Box).creationCode)), deployed);
        assertGt(deployed.code.length, 0);
    }

    // ---- keys ----

    function test_SignCompactRecoversTheSigner() public pure {
        bytes32 digest = keccak256("message");
        (bytes32 r, bytes32 vs) = vm.signCompact(PK, digest);
        bytes32 s = vs & bytes32(type(uint256).max >> 1);
        uint8 v = uint8(uint256(vs) >> 255) + 27;
        assertEq(ecrecover(digest, v, r, s), vm.addr(PK));
        (uint8 v2, bytes32 r2, bytes32 s2) = vm.sign(PK, digest);
        assertEq(r, r2);
        assertEq(s, s2);
        assertEq(v, v2);
    }

    // ---- recording and callers ----

    function test_StopRecordKeepsWhatWasRecorded() public {
        Box box = new Box();
        vm.record();
        box.a();
        vm.stopRecord();
        box.b();
        (bytes32[] memory reads, bytes32[] memory writes) = vm.accesses(address(box));
        assertEq(reads.length, 1);
        assertEq(reads[0], bytes32(uint256(0)));
        assertEq(writes.length, 0);
    }

    function test_ReadCallers() public {
        (VmSafe.CallerMode mode, address sender, address origin) = vm.readCallers();
        assertEq(uint256(mode), uint256(VmSafe.CallerMode.None));
        assertEq(sender, tx.origin);
        assertEq(origin, tx.origin);

        vm.prank(address(0xA1));
        (mode, sender, origin) = vm.readCallers();
        assertEq(uint256(mode), uint256(VmSafe.CallerMode.Prank));
        assertEq(sender, address(0xA1));
        assertEq(origin, tx.origin);
        new Box(); // uses up the single prank

        vm.startPrank(address(0xB1), address(0xB2));
        (mode, sender, origin) = vm.readCallers();
        assertEq(uint256(mode), uint256(VmSafe.CallerMode.RecurrentPrank));
        assertEq(sender, address(0xB1));
        assertEq(origin, address(0xB2));
        vm.stopPrank();

        (mode,,) = vm.readCallers();
        assertEq(uint256(mode), uint256(VmSafe.CallerMode.None));
    }

    // ---- expectations and mocks ----

    function test_MockCallRevert() public {
        Box box = new Box();
        bytes memory reason = abi.encodeWithSelector(Bad.selector, 7, address(0xCAFE));
        vm.mockCallRevert(address(box), abi.encodeWithSignature("a()"), reason);
        try box.a() {
            fail();
        } catch (bytes memory data) {
            assertEq(data, reason);
        }
        // Other calls to the contract are not mocked.
        assertEq(box.b(), 0);
        vm.clearMockedCalls();
        assertEq(box.a(), 0);
    }

    function test_ExpectPartialRevertMatchesTheSelector() public {
        Thrower t = new Thrower();
        vm.expectPartialRevert(Bad.selector);
        t.go(42);
    }

    function test_ExpectCallWithGas() public {
        Box box = new Box();
        vm.expectCall(address(box), 0, 50_000, abi.encodeCall(Box.set, (1)));
        box.set{gas: 50_000}(1);
        // With value, the callee also gets the 2300 stipend; the expectation counts the gas argument.
        vm.expectCall(address(box), 1, 60_000, abi.encodeCall(Box.pay, ()));
        box.pay{value: 1, gas: 60_000}();
    }

    // ---- snapshots ----

    function test_SnapshotDeletion() public {
        Box box = new Box();
        uint256 first = vm.snapshotState();
        box.set(1);
        uint256 second = vm.snapshot();
        box.set(2);
        assertTrue(vm.revertToAndDelete(second));
        assertEq(box.a(), 1);
        assertFalse(vm.revertTo(second));
        assertTrue(vm.deleteSnapshot(first));
        assertFalse(vm.deleteSnapshot(first));
        uint256 third = vm.snapshotState();
        vm.deleteStateSnapshots();
        assertFalse(vm.revertToState(third));
        assertEq(box.a(), 1);
    }

    // ---- block and accounts ----

    function test_DifficultyFailsAfterTheMerge() public {
        try vm.difficulty(1) {
            fail();
        } catch (bytes memory data) {
            assertEq(
                message(data),
                "vm.difficulty: `difficulty` is not supported after the Paris hard fork, use `prevrandao` instead; see EIP-4399: https://eips.ethereum.org/EIPS/eip-4399"
            );
        }
    }

    /// Like forge, the value is the block's excess blob gas: BLOBBASEFEE is EIP-4844's price for it.
    function test_BlobBaseFee() public {
        vm.blobBaseFee(10_000_000);
        assertEq(block.blobbasefee, blobPrice(10_000_000));
        assertGt(block.blobbasefee, 1);
        vm.blobBaseFee(0);
        assertEq(block.blobbasefee, 1);
    }

    /// EIP-4844's fake_exponential(MIN_BLOB_BASE_FEE = 1, excess, BLOB_BASE_FEE_UPDATE_FRACTION).
    function blobPrice(uint256 excess) internal pure returns (uint256) {
        uint256 fraction = 3338477;
        uint256 output = 0;
        uint256 accum = fraction;
        for (uint256 i = 1; accum > 0; i++) {
            output += accum;
            accum = (accum * excess) / (fraction * i);
        }
        return output / fraction;
    }

    function test_SetNonceUnsafeAndResetNonce() public {
        address eoa = address(0xE0A);
        vm.setNonceUnsafe(eoa, 10);
        assertEq(vm.getNonce(eoa), 10);
        vm.setNonceUnsafe(eoa, 3); // lower than before: only the unsafe variant allows it
        assertEq(vm.getNonce(eoa), 3);
        vm.resetNonce(eoa);
        assertEq(vm.getNonce(eoa), 0);

        Box box = new Box();
        vm.setNonce(address(box), 9);
        vm.resetNonce(address(box));
        assertEq(vm.getNonce(address(box)), 1);
        // The next CREATE uses the reset nonce: from 1 again, it would collide with box's address.
        vm.resetNonce(address(this));
        assertEq(vm.getNonce(address(this)), 1);
        assertEq(vm.computeCreateAddress(address(this), 1), address(box));
    }

    // ---- environment variables ----

    function test_SetEnvAndEnvExists() public {
        assertFalse(vm.envExists("TDK_MORE_NEVER_SET"));
        vm.setEnv("TDK_MORE_INT", "-12");
        assertTrue(vm.envExists("TDK_MORE_INT"));
        assertEq(vm.envInt("TDK_MORE_INT"), -12);
        assertEq(vm.envOr("TDK_MORE_INT", int256(5)), -12);
        assertEq(vm.envOr("TDK_MORE_UNSET_INT", int256(-5)), -5);

        bytes32 word = keccak256("w");
        vm.setEnv("TDK_MORE_BYTES32", vm.toString(word));
        assertEq(vm.envOr("TDK_MORE_BYTES32", bytes32(0)), word);
        assertEq(vm.envOr("TDK_MORE_UNSET_BYTES32", bytes32(uint256(1))), bytes32(uint256(1)));

        vm.setEnv("TDK_MORE_BYTES", "0xc0ffee");
        assertEq(vm.envOr("TDK_MORE_BYTES", bytes("")), hex"c0ffee");
        assertEq(vm.envOr("TDK_MORE_UNSET_BYTES", bytes(hex"01")), hex"01");
    }

    // ---- files (fs_permissions: read-write on ./data) ----

    function test_BinaryFiles() public {
        string memory path = "data/written/more/binary.dat";
        vm.writeFileBinary(path, hex"00ff10");
        assertEq(vm.readFileBinary(path), hex"00ff10");
        assertTrue(vm.isFile(path));
        assertFalse(vm.isDir(path));
        assertTrue(vm.isDir("data/written/more"));
        assertFalse(vm.isFile("data/written/more"));
        vm.removeFile(path);
        assertFalse(vm.exists(path));
        assertFalse(vm.isFile(path));
    }

    function test_WriteLineAndReadLine() public {
        string memory path = "data/written/more/lines.txt";
        if (vm.exists(path)) vm.removeFile(path);
        vm.writeLine(path, "first");
        vm.writeLine(path, "second");
        assertEq(vm.readFile(path), "first\nsecond\n");
        assertEq(vm.readLine(path), "first");
        assertEq(vm.readLine(path), "second");
        assertEq(vm.readLine(path), "");
    }

    // ---- array assertions (forge's messages) ----

    function test_ArrayAssertions() public pure {
        uint256[] memory u = new uint256[](2);
        u[0] = 1;
        u[1] = 2;
        uint256[] memory u2 = new uint256[](2);
        u2[0] = 1;
        u2[1] = 3;
        assertEq(u, u);
        assertNotEq(u, u2);
        assertNotEq(u, new uint256[](0), "lengths differ");

        int256[] memory i = new int256[](1);
        i[0] = -1;
        assertEq(i, i);
        address[] memory a = new address[](1);
        a[0] = address(0xBEEF);
        assertEq(a, a, "addresses");
        bool[] memory b = new bool[](2);
        b[1] = true;
        assertEq(b, b);
        bytes32[] memory w = new bytes32[](1);
        w[0] = keccak256("x");
        assertEq(w, w);
        string[] memory s = new string[](2);
        s[0] = "a";
        s[1] = "b";
        string[] memory s2 = new string[](2);
        s2[0] = "a";
        s2[1] = "c";
        assertEq(s, s);
        assertNotEq(s, s2);
        bytes[] memory y = new bytes[](1);
        y[0] = hex"beef";
        assertEq(y, y);
    }

    function test_ArrayAssertionMessages() public {
        uint256[] memory u = new uint256[](2);
        u[0] = 1;
        u[1] = 2;
        uint256[] memory u2 = new uint256[](2);
        u2[0] = 1;
        u2[1] = 3;
        expectFailure(abi.encodeWithSignature("assertEq(uint256[],uint256[])", u, u2), "assertion failed: [1, 2] != [1, 3]");
        expectFailure(
            abi.encodeWithSignature("assertEq(uint256[],uint256[],string)", u, u2, "sums"), "sums: [1, 2] != [1, 3]"
        );
        expectFailure(abi.encodeWithSignature("assertNotEq(uint256[],uint256[])", u, u), "assertion failed: [1, 2] == [1, 2]");

        address[] memory a = new address[](1);
        a[0] = 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf;
        expectFailure(
            abi.encodeWithSignature("assertEq(address[],address[])", a, new address[](0)),
            "assertion failed: [0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf] != []"
        );
        bool[] memory b = new bool[](1);
        expectFailure(abi.encodeWithSignature("assertNotEq(bool[],bool[])", b, b), "assertion failed: [false] == [false]");
        int256[] memory i = new int256[](1);
        i[0] = -3;
        expectFailure(abi.encodeWithSignature("assertEq(int256[],int256[])", i, new int256[](0)), "assertion failed: [-3] != []");
        bytes32[] memory w = new bytes32[](1);
        w[0] = bytes32(uint256(0xab));
        expectFailure(
            abi.encodeWithSignature("assertNotEq(bytes32[],bytes32[])", w, w),
            "assertion failed: [0x00000000000000000000000000000000000000000000000000000000000000ab] == [0x00000000000000000000000000000000000000000000000000000000000000ab]"
        );
        string[] memory s = new string[](2);
        s[0] = "a";
        s[1] = "b";
        expectFailure(abi.encodeWithSignature("assertNotEq(string[],string[])", s, s), "assertion failed: [a, b] == [a, b]");
        bytes[] memory y = new bytes[](1);
        y[0] = hex"beef";
        expectFailure(abi.encodeWithSignature("assertNotEq(bytes[],bytes[])", y, y), "assertion failed: [0xbeef] == [0xbeef]");
    }

    /// Calls the cheatcode directly and checks the Error(string) it reverts with.
    function expectFailure(bytes memory call, string memory expected) internal {
        (bool ok, bytes memory data) = address(vm).call(call);
        assertFalse(ok, "the assertion passed");
        assertEq(message(data), expected);
    }

    /// The string a cheatcode failed with. forge encodes it as CheatcodeError(string), tdk as
    /// Error(string): the same layout after the selector, which is what is compared here.
    function message(bytes memory data) internal pure returns (string memory) {
        assertGe(data.length, 4);
        bytes memory body = new bytes(data.length - 4);
        for (uint256 i = 0; i < body.length; i++) {
            body[i] = data[i + 4];
        }
        return abi.decode(body, (string));
    }
}
