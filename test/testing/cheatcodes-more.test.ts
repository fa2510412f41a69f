// Failure paths of the less common cheatcodes (their happy paths run in
// examples/testing/test/MoreCheatcodes.t.sol, checked against EDR by bench:test): bad input, files
// outside fs_permissions, a partial revert with another selector, array assertion messages, and the
// cheatcodes that stay unsupported. One small project, compiled once.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult } from '../../src/testing/results.js';
import { runTests } from '../../src/testing/runner.js';

const VM = `
interface Vm {
  struct Wallet { address addr; uint256 publicKeyX; uint256 publicKeyY; uint256 privateKey; }
  function createWallet(string calldata) external returns (Wallet memory);
  function rememberKey(uint256) external returns (address);
  function sign(uint256, bytes32) external pure returns (uint8, bytes32, bytes32);
  function getLabel(address) external view returns (string memory);
  function signCompact(uint256, bytes32) external pure returns (bytes32, bytes32);
  function computeCreateAddress(address, uint256) external pure returns (address);
  function setEnv(string calldata, string calldata) external;
  function envOr(string calldata, int256) external view returns (int256);
  function readFileBinary(string calldata) external view returns (bytes memory);
  function readLine(string calldata) external view returns (string memory);
  function writeLine(string calldata, string calldata) external;
  function writeFileBinary(string calldata, bytes calldata) external;
  function removeFile(string calldata) external;
  function isDir(string calldata) external view returns (bool);
  function expectPartialRevert(bytes4) external;
  function expectRevert(bytes calldata) external;
  function mockCallRevert(address, bytes calldata, bytes calldata) external;
  function expectCall(address, uint256, uint64, bytes calldata) external;
  function assertEq(uint256[] calldata, uint256[] calldata) external pure;
  function assertEq(string[] calldata, string[] calldata, string calldata) external pure;
  function assertNotEq(address[] calldata, address[] calldata) external pure;
  function difficulty(uint256) external;
  function blobBaseFee(uint256) external;
  function deriveKey(string calldata, uint32) external pure returns (uint256);
  function ffi(string[] calldata) external returns (bytes memory);
}`;

