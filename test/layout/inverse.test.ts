// slotOwner: a raw slot back to its variable. Expected slots are computed here with viem's keccak256
// from the Solidity rules, independently of tdk's slot walk; hashed slots are explained through the
// devnet's recording, root slots need none.
import { encodeAbiParameters, encodePacked, type Hex, keccak256 } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotOwner } from '../../src/layout/inverse.js';
import { rpcSlotRecording } from '../../src/layout/reader.js';
import type { ContractLayout, SlotRecording } from '../../src/layout/types.js';
import { LONG_TITLE, type StorageFixture, setUpStorageFixture, VAULT_NAMESPACE } from './storage-fixture.js';
import { erc7201 } from './support.js';

let fx: StorageFixture;
let recording: SlotRecording;

beforeAll(async () => {
  fx = await setUpStorageFixture('inverse');
  recording = rpcSlotRecording(fx.devnet.provider);
});
afterAll(() => fx?.devnet.close());

const word = (v: bigint): Hex => `0x${v.toString(16).padStart(64, '0')}`;
const h = (data: Hex): bigint => BigInt(keccak256(data));
/** keccak256(pad32(key) ‖ slot) for a value-type key given as its 32-byte word. */
const entry = (key: Hex, slot: bigint): bigint =>
  h(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint256' }], [key, slot]));
const addressKey = (a: Hex): Hex => encodeAbiParameters([{ type: 'address' }], [a]);
const slotOf = (layout: ContractLayout, label: string): bigint =>
  layout.storage.find((v) => v.label === label)!.slot;

async function owner(layout: ContractLayout, slot: bigint, withRecording = true) {
  return (await slotOwner(layout, slot, withRecording ? recording : undefined)).variables;
}
const pathsOf = async (layout: ContractLayout, slot: bigint) =>
  (await owner(layout, slot)).map((v) => v.path);

describe('slotOwner', () => {
  it('maps every ERC-20 balance and allowance slot back to its keys', async () => {
    const { layout } = fx.token;
    const balances = slotOf(layout, '_balances');
    const allowances = slotOf(layout, '_allowances');
    for (const holder of fx.holders) {
      expect(await owner(layout, entry(addressKey(holder as Hex), balances))).toEqual([
        { path: `_balances[${holder}]`, type: 'uint256', offset: 0, bytes: 32 },
      ]);
    }
    for (const pair of fx.allowances) {
      const [o, s] = pair.split(',') as [Hex, Hex];
      const slot = entry(addressKey(s), entry(addressKey(o), allowances));
      expect(await pathsOf(layout, slot)).toEqual([`_allowances[${o}][${s}]`]);
    }
    expect(await pathsOf(layout, slotOf(layout, '_totalSupply'))).toEqual(['_totalSupply']);
  });

  it('lists every field of a packed slot, struct members and fixed array elements', async () => {
    const { layout } = fx.shapes;
    // Without a recording: root slots only.
    expect(await owner(layout, 0n, false)).toEqual([
      { path: 'small', type: 'uint8', offset: 0, bytes: 1 },
      { path: 'medium', type: 'uint16', offset: 1, bytes: 2 },
      { path: 'flag', type: 'bool', offset: 3, bytes: 1 },
    ]);
    const fixed = slotOf(layout, 'fixedItems');
    expect(await pathsOf(layout, fixed + 1n)).toEqual(['fixedItems[1]']);
    const a1 = fx.accounts[1];
    const position = entry(addressKey(a1), slotOf(layout, 'positions'));
    const key = a1.toLowerCase();
    expect(await owner(layout, position)).toEqual([
      { path: `positions[${key}].amount`, type: 'uint128', offset: 0, bytes: 16 },
      { path: `positions[${key}].since`, type: 'uint64', offset: 16, bytes: 8 },
      { path: `positions[${key}].active`, type: 'bool', offset: 24, bytes: 1 },
    ]);
    expect(await pathsOf(layout, position + 1n)).toEqual([`positions[${key}].owner`]);
    // history is the struct's third slot; its data sits at keccak256 of that slot.
    expect(await pathsOf(layout, h(word(position + 2n)))).toEqual([`positions[${key}].history[0]`]);
    // flags is the fourth: a mapping inside a struct inside a mapping.
    expect(await pathsOf(layout, entry(word(1700n), position + 3n))).toEqual([
      `positions[${key}].flags[1700]`,
    ]);
  });

  it('names long-string data slots, dynamic array elements (packed too) and typed keys', async () => {
    const { layout } = fx.shapes;
    const title = h(word(slotOf(layout, 'title')));
    const chunks = Math.ceil(LONG_TITLE.length / 32);
    for (let i = 0; i < chunks; i++) {
      expect(await owner(layout, title + BigInt(i))).toEqual([
        { path: `title.data[${i}]`, type: 'string', offset: 0, bytes: 32 },
      ]);
    }
    expect(await pathsOf(layout, h(word(slotOf(layout, 'items'))) + 4n)).toEqual(['items[4]']);
    const packed = await owner(layout, h(word(slotOf(layout, 'packed'))));
    expect(packed.map((v) => [v.path, v.offset])).toEqual([
      ['packed[0]', 0],
      ['packed[1]', 8],
      ['packed[2]', 16],
      ['packed[3]', 24],
    ]);
    // string keys are hashed unpadded
    const byName = h(encodePacked(['string', 'uint256'], ['alice', slotOf(layout, 'byName')]));
    expect(await pathsOf(layout, byName)).toEqual(['byName["alice"]']);
    // int32 keys are sign-extended
    const nested = entry(word((1n << 256n) - 3n), entry(word(5n), slotOf(layout, 'nested')));
    expect(await pathsOf(layout, nested)).toEqual(['nested[5][-3]']);
    // enum and bool keys
    const level = entry(word(1n), entry(word(2n), slotOf(layout, 'byLevel')));
    expect(await pathsOf(layout, level)).toEqual(['byLevel[2][true]']);
    // struct members of dynamic array elements: Position takes four slots
    const stack = h(word(slotOf(layout, 'stack')));
    expect(await pathsOf(layout, stack + 4n + 2n)).toEqual(['stack[1].history']);
    expect(await pathsOf(layout, entry(word(78n), stack + 4n + 3n))).toEqual(['stack[1].flags[78]']);
    // bytes4 keys are left-aligned
    const list = entry(`0xdeadbeef${'0'.repeat(56)}`, slotOf(layout, 'lists'));
    const elements = await pathsOf(layout, h(word(list)));
    expect(elements).toHaveLength(32);
    expect(elements[31]).toBe('lists[0xdeadbeef][31]');
  });

  it('finds ERC-7201 namespace members', async () => {
    const { layout } = fx.vault;
    const base = erc7201(VAULT_NAMESPACE);
    expect(await owner(layout, base + 1n, false)).toEqual([
      { path: '$VaultStorage.total', type: 'uint256', offset: 0, bytes: 32 },
    ]);
    const a2 = fx.accounts[2];
    expect(await pathsOf(layout, entry(addressKey(a2), base))).toEqual([
      `$VaultStorage.deposits[${a2.toLowerCase()}]`,
    ]);
    expect(await pathsOf(layout, h(word(base + 2n)) + 1n)).toEqual(['$VaultStorage.note.data[1]']);
  });

  it('answers "unknown" (no variables) for slots nothing explains', async () => {
    const shapes = fx.shapes.layout;
    // Past every variable; a hash nobody recorded; a recorded mapping slot of another contract
    // (its parent, slot 0, holds packed values here, not a mapping).
    expect(await owner(shapes, 1000n)).toEqual([]);
    expect(await owner(shapes, h(word(123456789n)))).toEqual([]);
    expect(await owner(shapes, entry(addressKey(fx.accounts[1]), 0n))).toEqual([]);
    // A hashed slot without a recording cannot be explained.
    expect(await owner(fx.token.layout, entry(addressKey(fx.accounts[1]), 0n), false)).toEqual([]);
    // A fixed array's elements end at its length; a slot past the 3 elements is the next variable.
    const fixed = slotOf(shapes, 'fixedItems');
    expect(await pathsOf(shapes, fixed + 3n)).toEqual(['lists']);
  });
});
