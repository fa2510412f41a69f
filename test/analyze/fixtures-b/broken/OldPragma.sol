pragma solidity ^0.3.0;

contract OldPragma {}
