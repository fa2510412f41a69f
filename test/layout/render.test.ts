// The text and JSON renderers and the slot map model, on solc 0.8.37's real layout of a contract
// with packed fields, a struct, arrays, nested mappings, short and long strings and a namespace.
import { getAddress } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { printable, quote, slotHex, slotShort } from '../../src/layout/render/format.js';
import {
  LayoutJsonError,
  layoutFromJson,
  layoutToJson,
  renderLayoutJson,
  renderStorageJson,
  storageFromJson,
  storageToJson,
} from '../../src/layout/render/json.js';
import { buildSlotMap } from '../../src/layout/render/slot-map.js';
import { renderLayoutTable, renderStorageTable } from '../../src/layout/render/table.js';
import type { ContractLayout, DecodedVariable } from '../../src/layout/types.js';
import {
  ALICE,
  BOB,
  dataSlot,
  LONG_NAME,
  MAIN_ROOT,
  mappingSlot,
  SCRIPT,
  vaultLayout,
  vaultValues,
} from './render-fixture.js';

let layout: ContractLayout;
let values: DecodedVariable[];
beforeAll(async () => {
  layout = await vaultLayout();
  values = vaultValues();
});

/** Lines of a table as cells, cut at the header's word starts (right-aligned values are narrower than their headers). */
function cells(table: string): Record<string, string>[] {
  const [header, ...lines] = table.trimEnd().split('\n');
  const cols = [...header!.matchAll(/\S+/g)].map((m) => ({ name: m[0], start: m.index! }));
  return lines.map((line) =>
    Object.fromEntries(cols.map((c, i) => [c.name, line.slice(c.start, cols[i + 1]?.start).trim()])),
  );
}

