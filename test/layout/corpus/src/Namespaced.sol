// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Color} from "./Types.sol";

// A contract that keeps all its state in two ERC-7201 namespaces, one declared in a base.
abstract contract NamespacedBase {
    /// @custom:storage-location erc7201:tdk.corpus.base
    struct BaseStorage {
        uint8 level;
        Color color;
        bytes32 salt;
    }

    function _base() internal pure returns (BaseStorage storage $) {
        bytes32 slot = keccak256(abi.encode(uint256(keccak256("tdk.corpus.base")) - 1)) & ~bytes32(uint256(0xff));
        assembly {
            $.slot := slot
        }
    }
}

contract Namespaced is NamespacedBase {
    /**
     * @custom:storage-location erc7201:tdk.corpus.main
     */
    struct MainStorage {
        uint128 total;
        uint64 count;
        mapping(uint256 => string) notes;
        uint256[3] fixedList;
        uint16[] dynList;
    }

    uint256 public regular;

    function _main() internal pure returns (MainStorage storage $) {
        bytes32 slot = keccak256(abi.encode(uint256(keccak256("tdk.corpus.main")) - 1)) & ~bytes32(uint256(0xff));
        assembly {
            $.slot := slot
        }
    }

    function set(uint8 level, Color color, bytes32 salt, uint128 total, uint64 count, uint256 r) external {
        BaseStorage storage b = _base();
        (b.level, b.color, b.salt) = (level, color, salt);
        MainStorage storage m = _main();
        (m.total, m.count) = (total, count);
        regular = r;
    }

    function setLists(uint256 k, string calldata note, uint256[3] calldata f, uint16[] calldata d) external {
        MainStorage storage m = _main();
        m.notes[k] = note;
        m.fixedList = f;
        m.dynList = d;
    }

    function level() external view returns (uint8) {
        return _base().level;
    }

    function color() external view returns (Color) {
        return _base().color;
    }

    function salt() external view returns (bytes32) {
        return _base().salt;
    }

    function total() external view returns (uint128) {
        return _main().total;
    }

    function count() external view returns (uint64) {
        return _main().count;
    }

    function notes(uint256 k) external view returns (string memory) {
        return _main().notes[k];
    }

    function fixedList(uint256 i) external view returns (uint256) {
        return _main().fixedList[i];
    }

    function dynList(uint256 i) external view returns (uint16) {
        return _main().dynList[i];
    }

    function dynList_length() external view returns (uint256) {
        return _main().dynList.length;
    }
}