const TEST = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
${VM}
error Bad(uint256 code);
error Other(uint256 code);
contract Thrower {
  function go() external pure { revert Bad(1); }
  function set(uint256) external {}
}
contract MoreFailuresTest {
  Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
  // createWallet and rememberKey are not in EDR, so their oracle is here: ecrecover and keccak256.
  function test_CreateWallet() public {
    Vm.Wallet memory w = vm.createWallet("alice");
    require(w.privateKey == uint256(keccak256("alice")), "private key");
    require(w.addr == address(uint160(uint256(keccak256(abi.encode(w.publicKeyX, w.publicKeyY))))), "public key");
    bytes32 digest = keccak256("hi");
    (uint8 v, bytes32 r, bytes32 s) = vm.sign(w.privateKey, digest);
    require(ecrecover(digest, v, r, s) == w.addr, "signer");
    require(keccak256(bytes(vm.getLabel(w.addr))) == keccak256("alice"), "label");
  }
  function test_RememberKey() public {
    bytes32 digest = keccak256("hi");
    (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xB0B, digest);
    require(vm.rememberKey(0xB0B) == ecrecover(digest, v, r, s), "address");
  }
  function test_RememberKeyZero() public { vm.rememberKey(0); }
  function test_SignCompactZeroKey() public pure { vm.signCompact(0, bytes32(0)); }
  function test_ComputeCreateAddressHugeNonce() public pure { vm.computeCreateAddress(address(1), 2 ** 64); }
  function test_ShortCalldata() public {
    (bool ok, bytes memory data) = address(vm).call(abi.encodePacked(vm.computeCreateAddress.selector, uint8(1)));
    if (!ok) assembly { revert(add(data, 32), mload(data)) }
  }
  function test_SetEnvEmptyKey() public { vm.setEnv("", "x"); }
  function test_SetEnvKeyWithEquals() public { vm.setEnv("A=B", "x"); }
  function test_EnvOrNotAnInt() public {
    vm.setEnv("TDK_MORE_TEST_BAD_INT", "twelve");
    vm.envOr("TDK_MORE_TEST_BAD_INT", int256(1));
  }
  function test_ReadOutsidePermissions() public view { vm.readFileBinary("secret.txt"); }
  function test_WriteIntoReadOnlyFolder() public { vm.writeLine("ro/out.txt", "x"); }
  function test_WriteFoundryToml() public { vm.writeFileBinary("rw/foundry.toml", hex"00"); }
  function test_ReadLineMissingFile() public view { vm.readLine("rw/missing.txt"); }
  function test_RemoveDirectory() public { vm.removeFile("rw/sub"); }
  function test_ReadLineCursorIsPerTest() public view {
    require(keccak256(bytes(vm.readLine("rw/lines.txt"))) == keccak256("one"), "first line");
  }
  function test_ReadLineCursorIsPerTestAgain() public view {
    require(keccak256(bytes(vm.readLine("rw/lines.txt"))) == keccak256("one"), "first line again");
  }
  function test_PartialRevertOtherSelector() public {
    Thrower t = new Thrower();
    vm.expectPartialRevert(Other.selector);
    t.go();
  }
  function test_PartialRevertNoRevert() public {
    Thrower t = new Thrower();
    vm.expectPartialRevert(Bad.selector);
    t.set(1);
  }
  function test_MockRevertIsNotAnExpectedRevert() public {
    Thrower t = new Thrower();
    vm.mockCallRevert(address(t), abi.encodeCall(Thrower.set, (1)), hex"1234");
    vm.expectRevert(hex"1234");
    t.set(1);
  }
  function test_ExpectCallWrongGas() public {
    Thrower t = new Thrower();
    vm.expectCall(address(t), 0, 40000, abi.encodeCall(Thrower.set, (1)));
    t.set{gas: 50000}(1);
  }
  function test_ArrayMismatch() public pure {
    uint256[] memory a = new uint256[](2);
    a[0] = 1; a[1] = 2;
    uint256[] memory b = new uint256[](2);
    b[0] = 1; b[1] = 3;
    vm.assertEq(a, b);
  }
  function test_StringArrayMismatchWithMessage() public pure {
    string[] memory a = new string[](1);
    a[0] = "x";
    vm.assertEq(a, new string[](0), "names");
  }
  function test_AddressArrayEqual() public pure {
    address[] memory a = new address[](1);
    a[0] = address(0xbeef);
    vm.assertNotEq(a, a);
  }
  function test_Difficulty() public { vm.difficulty(1); }
  function test_BlobBaseFeeTooLarge() public { vm.blobBaseFee(type(uint256).max); }
  function test_DeriveKeyUnsupported() public pure { vm.deriveKey("test test", 0); }
  function test_FfiUnsupported() public { vm.ffi(new string[](0)); }
}
`;

let root: string;
let tests: Map<string, TestResult>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tdk-cheat-more-'));
  mkdirSync(join(root, 'test'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'rw', 'sub'), { recursive: true });
  mkdirSync(join(root, 'ro'));
  writeFileSync(join(root, 'secret.txt'), 'not for tests');
  writeFileSync(join(root, 'rw', 'lines.txt'), 'one\ntwo\n');
  writeFileSync(
    join(root, 'foundry.toml'),
    `[profile.default]
