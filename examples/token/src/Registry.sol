// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Brings tdk's root registry into this project's build so `tdk up` can deploy it (deploy.json).
import {MerkleRootRegistry} from "tdk/contracts/bridges/MerkleRootRegistry.sol";
