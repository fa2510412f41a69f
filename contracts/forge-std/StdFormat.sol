// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;

/// Values written the way forge prints them in assertion messages: decimal integers, EIP-55
/// checksummed addresses, 0x-prefixed lowercase hex for bytes, `[a, b]` for arrays.
library StdFormat {
    bytes16 private constant HEX = "0123456789abcdef";

    function toString(uint256 value) internal pure returns (string memory) {
        if (value == 0) return "0";
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) digits++;
        bytes memory out = new bytes(digits);
        for (; value != 0; value /= 10) out[--digits] = bytes1(uint8(48 + (value % 10)));
        return string(out);
    }

    function toString(int256 value) internal pure returns (string memory) {
        if (value >= 0) return toString(uint256(value));
        // -(type(int256).min) overflows; its magnitude is 2^255 as a uint256.
        uint256 magnitude = value == type(int256).min ? uint256(1) << 255 : uint256(-value);
        return string.concat("-", toString(magnitude));
    }

    function toString(bool value) internal pure returns (string memory) {
        return value ? "true" : "false";
    }

    function toString(string memory value) internal pure returns (string memory) {
        return value;
    }

    function toString(bytes32 value) internal pure returns (string memory) {
        return toHex(abi.encodePacked(value));
    }

    function toString(bytes memory value) internal pure returns (string memory) {
        return toHex(value);
    }

    /// EIP-55: a hex letter is upper case when the matching nibble of keccak256(lowercase hex) is >= 8.
    function toString(address value) internal pure returns (string memory) {
        bytes memory lower = bytes(toHex(abi.encodePacked(value)));
        bytes memory digits = new bytes(40);
        for (uint256 i = 0; i < 40; i++) digits[i] = lower[i + 2];
        bytes32 hash = keccak256(digits);
        for (uint256 i = 0; i < 40; i++) {
            uint8 nibble = (uint8(hash[i / 2]) >> (i % 2 == 0 ? 4 : 0)) & 0x0f;
            uint8 c = uint8(lower[i + 2]);
            if (c >= 97 && nibble >= 8) lower[i + 2] = bytes1(c - 32);
        }
        return string(lower);
    }

    function toHex(bytes memory data) internal pure returns (string memory) {
        bytes memory out = new bytes(2 + data.length * 2);
        out[0] = "0";
        out[1] = "x";
        for (uint256 i = 0; i < data.length; i++) {
            out[2 + 2 * i] = HEX[uint8(data[i]) >> 4];
            out[3 + 2 * i] = HEX[uint8(data[i]) & 0x0f];
        }
        return string(out);
    }

    /// `value` with `decimals` digits after the point, all of them kept ("1.5000" for 15000, 4).
    function toFixed(uint256 value, uint8 decimals) internal pure returns (string memory) {
        uint256 unit = 10 ** decimals;
        string memory frac = toString(value % unit);
        while (bytes(frac).length < decimals) frac = string.concat("0", frac);
        return string.concat(toString(value / unit), ".", frac);
    }

    function toString(uint256[] memory values) internal pure returns (string memory out) {
        out = "[";
        for (uint256 i = 0; i < values.length; i++) out = string.concat(out, i == 0 ? "" : ", ", toString(values[i]));
        out = string.concat(out, "]");
    }

    function toString(int256[] memory values) internal pure returns (string memory out) {
        out = "[";
        for (uint256 i = 0; i < values.length; i++) out = string.concat(out, i == 0 ? "" : ", ", toString(values[i]));
        out = string.concat(out, "]");
    }

    function toString(address[] memory values) internal pure returns (string memory out) {
        out = "[";
        for (uint256 i = 0; i < values.length; i++) out = string.concat(out, i == 0 ? "" : ", ", toString(values[i]));
        out = string.concat(out, "]");
    }

    function toString(bytes32[] memory values) internal pure returns (string memory out) {
        out = "[";
        for (uint256 i = 0; i < values.length; i++) out = string.concat(out, i == 0 ? "" : ", ", toString(values[i]));
        out = string.concat(out, "]");
    }

    function toString(bool[] memory values) internal pure returns (string memory out) {
        out = "[";
        for (uint256 i = 0; i < values.length; i++) out = string.concat(out, i == 0 ? "" : ", ", toString(values[i]));
        out = string.concat(out, "]");
    }

    function toString(string[] memory values) internal pure returns (string memory out) {
        out = "[";
        for (uint256 i = 0; i < values.length; i++) out = string.concat(out, i == 0 ? "" : ", ", values[i]);
        out = string.concat(out, "]");
    }

    function toString(bytes[] memory values) internal pure returns (string memory out) {
        out = "[";
        for (uint256 i = 0; i < values.length; i++) out = string.concat(out, i == 0 ? "" : ", ", toHex(values[i]));
        out = string.concat(out, "]");
    }
}