describe('formatting', () => {
  it('slots: 32-byte hex for machines, short hex for people', () => {
    expect(slotHex(5n)).toBe(`0x${'0'.repeat(63)}5`);
    expect(slotShort(0n)).toBe('0x0');
    expect(slotShort(0x1fn)).toBe('0x1f');
    expect(slotShort(MAIN_ROOT)).toBe('0x183a61…b500');
  });

  it('text from a chain cannot drive a terminal: controls, C1 and bidi overrides are escaped', () => {
    expect(printable('a\u001b[31mb\u009bc\u202ed\u2066e\nf')).toBe(
      'a\\u001b[31mb\\u009bc\\u202ed\\u2066e\\u000af',
    );
    expect(quote('say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"');
  });
});

describe('renderLayoutTable', () => {
  it('lists every variable with solc’s slot, offset and size, struct members indented', () => {
    const table = renderLayoutTable(layout);
    const [title, storage, nsTitle, ns] = table.trimEnd().split('\n\n');
    expect(title).toBe('Storage layout of src/Vault.sol:Vault');
    const rows = cells(storage!);
    expect(rows.map((r) => r.Name)).toEqual([
      'owner',
      'paused',
      'small',
      'mid',
      'status',
      'price',
      'pos',
      '.holder',
      '.amount',
      '.since',
      '.open',
      'list',
      'fixedSmall',
      'balances',
      'allowances',
      'name',
      'blob',
      'longName',
      'seen',
    ]);
    const byName = Object.fromEntries(rows.map((r) => [r.Name, r]));
    expect(byName.status).toEqual({
      Name: 'status',
      Type: 'enum Vault.Status',
      Slot: '0x0',
      Offset: '24',
      Bytes: '1',
      Contract: 'src/Vault.sol:Vault',
    });
    // The declaring contract: owner and paused come from the base.
    expect(byName.owner).toMatchObject({
      Contract: 'src/Vault.sol:Base',
      Slot: '0x0',
      Offset: '0',
      Bytes: '20',
    });
    expect(byName['.since']).toMatchObject({
      Type: 'uint64',
      Slot: '0x3',
      Offset: '0',
      Bytes: '8',
      Contract: '',
    });
    expect(byName.pos).toMatchObject({ Type: 'struct Vault.Position', Slot: '0x2', Bytes: '64' });
    expect(byName.allowances).toMatchObject({
      Type: 'mapping(address => mapping(address => uint256))',
      Slot: '0x7',
      Bytes: '32',
    });
    // Members are indented under their struct.
    expect(storage).toMatch(/\n {2}\.holder +address/);
    expect(nsTitle).toBe(
      'Namespace erc7201:example.main at 0x183a61…b500 (struct Vault.MainStorage, src/Vault.sol:Vault)',
    );
    expect(cells(ns!).map((r) => [r.Name, r.Slot, r.Offset, r.Bytes])).toEqual([
      ['total', '0x183a61…b500', '0', '32'],
      ['admin', '0x183a61…b501', '0', '20'],
      ['frozen', '0x183a61…b501', '20', '1'],
    ]);
  });

  it('a contract without storage says so', () => {
    expect(renderLayoutTable({ contract: 'src/E.sol:E', storage: [], types: {}, namespaces: [] })).toBe(
      'Storage layout of src/E.sol:E\n\n(no storage variables)\n',
    );
  });
});

describe('renderStorageTable', () => {
  it('shows every value kind for people, parts indented under their variable', () => {
    const table = renderStorageTable(values);
    const rows = cells(table);
    const value = (name: string) => rows.find((r) => r.Name === name)?.Value;
    expect(value('owner')).toBe(getAddress(ALICE));
    expect(value('owner')).not.toBe(ALICE);
    expect(value('paused')).toBe('true');
    expect(value('mid')).toBe('65535');
    expect(value('status')).toBe('Active (1)');
    expect(value('price')).toBe('12345678901234567890');
    expect(value('pos')).toBe('');
    expect(value('.holder')).toBe(getAddress(BOB));
    expect(value('.amount')).toBe('1000000000000000000000000');
    expect(value('.open')).toBe('false');
    expect(value('list')).toBe('length 25');
    expect(value('fixedSmall')).toBe('length 3');
    expect(value('balances')).toBe('2 entries (keys recorded)');
    expect(value(`[${getAddress(ALICE)}]`)).toBe('1000');
    expect(value('allowances')).toBe('1 entry (keys recorded)');
    expect(value('name')).toBe(`"${SCRIPT}"`);
    expect(value('blob')).toBe('0xdeadbeef');
    expect(value('longName')).toBe(`"${[...LONG_NAME].slice(0, 64).join('')}…" (84 bytes)`);
    expect(value('seen')).toBe('keys unknown');
    expect(value('$MainStorage.frozen')).toBe('true');

    // Nesting: list elements, then `… 15 more` (25 long, 10 shown), a nested mapping two deep.
    const lines = table.split('\n');
    expect(lines).toContain('  … 15 more');
    expect(lines.filter((l) => /^ {2}\[\d+\] /.test(l))).toHaveLength(10 + 3);
    expect(lines.find((l) => l.startsWith(`    [${getAddress(BOB)}]`))).toMatch(/ 5$/);
    expect(rows.find((r) => r.Name === '.holder')).toMatchObject({
      Type: 'address',
      Slot: '0x2',
      Offset: '0',
      Bytes: '20',
    });
    expect(rows.find((r) => r.Name === `[${getAddress(ALICE)}]` && r.Type === 'uint256')?.Slot).toBe(
      slotShort(mappingSlot(BigInt(ALICE), 6n)),
    );
    expect(rows.find((r) => r.Name === '[0]')?.Slot).toBe(slotShort(dataSlot(4n)));
  });

  it('aligns the value column on every line, and colour changes nothing but escapes', () => {
    const plain = renderStorageTable(values);
    const lines = plain.trimEnd().split('\n');
    const at = lines[0]!.indexOf('Value');
    const withValues = lines.filter((l) => l.length > at);
    expect(withValues.length).toBeGreaterThan(30);
    for (const line of withValues) expect(line.slice(at - 2, at + 1)).toMatch(/^ {2}\S$/);
    const coloured = renderStorageTable(values, { color: true });
    expect(coloured).toContain('\u001b[');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
    expect(plain).not.toContain('\u001b');
  });

  it('an enum without a member name, an array read in part, unprintable strings, nothing at all', () => {
    const table = renderStorageTable(
      [
        { path: 'e', type: 'enum C.E', slot: 0n, offset: 0, bytes: 1, value: { kind: 'enum', value: 7n } },
        {
          path: 'a',
          type: 'uint8[]',
          slot: 1n,
          offset: 0,
          bytes: 32,
          value: {
            kind: 'array',
            length: 1000n,
            truncated: true,
            elements: [
              {
                path: 'a[0]',
                type: 'uint8',
                slot: 9n,
                offset: 0,
                bytes: 1,
                value: { kind: 'value', value: 3n },
              },
            ],
          },
        },
        {
          path: 's',
          type: 'string',
          slot: 2n,
          offset: 0,
          bytes: 32,
          value: { kind: 'bytes', hex: '0x1b5b326a', utf8: '\u001b[2j', length: 4 },
        },
      ],
      { maxElements: 5 },
    );
    expect(table).toMatch(/^e .* 7$/m);
    expect(table).toContain('  … 999 more (not read)');
    expect(table).toContain('"\\u001b[2j"');
    expect(table).not.toContain('\u001b');
    expect(renderStorageTable([])).toBe('(no storage variables)\n');
  });
});

describe('JSON', () => {
  it('tdk.layout/v1 round-trips and is stable', () => {
    const text = renderLayoutJson(layout);
    const json = JSON.parse(text);
    expect(json.schema).toBe('tdk.layout/v1');
    expect(json.storage[4]).toEqual({
      label: 'status',
      slot: slotHex(0n),
      offset: 24,
      type: layout.storage[4]!.type,
      contract: 'src/Vault.sol:Vault',
    });
    expect(json.namespaces).toEqual([
      {
        id: 'example.main',
        slot: slotHex(MAIN_ROOT),
        type: layout.namespaces[0]!.type,
        contract: 'src/Vault.sol:Vault',
      },
    ]);
    expect(Object.keys(json.types)).toEqual(Object.keys(layout.types).sort());
    expect(json.types['t_mapping(t_address,t_uint256)']).toEqual({
      label: 'mapping(address => uint256)',
      encoding: 'mapping',
      numberOfBytes: 32,
      key: 't_address',
      value: 't_uint256',
    });
    const status = layout.storage[4]!.type;
    expect(json.types[status]).toMatchObject({
      label: 'enum Vault.Status',
      enumMembers: ['Idle', 'Active', 'Closed'],
    });
    expect(json.types[layout.storage[5]!.type]).toMatchObject({
      label: 'Vault.Price',
      underlying: 'uint128',
    });
    expect(layoutFromJson(json)).toEqual(layout);
    // Same layout, same text: key order does not depend on how the object was built.
    const shuffled = { ...layout, types: Object.fromEntries(Object.entries(layout.types).reverse()) };
    expect(renderLayoutJson(shuffled)).toBe(text);
  });

  it('tdk.storage/v1 round-trips every value kind, integers as decimal strings', () => {
    const meta = {
      contract: 'src/Vault.sol:Vault',
      address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      chainId: 31337,
      blockNumber: 12n,
    };
    const json = JSON.parse(renderStorageJson(values, meta));
    expect(json).toMatchObject({ schema: 'tdk.storage/v1', ...meta, blockNumber: '12' });
    expect(Object.keys(json)).toEqual([
      'schema',
      'contract',
      'address',
      'chainId',
      'blockNumber',
      'variables',
    ]);
    const byPath = Object.fromEntries(json.variables.map((v: { path: string }) => [v.path, v]));
    expect(byPath.price).toEqual({
      path: 'price',
      type: 'Vault.Price',
      slot: slotHex(1n),
      offset: 0,
      bytes: 16,
      value: { kind: 'value', primitive: 'integer', value: '12345678901234567890' },
    });
    expect(byPath.paused.value).toEqual({ kind: 'value', primitive: 'boolean', value: true });
    expect(byPath.owner.value).toEqual({ kind: 'value', primitive: 'string', value: ALICE });
    expect(byPath.status.value).toEqual({ kind: 'enum', value: '1', member: 'Active' });
    expect(byPath.blob.value).toEqual({ kind: 'bytes', hex: '0xdeadbeef', length: 4 });
    expect(byPath.list.value).toMatchObject({ kind: 'array', length: '25', truncated: true });
    expect(byPath.fixedSmall.value.truncated).toBeUndefined();
    expect(byPath.balances.value.entries[0]).toMatchObject({
      key: ALICE,
      value: { slot: slotHex(mappingSlot(BigInt(ALICE), 6n)) },
    });
    expect(byPath.seen.value).toEqual({ kind: 'mapping', keysFrom: 'none', entries: [] });

    expect(storageFromJson(json)).toEqual({ variables: values, meta });
    expect(storageFromJson(storageToJson(values))).toEqual({ variables: values, meta: {} });
  });

  it('refuses documents that are not its own, saying where', () => {
    const good = storageToJson(values);
    const bad = (mutate: (j: ReturnType<typeof storageToJson>) => void) => {
      const j = structuredClone(good);
      mutate(j);
      return () => storageFromJson(j);
    };
    expect(() => storageFromJson(layoutToJson(layout))).toThrow(
      /schema: expected "tdk.storage\/v1", got "tdk.layout\/v1"/,
    );
    expect(() => layoutFromJson([])).toThrow(LayoutJsonError);
    expect(bad((j) => ((j.variables[0] as { slot: string }).slot = '12'))).toThrow(
      /variables\[0\]\.slot: expected 0x-hex/,
    );
    expect(bad((j) => ((j.variables[0]!.value as { kind: string }).kind = 'tuple'))).toThrow(
      /variables\[0\]\.value\.kind: unknown kind tuple/,
    );
    expect(bad((j) => ((j.variables[5]!.value as { value: string }).value = '1e3'))).toThrow(
      /variables\[5\]\.value\.value: expected a decimal/,
    );
    expect(bad((j) => ((j.variables[0] as { bytes: number }).bytes = -1))).toThrow(/non-negative integer/);
    let error: unknown;
    try {
      layoutFromJson({ schema: 'tdk.layout/v1' });
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'TDK_LAYOUT_JSON', message: 'types: expected an object' });
  });
});

