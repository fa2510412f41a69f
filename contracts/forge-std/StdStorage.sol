// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;

import {Vm} from "./Vm.sol";

/// A query for the storage slot behind a getter: target contract, function, keys (mapping keys or
/// arguments, each a 32-byte word) and which 32-byte word of the return value to follow (depth).
/// Built with `stdstore.target(t).sig(s).with_key(k).depth(d)` and consumed by find/checked_write/read_*,
/// which clear it for the next query.
struct StdStorage {
    /// Slots already found: target => keccak256(calldata, depth) => slot + 1 (0 = unknown).
    mapping(address => mapping(bytes32 => uint256)) found;
    address _target;
    bytes4 _sig;
    bytes32[] _keys;
    uint256 _depth;
    bytes _calldata;
    bool _hasCalldata;
}

/// Finds and writes the storage behind a view function by watching which slots it reads
/// (`vm.record`/`vm.accesses`) and probing each: the slot whose change shows in the return value is it.
/// Packed slots (several values in one word) are not supported: find() reverts for them.
library stdStorage {
    Vm private constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    function target(StdStorage storage self, address _target) internal returns (StdStorage storage) {
        self._target = _target;
        return self;
    }

    function sig(StdStorage storage self, bytes4 _sig) internal returns (StdStorage storage) {
        self._sig = _sig;
        return self;
    }

    /// The selector of a signature such as "balanceOf(address)".
    function sig(StdStorage storage self, string memory _sig) internal returns (StdStorage storage) {
        self._sig = bytes4(keccak256(bytes(_sig)));
        return self;
    }

    /// The whole calldata of the getter call, instead of sig + keys.
    function with_calldata(StdStorage storage self, bytes memory _calldata) internal returns (StdStorage storage) {
        self._calldata = _calldata;
        self._hasCalldata = true;
        return self;
    }

    function with_key(StdStorage storage self, address who) internal returns (StdStorage storage) {
        self._keys.push(bytes32(uint256(uint160(who))));
        return self;
    }

    function with_key(StdStorage storage self, uint256 amt) internal returns (StdStorage storage) {
        self._keys.push(bytes32(amt));
        return self;
    }

    function with_key(StdStorage storage self, bytes32 key) internal returns (StdStorage storage) {
        self._keys.push(key);
        return self;
    }

    /// Which 32-byte word of the return data the slot holds (for getters returning several values).
    function depth(StdStorage storage self, uint256 _depth) internal returns (StdStorage storage) {
        self._depth = _depth;
        return self;
    }

    /// The slot, and clears the query.
    function find(StdStorage storage self) internal returns (uint256) {
        return find(self, true);
    }

    function find(StdStorage storage self, bool _clear) internal returns (uint256 slot) {
        bytes memory cd = _callData(self);
        bytes32 cacheKey = keccak256(abi.encodePacked(cd, self._depth));
        uint256 cached = self.found[self._target][cacheKey];
        if (cached != 0) {
            slot = cached - 1;
        } else {
            slot = _probe(self._target, cd, self._depth);
            self.found[self._target][cacheKey] = slot + 1;
        }
        if (_clear) clear(self);
    }

    function checked_write(StdStorage storage self, address who) internal {
        checked_write(self, bytes32(uint256(uint160(who))));
    }

    function checked_write(StdStorage storage self, uint256 amt) internal {
        checked_write(self, bytes32(amt));
    }

    function checked_write_int(StdStorage storage self, int256 val) internal {
        checked_write(self, bytes32(uint256(val)));
    }

    function checked_write(StdStorage storage self, bool write) internal {
        checked_write(self, write ? bytes32(uint256(1)) : bytes32(0));
    }

    /// Writes `set` into the slot, then checks the getter returns it (reverting, state restored, if not).
    function checked_write(StdStorage storage self, bytes32 set) internal {
        address who = self._target;
        bytes memory cd = _callData(self);
        uint256 d = self._depth;
        uint256 slot = find(self, false);
        bytes32 previous = vm.load(who, bytes32(slot));
        vm.store(who, bytes32(slot), set);
        (bool ok, bytes32 seen) = _word(who, cd, d);
        if (!ok || seen != set) {
            vm.store(who, bytes32(slot), previous);
            revert("stdStorage find(StdStorage): Failed to write value.");
        }
        clear(self);
    }

    function read_bytes32(StdStorage storage self) internal returns (bytes32) {
        address who = self._target;
        uint256 slot = find(self, true);
        return vm.load(who, bytes32(slot));
    }

    function read_bool(StdStorage storage self) internal returns (bool) {
        bytes32 v = read_bytes32(self);
        if (v == bytes32(0)) return false;
        if (v == bytes32(uint256(1))) return true;
        revert("stdStorage read_bool(StdStorage): Cannot decode. Make sure you are reading a bool.");
    }

    function read_address(StdStorage storage self) internal returns (address) {
        return address(uint160(uint256(read_bytes32(self))));
    }

    function read_uint(StdStorage storage self) internal returns (uint256) {
        return uint256(read_bytes32(self));
    }

    function read_int(StdStorage storage self) internal returns (int256) {
        return int256(uint256(read_bytes32(self)));
    }

    /// The mapping key and the mapping's own slot behind the found slot (needs mapping recording on).
    function parent(StdStorage storage self) internal returns (uint256, bytes32) {
        address who = self._target;
        uint256 slot = find(self, true);
        (bool found, bytes32 key, bytes32 parentSlot) = vm.getMappingKeyAndParentOf(who, bytes32(slot));
        require(found, "stdStorage parent(StdStorage): Cannot find parent. Make sure you give a slot and startMappingRecording() has been called.");
        return (uint256(parentSlot), key);
    }

    function clear(StdStorage storage self) internal {
        delete self._target;
        delete self._sig;
        delete self._keys;
        delete self._depth;
        delete self._calldata;
        delete self._hasCalldata;
    }

    function _callData(StdStorage storage self) private view returns (bytes memory) {
        if (self._hasCalldata) return self._calldata;
        return abi.encodePacked(self._sig, self._keys);
    }

    /// The `depth`-th word the getter returns, or ok=false when the call fails or returns too little.
    function _word(address who, bytes memory cd, uint256 d) private view returns (bool ok, bytes32 value) {
        bytes memory ret;
        (ok, ret) = who.staticcall(cd);
        if (!ok || ret.length < 32 * (d + 1)) return (false, bytes32(0));
        assembly {
            value := mload(add(add(ret, 32), mul(d, 32)))
        }
    }

    /// Records the getter's reads, then tries each read slot (latest first): a slot holding the returned
    /// word whose change the getter reflects is the one. Every probe is undone.
    function _probe(address who, bytes memory cd, uint256 d) private returns (uint256) {
        vm.record();
        (bool ok, bytes32 expected) = _word(who, cd, d);
        (bytes32[] memory reads,) = vm.accesses(who);
        require(ok, "stdStorage find(StdStorage): The call to the target failed or returned too little data.");
        for (uint256 i = reads.length; i > 0; i--) {
            bytes32 slot = reads[i - 1];
            bytes32 previous = vm.load(who, slot);
            if (previous != expected) continue;
            // A probe value that differs from what is there, whatever that is.
            bytes32 probe = ~previous;
            vm.store(who, slot, probe);
            (bool okProbe, bytes32 seen) = _word(who, cd, d);
            vm.store(who, slot, previous);
            if (okProbe && seen == probe) return uint256(slot);
        }
        revert("stdStorage find(StdStorage): Slot(s) not found.");
    }
}

using stdStorage for StdStorage global;
