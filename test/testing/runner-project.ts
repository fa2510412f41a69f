// A small Foundry-layout project written to a temp folder for the runner tests. The tests use a
// minimal inline Vm interface (ABI-identical to forge-std's) so they compile in a second or two.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const VM_INTERFACE = `
interface Vm {
  struct Log { bytes32[] topics; bytes data; address emitter; }
  function prank(address) external;
  function prank(address, address) external;
  function startPrank(address) external;
  function stopPrank() external;
  function deal(address, uint256) external;
  function warp(uint256) external;
  function roll(uint256) external;
  function fee(uint256) external;
  function chainId(uint256) external;
  function coinbase(address) external;
  function prevrandao(bytes32) external;
  function store(address, bytes32, bytes32) external;
  function load(address, bytes32) external view returns (bytes32);
  function etch(address, bytes calldata) external;
  function label(address, string calldata) external;
  function getLabel(address) external view returns (string memory);
  function expectRevert() external;
  function expectRevert(bytes4) external;
  function expectRevert(bytes calldata) external;
  function expectPartialRevert(bytes4) external;
  function expectEmit(bool, bool, bool, bool) external;
  function expectCall(address, bytes calldata) external;
  function expectCall(address, bytes calldata, uint64) external;
  function mockCall(address, bytes calldata, bytes calldata) external;
  function record() external;
  function accesses(address) external returns (bytes32[] memory reads, bytes32[] memory writes);
  function recordLogs() external;
  function getRecordedLogs() external returns (Log[] memory);
  function snapshotState() external returns (uint256);
  function revertToState(uint256) external returns (bool);
  function addr(uint256) external pure returns (address);
  function sign(uint256, bytes32) external pure returns (uint8, bytes32, bytes32);
  function envUint(string calldata) external view returns (uint256);
  function envOr(string calldata, uint256) external view returns (uint256);
  function toString(uint256) external pure returns (string memory);
  function parseUint(string calldata) external pure returns (uint256);
  function assertEq(uint256, uint256) external pure;
  function assertEq(uint256, uint256, string calldata) external pure;
  function assertTrue(bool) external pure;
  function skip(bool) external;
  function assume(bool) external pure;
  function getNonce(address) external view returns (uint64);
  function getCode(string calldata) external view returns (bytes memory);
  function readFile(string calldata) external view returns (string memory);
  function deriveKey(string calldata, uint32) external pure returns (uint256);
}
abstract contract Base {
  Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
  function log(string memory s, uint256 v) internal view {
    (bool ok,) = address(0x000000000000000000636F6e736F6c652e6c6f67).staticcall(abi.encodeWithSignature("log(string,uint256)", s, v));
    ok;
  }
}
`;

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Counter {
  uint256 public number;
  mapping(address => uint256) public credit;
  error TooBig(uint256 n);
  event Set(address indexed who, uint256 n);
  function set(uint256 n) external { if (n > 1000) revert TooBig(n); number = n; emit Set(msg.sender, n); }
  function give(address a, uint256 v) external { credit[a] = v; }
  function whoAmI() external view returns (address, address) { return (msg.sender, tx.origin); }
  function spin() external view returns (uint256 i) { while (gasleft() > 0) i++; }
}
`;

