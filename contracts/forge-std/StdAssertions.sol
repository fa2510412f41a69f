// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;

import {StdFormat} from "./StdFormat.sol";
import {stdMath} from "./StdMath.sol";
import {Vm} from "./Vm.sol";

/// forge-std's assertion functions, written in Solidity. A failed assertion reverts with
/// `Error(string)` carrying forge's message ("assertion failed: 1 != 2", or "<your message>: 1 != 2"
/// when a message is given), so the runner reports it exactly like forge's `vm.assertEq` cheatcodes do.
/// `fail()` is the legacy, non-reverting way: it sets the failure flag the runner reads after the test.
abstract contract StdAssertions {
    Vm private constant _vmAsserts = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    /// The legacy failure flag lives in the cheatcode account's storage under this key.
    bytes32 private constant FAILED_SLOT = bytes32("failed");

    bool private _failed;

    event log(string);
    event logs(bytes);
    event log_address(address);
    event log_bytes32(bytes32);
    event log_int(int256);
    event log_uint(uint256);
    event log_bytes(bytes);
    event log_string(string);
    event log_named_address(string key, address val);
    event log_named_bytes32(string key, bytes32 val);
    event log_named_decimal_int(string key, int256 val, uint256 decimals);
    event log_named_decimal_uint(string key, uint256 val, uint256 decimals);
    event log_named_int(string key, int256 val);
    event log_named_uint(string key, uint256 val);
    event log_named_bytes(string key, bytes val);
    event log_named_string(string key, string val);
    event log_array(uint256[] val);
    event log_array(int256[] val);
    event log_array(address[] val);
    event log_named_array(string key, uint256[] val);
    event log_named_array(string key, int256[] val);
    event log_named_array(string key, address[] val);

    /// True once `fail()` ran in this test (or anything stored the flag at the cheatcode address).
    function failed() public view returns (bool) {
        return _failed || _vmAsserts.load(address(_vmAsserts), FAILED_SLOT) != bytes32(0);
    }

    /// Marks the test failed without stopping it.
    function fail() internal virtual {
        _vmAsserts.store(address(_vmAsserts), FAILED_SLOT, bytes32(uint256(1)));
        _failed = true;
    }

    /// Fails the test now, with `err` as the reason.
    function fail(string memory err) internal pure virtual {
        revert(err);
    }

    function assertTrue(bool condition) internal pure virtual {
        if (!condition) revert("assertion failed");
    }

    function assertTrue(bool condition, string memory err) internal pure virtual {
        if (!condition) revert(err);
    }

    function assertFalse(bool condition) internal pure virtual {
        if (condition) revert("assertion failed");
    }

    function assertFalse(bool condition, string memory err) internal pure virtual {
        if (condition) revert(err);
    }

    function assertEq(bool left, bool right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(bool left, bool right, string memory err) internal pure virtual {
        if (!(left == right)) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(uint256 left, uint256 right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(uint256 left, uint256 right, string memory err) internal pure virtual {
        if (!(left == right)) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(int256 left, int256 right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(int256 left, int256 right, string memory err) internal pure virtual {
        if (!(left == right)) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(address left, address right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(address left, address right, string memory err) internal pure virtual {
        if (!(left == right)) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(bytes32 left, bytes32 right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(bytes32 left, bytes32 right, string memory err) internal pure virtual {
        if (!(left == right)) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(string memory left, string memory right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(string memory left, string memory right, string memory err) internal pure virtual {
        if (!(keccak256(abi.encode(left)) == keccak256(abi.encode(right)))) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(bytes memory left, bytes memory right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(bytes memory left, bytes memory right, string memory err) internal pure virtual {
        if (!(keccak256(abi.encode(left)) == keccak256(abi.encode(right)))) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(uint256[] memory left, uint256[] memory right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(uint256[] memory left, uint256[] memory right, string memory err) internal pure virtual {
        if (!(keccak256(abi.encode(left)) == keccak256(abi.encode(right)))) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(int256[] memory left, int256[] memory right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(int256[] memory left, int256[] memory right, string memory err) internal pure virtual {
        if (!(keccak256(abi.encode(left)) == keccak256(abi.encode(right)))) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(address[] memory left, address[] memory right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(address[] memory left, address[] memory right, string memory err) internal pure virtual {
        if (!(keccak256(abi.encode(left)) == keccak256(abi.encode(right)))) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(bytes32[] memory left, bytes32[] memory right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(bytes32[] memory left, bytes32[] memory right, string memory err) internal pure virtual {
        if (!(keccak256(abi.encode(left)) == keccak256(abi.encode(right)))) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(bool[] memory left, bool[] memory right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(bool[] memory left, bool[] memory right, string memory err) internal pure virtual {
        if (!(keccak256(abi.encode(left)) == keccak256(abi.encode(right)))) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(string[] memory left, string[] memory right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(string[] memory left, string[] memory right, string memory err) internal pure virtual {
        if (!(keccak256(abi.encode(left)) == keccak256(abi.encode(right)))) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertEq(bytes[] memory left, bytes[] memory right) internal pure virtual {
        assertEq(left, right, "");
    }

    function assertEq(bytes[] memory left, bytes[] memory right, string memory err) internal pure virtual {
        if (!(keccak256(abi.encode(left)) == keccak256(abi.encode(right)))) _failPair(err, StdFormat.toString(left), "!=", StdFormat.toString(right));
    }

    function assertNotEq(bool left, bool right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(bool left, bool right, string memory err) internal pure virtual {
        if (!(!(left == right))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(uint256 left, uint256 right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(uint256 left, uint256 right, string memory err) internal pure virtual {
        if (!(!(left == right))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(int256 left, int256 right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(int256 left, int256 right, string memory err) internal pure virtual {
        if (!(!(left == right))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(address left, address right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(address left, address right, string memory err) internal pure virtual {
        if (!(!(left == right))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(bytes32 left, bytes32 right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(bytes32 left, bytes32 right, string memory err) internal pure virtual {
        if (!(!(left == right))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(string memory left, string memory right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(string memory left, string memory right, string memory err) internal pure virtual {
        if (!(!(keccak256(abi.encode(left)) == keccak256(abi.encode(right))))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(bytes memory left, bytes memory right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(bytes memory left, bytes memory right, string memory err) internal pure virtual {
        if (!(!(keccak256(abi.encode(left)) == keccak256(abi.encode(right))))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(uint256[] memory left, uint256[] memory right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(uint256[] memory left, uint256[] memory right, string memory err) internal pure virtual {
        if (!(!(keccak256(abi.encode(left)) == keccak256(abi.encode(right))))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(int256[] memory left, int256[] memory right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(int256[] memory left, int256[] memory right, string memory err) internal pure virtual {
        if (!(!(keccak256(abi.encode(left)) == keccak256(abi.encode(right))))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(address[] memory left, address[] memory right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(address[] memory left, address[] memory right, string memory err) internal pure virtual {
        if (!(!(keccak256(abi.encode(left)) == keccak256(abi.encode(right))))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(bytes32[] memory left, bytes32[] memory right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(bytes32[] memory left, bytes32[] memory right, string memory err) internal pure virtual {
        if (!(!(keccak256(abi.encode(left)) == keccak256(abi.encode(right))))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(bool[] memory left, bool[] memory right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(bool[] memory left, bool[] memory right, string memory err) internal pure virtual {
        if (!(!(keccak256(abi.encode(left)) == keccak256(abi.encode(right))))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(string[] memory left, string[] memory right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(string[] memory left, string[] memory right, string memory err) internal pure virtual {
        if (!(!(keccak256(abi.encode(left)) == keccak256(abi.encode(right))))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertNotEq(bytes[] memory left, bytes[] memory right) internal pure virtual {
        assertNotEq(left, right, "");
    }

    function assertNotEq(bytes[] memory left, bytes[] memory right, string memory err) internal pure virtual {
        if (!(!(keccak256(abi.encode(left)) == keccak256(abi.encode(right))))) _failPair(err, StdFormat.toString(left), "==", StdFormat.toString(right));
    }

    function assertLt(uint256 left, uint256 right) internal pure virtual {
        assertLt(left, right, "");
    }

    function assertLt(uint256 left, uint256 right, string memory err) internal pure virtual {
        if (!(left < right)) _failPair(err, StdFormat.toString(left), ">=", StdFormat.toString(right));
    }

    function assertLe(uint256 left, uint256 right) internal pure virtual {
        assertLe(left, right, "");
    }

    function assertLe(uint256 left, uint256 right, string memory err) internal pure virtual {
        if (!(left <= right)) _failPair(err, StdFormat.toString(left), ">", StdFormat.toString(right));
    }

    function assertGt(uint256 left, uint256 right) internal pure virtual {
        assertGt(left, right, "");
    }

    function assertGt(uint256 left, uint256 right, string memory err) internal pure virtual {
        if (!(left > right)) _failPair(err, StdFormat.toString(left), "<=", StdFormat.toString(right));
    }

    function assertGe(uint256 left, uint256 right) internal pure virtual {
        assertGe(left, right, "");
    }

    function assertGe(uint256 left, uint256 right, string memory err) internal pure virtual {
        if (!(left >= right)) _failPair(err, StdFormat.toString(left), "<", StdFormat.toString(right));
    }

    function assertLt(int256 left, int256 right) internal pure virtual {
        assertLt(left, right, "");
    }

    function assertLt(int256 left, int256 right, string memory err) internal pure virtual {
        if (!(left < right)) _failPair(err, StdFormat.toString(left), ">=", StdFormat.toString(right));
    }

    function assertLe(int256 left, int256 right) internal pure virtual {
        assertLe(left, right, "");
    }

    function assertLe(int256 left, int256 right, string memory err) internal pure virtual {
        if (!(left <= right)) _failPair(err, StdFormat.toString(left), ">", StdFormat.toString(right));
    }

    function assertGt(int256 left, int256 right) internal pure virtual {
        assertGt(left, right, "");
    }

    function assertGt(int256 left, int256 right, string memory err) internal pure virtual {
        if (!(left > right)) _failPair(err, StdFormat.toString(left), "<=", StdFormat.toString(right));
    }

    function assertGe(int256 left, int256 right) internal pure virtual {
        assertGe(left, right, "");
    }

    function assertGe(int256 left, int256 right, string memory err) internal pure virtual {
        if (!(left >= right)) _failPair(err, StdFormat.toString(left), "<", StdFormat.toString(right));
    }

    function assertApproxEqAbs(uint256 left, uint256 right, uint256 maxDelta) internal pure virtual {
        assertApproxEqAbs(left, right, maxDelta, "");
    }

    function assertApproxEqAbs(uint256 left, uint256 right, uint256 maxDelta, string memory err)
        internal
        pure
        virtual
    {
        uint256 delta = stdMath.delta(left, right);
        if (delta > maxDelta) {
            _failApprox(err, StdFormat.toString(left), StdFormat.toString(right), StdFormat.toString(maxDelta), StdFormat.toString(delta));
        }
    }

    function assertApproxEqAbs(int256 left, int256 right, uint256 maxDelta) internal pure virtual {
        assertApproxEqAbs(left, right, maxDelta, "");
    }

    function assertApproxEqAbs(int256 left, int256 right, uint256 maxDelta, string memory err)
        internal
        pure
        virtual
    {
        uint256 delta = stdMath.delta(left, right);
        if (delta > maxDelta) {
            _failApprox(err, StdFormat.toString(left), StdFormat.toString(right), StdFormat.toString(maxDelta), StdFormat.toString(delta));
        }
    }

    /// `maxPercentDelta` is scaled so that 1e18 is 100%; a zero `right` only matches a zero `left`.
    function assertApproxEqRel(uint256 left, uint256 right, uint256 maxPercentDelta) internal pure virtual {
        assertApproxEqRel(left, right, maxPercentDelta, "");
    }

    function assertApproxEqRel(uint256 left, uint256 right, uint256 maxPercentDelta, string memory err)
        internal
        pure
        virtual
    {
        if (right == 0) return assertEq(left, right, err);
        uint256 percentDelta = stdMath.percentDelta(left, right);
        if (percentDelta > maxPercentDelta) {
            _failApprox(err, StdFormat.toString(left), StdFormat.toString(right), _percent(maxPercentDelta), _percent(percentDelta));
        }
    }

    function assertApproxEqRel(int256 left, int256 right, uint256 maxPercentDelta) internal pure virtual {
        assertApproxEqRel(left, right, maxPercentDelta, "");
    }

    function assertApproxEqRel(int256 left, int256 right, uint256 maxPercentDelta, string memory err)
        internal
        pure
        virtual
    {
        if (right == 0) return assertEq(left, right, err);
        uint256 percentDelta = stdMath.percentDelta(left, right);
        if (percentDelta > maxPercentDelta) {
            _failApprox(err, StdFormat.toString(left), StdFormat.toString(right), _percent(maxPercentDelta), _percent(percentDelta));
        }
    }

    /// "<prefix>: <left> <op> <right>", the prefix being the caller's message or "assertion failed".
    function _failPair(string memory err, string memory left, string memory op, string memory right)
        private
        pure
    {
        revert(string.concat(_prefix(err), ": ", left, " ", op, " ", right));
    }

    function _failApprox(
        string memory err,
        string memory left,
        string memory right,
        string memory maxDelta,
        string memory realDelta
    ) private pure {
        revert(
            string.concat(
                _prefix(err), ": ", left, " !~= ", right, " (max delta: ", maxDelta, ", real delta: ", realDelta, ")"
            )
        );
    }

    function _prefix(string memory err) private pure returns (string memory) {
        return bytes(err).length == 0 ? "assertion failed" : err;
    }

    /// A 1e18-scaled fraction as a percentage with 16 decimals, as forge prints it (1e16 -> "1.0000000000000000%").
    function _percent(uint256 scaled) private pure returns (string memory) {
        return string.concat(StdFormat.toFixed(scaled, 16), "%");
    }
}
