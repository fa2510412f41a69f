// The HTML slot map in a real browser: headless Chromium (Debian's package) through playwright-core.
// Every slot is a row, every packed field a segment at its offset with a width proportional to its
// size, unused bytes are marked, chain text stays text, and the page loads nothing from anywhere.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotHex } from '../../src/layout/render/format.js';
import { renderSlotMap } from '../../src/layout/render/html.js';
import type { ContractLayout, DecodedVariable } from '../../src/layout/types.js';
import {
  ALICE,
  BOB,
  dataSlot,
  MAIN_ROOT,
  mappingSlot,
  SCRIPT,
  vaultLayout,
  vaultValues,
} from './render-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
  console.warn(`html.test.ts skipped: ${CHROMIUM} is missing (.ci/run installs Debian's chromium)`);

/** A value and a mapping key that try to become markup. */
const HOSTILE_KEY = '"><img src=x onerror="window.__pwned=2">';

/** The parts of a DOM element the page functions read (the project compiles without the DOM lib). */
interface El {
  readonly dataset: Record<string, string | undefined>;
  readonly title: string;
  readonly textContent: string | null;
  getBoundingClientRect(): { width: number; left: number };
  querySelectorAll(selector: string): { length: number };
}
interface BrowserGlobal {
  getComputedStyle(e: El): { backgroundImage: string };
  __pwned?: number;
}

interface Segment {
  slot: string;
  var: string;
  kind: string;
  role: string | null;
  offset: number;
  bytes: number;
  width: number;
  title: string;
  text: string;
  background: string;
}

