// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;

import {StdStorage} from "./StdStorage.sol";
import {Vm, VmSafe} from "./Vm.sol";

/// The well-known addresses and constants every test and helper shares.
abstract contract CommonBase {
    /// address(uint160(uint256(keccak256("hevm cheat code"))))
    address internal constant VM_ADDRESS = 0x7109709ECfa91a80626fF3989D68f67F5b1DD12D;
    /// Where console.log calls go (the bytes of "console.log", right-aligned).
    address internal constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;
    /// The deterministic-deployment proxy used for CREATE2 on every chain.
    address internal constant CREATE2_FACTORY = 0x4e59b44847b379578588920cA78FbF26c0B4956C;
    /// msg.sender and tx.origin of a test unless a prank changes them.
    address internal constant DEFAULT_SENDER = 0x1804c8AB1F12E6bbf3894d4083f33e07309d1f38;
    /// The first contract a test contract creates (its CREATE at nonce 1). The test contract itself
    /// is DEFAULT_SENDER's CREATE at nonce 1: 0x7FA9385bE102ac3EAc297483Dd6233D62b3e1496.
    address internal constant DEFAULT_TEST_CONTRACT = 0x5615dEB798BB3E4dFa0139dFa1b3D433Cc23b72f;
    address internal constant MULTICALL3_ADDRESS = 0xcA11bde05977b3631167028862bE2a173976CA11;
    /// The order of the secp256k1 group: private keys must be in [1, SECP256K1_ORDER).
    uint256 internal constant SECP256K1_ORDER =
        115792089237316195423570985008687907852837564279074904382605163141518161494337;
    uint256 internal constant UINT256_MAX = type(uint256).max;

    Vm internal constant vm = Vm(VM_ADDRESS);
    StdStorage internal stdstore;
}

abstract contract TestBase is CommonBase {}

abstract contract ScriptBase is CommonBase {
    VmSafe internal constant vmSafe = VmSafe(VM_ADDRESS);
}
