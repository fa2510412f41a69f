pragma solidity 0.4.26;

// solc 0.4.26 cannot report a storage layout: decoding it must fail with a clear error.
contract Legacy04 {
    uint256 public value;

    function set(uint256 v) public {
        value = v;
    }
}
