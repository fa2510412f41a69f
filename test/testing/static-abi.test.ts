// The one-word ABI coder of the cheatcode fast path against viem's general coder (the oracle):
// the same values decoded, the same bytes encoded, the same refusals.
import { bytesToHex, decodeAbiParameters, encodeAbiParameters, hexToBytes, parseAbiParameters } from 'viem';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/testing/fuzz/prng.js';
import { staticDecoder, staticEncoder } from '../../src/testing/static-abi.js';

const TYPES = [
  'uint256',
  'uint8',
  'uint64',
  'int256',
  'int8',
  'int128',
  'address',
  'bool',
  'bytes32',
  'bytes4',
  'bytes1',
];

function randomWord(rng: Prng): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 32n) | BigInt(rng.next32());
  return v;
}

/** A random valid value of `type`, biased towards the edges. */
function randomValue(type: string, rng: Prng): unknown {
  const edge = rng.below(4) === 0;
  const w = randomWord(rng);
  if (type === 'address') return bytesToHex(hexToBytes(`0x${w.toString(16).padStart(64, '0')}`).subarray(12));
  if (type === 'bool') return (w & 1n) === 1n;
  let m = /^uint(\d+)$/.exec(type);
  if (m) {
    const bits = BigInt(m[1]);
    return edge ? (rng.below(2) ? 0n : (1n << bits) - 1n) : w & ((1n << bits) - 1n);
  }
  m = /^int(\d+)$/.exec(type);
  if (m) {
    const bits = BigInt(m[1]);
    if (edge) return rng.below(2) ? -(1n << (bits - 1n)) : (1n << (bits - 1n)) - 1n;
    const u = w & ((1n << bits) - 1n);
    return u >= 1n << (bits - 1n) ? u - (1n << bits) : u;
  }
  const size = Number(/^bytes(\d+)$/.exec(type)![1]);
  return `0x${w
    .toString(16)
    .padStart(64, '0')
    .slice(0, 2 * size)}`;
}

describe('static ABI coder', () => {
  it('decodes and encodes like viem for 2,000 random argument lists', () => {
    const rng = new Prng(0x5eedn);
    for (let n = 0; n < 2000; n++) {
      const types = Array.from({ length: 1 + rng.below(4) }, () => TYPES[rng.below(TYPES.length)]!);
      const params = parseAbiParameters(types.join(','));
      const values = types.map((t) => randomValue(t, rng));
      const viemBytes = hexToBytes(encodeAbiParameters(params, values));
      expect(staticEncoder(params)!(values)).toEqual(viemBytes);
      const calldata = new Uint8Array([0xde, 0xad, 0xbe, 0xef, ...viemBytes]);
      expect(staticDecoder(params)!(calldata, 4)).toEqual([...decodeAbiParameters(params, viemBytes)]);
    }
  });

  it('refuses what viem refuses, and dynamic types are left to viem', () => {
    const enc = (types: string, values: unknown[]) => () => staticEncoder(parseAbiParameters(types))!(values);
    expect(enc('uint8', [256n])).toThrow(/does not fit uint8/);
    expect(enc('uint256', [-1n])).toThrow(/does not fit/);
    expect(enc('int8', [128n])).toThrow(/does not fit int8/);
    expect(enc('address', ['0x1234'])).toThrow(/not an address/);
    expect(enc('bytes4', ['0x1234'])).toThrow(/not bytes4/);
    expect(enc('bool', [1n])).toThrow(/not a bool/);
    expect(() => staticDecoder(parseAbiParameters('uint256,uint256'))!(new Uint8Array(4 + 40), 4)).toThrow(
      /calldata too short/,
    );
    expect(staticDecoder(parseAbiParameters('string'))).toBeUndefined();
    expect(staticEncoder(parseAbiParameters('uint256[]'))).toBeUndefined();
  });
});
