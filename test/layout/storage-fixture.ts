// Contracts with every kind of written slot, deployed on a fresh devnet and exercised: an
// OpenZeppelin ERC-20 after transfers, approvals and a transferFrom; a contract with packed values,
// a long string, arrays, structs in mappings and arrays, nested mappings with several key types;
// and ERC-7201 namespaced storage. What the test did is returned as the expected answers.
import { type Abi, decodeFunctionResult, encodeFunctionData, type Hex } from 'viem';
import { type Devnet, startDevnet } from '../../src/chain/devnet.js';
import type { ContractLayout } from '../../src/layout/types.js';
import type { Artifact } from '../../src/solidity/artifacts.js';
import { artifact, buildProject, erc7201, layoutOf, Session } from './support.js';

export const VAULT_NAMESPACE = 'tdk.test.vault';
const VAULT_SLOT = erc7201(VAULT_NAMESPACE);

export const STORAGE_SOURCES = {
  'Storage.sol': `// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract Token is ERC20 {
    constructor() ERC20("Token", "TKN") { _mint(msg.sender, 1_000_000 ether); }
}

contract Shapes {
    enum Level { Low, Mid, High }
    struct Position {
        uint128 amount;
        uint64 since;
        bool active;
        address owner;
        uint256[] history;
        mapping(uint256 => bool) flags;
    }
    uint8 public small;
    uint16 public medium;
    bool public flag;
    string public title;
    uint256[] public items;
    uint64[] public packed;
    mapping(address => Position) internal positions;
    mapping(string => uint256) public byName;
    mapping(uint256 => mapping(int32 => bytes32)) public nested;
    Position[] internal stack;
    uint256[3] public fixedItems;
    mapping(bytes4 => uint8[]) internal lists;
    mapping(Level => mapping(bool => address)) public byLevel;

    function setSmall(uint8 a, uint16 b, bool c) external { small = a; medium = b; flag = c; }
    function setTitle(string calldata t) external { title = t; }
    function push(uint256 v) external { items.push(v); packed.push(uint64(v)); }
    function setPosition(address who, uint128 amount, uint64 since) external {
        Position storage p = positions[who];
        p.amount = amount;
        p.since = since;
        p.active = true;
        p.owner = who;
        p.history.push(amount);
        p.flags[since] = true;
    }
    function setOwnerOnly(address who) external { positions[who].owner = who; }
    function setName(string calldata n, uint256 v) external { byName[n] = v; }
    function setNested(uint256 a, int32 b, bytes32 v) external { nested[a][b] = v; }
    function pushStack(uint128 amount, uint256 flagKey) external {
        Position storage p = stack.push();
        p.amount = amount;
        p.history.push(amount);
        p.flags[flagKey] = true;
    }
    function setFixed(uint256 i, uint256 v) external { fixedItems[i] = v; }
    function pushList(bytes4 k, uint8 v) external { lists[k].push(v); }
    function setLevel(Level l, bool b, address a) external { byLevel[l][b] = a; }
}

contract Vault {
    /// @custom:storage-location erc7201:${VAULT_NAMESPACE}
    struct VaultStorage {
        mapping(address => uint256) deposits;
        uint256 total;
        string note;
    }
    bytes32 private constant LOCATION = 0x${VAULT_SLOT.toString(16).padStart(64, '0')};
    uint256 public plain;

    function _s() private pure returns (VaultStorage storage $) { assembly { $.slot := LOCATION } }
    function deposit(uint256 v) external { VaultStorage storage $ = _s(); $.deposits[msg.sender] += v; $.total += v; plain += 1; }
    function setNote(string calldata n) external { _s().note = n; }
}

// solc lists a struct's layout only where a variable has its type: this one exists for that.
contract VaultProbe { Vault.VaultStorage internal probe; }
`,
};

export const LONG_TITLE =
  'A title longer than thirty-one bytes, so its data lives at keccak256(slot) onwards';
export const OTHER = '0x00000000000000000000000000000000000000a1' as Hex;
export const SPENDER = '0x00000000000000000000000000000000000000b2' as Hex;

export interface StorageFixture {
  devnet: Devnet;
  session: Session;
  token: { address: Hex; artifact: Artifact; layout: ContractLayout };
  shapes: { address: Hex; artifact: Artifact; layout: ContractLayout };
  vault: { address: Hex; artifact: Artifact; layout: ContractLayout };
  accounts: Hex[];
  /** Every address whose ERC-20 balance was written. */
  holders: Set<string>;
  /** Every `owner,spender` whose allowance was written. */
  allowances: Set<string>;
  /** Reads a view function by eth_call. */
  view(a: Artifact, to: Hex, fn: string, args?: readonly unknown[]): Promise<unknown>;
}

