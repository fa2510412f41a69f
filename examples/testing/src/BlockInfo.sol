// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Reads the block and transaction environment, for the cheatcodes that change it.
contract BlockInfo {
    function info()
        external
        view
        returns (
            uint256 number,
            uint256 timestamp,
            uint256 chainId,
            address coinbase,
            uint256 prevrandao,
            uint256 basefee,
            uint256 gasprice
        )
    {
        return (block.number, block.timestamp, block.chainid, block.coinbase, block.prevrandao, block.basefee, tx.gasprice);
    }

    function origin() external view returns (address) {
        return tx.origin;
    }
}
