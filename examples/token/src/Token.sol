// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TDK Token
/// @notice A plain OpenZeppelin ERC-20 with an owner-only mint; `tdk up` deploys it on the devnet.
contract Token is ERC20, Ownable {
    constructor(uint256 initialSupply) ERC20("TDK Token", "TDK") Ownable(msg.sender) {
        _mint(msg.sender, initialSupply);
    }

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
