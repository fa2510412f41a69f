// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// An ether vault with per-account balances and a time lock: deposits unlock `lockTime` seconds later.
contract Vault {
    uint256 public immutable lockTime;
    mapping(address => uint256) public balanceOf;
    mapping(address => uint256) public unlockAt;
    uint256 public totalDeposits;

    event Deposited(address indexed account, uint256 amount, uint256 unlockAt);
    event Withdrawn(address indexed account, address indexed to, uint256 amount);

    error InsufficientBalance(uint256 available, uint256 requested);
    error Locked(uint256 unlockAt, uint256 now_);
    error OnlyEOA();

    constructor(uint256 lockTime_) {
        lockTime = lockTime_;
    }

    function deposit() external payable {
        require(msg.value > 0, "Vault: zero deposit");
        balanceOf[msg.sender] += msg.value;
        totalDeposits += msg.value;
        unlockAt[msg.sender] = block.timestamp + lockTime;
        emit Deposited(msg.sender, msg.value, unlockAt[msg.sender]);
    }

    /// Deposits for tx.origin only when called directly by it (no contract in between).
    function depositFromEOA() external payable {
        if (msg.sender != tx.origin) revert OnlyEOA();
        balanceOf[msg.sender] += msg.value;
        totalDeposits += msg.value;
        unlockAt[msg.sender] = block.timestamp + lockTime;
    }

    function withdraw(uint256 amount, address payable to) external {
        uint256 available = balanceOf[msg.sender];
        if (amount > available) revert InsufficientBalance(available, amount);
        if (block.timestamp < unlockAt[msg.sender]) revert Locked(unlockAt[msg.sender], block.timestamp);
        balanceOf[msg.sender] = available - amount;
        totalDeposits -= amount;
        emit Withdrawn(msg.sender, to, amount);
        (bool ok,) = to.call{value: amount}("");
        require(ok, "Vault: transfer failed");
    }
}
