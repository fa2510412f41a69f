// Slot math against viem's keccak256 and ABI encoding, and the ERC-7201 vectors of the standard and
// OpenZeppelin.
import { concat, encodeAbiParameters, encodePacked, keccak256, toBytes, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  arraySlotCount,
  bytesLength,
  dataSlot,
  elementPosition,
  encodeMappingKey,
  erc7201Slot,
  longBytesSlots,
  mappingEntrySlot,
  nestedMappingSlot,
  staticArrayLength,
} from '../../src/layout/slots.js';
import type { StorageType } from '../../src/layout/types.js';

const value = (
  id: string,
  label: string,
  numberOfBytes: number,
  extra: Partial<StorageType> = {},
): StorageType => ({
  id,
  label,
  encoding: 'inplace',
  numberOfBytes,
  ...extra,
});
const bytesType: StorageType = {
  id: 't_bytes_storage',
  label: 'bytes',
  encoding: 'bytes',
  numberOfBytes: 32,
};
const stringType: StorageType = {
  id: 't_string_storage',
  label: 'string',
  encoding: 'bytes',
  numberOfBytes: 32,
};
const word = (types: string, v: unknown) => encodeAbiParameters([{ type: types }], [v]);
const slotOf = (key: `0x${string}`, slot: bigint) => BigInt(keccak256(concat([key, word('uint256', slot)])));

describe('mapping entries', () => {
  const cases: [StorageType, unknown, `0x${string}`][] = [
    [
      value('t_address', 'address', 20),
      '0x00000000000000000000000000000000000000a1',
      word('address', '0x00000000000000000000000000000000000000a1'),
    ],
    [value('t_uint256', 'uint256', 32), 2n ** 255n + 3n, word('uint256', 2n ** 255n + 3n)],
    [value('t_uint8', 'uint8', 1), 255, word('uint8', 255)],
    [value('t_int16', 'int16', 2), -300n, word('int16', -300n)],
    [value('t_int256', 'int256', 32), -(2n ** 255n), word('int256', -(2n ** 255n))],
    [value('t_bool', 'bool', 1), true, word('bool', true)],
    [value('t_bytes32', 'bytes32', 32), `0x${'ab'.repeat(32)}`, word('bytes32', `0x${'ab'.repeat(32)}`)],
    [value('t_bytes4', 'bytes4', 4), '0xdeadbeef', word('bytes4', '0xdeadbeef')],
    [value('t_enum(Color)5', 'enum Color', 1), 2n, word('uint8', 2)],
    [
      value('t_contract(Counter)9', 'contract Counter', 20),
      '0xc0ffee254729296a45a3885639ac7e10f9d54979',
      word('address', '0xc0ffee254729296a45a3885639ac7e10f9d54979'),
    ],
    [value('t_userDefinedValueType(Delta)3', 'Delta', 8, { underlying: 'int64' }), -5n, word('int64', -5n)],
    [stringType, 'a key with ] inside', toHex('a key with ] inside')],
    [stringType, '', '0x'],
    [bytesType, '0x00ff', '0x00ff'],
  ];

  it.each(cases)('%s key %s hashes like keccak256(abi.encode(key) ‖ slot)', (type, key, encoded) => {
    const raw = encodeMappingKey(type, key as never);
    expect(toHex(raw)).toBe(encoded);
    expect(mappingEntrySlot(7n, raw)).toBe(slotOf(encoded, 7n));
  });

  it('nests: each level hashes with the slot of the one before', () => {
    const a = word('address', '0x00000000000000000000000000000000000000a1');
    const b = word('address', '0xb0b0000000000000000000000000000000000b0b');
    const inner = slotOf(a, 3n);
    expect(nestedMappingSlot(3n, [toBytes(a), toBytes(b)])).toBe(slotOf(b, inner));
  });

  it('refuses keys that are not values of the key type', () => {
    expect(() => encodeMappingKey(value('t_uint8', 'uint8', 1), 256)).toThrow(/not a key of type uint8/);
    expect(() => encodeMappingKey(value('t_int8', 'int8', 1), -129n)).toThrow(
      expect.objectContaining({ code: 'TDK_LAYOUT_KEY' }),
    );
    expect(() => encodeMappingKey(value('t_bytes4', 'bytes4', 4), '0xdead')).toThrow();
    expect(() => encodeMappingKey(value('t_bool', 'bool', 1), 'yes')).toThrow();
  });
});

