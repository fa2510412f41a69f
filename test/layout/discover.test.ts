// Mapping-key discovery on the devnet: after ERC-20 transfers and approvals every holder and every
// (owner, spender) pair is found without being given a key, and every other kind of written slot
// (packed values, long strings, arrays, structs in mappings and arrays, nested mappings with string,
// int, enum, bool and bytes4 keys, ERC-7201 namespaces) gets its path.
import { encodeAbiParameters, keccak256 } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStorage } from '../../src/layout/decode.js';
import { discoverStorage } from '../../src/layout/discover.js';
import { rpcSlotRecording, rpcStorageReader } from '../../src/layout/reader.js';
import type { SlotRecording, StorageType } from '../../src/layout/types.js';
import { LONG_TITLE, type StorageFixture, setUpStorageFixture } from './storage-fixture.js';

let fx: StorageFixture;
let recording: SlotRecording;

beforeAll(async () => {
  fx = await setUpStorageFixture('discover');
  recording = rpcSlotRecording(fx.devnet.provider);
});
afterAll(() => fx?.devnet.close());

const paths = (d: Awaited<ReturnType<typeof discoverStorage>>): string[] =>
  d.slots.flatMap((s) => s.places.map((p) => p.path));

describe('discoverStorage', () => {
  it('finds every ERC-20 holder and every allowance, and their values match the getters', async () => {
    const { address, layout, artifact } = fx.token;
    const found = await discoverStorage(layout, recording, BigInt(address));
    expect(found.unknown).toEqual([]);
    const balances = found.keys.filter((k) => k.mapping === '_balances').map((k) => k.text);
    expect(new Set(balances)).toEqual(fx.holders);
    const allowances = found.slots.flatMap((s) =>
      s.places
        .filter((p) => p.path.startsWith('_allowances['))
        .map((p) => p.keys.map((k) => k.text).join(',')),
    );
    expect(new Set(allowances)).toEqual(fx.allowances);
    expect(allowances).toHaveLength(fx.allowances.size);

    // The values at the discovered slots are what balanceOf and allowance return.
    const reader = rpcStorageReader(fx.devnet.provider);
    const entries = found.slots.filter((s) => s.places[0]?.keys.length);
    const words = await reader.read(
      BigInt(address),
      entries.map((s) => s.slot),
    );
    for (const [i, s] of entries.entries()) {
      const p = s.places[0];
      const expected =
        p.keys.length === 1
          ? await fx.view(artifact, address, 'balanceOf', [p.keys[0].text])
          : await fx.view(artifact, address, 'allowance', [p.keys[0].text, p.keys[1].text]);
      expect(words[i], p.path).toBe(expected);
    }
    // Top-level variables the constructor wrote are roots.
    expect(paths(found)).toEqual(expect.arrayContaining(['_totalSupply', '_name', '_symbol']));
  });

  it('lets the decoder list every balance and allowance without being given a key', async () => {
    const { address, layout, artifact } = fx.token;
    const found = await discoverStorage(layout, recording, BigInt(address));
    const decoded = await decodeStorage(layout, BigInt(address), rpcStorageReader(fx.devnet.provider), {
      recording: found.keySource,
    });
    const byName = new Map(decoded.map((v) => [v.path, v.value]));
    const balances = byName.get('_balances')!;
    if (balances.kind !== 'mapping') throw new Error(`_balances decoded as ${balances.kind}`);
    expect(balances.keysFrom).toBe('recorded');
    expect(new Set(balances.entries.map((e) => e.key.toLowerCase()))).toEqual(fx.holders);
    for (const e of balances.entries) {
      const expected = await fx.view(artifact, address, 'balanceOf', [e.key]);
      expect(e.value.value, e.value.path).toEqual({ kind: 'value', value: expected });
    }
    const allowances = byName.get('_allowances')!;
    if (allowances.kind !== 'mapping') throw new Error(`_allowances decoded as ${allowances.kind}`);
    const pairs: string[] = [];
    for (const outer of allowances.entries) {
      const inner = outer.value.value;
      if (inner.kind !== 'mapping') throw new Error(`${outer.value.path} decoded as ${inner.kind}`);
      for (const e of inner.entries) {
        pairs.push(`${outer.key},${e.key}`.toLowerCase());
        const expected = await fx.view(artifact, address, 'allowance', [outer.key, e.key]);
        expect(e.value.value, e.value.path).toEqual({ kind: 'value', value: expected });
      }
    }
    expect(new Set(pairs)).toEqual(fx.allowances);
    expect(pairs).toHaveLength(fx.allowances.size);
  });

  it('gives the keys to the decoder by mapping slot, filtered by key type', async () => {
    const { address, layout } = fx.token;
    const found = await discoverStorage(layout, recording, BigInt(address));
    const addressType = layout.types.t_address as StorageType;
    const holders = await found.keySource.keysFor('_balances', 0n, addressType);
    expect(new Set(holders.map((k) => `0x${Buffer.from(k.subarray(12)).toString('hex')}`))).toEqual(
      fx.holders,
    );
    expect(holders.every((k) => k.length === 32)).toBe(true);

    const owner = fx.accounts[0];
    const inner = BigInt(
      keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [owner, 1n])),
    );
    const spenders = await found.keySource.keysFor(`_allowances[${owner.toLowerCase()}]`, inner, addressType);
    const expected = [...fx.allowances]
      .filter((p) => p.startsWith(owner.toLowerCase()))
      .map((p) => p.split(',')[1]);
    expect(new Set(spenders.map((k) => `0x${Buffer.from(k.subarray(12)).toString('hex')}`))).toEqual(
      new Set(expected),
    );
    // A key type the words cannot be (bool) gives nothing; an unknown mapping slot neither.
    const boolType = { id: 't_bool', label: 'bool', encoding: 'inplace', numberOfBytes: 1 } as const;
    expect(await found.keySource.keysFor('_balances', 0n, boolType)).toEqual([]);
    expect(await found.keySource.keysFor('x', 12345n, addressType)).toEqual([]);
  });

  it('explains packed values, long strings, arrays, structs, nested and typed keys', async () => {
    const { address, layout } = fx.shapes;
    const found = await discoverStorage(layout, recording, BigInt(address));
    expect(found.unknown).toEqual([]);
    const a1 = fx.accounts[1].toLowerCase();
    const a2 = fx.accounts[2].toLowerCase();
    const dataSlots = Math.ceil(LONG_TITLE.length / 32);
    const expected = [
      'small',
      'medium',
      'flag',
      'title',
      ...Array.from({ length: dataSlots }, (_, i) => `title.data[${i}]`),
      'items',
      ...[0, 1, 2, 3, 4].map((i) => `items[${i}]`),
      'packed',
      // four uint64 per slot: the second data slot holds elements 4..7 (the length says 5 exist)
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `packed[${i}]`),
      `positions[${a1}].amount`,
      `positions[${a1}].since`,
      `positions[${a1}].active`,
      `positions[${a1}].owner`,
      `positions[${a1}].history`,
      `positions[${a1}].history[0]`,
      `positions[${a1}].flags[1700]`,
      `positions[${a2}].owner`,
      'byName["alice"]',
      'byName["a name that is longer than thirty-two bytes in total"]',
      'nested[5][-3]',
      'stack',
      ...[0, 1].flatMap((i) => [
        `stack[${i}].amount`,
        `stack[${i}].since`,
        `stack[${i}].active`,
        `stack[${i}].history`,
        `stack[${i}].history[0]`,
        `stack[${i}].flags[${77 + i}]`,
      ]),
      'fixedItems[2]',
      'lists[0xdeadbeef]',
      ...Array.from({ length: 32 }, (_, i) => `lists[0xdeadbeef][${i}]`),
      `byLevel[2][true]`,
    ];
    expect(new Set(paths(found))).toEqual(new Set(expected));
    // One entry per written slot, packed fields together, by offset.
    const slot0 = found.slots.find((s) => s.slot === 0n)!;
    expect(slot0.places.map((p) => [p.path, p.offset, p.bytes])).toEqual([
      ['small', 0, 1],
      ['medium', 1, 2],
      ['flag', 3, 1],
    ]);
    const nested = found.slots.flatMap((s) => s.places).find((p) => p.path === 'nested[5][-3]')!;
    expect(nested.keys.map((k) => [k.mapping, k.keyType.label, k.text])).toEqual([
      ['nested', 'uint256', '5'],
      ['nested[5]', 'int32', '-3'],
    ]);
    expect(nested.type.label).toBe('bytes32');
  });

  it('explains ERC-7201 namespace members, their mapping entries and long strings', async () => {
    const { address, layout } = fx.vault;
    const found = await discoverStorage(layout, recording, BigInt(address));
    expect(found.unknown).toEqual([]);
    const dataSlots = Math.ceil(LONG_TITLE.length / 32);
    expect(new Set(paths(found))).toEqual(
      new Set([
        'plain',
        `$VaultStorage.deposits[${fx.accounts[1].toLowerCase()}]`,
        `$VaultStorage.deposits[${fx.accounts[2].toLowerCase()}]`,
        '$VaultStorage.total',
        '$VaultStorage.note',
        ...Array.from({ length: dataSlots }, (_, i) => `$VaultStorage.note.data[${i}]`),
      ]),
    );
  });

  it('leaves slots past maxOffset from their hash and slots of other layouts unexplained', async () => {
    const shapes = await discoverStorage(fx.shapes.layout, recording, BigInt(fx.shapes.address), {
      maxOffset: 2,
    });
    // items[3] and items[4] lie 3 and 4 slots past keccak256(slot of items).
    expect(shapes.unknown.length).toBeGreaterThanOrEqual(2);
    expect(paths(shapes)).not.toContain('items[3]');
    // The token's slots read with another contract's layout: its slot 0 is no mapping there.
    const wrong = await discoverStorage(fx.vault.layout, recording, BigInt(fx.token.address));
    expect(wrong.keys).toEqual([]);
    expect(wrong.unknown).toHaveLength(wrong.slots.length);
  });

  it('lists nothing for an account that wrote nothing', async () => {
    const found = await discoverStorage(fx.token.layout, recording, 0x1234n);
    expect(found.slots).toEqual([]);
    expect(found.keys).toEqual([]);
  });
});
