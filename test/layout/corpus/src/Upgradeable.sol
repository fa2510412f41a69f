// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

// ERC20 + Ownable + Pausable, all in ERC-7201 namespaces, plus a namespace of its own and a plain
// state variable. Initialized directly (no proxy) in the corpus test.
contract UpgradeableToken is Initializable, ERC20Upgradeable, OwnableUpgradeable, PausableUpgradeable {
    /// @custom:storage-location erc7201:tdk.corpus.Token
    struct TokenStorage {
        uint64 cap;
        string memo;
        mapping(address => bool) frozen;
        address[] holders;
    }

    // keccak256(abi.encode(uint256(keccak256("tdk.corpus.Token")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant TOKEN_STORAGE = 0x265fb38e7b593c4fb5ffbfb6a0b5715a419cdde9398087b2ff92cdd1dfa5b000;

    uint256 public plain;

    function initialize(string calldata name_, string calldata symbol_, address owner_) external initializer {
        __ERC20_init(name_, symbol_);
        __Ownable_init(owner_);
        __Pausable_init();
    }

    function _ts() private pure returns (TokenStorage storage $) {
        assembly {
            $.slot := TOKEN_STORAGE
        }
    }

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
        _ts().holders.push(to);
    }

    function pause() external onlyOwner {
        _pause();
    }

    function initializedVersion() external view returns (uint64) {
        return _getInitializedVersion();
    }

    function initializing() external view returns (bool) {
        return _isInitializing();
    }

    function setExtra(uint64 cap_, string calldata memo_, address frozen_, uint256 plain_) external {
        TokenStorage storage $ = _ts();
        $.cap = cap_;
        $.memo = memo_;
        $.frozen[frozen_] = true;
        plain = plain_;
    }

    function cap() external view returns (uint64) {
        return _ts().cap;
    }

    function memo() external view returns (string memory) {
        return _ts().memo;
    }

    function frozen(address who) external view returns (bool) {
        return _ts().frozen[who];
    }

    function holders(uint256 i) external view returns (address) {
        return _ts().holders[i];
    }

    function holders_length() external view returns (uint256) {
        return _ts().holders.length;
    }
}

// A UUPS implementation used through an ERC1967Proxy: its namespaces live in the proxy's storage.
contract UupsVault is Initializable, OwnableUpgradeable, AccessControlUpgradeable, UUPSUpgradeable {
    bytes32 public constant KEEPER = keccak256("KEEPER");

    constructor() {
        _disableInitializers();
    }

    function initialize(address owner_) external initializer {
        __Ownable_init(owner_);
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, owner_);
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}

    function initializedVersion() external view returns (uint64) {
        return _getInitializedVersion();
    }

    function initializing() external view returns (bool) {
        return _isInitializing();
    }
}

contract VaultProxy is ERC1967Proxy {
    constructor(address impl, bytes memory data) ERC1967Proxy(impl, data) {}
}