describe.skipIf(!HAVE_CHROMIUM)(
  `HTML slot map in headless Chromium${HAVE_CHROMIUM ? '' : ` (skipped: no ${CHROMIUM})`}`,
  () => {
    let browser: Browser;
    let page: Page;
    let layout: ContractLayout;
    let values: DecodedVariable[];
    let html: string;
    const requests: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'tdk-html-'));

    beforeAll(async () => {
      layout = await vaultLayout();
      values = [
        ...vaultValues(),
        {
          path: 'notes',
          type: 'mapping(string => string)',
          slot: 12n,
          offset: 0,
          bytes: 32,
          value: {
            kind: 'mapping',
            keysFrom: 'given',
            entries: [
              {
                key: HOSTILE_KEY,
                value: {
                  path: `notes[${HOSTILE_KEY}]`,
                  type: 'string',
                  slot: 0xabcdefn,
                  offset: 0,
                  bytes: 32,
                  value: { kind: 'bytes', hex: '0x3c623e', utf8: '<b>', length: 3 },
                },
              },
            ],
          },
        },
      ];
      html = renderSlotMap(layout, values, {
        title: 'Vault <storage>',
        address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        chainId: 31337,
      });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      page.on('request', (r) => {
        if (!r.url().startsWith('about:')) requests.push(r.url());
      });
      await page.setContent(html, { waitUntil: 'load' });
    });

    afterAll(async () => {
      await browser?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const segments = () =>
      page.$$eval('.seg', (els) =>
        els.map((el) => {
          const e = el as unknown as El;
          return {
            slot: e.dataset.slot!,
            var: e.dataset.var!,
            kind: e.dataset.kind!,
            role: e.dataset.role ?? null,
            offset: Number(e.dataset.offset),
            bytes: Number(e.dataset.bytes),
            width: e.getBoundingClientRect().width,
            title: e.title,
            text: e.textContent ?? '',
            background: (globalThis as unknown as BrowserGlobal).getComputedStyle(e).backgroundImage,
          };
        }),
      ) as Promise<Segment[]>;

    it('has one row per slot: top level, namespace, then the slots values revealed', async () => {
      const rows = await page.$$eval('.row', (els) => els.map((e) => (e as unknown as El).dataset.slot!));
      const expected = [
        ...Array.from({ length: 12 }, (_, i) => BigInt(i)),
        MAIN_ROOT,
        MAIN_ROOT + 1n,
        ...Array.from({ length: 12 }, (_, i) => dataSlot(4n) + BigInt(i)),
        mappingSlot(BigInt(ALICE), 6n),
        mappingSlot(BigInt(BOB), 6n),
        mappingSlot(BigInt(BOB), mappingSlot(BigInt(ALICE), 7n)),
        ...[0n, 1n, 2n].map((i) => dataSlot(10n) + i),
        0xabcdefn,
      ].map(slotHex);
      expect(rows).toEqual(expected);
      const groups = await page.$$eval('section.group', (els) =>
        els.map((e) => [
          (e as unknown as El).dataset.group,
          (e as unknown as El).querySelectorAll('.row').length,
        ]),
      );
      expect(groups).toEqual([
        ['storage', 12],
        ['namespace', 2],
        ['derived', 12],
        ['derived', 2],
        ['derived', 1],
        ['derived', 3],
        ['derived', 1],
      ]);
    });

    it('shows each packed field as a segment at its offset, as wide as its bytes, right to left', async () => {
      const segs = await segments();
      const ruler = await page.$eval('.cells', (e) => e.getBoundingClientRect().width);
      const perByte = ruler / 32;
      const leaves = values.flatMap(function leavesOf(v): DecodedVariable[] {
        if (v.value.kind === 'struct') return v.value.members.flatMap(leavesOf);
        if (v.value.kind === 'array' && !v.type.endsWith('[]')) return v.value.elements.flatMap(leavesOf);
        return [v];
      });
      const packed = leaves.filter((v) => v.bytes < 32 && v.value.kind !== 'mapping');
      expect(packed.map((v) => v.path)).toEqual([
        'owner',
        'paused',
        'small',
        'mid',
        'status',
        'price',
        'pos.holder',
        'pos.amount',
        'pos.since',
        'pos.open',
        'fixedSmall[0]',
        'fixedSmall[1]',
        'fixedSmall[2]',
        '$MainStorage.admin',
        '$MainStorage.frozen',
      ]);
      for (const v of packed) {
        const s = segs.find((s) => s.kind === 'field' && s.slot === slotHex(v.slot) && s.offset === v.offset);
        expect(s, v.path).toBeDefined();
        expect(s).toMatchObject({ var: v.path, bytes: v.bytes });
        expect(Math.abs(s!.width - v.bytes * perByte), v.path).toBeLessThan(1.5);
      }
      // Low-order packing reads right to left: owner (offset 0) is the rightmost segment of slot 0.
      const slot0 = await page.$$eval(`.row[data-slot="${slotHex(0n)}"] .seg`, (els) =>
        els.map((e) => [(e as unknown as El).dataset.offset, Math.round(e.getBoundingClientRect().left)]),
      );
      const byLeft = [...slot0].sort((a, b) => Number(a[1]) - Number(b[1])).map((s) => s[0]);
      expect(byLeft).toEqual(['25', '24', '22', '21', '20', '0']);
      const status = segs.find((s) => s.var === 'status')!;
      expect(status.title).toContain('status : enum Vault.Status');
      expect(status.title).toContain('= Active (1)');
      expect(segs.find((s) => s.var === 'owner')!.text).toContain(getAddress(ALICE));
      // Every row's segments cover exactly 32 bytes.
      const cover = new Map<string, number>();
      for (const s of segs) cover.set(s.slot, (cover.get(s.slot) ?? 0) + s.bytes);
      expect([...new Set(cover.values())]).toEqual([32]);
    });

    it('marks unused bytes, hatched, with a tooltip; the header counts slots, packing and waste', async () => {
      const unused = (await segments()).filter((s) => s.kind === 'unused');
      expect(unused.map((s) => [s.slot, s.offset, s.bytes])).toEqual([
        [slotHex(0n), 25, 7],
        [slotHex(1n), 16, 16],
        [slotHex(3n), 9, 23],
        [slotHex(5n), 24, 8],
        [slotHex(MAIN_ROOT + 1n), 21, 11],
        [slotHex(dataSlot(10n) + 2n), 0, 12],
      ]);
      for (const s of unused) {
        expect(s.background).toContain('repeating-linear-gradient');
        expect(s.title).toMatch(/^unused: bytes \d+–\d+ \(\d+ bytes\)$/);
        expect(s.var).toBe('');
      }
      const header = await page.$eval('header.summary', (e) => ({
        ...(e as unknown as El).dataset,
        text: e.textContent,
      }));
      expect(header).toMatchObject({
        contract: 'src/Vault.sol:Vault',
        slots: '33',
        packed: '5',
        unused: '77',
      });
      expect(header.text).toContain('0x5FbDB2315678afecb367f032d93F642f64180aa3');
      expect(header.text).toContain('31337');
      expect(await page.title()).toBe('Vault <storage>');
      expect(await page.$eval('.legend', (e) => e.textContent)).toContain(
        '31 (high-order) on the left to 0 (low-order)',
      );
    });

    it('keeps chain text as text: no script runs, no element is injected, nothing is fetched', async () => {
      expect(await page.$$eval('script', (els) => els.length)).toBe(0);
      expect(await page.$$eval('img', (els) => els.length)).toBe(0);
      expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobal).__pwned)).toBeUndefined();
      const name = await page.$eval(`.seg[data-var="name"]`, (e) => e.textContent);
      expect(name).toContain(SCRIPT);
      const note = await page.$$eval('.seg[data-kind="field"]', (els) =>
        els.map((e) => (e as unknown as El).dataset.var).filter((v) => v?.startsWith('notes[')),
      );
      expect(note).toEqual([`notes[${HOSTILE_KEY}]`]);
      expect(requests).toEqual([]);
      expect(html).not.toMatch(/<script|https?:\/\//i);
    });

    it('with the layout alone: every variable in place, mapping roots marked, no values', async () => {
      const p = await browser.newPage();
      await p.setContent(renderSlotMap(layout, undefined, { title: 'Vault layout' }));
      expect(await p.$$eval('.row', (els) => els.length)).toBe(14);
      const roles = await p.$$eval('.seg[data-kind="field"]', (els) =>
        els.map((e) => `${(e as unknown as El).dataset.var}:${(e as unknown as El).dataset.role}`),
      );
      expect(roles).toEqual(
        expect.arrayContaining(['balances:mapping', 'list:length', 'name:bytes', 'owner:value']),
      );
      expect(await p.$eval('header.summary', (e) => (e as unknown as El).dataset.slots)).toBe('14');
      await p.close();
    });

    it('renders to a screenshot', async () => {
      const file = join(dir, 'slot-map.png');
      await page.screenshot({ path: file, fullPage: true });
      expect(statSync(file).size).toBeGreaterThan(10_000);
    });
  },
);