const BASIC = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
import {Counter} from "../src/Counter.sol";
${VM_INTERFACE}
contract BasicTest is Base {
  Counter c;
  event Set(address indexed who, uint256 n);
  function setUp() public { c = new Counter(); c.set(5); }
  function test_Passes() public { vm.assertEq(c.number(), 5); }
  function test_FailsWithMessage() public { vm.assertEq(c.number(), 6, "number"); }
  function test_RequireFails() public pure { require(false, "plain"); }
  function test_IsolationWrites() public { c.set(100); vm.assertEq(c.number(), 100); }
  function test_IsolationReads() public { vm.assertEq(c.number(), 5); }
  function test_Addresses() public { vm.assertTrue(address(this) == 0x7FA9385bE102ac3EAc297483Dd6233D62b3e1496); vm.assertTrue(address(c) == 0x5615dEB798BB3E4dFa0139dFa1b3D433Cc23b72f); vm.assertEq(address(this).balance, 2**96 - 1); vm.assertEq(block.chainid, 31337); vm.assertEq(block.number, 1); vm.assertEq(block.timestamp, 1); }
  function test_Console() public { log("value is", 42); log("second %s line", 7); }
  function test_ExpectRevertCustom() public { vm.expectRevert(abi.encodeWithSelector(Counter.TooBig.selector, 2000)); c.set(2000); }
  function test_ExpectRevertSelector() public { vm.expectPartialRevert(Counter.TooBig.selector); c.set(3000); }
  function test_ExpectRevertSelectorIsWholeData() public { vm.expectRevert(Counter.TooBig.selector); c.set(3000); }
  function test_ExpectRevertNoRevert() public { vm.expectRevert(); c.set(1); }
  function test_CustomErrorDecoded() public { c.set(5000); }
  function test_Prank() public { vm.prank(address(0xBEEF), address(0xCAFE)); (address s, address o) = c.whoAmI(); vm.assertTrue(s == address(0xBEEF) && o == address(0xCAFE)); (s, o) = c.whoAmI(); vm.assertTrue(s == address(this) && o == 0x1804c8AB1F12E6bbf3894d4083f33e07309d1f38); }
  function test_StartPrank() public { vm.startPrank(address(7)); (address s,) = c.whoAmI(); (address t,) = c.whoAmI(); vm.stopPrank(); (address u,) = c.whoAmI(); vm.assertTrue(s == address(7) && t == address(7) && u == address(this)); }
  function test_Env() public { vm.warp(99); vm.roll(12); vm.fee(3); vm.chainId(5); vm.coinbase(address(9)); vm.prevrandao(bytes32(uint256(77))); vm.assertEq(block.timestamp, 99); vm.assertEq(block.number, 12); vm.assertEq(block.basefee, 3); vm.assertEq(block.chainid, 5); vm.assertTrue(block.coinbase == address(9)); vm.assertEq(block.prevrandao, 77); }
  function test_DealStoreLoadEtch() public { vm.deal(address(5), 1 ether); vm.assertEq(address(5).balance, 1 ether); vm.store(address(c), bytes32(0), bytes32(uint256(321))); vm.assertEq(c.number(), 321); vm.assertEq(uint256(vm.load(address(c), bytes32(0))), 321); vm.etch(address(0x1234), address(c).code); vm.assertEq(Counter(address(0x1234)).number(), 0); }
  function test_Snapshot() public { uint256 id = vm.snapshotState(); c.set(9); vm.warp(50); vm.assertTrue(vm.revertToState(id)); vm.assertEq(c.number(), 5); vm.assertEq(block.timestamp, 1); }
  function test_SignAndAddr() public { bytes32 h = keccak256("msg"); (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xA11CE, h); vm.assertTrue(ecrecover(h, v, r, s) == vm.addr(0xA11CE)); }
  function test_Record() public { vm.record(); c.set(8); (bytes32[] memory reads, bytes32[] memory writes) = vm.accesses(address(c)); vm.assertEq(writes.length, 1); vm.assertTrue(reads.length >= 1); vm.assertEq(uint256(writes[0]), 0); }
  function test_RecordLogs() public { vm.recordLogs(); c.set(11); Vm.Log[] memory logs = vm.getRecordedLogs(); vm.assertEq(logs.length, 1); vm.assertTrue(logs[0].emitter == address(c)); vm.assertEq(uint256(logs[0].topics[1]), uint256(uint160(address(this)))); }
  function test_ExpectEmit() public { vm.expectEmit(true, false, false, true); emit Set(address(this), 12); c.set(12); }
  function test_ExpectEmitWrongData() public { vm.expectEmit(true, false, false, true); emit Set(address(this), 13); c.set(14); }
  function test_ExpectCall() public { vm.expectCall(address(c), abi.encodeCall(Counter.set, (3)), 2); c.set(3); c.set(3); }
  function test_ExpectCallMissing() public { vm.expectCall(address(c), abi.encodeCall(Counter.set, (4))); c.set(3); }
  function test_MockCall() public { vm.mockCall(address(c), abi.encodeWithSelector(c.number.selector), abi.encode(uint256(777))); vm.assertEq(c.number(), 777); }
  function test_Label() public { vm.label(address(c), "counter"); vm.assertTrue(keccak256(bytes(vm.getLabel(address(c)))) == keccak256("counter")); }
  function test_Strings() public { vm.assertEq(vm.parseUint(vm.toString(uint256(12345))), 12345); }
  function test_EnvVar() public { vm.assertEq(vm.envUint("TDK_RUNNER_TEST_UINT"), 31); vm.assertEq(vm.envOr("TDK_RUNNER_TEST_MISSING", uint256(4)), 4); }
  function test_Skipped() public { vm.skip(true); vm.assertTrue(false); }
  function test_GetCode() public { bytes memory code = vm.getCode("Counter.sol:Counter"); address a; assembly { a := create(0, add(code, 32), mload(code)) } vm.assertEq(Counter(a).number(), 0); }
  function test_ReadFileRefused() public { vm.readFile("foundry.toml"); }
  function test_Unsupported() public { vm.deriveKey("x", 0); }
  function test_Unknown() public { (bool ok, bytes memory r) = address(vm).call(abi.encodeWithSelector(bytes4(0x12345678))); if (!ok) assembly { revert(add(r, 32), mload(r)) } }
  function test_LegacyFailedFlag() public { vm.store(address(vm), bytes32("failed"), bytes32(uint256(1))); }
  function test_Panic() public pure { uint256 x; x--; }
  function test_EndlessLoop() public view { uint256 i; while (gasleft() > 0) i++; }
  function test_EndlessLoopInCallee() public view { c.spin(); }
}
`;

const SETUP_FAILS = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
${VM_INTERFACE}
contract SetUpFailsTest is Base {
  function setUp() public pure { revert("no setup for you"); }
  function test_A() public pure {}
  function test_B() public pure {}
}
`;

const BROKEN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract BrokenTest { function test_X() public { uint256 x = "text"; } }
`;

const FUZZ = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
${VM_INTERFACE}
contract Planted { function poke(uint256 x) external pure { if (x == 0x7e57c0de5eed) revert("planted constant"); } }
contract FuzzTest is Base {
  Planted p;
  function setUp() public { p = new Planted(); }
  function testFuzz_Constant(uint256 x) public view { p.poke(x); }
  function testFuzz_Passes(uint256 x) public pure { require(x == x); }
}
`;

export function writeRunnerProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'tdk-runner-'));
  const files: Record<string, string> = {
    'foundry.toml': '[profile.default]\nsrc = "src"\ntest = "test"\n',
    'src/Counter.sol': COUNTER,
    'test/Basic.t.sol': BASIC,
    'test/SetUpFails.t.sol': SETUP_FAILS,
    'test/Broken.t.sol': BROKEN,
    'test/Fuzz.t.sol': FUZZ,
    '.env': 'TDK_RUNNER_TEST_UINT=31\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
