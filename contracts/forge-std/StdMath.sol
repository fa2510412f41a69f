// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;

/// Distances between numbers, as the approximate-equality assertions use them.
library stdMath {
    int256 private constant INT256_MIN = type(int256).min;

    /// |a|, defined for type(int256).min too (its magnitude fits a uint256).
    function abs(int256 a) internal pure returns (uint256) {
        if (a == INT256_MIN) return uint256(INT256_MIN);
        return uint256(a >= 0 ? a : -a);
    }

    function delta(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : b - a;
    }

    function delta(int256 a, int256 b) internal pure returns (uint256) {
        // Same sign: the difference cannot overflow once taken as magnitudes.
        if ((a ^ b) > -1) return delta(abs(a), abs(b));
        return abs(a) + abs(b);
    }

    /// |a - b| / b scaled so that 1e18 is 100%; b must not be zero.
    function percentDelta(uint256 a, uint256 b) internal pure returns (uint256) {
        require(b != 0, "stdMath percentDelta(uint256,uint256): Divisor is zero");
        return (delta(a, b) * 1e18) / b;
    }

    function percentDelta(int256 a, int256 b) internal pure returns (uint256) {
        uint256 absB = abs(b);
        require(absB != 0, "stdMath percentDelta(int256,int256): Divisor is zero");
        return (delta(a, b) * 1e18) / absB;
    }
}
