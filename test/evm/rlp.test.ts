// ethereum/tests RLPTests: every valid case must encode to "out" and decode back to "in"; every
// "INVALID" case must be rejected by the strict decoder.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bigIntToMinimalBytes, bytesToHex, hexToBytes } from '../../src/evm/bytes.js';
import { type RlpItem, rlpDecode, rlpEncode } from '../../src/evm/rlp.js';

const dir = fileURLToPath(new URL('../../../shared/fixtures/ethereum-tests/RLPTests/', import.meta.url));

type JsonIn = string | number | JsonIn[];
interface RlpCase {
  in: JsonIn;
  out: string;
}

/** Fixture input to an RLP item: numbers and "#decimal" strings are integers, other strings UTF-8 bytes. */
function toItem(value: JsonIn): RlpItem {
  if (Array.isArray(value)) return value.map(toItem);
  if (typeof value === 'number') return bigIntToMinimalBytes(BigInt(value));
  if (value.startsWith('#')) return bigIntToMinimalBytes(BigInt(value.slice(1)));
  return new TextEncoder().encode(value);
}

/** Comparable form of an item: byte strings as hex, lists as arrays. */
function shape(item: RlpItem): unknown {
  return item instanceof Uint8Array ? bytesToHex(item) : item.map(shape);
}

const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

it('finds the RLPTests fixtures', () => {
  expect(files).toContain('rlptest.json');
  expect(files).toContain('invalidRLPTest.json');
});

for (const file of files) {
  const cases = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Record<string, RlpCase>;
  describe(file, () => {
    for (const [name, c] of Object.entries(cases)) {
      const out = hexToBytes(c.out);
      if (c.in === 'INVALID') {
        it(`${name} is rejected`, () => {
          expect(() => rlpDecode(out)).toThrow(/invalid RLP/);
        });
      } else if (c.in === 'VALID') {
        it(`${name} decodes and re-encodes`, () => {
          expect(bytesToHex(rlpEncode(rlpDecode(out)))).toBe(c.out.toLowerCase());
        });
      } else {
        it(`${name} round-trips`, () => {
          const item = toItem(c.in);
          expect(bytesToHex(rlpEncode(item))).toBe(c.out.toLowerCase());
          const decoded = rlpDecode(out);
          expect(shape(decoded)).toEqual(shape(item));
          expect(bytesToHex(rlpEncode(decoded))).toBe(c.out.toLowerCase());
        });
      }
    }
  });
}
