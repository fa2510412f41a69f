// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;

import {StdFormat} from "./StdFormat.sol";
import {Vm} from "./Vm.sol";

/// forge-std's assertion functions. Scalars go to the assertion cheatcodes (vm.assertEq and friends),
/// as forge-std 1.8+ does: one short call per assertion, and the runner writes forge's message
/// ("assertion failed: 1 != 2", or "<your message>: 1 != 2"). Arrays, which the cheatcodes do not
/// cover here, are compared in Solidity and revert with `Error(string)` in the same format.
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
        _vmAsserts.assertTrue(condition);
    }

    function assertTrue(bool condition, string memory err) internal pure virtual {
        _vmAsserts.assertTrue(condition, err);
    }

    function assertFalse(bool condition) internal pure virtual {
        _vmAsserts.assertFalse(condition);
    }

    function assertFalse(bool condition, string memory err) internal pure virtual {
        _vmAsserts.assertFalse(condition, err);
    }

    function assertEq(bool left, bool right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(bool left, bool right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(uint256 left, uint256 right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(uint256 left, uint256 right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(int256 left, int256 right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(int256 left, int256 right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(address left, address right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(address left, address right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(bytes32 left, bytes32 right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(bytes32 left, bytes32 right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(string memory left, string memory right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(string memory left, string memory right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(bytes memory left, bytes memory right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(bytes memory left, bytes memory right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(uint256[] memory left, uint256[] memory right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(uint256[] memory left, uint256[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(int256[] memory left, int256[] memory right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(int256[] memory left, int256[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(address[] memory left, address[] memory right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(address[] memory left, address[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(bytes32[] memory left, bytes32[] memory right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(bytes32[] memory left, bytes32[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(bool[] memory left, bool[] memory right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(bool[] memory left, bool[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(string[] memory left, string[] memory right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(string[] memory left, string[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertEq(bytes[] memory left, bytes[] memory right) internal pure virtual {
        _vmAsserts.assertEq(left, right);
    }

    function assertEq(bytes[] memory left, bytes[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertEq(left, right, err);
    }

    function assertNotEq(bool left, bool right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(bool left, bool right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(uint256 left, uint256 right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(uint256 left, uint256 right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(int256 left, int256 right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(int256 left, int256 right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(address left, address right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(address left, address right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(bytes32 left, bytes32 right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(bytes32 left, bytes32 right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(string memory left, string memory right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(string memory left, string memory right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(bytes memory left, bytes memory right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(bytes memory left, bytes memory right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(uint256[] memory left, uint256[] memory right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(uint256[] memory left, uint256[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(int256[] memory left, int256[] memory right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(int256[] memory left, int256[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(address[] memory left, address[] memory right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(address[] memory left, address[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(bytes32[] memory left, bytes32[] memory right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(bytes32[] memory left, bytes32[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(bool[] memory left, bool[] memory right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(bool[] memory left, bool[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(string[] memory left, string[] memory right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(string[] memory left, string[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertNotEq(bytes[] memory left, bytes[] memory right) internal pure virtual {
        _vmAsserts.assertNotEq(left, right);
    }

    function assertNotEq(bytes[] memory left, bytes[] memory right, string memory err) internal pure virtual {
        _vmAsserts.assertNotEq(left, right, err);
    }

    function assertLt(uint256 left, uint256 right) internal pure virtual {
        _vmAsserts.assertLt(left, right);
    }

    function assertLt(uint256 left, uint256 right, string memory err) internal pure virtual {
        _vmAsserts.assertLt(left, right, err);
    }

    function assertLe(uint256 left, uint256 right) internal pure virtual {
        _vmAsserts.assertLe(left, right);
    }

    function assertLe(uint256 left, uint256 right, string memory err) internal pure virtual {
        _vmAsserts.assertLe(left, right, err);
    }

    function assertGt(uint256 left, uint256 right) internal pure virtual {
        _vmAsserts.assertGt(left, right);
    }

    function assertGt(uint256 left, uint256 right, string memory err) internal pure virtual {
        _vmAsserts.assertGt(left, right, err);
    }

    function assertGe(uint256 left, uint256 right) internal pure virtual {
        _vmAsserts.assertGe(left, right);
    }

    function assertGe(uint256 left, uint256 right, string memory err) internal pure virtual {
        _vmAsserts.assertGe(left, right, err);
    }

    function assertLt(int256 left, int256 right) internal pure virtual {
        _vmAsserts.assertLt(left, right);
    }

    function assertLt(int256 left, int256 right, string memory err) internal pure virtual {
        _vmAsserts.assertLt(left, right, err);
    }

    function assertLe(int256 left, int256 right) internal pure virtual {
        _vmAsserts.assertLe(left, right);
    }

    function assertLe(int256 left, int256 right, string memory err) internal pure virtual {
        _vmAsserts.assertLe(left, right, err);
    }

    function assertGt(int256 left, int256 right) internal pure virtual {
        _vmAsserts.assertGt(left, right);
    }

    function assertGt(int256 left, int256 right, string memory err) internal pure virtual {
        _vmAsserts.assertGt(left, right, err);
    }

    function assertGe(int256 left, int256 right) internal pure virtual {
        _vmAsserts.assertGe(left, right);
    }

    function assertGe(int256 left, int256 right, string memory err) internal pure virtual {
        _vmAsserts.assertGe(left, right, err);
    }

    function assertApproxEqAbs(uint256 left, uint256 right, uint256 maxDelta) internal pure virtual {
        _vmAsserts.assertApproxEqAbs(left, right, maxDelta);
    }

    function assertApproxEqAbs(uint256 left, uint256 right, uint256 maxDelta, string memory err)
        internal
        pure
        virtual
    {
        _vmAsserts.assertApproxEqAbs(left, right, maxDelta, err);
    }

    function assertApproxEqAbs(int256 left, int256 right, uint256 maxDelta) internal pure virtual {
        _vmAsserts.assertApproxEqAbs(left, right, maxDelta);
    }

    function assertApproxEqAbs(int256 left, int256 right, uint256 maxDelta, string memory err)
        internal
        pure
        virtual
    {
        _vmAsserts.assertApproxEqAbs(left, right, maxDelta, err);
    }

    /// `maxPercentDelta` is scaled so that 1e18 is 100%.
    function assertApproxEqRel(uint256 left, uint256 right, uint256 maxPercentDelta) internal pure virtual {
        _vmAsserts.assertApproxEqRel(left, right, maxPercentDelta);
    }

    function assertApproxEqRel(uint256 left, uint256 right, uint256 maxPercentDelta, string memory err)
        internal
        pure
        virtual
    {
        _vmAsserts.assertApproxEqRel(left, right, maxPercentDelta, err);
    }

    function assertApproxEqRel(int256 left, int256 right, uint256 maxPercentDelta) internal pure virtual {
        _vmAsserts.assertApproxEqRel(left, right, maxPercentDelta);
    }

    function assertApproxEqRel(int256 left, int256 right, uint256 maxPercentDelta, string memory err)
        internal
        pure
        virtual
    {
        _vmAsserts.assertApproxEqRel(left, right, maxPercentDelta, err);
    }

    /// Arrays are compared here, in Solidity: "<prefix>: [a, b] != [a, c]", the prefix being the
    /// caller's message or "assertion failed", as forge formats it.
    function _failPair(string memory err, string memory left, string memory op, string memory right)
        private
        pure
    {
        revert(string.concat(bytes(err).length == 0 ? "assertion failed" : err, ": ", left, " ", op, " ", right));
    }
}