export async function setUpStorageFixture(tag: string, devnetOptions = {}): Promise<StorageFixture> {
  const root = await buildProject(tag, STORAGE_SOURCES);
  const devnet = await startDevnet(devnetOptions);
  const session = await Session.open(devnet);
  const accounts = await session.accounts();
  const [a0, a1, a2, a3, a4, a5, a6] = accounts;

  const tokenArt = artifact(root, 'Token');
  const token = await session.deploy(tokenArt);
  const holders = new Set([a0]);
  const allowances = new Set<string>();
  const transfer = async (from: Hex, to: Hex, v: bigint) => {
    await session.call(tokenArt, token, 'transfer', [to, v], from);
    holders.add(to);
  };
  const approve = async (owner: Hex, spender: Hex, v: bigint) => {
    await session.call(tokenArt, token, 'approve', [spender, v], owner);
    allowances.add(`${owner},${spender}`);
  };
  for (const [to, v] of [
    [a1, 1000n],
    [a2, 2000n],
    [a3, 3000n],
    [a4, 4000n],
    [OTHER, 5n],
  ] as const) {
    await transfer(a0, to, v);
  }
  await transfer(a1, a5, 100n);
  await transfer(a2, a0, 2000n); // a2's balance back to zero: still a written entry
  await approve(a0, a1, 500n);
  await approve(a0, a2, 1n);
  await approve(a1, a3, 7n);
  await approve(a3, SPENDER, 2n ** 256n - 1n);
  await session.call(tokenArt, token, 'transferFrom', [a0, a6, 200n], a1);
  holders.add(a6);

  const shapesArt = artifact(root, 'Shapes');
  const shapes = await session.deploy(shapesArt);
  const s = (fn: string, args: readonly unknown[]) => session.call(shapesArt, shapes, fn, args);
  await s('setSmall', [7, 300, true]);
  await s('setTitle', [LONG_TITLE]);
  for (const v of [11n, 12n, 13n, 14n, 15n]) await s('push', [v]);
  await s('setPosition', [a1, 42n, 1700n]);
  await s('setOwnerOnly', [a2]);
  await s('setName', ['alice', 1n]);
  await s('setName', ['a name that is longer than thirty-two bytes in total', 2n]);
  await s('setNested', [5n, -3, `0x${'ee'.repeat(32)}`]);
  await s('pushStack', [9n, 77n]);
  await s('pushStack', [10n, 78n]);
  await s('setFixed', [2n, 99n]);
  for (const v of [1, 2, 3]) await s('pushList', ['0xdeadbeef', v]);
  await s('setLevel', [2, true, a3]);

  const vaultArt = artifact(root, 'Vault');
  const vault = await session.deploy(vaultArt);
  await session.call(vaultArt, vault, 'deposit', [10n], a1);
  await session.call(vaultArt, vault, 'deposit', [20n], a2);
  await session.call(vaultArt, vault, 'setNote', [LONG_TITLE]);
  const probe = layoutOf(artifact(root, 'VaultProbe'));
  const structType = probe.storage[0].type;
  const vaultLayout: ContractLayout = {
    ...layoutOf(vaultArt),
    types: { ...layoutOf(vaultArt).types, ...probe.types },
    namespaces: [
      { id: VAULT_NAMESPACE, slot: VAULT_SLOT, type: structType, contract: 'src/Storage.sol:Vault' },
    ],
  };

  return {
    devnet,
    session,
    accounts,
    token: { address: token, artifact: tokenArt, layout: layoutOf(tokenArt) },
    shapes: { address: shapes, artifact: shapesArt, layout: layoutOf(shapesArt) },
    vault: { address: vault, artifact: vaultArt, layout: vaultLayout },
    holders: new Set([...holders].map((h) => h.toLowerCase())),
    allowances: new Set([...allowances].map((p) => p.toLowerCase())),
    async view(a, to, fn, args = []) {
      const data = encodeFunctionData({ abi: a.abi as Abi, functionName: fn, args });
      const out = (await devnet.provider.request({
        method: 'eth_call',
        params: [{ to, data }, 'latest'],
      })) as Hex;
      return decodeFunctionResult({ abi: a.abi as Abi, functionName: fn, data: out });
    },
  };
}
