// reentrancy_dao.sol from the SmartBugs dev set with a reentrancy lock on withdrawAll: the external
// call still precedes the state write, but a re-entered withdrawAll stops at the lock.
pragma solidity ^0.4.19;

contract GuardedDAO {
    mapping (address => uint) credit;
    uint balance;
    bool locked;

    modifier nonReentrant() {
        require(!locked);
        locked = true;
        _;
        locked = false;
    }

    function withdrawAll() public nonReentrant {
        uint oCredit = credit[msg.sender];
        if (oCredit > 0) {
            balance -= oCredit;
            bool callResult = msg.sender.call.value(oCredit)();
            require (callResult);
            credit[msg.sender] = 0;
        }
    }

    function deposit() public payable {
        credit[msg.sender] += msg.value;
        balance += msg.value;
    }
}
