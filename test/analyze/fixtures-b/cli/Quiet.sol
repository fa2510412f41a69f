// The same tx.origin check as Bank.sol, silenced by an inline directive.
pragma solidity ^0.8.0;

contract Quiet {
    address public owner = msg.sender;

    function sweep(address payable to) external {
        // tdk-disable-next-line tx-origin -- the owner is an EOA by design
        require(tx.origin == owner);
        to.transfer(address(this).balance);
    }
}
