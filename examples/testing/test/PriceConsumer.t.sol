// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Test} from "forge-std/Test.sol";
import {IPriceFeed, PriceConsumer, PriceFeed} from "../src/PriceConsumer.sol";

/// PriceConsumer: calls to a dependency (every expectCall form) and mocked answers.
contract PriceConsumerTest is Test {
    PriceFeed internal feed;
    PriceConsumer internal consumer;
    bytes32 internal constant ETH = "ETH";

    function setUp() public {
        vm.warp(1_700_000_000);
        feed = new PriceFeed();
        consumer = new PriceConsumer(feed);
        feed.set(ETH, 3000e18);
    }

    function test_ValueUsesFeed() public {
        vm.expectCall(address(feed), abi.encodeCall(IPriceFeed.latestPrice, (ETH)));
        assertEq(consumer.value(ETH, 2e18), 6000e18);
    }

    function test_ExpectCallCount() public {
        vm.expectCall(address(feed), abi.encodeCall(IPriceFeed.latestPrice, (ETH)), 2);
        consumer.value(ETH, 1e18);
        consumer.value(ETH, 5e18);
    }

    function test_ExpectCallWithValue() public {
        vm.expectCall(address(feed), 1 ether, abi.encodeWithSignature("thanks()"));
        consumer.tip{value: 1 ether}();
        assertEq(feed.tips(), 1 ether);
    }

    function test_ExpectCallWithValueAndCount() public {
        vm.expectCall(address(feed), 2 wei, abi.encodeWithSignature("thanks()"), 3);
        consumer.tip{value: 2}();
        consumer.tip{value: 2}();
        consumer.tip{value: 2}();
        assertEq(feed.tips(), 6);
    }

    function test_MockedPriceThenCleared() public {
        vm.mockCall(
            address(feed), abi.encodeCall(IPriceFeed.latestPrice, (ETH)), abi.encode(uint256(1234e18), block.timestamp)
        );
        assertEq(consumer.value(ETH, 1e18), 1234e18);
        vm.clearMockedCalls();
        assertEq(consumer.value(ETH, 1e18), 3000e18);
    }

    function test_StalePriceReverts() public {
        uint256 updated = block.timestamp;
        vm.warp(updated + 1 hours + 1);
        vm.expectRevert(abi.encodeWithSelector(PriceConsumer.StalePrice.selector, updated, updated + 1 hours + 1));
        consumer.value(ETH, 1);
    }
}
