// SPDX-License-Identifier: MIT
pragma solidity >=0.4.22 <0.9.0;

// forge-std's older name for the same console library: `console2.log(...)` works unchanged.
import {console as console2} from "./console.sol";