describe('buildSlotMap', () => {
  it('one row per slot: top level, the namespace, then slots found from values per variable', () => {
    const map = buildSlotMap(layout, values);
    expect(map.groups.map((g) => [g.kind, g.title, g.rows.length])).toEqual([
      ['storage', 'Storage', 12],
      ['namespace', 'Namespace erc7201:example.main', 2],
      ['derived', 'list', 12],
      ['derived', 'balances', 2],
      ['derived', 'allowances', 1],
      ['derived', 'longName', 3],
    ]);
    expect(map.slotCount).toBe(32);
    // Slot 0 (owner, paused, small, mid, status), 2, 3, 5 and the namespace's second slot.
    expect(map.packedSlots).toBe(5);
    // 7 (slot 0) + 16 (price) + 23 (slot 3) + 8 (fixedSmall) + 11 (admin, frozen) + 12 (longName's tail).
    expect(map.unusedBytes).toBe(77);
    const slot0 = map.groups[0]!.rows[0]!;
    expect(slot0.segments.map((s) => [s.path, s.offset, s.bytes, s.value])).toEqual([
      ['status', 24, 1, 'Active (1)'],
      ['mid', 22, 2, '65535'],
      ['small', 21, 1, '7'],
      ['paused', 20, 1, 'true'],
      ['owner', 0, 20, getAddress(ALICE)],
    ]);
    expect(slot0.unused).toEqual([{ offset: 25, bytes: 7 }]);
    const tail = map.groups[5]!.rows[2]!;
    expect(tail.slot).toBe(dataSlot(10n) + 2n);
    expect(tail.segments).toMatchObject([
      { offset: 12, bytes: 20, role: 'data', value: '" well past 32 bytes."' },
    ]);
  });

  it('without values: every variable’s place, mapping roots marked; long fixed arrays elided', () => {
    const map = buildSlotMap(layout);
    expect(map.slotCount).toBe(14);
    expect(map.groups[0]!.rows.find((r) => r.slot === 6n)!.segments).toMatchObject([
      { path: 'balances', role: 'mapping', offset: 0, bytes: 32 },
    ]);
    expect(map.groups[0]!.rows.flatMap((r) => r.segments).every((s) => s.value === undefined)).toBe(true);

    const big: ContractLayout = {
      contract: 'src/G.sol:G',
      storage: [{ label: '__gap', slot: 0n, offset: 0, type: 't_array(t_uint256)50_storage' }],
      types: {
        t_uint256: { id: 't_uint256', label: 'uint256', encoding: 'inplace', numberOfBytes: 32 },
        't_array(t_uint256)50_storage': {
          id: 't_array(t_uint256)50_storage',
          label: 'uint256[50]',
          encoding: 'inplace',
          numberOfBytes: 1600,
          base: 't_uint256',
        },
      },
      namespaces: [],
    };
    const capped = buildSlotMap(big, undefined, { maxSlotsPerVariable: 8 });
    expect(capped.slotCount).toBe(8);
    expect(capped.groups[0]!.elided).toEqual([{ path: '__gap', from: 8n, count: 42n }]);
    expect(buildSlotMap(big).slotCount).toBe(50);
  });
});
