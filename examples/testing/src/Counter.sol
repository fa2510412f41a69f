// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A counter with an owner-set step: events, custom errors and a checked-arithmetic underflow.
contract Counter {
    uint256 public number;
    uint256 public step = 1;
    address public immutable owner;

    event Incremented(address indexed by, uint256 indexed newNumber, uint256 step);
    event StepChanged(uint256 oldStep, uint256 newStep);

    error NotOwner(address caller);
    error StepTooLarge(uint256 step, uint256 max);

    uint256 public constant MAX_STEP = 1000;

    constructor() {
        owner = msg.sender;
    }

    function increment() external returns (uint256) {
        number += step;
        emit Incremented(msg.sender, number, step);
        return number;
    }

    function decrement() external {
        number -= step; // reverts with Panic(0x11) below zero
    }

    function setNumber(uint256 newNumber) external {
        number = newNumber;
    }

    function setStep(uint256 newStep) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        if (newStep > MAX_STEP) revert StepTooLarge(newStep, MAX_STEP);
        emit StepChanged(step, newStep);
        step = newStep;
    }
}
