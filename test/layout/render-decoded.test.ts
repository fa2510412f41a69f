// The renderers on what the decoder reads from a devnet (not hand-built values): an ERC-20 after
// transfers and approvals, a contract with every kind of written slot, and ERC-7201 storage. The
// slot map must put a value on every variable's place and keep each row to 32 bytes without overlap;
// the JSON must give back exactly what the decoder returned.
import { getAddress, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStorage } from '../../src/layout/decode.js';
import { rpcStorageReader } from '../../src/layout/reader.js';
import { renderStorageJson, storageFromJson } from '../../src/layout/render/json.js';
import { buildSlotMap } from '../../src/layout/render/slot-map.js';
import { renderStorageTable } from '../../src/layout/render/table.js';
import type { ContractLayout, DecodedVariable } from '../../src/layout/types.js';
import { type StorageFixture, setUpStorageFixture } from './storage-fixture.js';

describe('renderers on decoded devnet storage', () => {
  let fx: StorageFixture;
  const decoded = new Map<string, { layout: ContractLayout; vars: DecodedVariable[] }>();

  beforeAll(async () => {
    fx = await setUpStorageFixture('render');
    const reader = rpcStorageReader(fx.devnet.provider);
    const holders = [...fx.holders] as Hex[];
    const pairs = [...fx.allowances].map((p) => p.split(',') as [Hex, Hex]);
    for (const [name, c, keys] of [
      [
        'token',
        fx.token,
        { _balances: holders, _allowances: pairs.map((p) => p[0]), '_allowances[]': pairs.map((p) => p[1]) },
      ],
      ['shapes', fx.shapes, {}],
      ['vault', fx.vault, {}],
    ] as const) {
      const vars = await decodeStorage(c.layout, BigInt(c.address), reader, { keys });
      decoded.set(name, { layout: c.layout, vars });
    }
  });

  afterAll(async () => {
    await fx?.devnet.close();
  });

  it('every static place gets its value; rows hold 32 bytes, no two segments overlap', () => {
    for (const [name, { layout, vars }] of decoded) {
      const map = buildSlotMap(layout, vars);
      for (const g of map.groups)
        for (const row of g.rows) {
          const taken = new Array<number>(32).fill(0);
          for (const s of row.segments) for (let i = s.offset; i < s.offset + s.bytes; i++) taken[i]!++;
          for (const u of row.unused) for (let i = u.offset; i < u.offset + u.bytes; i++) taken[i]!++;
          expect(taken, `${name} ${g.title} slot ${row.slot}`).toEqual(new Array(32).fill(1));
          if (g.kind !== 'derived')
            for (const s of row.segments) expect(s.value, `${name} ${s.path}`).toBeDefined();
        }
    }
  });

  it('lists every holder and allowance of the token, and JSON gives back what was decoded', () => {
    const { vars } = decoded.get('token')!;
    const pairs = [...fx.allowances].map((p) => p.split(','));
    const table = renderStorageTable(vars);
    for (const holder of fx.holders) expect(table).toContain(`[${getAddress(holder)}]`);
    const map = buildSlotMap(decoded.get('token')!.layout, vars);
    const derived = map.groups.filter((g) => g.kind === 'derived');
    expect(derived.map((g) => [g.title, g.rows.length])).toEqual([
      ['_balances', fx.holders.size],
      // Given keys: every owner with every spender.
      ['_allowances', new Set(pairs.map((p) => p[0])).size * new Set(pairs.map((p) => p[1])).size],
    ]);
    for (const { vars } of decoded.values())
      expect(storageFromJson(JSON.parse(renderStorageJson(vars))).variables).toEqual(vars);
  });
});
