// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPriceFeed {
    function latestPrice(bytes32 asset) external view returns (uint256 price, uint256 updatedAt);
}

/// Values an amount of an asset through a price feed and refuses stale prices.
contract PriceConsumer {
    IPriceFeed public immutable feed;
    uint256 public constant MAX_AGE = 1 hours;

    error StalePrice(uint256 updatedAt, uint256 now_);

    constructor(IPriceFeed feed_) {
        feed = feed_;
    }

    function value(bytes32 asset, uint256 amount) external view returns (uint256) {
        (uint256 price, uint256 updatedAt) = feed.latestPrice(asset);
        if (block.timestamp > updatedAt + MAX_AGE) revert StalePrice(updatedAt, block.timestamp);
        return price * amount / 1e18;
    }

    /// Forwards ether to the feed with a call, so a test can expect the call with its value.
    function tip() external payable {
        (bool ok,) = address(feed).call{value: msg.value}(abi.encodeWithSignature("thanks()"));
        require(ok, "tip failed");
    }
}

/// A settable price feed.
contract PriceFeed is IPriceFeed {
    mapping(bytes32 => uint256) public prices;
    mapping(bytes32 => uint256) public updated;
    uint256 public tips;

    function set(bytes32 asset, uint256 price) external {
        prices[asset] = price;
        updated[asset] = block.timestamp;
    }

    function latestPrice(bytes32 asset) external view returns (uint256, uint256) {
        return (prices[asset], updated[asset]);
    }

    function thanks() external payable {
        tips += msg.value;
    }
}
