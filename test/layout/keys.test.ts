// Recorded mapping keys read back as their key type; words that cannot be a key of the type are
// refused, so a preimage of something else is not taken for a mapping entry.
import { describe, expect, it } from 'vitest';
import { formatKey } from '../../src/layout/keys.js';
import type { StorageType } from '../../src/layout/types.js';

const type = (id: string, numberOfBytes: number, extra: Partial<StorageType> = {}): StorageType => ({
  id,
  label: id.replace(/^t_/, ''),
  encoding: 'inplace',
  numberOfBytes,
  ...extra,
});
const word = (v: bigint): Uint8Array => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));
const MINUS_ONE = (1n << 256n) - 1n;

describe('formatKey', () => {
  it.each([
    ['address', type('t_address', 20), word(0xabn), '0x00000000000000000000000000000000000000ab'],
    ['address with high bytes', type('t_address', 20), word(1n << 160n), undefined],
    ['contract', type('t_contract(Token)12', 20), word(0xcdn), '0x00000000000000000000000000000000000000cd'],
    ['uint8', type('t_uint8', 1), word(255n), '255'],
    ['uint8 too wide', type('t_uint8', 1), word(256n), undefined],
    ['int16 negative', type('t_int16', 2), word(MINUS_ONE), '-1'],
    ['int16 not sign-extended', type('t_int16', 2), word(0xffffn), undefined],
    ['bool', type('t_bool', 1), word(1n), 'true'],
    ['bool 2', type('t_bool', 1), word(2n), undefined],
    ['bytes4', type('t_bytes4', 4), word(0xdeadbeefn << 224n), '0xdeadbeef'],
    ['bytes4 with low bytes', type('t_bytes4', 4), word(0xdeadbeefn), undefined],
    ['enum', type('t_enum(Level)3', 1, { enumMembers: ['Low', 'High'] }), word(1n), '1'],
    [
      'UDVT over int64',
      type('t_userDefinedValueType(P)5', 8, { underlying: 'int64' }),
      word(MINUS_ONE - 4n),
      '-5',
    ],
    ['UDVT without AST', type('t_userDefinedValueType(P)5', 8), word(0x10n), '0x10'],
    ['short word', type('t_uint256', 32), new Uint8Array(31), undefined],
  ])('%s', (_name, keyType, raw, expected) => {
    expect(formatKey(raw, keyType)).toBe(expected);
  });

  it('reads string keys as quoted text (hex when not UTF-8) and bytes keys as hex', () => {
    const string: StorageType = {
      id: 't_string_memory_ptr',
      label: 'string',
      encoding: 'bytes',
      numberOfBytes: 32,
    };
    const bytes: StorageType = {
      id: 't_bytes_memory_ptr',
      label: 'bytes',
      encoding: 'bytes',
      numberOfBytes: 32,
    };
    expect(formatKey(new TextEncoder().encode('al"ice'), string)).toBe('"al\\"ice"');
    expect(formatKey(Uint8Array.from([0xff, 0xfe]), string)).toBe('0xfffe');
    expect(formatKey(new Uint8Array(0), string)).toBe('""');
    expect(formatKey(Uint8Array.from([1, 2]), bytes)).toBe('0x0102');
  });
});