src = "src"
test = "test"
out = "out"
evm_version = "cancun"
fs_permissions = [{ access = "read-write", path = "./rw" }, { access = "read", path = "./ro" }]
`,
  );
  writeFileSync(join(root, 'test', 'MoreFailures.t.sol'), TEST);
  const run = await runTests({ root, jobs: 1 });
  tests = new Map(run.suites.flatMap((s) => s.tests.map((t) => [t.name.replace(/\(.*$/, ''), t] as const)));
}, 60_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function failure(name: string): string {
  const t = tests.get(name);
  expect(t, name).toBeDefined();
  expect(t!.status, `${name}: ${t!.reason}`).toBe('fail');
  return t!.reason ?? '';
}

describe('cheatcodes EDR lacks', () => {
  it('createWallet derives the key from the label and rememberKey returns the signer', () => {
    for (const name of ['test_CreateWallet', 'test_RememberKey']) {
      const t = tests.get(name);
      expect(t?.status, `${name}: ${t?.reason}`).toBe('pass');
    }
    expect(failure('test_RememberKeyZero')).toBe(
      'vm.rememberKey: private key must be non-zero and less than the secp256k1 curve order',
    );
  });
});

describe('cheatcode failure paths', () => {
  it('rejects bad keys, nonces and truncated arguments, naming the cheatcode', () => {
    expect(failure('test_SignCompactZeroKey')).toBe(
      'vm.signCompact: private key must be non-zero and less than the secp256k1 curve order',
    );
    expect(failure('test_ComputeCreateAddressHugeNonce')).toBe(
      'vm.computeCreateAddress: nonce must be less than 2^64',
    );
    expect(failure('test_ShortCalldata')).toMatch(/^vm\.computeCreateAddress: /);
  });

  it('rejects environment keys forge rejects and values that do not parse', () => {
    expect(failure('test_SetEnvEmptyKey')).toBe("vm.setEnv: environment variable key can't be empty");
    expect(failure('test_SetEnvKeyWithEquals')).toBe(
      "vm.setEnv: environment variable key can't contain equal sign `=`",
    );
    expect(failure('test_EnvOrNotAnInt')).toBe('vm.envOr: failed parsing "twelve" as type `int256`');
    // vm.setEnv stays in the test: the runner's process environment is untouched.
    expect(process.env.TDK_MORE_TEST_BAD_INT).toBeUndefined();
  });

  it('keeps file cheatcodes inside fs_permissions and reports missing files and directories', () => {
    expect(failure('test_ReadOutsidePermissions')).toBe(
      'vm.readFileBinary: the path secret.txt is not allowed to be accessed for read operations (set fs_permissions in foundry.toml)',
    );
    expect(failure('test_WriteIntoReadOnlyFolder')).toBe(
      'vm.writeLine: the path ro/out.txt is not allowed to be accessed for write operations (set fs_permissions in foundry.toml)',
    );
    expect(existsSync(join(root, 'ro', 'out.txt'))).toBe(false);
    expect(failure('test_WriteFoundryToml')).toMatch(
      /^vm\.writeFileBinary: access to rw\/foundry\.toml is not allowed/,
    );
    expect(existsSync(join(root, 'rw', 'foundry.toml'))).toBe(false);
    expect(failure('test_ReadLineMissingFile')).toBe(
      'vm.readLine: failed to read "rw/missing.txt": no such file',
    );
    expect(failure('test_RemoveDirectory')).toBe('vm.removeFile: path rw/sub is a directory');
    expect(existsSync(join(root, 'rw', 'sub'))).toBe(true);
  });

  it('starts every test with its own readLine cursors', () => {
    // Both tests read the file's first line: the cursor one test advanced is not the other's.
    expect(tests.get('test_ReadLineCursorIsPerTest')?.status).toBe('pass');
    expect(tests.get('test_ReadLineCursorIsPerTestAgain')?.status).toBe('pass');
  });

  it('fails expectPartialRevert on another selector or no revert, with forge messages', () => {
    expect(failure('test_PartialRevertOtherSelector')).toMatch(/^Error != expected error: Bad\(1\) != /);
    expect(failure('test_PartialRevertNoRevert')).toBe('call did not revert as expected');
  });

  it('does not let a mocked revert satisfy expectRevert, as forge (EDR) does not', () => {
    expect(failure('test_MockRevertIsNotAnExpectedRevert')).toBe(
      "call didn't revert at a lower depth than cheatcode call depth",
    );
  });

  it('fails expectCall with gas when the call gets other gas', () => {
    expect(failure('test_ExpectCallWrongGas')).toMatch(
      /^expected call to 0x[0-9a-f]{40} with data 0x[0-9a-f]+ to be called/,
    );
  });

  it('prints arrays in assertion failures as forge does', () => {
    expect(failure('test_ArrayMismatch')).toBe('assertion failed: [1, 2] != [1, 3]');
    expect(failure('test_StringArrayMismatchWithMessage')).toBe('names: [x] != []');
    expect(failure('test_AddressArrayEqual')).toBe(
      'assertion failed: [0x000000000000000000000000000000000000bEEF] == [0x000000000000000000000000000000000000bEEF]',
    );
  });

  it('mirrors forge after the Merge and keeps the rest unsupported', () => {
    expect(failure('test_Difficulty')).toMatch(
      /^vm\.difficulty: `difficulty` is not supported after the Paris hard fork/,
    );
    expect(failure('test_BlobBaseFeeTooLarge')).toMatch(
      /^vm\.blobBaseFee: excess blob gas must be at most \d+$/,
    );
    expect(failure('test_DeriveKeyUnsupported')).toBe('unsupported cheatcode: deriveKey(string,uint32)');
    expect(failure('test_FfiUnsupported')).toBe('unsupported cheatcode: ffi(string[])');
  });
});
