// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;

// The base of a deployment script, so a project made from forge's template (script/*.s.sol importing
// forge-std/Script.sol) compiles. tdk compiles scripts but does not run them; their broadcast
// cheatcodes are declared in Vm.sol and unsupported by `tdk test`.
import {console} from "./console.sol";
import {console2} from "./console2.sol";
import {CommonBase, ScriptBase} from "./Base.sol";
import {StdCheatsSafe} from "./StdCheats.sol";
import {stdMath} from "./StdMath.sol";
import {StdStorage, stdStorage} from "./StdStorage.sol";
import {StdUtils} from "./StdUtils.sol";
import {VmSafe} from "./Vm.sol";

abstract contract Script is ScriptBase, StdCheatsSafe, StdUtils {
    /// Marks the contract as a script for tools that look for it.
    bool public IS_SCRIPT = true;
}
