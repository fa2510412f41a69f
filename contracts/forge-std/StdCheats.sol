// SPDX-License-Identifier: MIT
pragma solidity >=0.8.13 <0.9.0;

import {StdStorage} from "./StdStorage.sol";
import {Vm} from "./Vm.sol";

/// forge-std's cheat helpers that only read or label (usable in scripts too).
abstract contract StdCheatsSafe {
    Vm private constant _vmSafeCheats = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    address private constant CONSOLE_ADDR = 0x000000000000000000636F6e736F6c652e6c6f67;
    address private constant CREATE2_FACTORY_ADDR = 0x4e59b44847b379578588920cA78FbF26c0B4956C;
    address private constant DEFAULT_SENDER_ADDR = 0x1804c8AB1F12E6bbf3894d4083f33e07309d1f38;
    address private constant DEFAULT_TEST_ADDR = 0x5615dEB798BB3E4dFa0139dFa1b3D433Cc23b72f;
    address private constant MULTICALL3_ADDR = 0xcA11bde05977b3631167028862bE2a173976CA11;

    struct Account {
        address addr;
        uint256 key;
    }

    /// A deterministic address for a name (its key is keccak256(name)), labelled with the name.
    function makeAddr(string memory name) internal virtual returns (address addr) {
        (addr,) = makeAddrAndKey(name);
    }

    function makeAddrAndKey(string memory name) internal virtual returns (address addr, uint256 privateKey) {
        privateKey = uint256(keccak256(abi.encodePacked(name)));
        addr = _vmSafeCheats.addr(privateKey);
        _vmSafeCheats.label(addr, name);
    }

    function makeAccount(string memory name) internal virtual returns (Account memory account) {
        (account.addr, account.key) = makeAddrAndKey(name);
    }

    function assumeNotZeroAddress(address addr) internal pure virtual {
        _vmSafeCheats.assume(addr != address(0));
    }

    /// Rejects the precompiles every chain has (0x01..0x0a, plus 0x0b..0x11 reserved by Prague).
    function assumeNotPrecompile(address addr) internal pure virtual {
        _vmSafeCheats.assume(addr == address(0) || uint160(addr) > 0x11);
    }

    /// Rejects the cheatcode, console, CREATE2 factory, default sender, default test contract and Multicall3.
    function assumeNotForgeAddress(address addr) internal pure virtual {
        _vmSafeCheats.assume(
            addr != address(_vmSafeCheats) && addr != CONSOLE_ADDR && addr != CREATE2_FACTORY_ADDR
                && addr != DEFAULT_SENDER_ADDR && addr != DEFAULT_TEST_ADDR && addr != MULTICALL3_ADDR
        );
    }

    function assumeAddressIsNot(address addr, address excluded) internal pure virtual {
        _vmSafeCheats.assume(addr != excluded);
    }

    /// Rejects addresses that would refuse plain ether: those with code whose empty call reverts.
    function assumePayable(address addr) internal virtual {
        (bool ok,) = payable(addr).call{value: 0}("");
        _vmSafeCheats.assume(ok);
    }

    /// A contract's creation code from its artifact ("File.sol", "File.sol:Name" or "Name").
    function deployCode(string memory what) internal virtual returns (address addr) {
        return deployCode(what, "", 0);
    }

    function deployCode(string memory what, bytes memory args) internal virtual returns (address addr) {
        return deployCode(what, args, 0);
    }

    function deployCode(string memory what, uint256 val) internal virtual returns (address addr) {
        return deployCode(what, "", val);
    }

    function deployCode(string memory what, bytes memory args, uint256 val) internal virtual returns (address addr) {
        bytes memory initCode = abi.encodePacked(_vmSafeCheats.getCode(what), args);
        assembly {
            addr := create(val, add(initCode, 0x20), mload(initCode))
        }
        require(addr != address(0), "StdCheats deployCode(string,bytes,uint256): Deployment failed.");
    }
}

