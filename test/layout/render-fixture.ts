// A real storage layout (solc 0.8.37 through tdk build and layoutFromArtifact: packed fields, an enum,
// a UDVT, a struct, dynamic and fixed arrays, nested mappings, short and long strings, bytes, an
// inherited base, an ERC-7201 namespace) and decoded values for it covering every DecodedValue kind,
// for the renderer tests. Slots of mapping entries, array data and the ERC-7201 root are computed
// here the way the EVM does.
import { encodeAbiParameters, keccak256, toHex } from 'viem';
import { layoutFromArtifact } from '../../src/layout/model.js';
import type { ContractLayout, DecodedValue, DecodedVariable } from '../../src/layout/types.js';
import { loadBuildInfo } from '../../src/solidity/artifacts.js';
import { artifact, buildProject } from './support.js';

export const VAULT_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;
contract Base { address internal owner; bool internal paused; }
contract Vault is Base {
  enum Status { Idle, Active, Closed }
  struct Position { address holder; uint96 amount; uint64 since; bool open; }
  type Price is uint128;
  uint8 public small; uint16 public mid; Status public status; Price public price;
  Position public pos;
  uint256[] public list;
  uint64[3] public fixedSmall;
  mapping(address => uint256) public balances;
  mapping(address => mapping(address => uint256)) public allowances;
  string public name; bytes public blob; string public longName;
  mapping(uint256 => bool) public seen;
  /// @custom:storage-location erc7201:example.main
  struct MainStorage { uint256 total; address admin; bool frozen; }
  function main() internal pure returns (MainStorage storage $) {
    assembly { $.slot := 0x183a6125c38840424c4a85fa12bab2ab606c4b6d0e7cc73c0c06ba5300eab500 }
  }
}
`;

/** Vault's layout as tdk computes it: tdk build (solc 0.8.37), then layoutFromArtifact with the build info. */
export async function vaultLayout(): Promise<ContractLayout> {
  const root = await buildProject('render', { 'Vault.sol': VAULT_SOURCE });
  const vault = artifact(root, 'Vault');
  return layoutFromArtifact(vault, loadBuildInfo(root, vault.buildInfo));
}

const word = (n: bigint) => toHex(n, { size: 32 });

/** ERC-7201: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff. */
export function erc7201(id: string): bigint {
  const inner = BigInt(keccak256(toHex(id))) - 1n;
  return BigInt(keccak256(encodeAbiParameters([{ type: 'uint256' }], [inner]))) & ~0xffn;
}
export const MAIN_ROOT = erc7201('example.main');

/** keccak256(pad32(key) . pad32(slot)). */
export function mappingSlot(key: bigint, slot: bigint): bigint {
  return BigInt(keccak256(`${word(key)}${word(slot).slice(2)}` as `0x${string}`));
}

/** keccak256(slot): where dynamic array elements and long bytes data start. */
export function dataSlot(slot: bigint): bigint {
  return BigInt(keccak256(word(slot)));
}

export const ALICE = '0x8ba1f109551bd432803012645ac136ddd64dba72';
export const BOB = '0xab5801a7d398351b8be11c439e05c5b3259aec9b';
export const SCRIPT = '<script>__pwned=1</script>';
export const LONG_NAME = 'A long name that does not fit in one slot: ünïcødé and 🚀, well past 32 bytes.';

const leaf = (
  path: string,
  type: string,
  slot: bigint,
  offset: number,
  bytes: number,
  value: DecodedValue,
): DecodedVariable => ({ path, type, slot, offset, bytes, value });
const int = (v: bigint): DecodedValue => ({ kind: 'value', value: v });
const str = (v: string): DecodedValue => ({ kind: 'value', value: v });
const bool = (v: boolean): DecodedValue => ({ kind: 'value', value: v });
const text = (s: string): DecodedValue => {
  const bytes = new TextEncoder().encode(s);
  return { kind: 'bytes', hex: toHex(bytes), utf8: s, length: bytes.length };
};

/** What a decoder would give for Vault after a few transactions: every DecodedValue kind. */
export function vaultValues(): DecodedVariable[] {
  const listData = dataSlot(4n);
  const balance = (who: string, v: bigint) =>
    leaf(`balances[${who}]`, 'uint256', mappingSlot(BigInt(who), 6n), 0, 32, int(v));
  const inner = mappingSlot(BigInt(ALICE), 7n);
  return [
    leaf('owner', 'address', 0n, 0, 20, str(ALICE)),
    leaf('paused', 'bool', 0n, 20, 1, bool(true)),
    leaf('small', 'uint8', 0n, 21, 1, int(7n)),
    leaf('mid', 'uint16', 0n, 22, 2, int(65535n)),
    leaf('status', 'enum Vault.Status', 0n, 24, 1, { kind: 'enum', value: 1n, member: 'Active' }),
    leaf('price', 'Vault.Price', 1n, 0, 16, int(12345678901234567890n)),
    leaf('pos', 'struct Vault.Position', 2n, 0, 64, {
      kind: 'struct',
      members: [
        leaf('pos.holder', 'address', 2n, 0, 20, str(BOB)),
        leaf('pos.amount', 'uint96', 2n, 20, 12, int(10n ** 24n)),
        leaf('pos.since', 'uint64', 3n, 0, 8, int(1700000000n)),
        leaf('pos.open', 'bool', 3n, 8, 1, bool(false)),
      ],
    }),
    leaf('list', 'uint256[]', 4n, 0, 32, {
      kind: 'array',
      length: 25n,
      elements: Array.from({ length: 12 }, (_, i) =>
        leaf(`list[${i}]`, 'uint256', listData + BigInt(i), 0, 32, int(BigInt(i * i))),
      ),
      truncated: true,
    }),
    leaf('fixedSmall', 'uint64[3]', 5n, 0, 32, {
      kind: 'array',
      length: 3n,
      elements: [0, 1, 2].map((i) => leaf(`fixedSmall[${i}]`, 'uint64', 5n, 8 * i, 8, int(BigInt(100 + i)))),
    }),
    leaf('balances', 'mapping(address => uint256)', 6n, 0, 32, {
      kind: 'mapping',
      keysFrom: 'recorded',
      entries: [
        { key: ALICE, value: balance(ALICE, 1000n) },
        { key: BOB, value: balance(BOB, 0n) },
      ],
    }),
    leaf('allowances', 'mapping(address => mapping(address => uint256))', 7n, 0, 32, {
      kind: 'mapping',
      keysFrom: 'recorded',
      entries: [
        {
          key: ALICE,
          value: leaf(`allowances[${ALICE}]`, 'mapping(address => uint256)', inner, 0, 32, {
            kind: 'mapping',
            keysFrom: 'recorded',
            entries: [
              {
                key: BOB,
                value: leaf(
                  `allowances[${ALICE}][${BOB}]`,
                  'uint256',
                  mappingSlot(BigInt(BOB), inner),
                  0,
                  32,
                  int(5n),
                ),
              },
            ],
          }),
        },
      ],
    }),
    leaf('name', 'string', 8n, 0, 32, text(SCRIPT)),
    leaf('blob', 'bytes', 9n, 0, 32, { kind: 'bytes', hex: '0xdeadbeef', length: 4 }),
    leaf('longName', 'string', 10n, 0, 32, text(LONG_NAME)),
    leaf('seen', 'mapping(uint256 => bool)', 11n, 0, 32, { kind: 'mapping', keysFrom: 'none', entries: [] }),
    leaf('$MainStorage.total', 'uint256', MAIN_ROOT, 0, 32, int(42n)),
    leaf('$MainStorage.admin', 'address', MAIN_ROOT + 1n, 0, 20, str(BOB)),
    leaf('$MainStorage.frozen', 'bool', MAIN_ROOT + 1n, 20, 1, bool(true)),
  ];
}
