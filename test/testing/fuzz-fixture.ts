// Solidity under test for the fuzzer: two planted bugs (acceptance 3 of issue 7) and properties that
// hold, over every ABI type the generator supports.
export const FUZZ_SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

error Rejected();

contract Vault {
    uint256 public constant LIMIT = 1_000_000;
    // Planted bug: the limit itself is documented as withdrawable but is refused (off by one).
    function withdrawable(uint256 amount) external pure returns (bool) {
        return amount < LIMIT;
    }
}

contract Lock {
    // Planted bug: one magic code jams the lock; random search cannot hit a 72-bit value.
    function open(uint256 code) external pure returns (bool) {
        return code != 0xc0ffee_deadbeef_1234;
    }
}

contract FuzzTargets {
    Vault vault = new Vault();
    Lock lock = new Lock();

    // forge-std StdUtils.bound semantics: values in range pass through, 0..3 and max-3..max map to
    // the range's ends, anything else wraps around modulo the range size.
    function bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        require(lo <= hi, "StdUtils bound(uint256,uint256,uint256): Max is less than min.");
        if (x >= lo && x <= hi) return x;
        uint256 size = hi - lo + 1;
        if (x <= 3 && size > x) return lo + x;
        if (x >= type(uint256).max - 3 && size > type(uint256).max - x) return hi - (type(uint256).max - x);
        if (x > hi) {
            uint256 r = (x - hi) % size;
            return r == 0 ? hi : lo + r - 1;
        }
        uint256 q = (lo - x) % size;
        return q == 0 ? lo : hi - q + 1;
    }

    function testFuzz_withdrawUpToLimit(uint256 amount) external view {
        amount = bound(amount, 10, 1_000_000);
        require(vault.withdrawable(amount), "withdraw refused");
    }

    function testFuzz_lockOpens(uint256 code) external view {
        require(lock.open(code), "lock jammed");
    }

    function testFuzz_evenOnly(uint256 x) external pure {
        if (x % 2 == 1) revert Rejected();
        require(x % 2 == 0, "odd slipped through");
    }

    function testFuzz_alwaysRejected(uint256) external pure {
        revert Rejected();
    }

    struct Pair { uint8 a; address b; }

    function testFuzz_scalars(uint256 u, int64 i, address a, bool b, bytes4 f) external pure {
        require(u == u && i == i && a == a && b == b && f == f, "impossible");
    }

    function testFuzz_dynamic(bytes calldata d, string calldata s, uint16[] calldata arr) external pure {
        require(d.length <= 64 + 32 && bytes(s).length < 1024 && arr.length <= 16, "too long");
    }

    function testFuzz_composite(int8[3] calldata fixedArr, Pair calldata p, Pair[] calldata ps) external pure {
        require(fixedArr.length == 3 && p.a <= type(uint8).max && ps.length <= 16, "impossible");
    }

    // A failure that needs a long string and a long array: shrinking must shorten both.
    function testFuzz_longInputs(string calldata s, uint256[] calldata xs) external pure {
        require(!(bytes(s).length >= 3 && xs.length >= 2), "long inputs");
    }

    // A failure for any negative number: the shrunk counterexample is -1.
    function testFuzz_nonNegative(int128 v) external pure {
        require(v >= 0, "negative");
    }
}
`;
