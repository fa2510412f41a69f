// A bank that pays before it books (reentrancy) and one tx.origin check, for the tdk scan CLI tests.
pragma solidity ^0.8.0;

contract Bank {
    mapping(address => uint256) public balances;
    address public owner = msg.sender;

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }

    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount);
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
        unchecked {
            balances[msg.sender] -= amount;
        }
    }

    function sweep(address payable to) external {
        require(tx.origin == owner);
        to.transfer(address(this).balance);
    }
}
