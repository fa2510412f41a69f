// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// File-level types shared by several corpus contracts (their AST nodes live in another source unit).
enum Color {
    Red,
    Green,
    Blue
}

type Price is uint128;
type Delta is int64;
type Flag is bool;
type Who is address;
type Tag is bytes4;

interface ICounter {
    function count() external view returns (uint256);
}