/// forge-std's helpers that change state: balances (ether and ERC-20), pranks with funds, time travel.
abstract contract StdCheats is StdCheatsSafe {
    Vm private constant _vmCheats = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    /// What hoax gives when no amount is said: 2^128 wei.
    uint256 private constant HOAX_FUNDS = 1 << 128;

    StdStorage private _cheatStore;

    /// Moves block.timestamp forward.
    function skip(uint256 time) internal virtual {
        _vmCheats.warp(block.timestamp + time);
    }

    /// Moves block.timestamp back.
    function rewind(uint256 time) internal virtual {
        _vmCheats.warp(block.timestamp - time);
    }

    /// The next call comes from `msgSender`, which gets 2^128 wei first.
    function hoax(address msgSender) internal virtual {
        _vmCheats.deal(msgSender, HOAX_FUNDS);
        _vmCheats.prank(msgSender);
    }

    function hoax(address msgSender, uint256 give) internal virtual {
        _vmCheats.deal(msgSender, give);
        _vmCheats.prank(msgSender);
    }

    function hoax(address msgSender, address origin) internal virtual {
        _vmCheats.deal(msgSender, HOAX_FUNDS);
        _vmCheats.prank(msgSender, origin);
    }

    function hoax(address msgSender, address origin, uint256 give) internal virtual {
        _vmCheats.deal(msgSender, give);
        _vmCheats.prank(msgSender, origin);
    }

    /// Every call until stopPrank comes from `msgSender`, which gets 2^128 wei first.
    function startHoax(address msgSender) internal virtual {
        _vmCheats.deal(msgSender, HOAX_FUNDS);
        _vmCheats.startPrank(msgSender);
    }

    function startHoax(address msgSender, uint256 give) internal virtual {
        _vmCheats.deal(msgSender, give);
        _vmCheats.startPrank(msgSender);
    }

    function startHoax(address msgSender, address origin) internal virtual {
        _vmCheats.deal(msgSender, HOAX_FUNDS);
        _vmCheats.startPrank(msgSender, origin);
    }

    function startHoax(address msgSender, address origin, uint256 give) internal virtual {
        _vmCheats.deal(msgSender, give);
        _vmCheats.startPrank(msgSender, origin);
    }

    /// Ends the current prank and starts a new one.
    function changePrank(address msgSender) internal virtual {
        _vmCheats.stopPrank();
        _vmCheats.startPrank(msgSender);
    }

    function deal(address to, uint256 give) internal virtual {
        _vmCheats.deal(to, give);
    }

    /// Sets an ERC-20 balance by writing the storage slot `balanceOf(to)` reads.
    function deal(address token, address to, uint256 give) internal virtual {
        deal(token, to, give, false);
    }

    /// As above; with `adjust`, totalSupply moves by the same difference.
    function deal(address token, address to, uint256 give, bool adjust) internal virtual {
        uint256 previous = _readUint(token, abi.encodeWithSelector(0x70a08231, to));
        _cheatStore.target(token).sig(0x70a08231).with_key(to).checked_write(give);
        if (!adjust) return;
        uint256 supply = _readUint(token, abi.encodeWithSelector(0x18160ddd));
        supply = give < previous ? supply - (previous - give) : supply + (give - previous);
        _cheatStore.target(token).sig(0x18160ddd).checked_write(supply);
    }

    function _readUint(address token, bytes memory cd) private view returns (uint256) {
        (bool ok, bytes memory ret) = token.staticcall(cd);
        require(ok && ret.length >= 32, "StdCheats deal(address,address,uint256,bool): token call failed.");
        return abi.decode(ret, (uint256));
    }

    /// Runs the function body with gas metering paused (its gas is not counted).
    modifier noGasMetering() {
        _vmCheats.pauseGasMetering();
        _;
        _vmCheats.resumeGasMetering();
    }
}
