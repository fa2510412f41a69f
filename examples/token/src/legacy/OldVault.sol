pragma solidity ^0.4.24;

/// @title OldVault
/// @notice A 0.4-era contract, so the project needs two compilers (0.8.x and 0.4.26).
contract OldVault {
    mapping(address => uint256) public balances;

    event Deposited(address indexed who, uint256 amount);
    event Withdrawn(address indexed who, uint256 amount);

    function deposit() public payable {
        require(msg.value > 0, "OldVault: nothing sent");
        balances[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) public {
        require(balances[msg.sender] >= amount, "OldVault: insufficient balance");
        balances[msg.sender] -= amount;
        msg.sender.transfer(amount);
        emit Withdrawn(msg.sender, amount);
    }
}
