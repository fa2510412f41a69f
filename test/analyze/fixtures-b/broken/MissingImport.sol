pragma solidity ^0.8.0;

import "./DoesNotExist.sol";

contract MissingImport {}
