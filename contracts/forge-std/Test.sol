// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;

// Everything a test file needs from one import: `import {Test, console} from "forge-std/Test.sol";`.
import {console} from "./console.sol";
import {console2} from "./console2.sol";
import {CommonBase, TestBase} from "./Base.sol";
import {StdAssertions} from "./StdAssertions.sol";
import {StdCheats, StdCheatsSafe} from "./StdCheats.sol";
import {stdError} from "./StdError.sol";
import {StdInvariant} from "./StdInvariant.sol";
import {stdMath} from "./StdMath.sol";
import {StdStorage, stdStorage} from "./StdStorage.sol";
import {StdUtils} from "./StdUtils.sol";
import {Vm, VmSafe} from "./Vm.sol";

/// The base of a test contract. The runner deploys it, calls setUp(), then each test* function on a
/// fresh copy of the post-setUp state; IS_TEST marks it as a test contract.
abstract contract Test is TestBase, StdAssertions, StdCheats, StdInvariant, StdUtils {
    bool public IS_TEST = true;
}
