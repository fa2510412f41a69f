// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;


/// Helpers for fuzz inputs and addresses, with forge-std's semantics.
abstract contract StdUtils {
    address private constant CREATE2_FACTORY = 0x4e59b44847b379578588920cA78FbF26c0B4956C;
    uint256 private constant UINT256_MAX = type(uint256).max;
    /// Adding 2^255 modulo 2^256 (flipping the top bit) maps int256 order onto uint256 order.
    uint256 private constant SIGN_BIT = 1 << 255;

    /// Maps any x into [min, max] the way forge-std does, so a fuzz value lands on the same result:
    /// values already in range are kept (dictionary values survive); 0..3 become min..min+3 and
    /// MAX-3..MAX become max-3..max (edges get covered); anything else wraps around the range.
    function _bound(uint256 x, uint256 min, uint256 max) internal pure virtual returns (uint256 result) {
        require(min <= max, "StdUtils bound(uint256,uint256,uint256): Max is less than min.");
        if (x >= min && x <= max) return x;
        // Cannot overflow here: the full range would have returned above.
        uint256 size = max - min + 1;
        if (x <= 3 && size > x) return min + x;
        if (x >= UINT256_MAX - 3 && size > UINT256_MAX - x) return max - (UINT256_MAX - x);
        if (x > max) {
            uint256 rem = (x - max) % size;
            return rem == 0 ? max : min + rem - 1;
        }
        uint256 below = (min - x) % size;
        return below == 0 ? min : max - below + 1;
    }

    function bound(uint256 x, uint256 min, uint256 max) internal pure virtual returns (uint256 result) {
        result = _bound(x, min, max);
    }

    function _bound(int256 x, int256 min, int256 max) internal pure virtual returns (int256 result) {
        require(min <= max, "StdUtils bound(int256,int256,int256): Max is less than min.");
        uint256 y = _bound(uint256(x) ^ SIGN_BIT, uint256(min) ^ SIGN_BIT, uint256(max) ^ SIGN_BIT);
        return int256(y ^ SIGN_BIT);
    }

    function bound(int256 x, int256 min, int256 max) internal pure virtual returns (int256 result) {
        result = _bound(x, min, max);
    }

    /// A valid secp256k1 private key from any fuzz value: in [1, order - 1].
    function boundPrivateKey(uint256 privateKey) internal pure virtual returns (uint256 result) {
        result = _bound(privateKey, 1, 115792089237316195423570985008687907852837564279074904382605163141518161494337 - 1);
    }

    /// The first 32 bytes (or fewer) of `b` as a big-endian number.
    function bytesToUint(bytes memory b) internal pure virtual returns (uint256) {
        require(b.length <= 32, "StdUtils bytesToUint(bytes): Bytes length exceeds 32.");
        return abi.decode(abi.encodePacked(new bytes(32 - b.length), b), (uint256));
    }

    /// The address a CREATE by `deployer` at `nonce` makes: keccak256(rlp([deployer, nonce]))[12:].
    function computeCreateAddress(address deployer, uint256 nonce) internal pure virtual returns (address) {
        require(nonce <= type(uint64).max, "StdUtils computeCreateAddress: nonce exceeds 2^64 - 1");
        bytes memory encodedNonce;
        if (nonce == 0) {
            encodedNonce = hex"80"; // RLP of the empty string: zero
        } else if (nonce < 0x80) {
            encodedNonce = abi.encodePacked(uint8(nonce)); // a single byte below 0x80 is its own RLP
        } else {
            uint256 len = 0;
            for (uint256 n = nonce; n != 0; n >>= 8) len++;
            encodedNonce = abi.encodePacked(uint8(0x80 + len));
            for (uint256 i = len; i > 0; i--) encodedNonce = abi.encodePacked(encodedNonce, uint8(nonce >> (8 * (i - 1))));
        }
        // The list holds 21 bytes for the address (0x94 ++ 20 bytes) plus the nonce; always < 56 bytes.
        bytes memory list = abi.encodePacked(bytes1(0x94), deployer, encodedNonce);
        return _addressFromLast20Bytes(keccak256(abi.encodePacked(uint8(0xc0 + list.length), list)));
    }

    function computeCreate2Address(bytes32 salt, bytes32 initcodeHash, address deployer)
        internal
        pure
        virtual
        returns (address)
    {
        return _addressFromLast20Bytes(keccak256(abi.encodePacked(bytes1(0xff), deployer, salt, initcodeHash)));
    }

    /// CREATE2 through the standard deterministic-deployment factory.
    function computeCreate2Address(bytes32 salt, bytes32 initCodeHash) internal pure returns (address) {
        return computeCreate2Address(salt, initCodeHash, CREATE2_FACTORY);
    }

    function hashInitCode(bytes memory creationCode) internal pure returns (bytes32) {
        return keccak256(creationCode);
    }

    function hashInitCode(bytes memory creationCode, bytes memory args) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(creationCode, args));
    }

    function addressFromLast20Bytes(bytes32 bytesValue) internal pure virtual returns (address) {
        return _addressFromLast20Bytes(bytesValue);
    }

    function _addressFromLast20Bytes(bytes32 bytesValue) private pure returns (address) {
        return address(uint160(uint256(bytesValue)));
    }
}