describe('arrays and bytes', () => {
  it('puts dynamic data at keccak256(slot)', () => {
    expect(dataSlot(5n)).toBe(BigInt(keccak256(word('uint256', 5n))));
  });

  it('packs ⌊32/size⌋ small elements per slot without straddling', () => {
    const u8 = value('t_uint8', 'uint8', 1);
    const b3 = value('t_bytes3', 'bytes3', 3);
    const u128 = value('t_uint128', 'uint128', 16);
    expect(elementPosition(10n, 33n, u8)).toEqual({ slot: 11n, offset: 1 });
    expect(elementPosition(10n, 10n, b3)).toEqual({ slot: 11n, offset: 0 });
    expect(elementPosition(10n, 9n, b3)).toEqual({ slot: 10n, offset: 27 });
    expect(elementPosition(0n, 3n, u128)).toEqual({ slot: 1n, offset: 16 });
    expect(arraySlotCount(12n, b3)).toBe(2n);
  });

  it('gives larger elements whole slots: value types, structs, static arrays', () => {
    const u256 = value('t_uint256', 'uint256', 32);
    const struct = value('t_struct(S)1_storage', 'struct S', 96, { members: [] });
    const pair = value('t_array(t_uint8)2_storage', 'uint8[2]', 32, { base: 't_uint8' });
    expect(elementPosition(4n, 2n, u256)).toEqual({ slot: 6n, offset: 0 });
    expect(elementPosition(4n, 2n, struct)).toEqual({ slot: 10n, offset: 0 });
    expect(elementPosition(4n, 2n, pair)).toEqual({ slot: 6n, offset: 0 });
    expect(arraySlotCount(3n, struct)).toBe(9n);
  });

  it('reads static array lengths from the type id', () => {
    const outer = value('t_array(t_array(t_uint256)2_storage)3_storage', 'uint256[2][3]', 192, {
      base: 't_array(t_uint256)2_storage',
    });
    expect(staticArrayLength(outer)).toBe(3n);
    expect(
      staticArrayLength({ ...outer, id: 't_array(t_uint256)dyn_storage', encoding: 'dynamic_array' }),
    ).toBeUndefined();
  });

  it('tells short from long bytes and finds the long data slots', () => {
    const short = BigInt(encodePacked(['bytes31', 'uint8'], [`0x${'61'.repeat(31)}`, 62]));
    expect(bytesLength(short)).toEqual({ length: 31n, long: false });
    expect(bytesLength(2n * 32n + 1n)).toEqual({ length: 32n, long: true });
    const first = BigInt(keccak256(word('uint256', 9n)));
    expect(longBytesSlots(9n, 65n)).toEqual([first, first + 1n, first + 2n]);
  });
});

describe('ERC-7201', () => {
  it('matches the standard and OpenZeppelin', () => {
    // The example of EIP-7201 itself, and OpenZeppelin 5's Initializable and ERC20 namespaces.
    expect(erc7201Slot('example.main')).toBe(
      0x183a6125c38840424c4a85fa12bab2ab606c4b6d0e7cc73c0c06ba5300eab500n,
    );
    expect(erc7201Slot('openzeppelin.storage.Initializable')).toBe(
      0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00n,
    );
    expect(erc7201Slot('openzeppelin.storage.ERC20')).toBe(
      0x52c63247e1f47db19d5ce0460030c497f067ca4cebf71ba98eeadabe20bace00n,
    );
  });

  it('is keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff', () => {
    const id = 'tdk.any.namespace';
    const inner = BigInt(keccak256(toHex(id))) - 1n;
    expect(erc7201Slot(id)).toBe(BigInt(keccak256(word('uint256', inner))) & ~0xffn);
  });
});
