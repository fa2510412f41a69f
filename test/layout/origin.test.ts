// Slot explanation against an in-memory recording: the number of lookups stays small (one round for
// thousands of mapping entries), parents unwind through hash + offset chains, and what lies beyond
// the offset bound or has no usable preimage is a root.
import { describe, expect, it } from 'vitest';
import { bigIntToBytes32, concatBytes } from '../../src/evm/bytes.js';
import { keccak256Word } from '../../src/evm/crypto/keccak.js';
import { explainSlots, type SlotOrigin } from '../../src/layout/origin.js';
import type { SlotRecording } from '../../src/layout/types.js';

/** Records preimages as the devnet would, and counts what is asked. */
class FakeRecording implements SlotRecording {
  readonly known = new Map<bigint, Uint8Array>();
  calls = 0;
  asked = 0;

  hash(preimage: Uint8Array): bigint {
    const h = keccak256Word(preimage);
    this.known.set(h, preimage);
    return h;
  }
  entry(key: bigint, parent: bigint): bigint {
    return this.hash(concatBytes(bigIntToBytes32(key), bigIntToBytes32(parent)));
  }
  data(parent: bigint): bigint {
    return this.hash(bigIntToBytes32(parent));
  }
  async writtenSlots(): Promise<bigint[]> {
    return [];
  }
  async preimages(hashes: readonly bigint[]): Promise<(Uint8Array | null)[]> {
    this.calls++;
    this.asked += hashes.length;
    return hashes.map((h) => this.known.get(h) ?? null);
  }
}

/** An origin as `root/mapping key+offset/data+offset` text, outermost first. */
function describeOrigin(o: SlotOrigin): string {
  if (o.kind === 'root') return `root ${o.slot}`;
  const parent = describeOrigin(o.parent);
  if (o.kind === 'data') return `${parent} / data+${o.offset}`;
  return `${parent} / key ${BigInt(`0x${Buffer.from(o.key).toString('hex') || '0'}`)}+${o.offset}`;
}

describe('explainSlots', () => {
  it('explains thousands of mapping entries with one lookup', async () => {
    const rec = new FakeRecording();
    const slots = Array.from({ length: 5000 }, (_, i) => rec.entry(BigInt(i + 1), 0n));
    const origins = await explainSlots(rec, [...slots, 0n, 1n]);
    expect(rec.calls).toBe(1);
    expect(rec.asked).toBe(5000);
    expect(describeOrigin(origins.get(slots[41])!)).toBe('root 0 / key 42+0');
    expect(origins.get(1n)).toEqual({ kind: 'root', slot: 1n });
  });

  it('unwinds hash + offset chains: a mapping in a struct in a mapping in an array element', async () => {
    const rec = new FakeRecording();
    // items[2] (3-slot elements) at keccak(5) + 6; its member 1 is a mapping; the value struct's
    // member 2 is written.
    const element = rec.data(5n) + 6n;
    const inner = rec.entry(0xaan, element + 1n);
    const slot = rec.entry(0xbbn, inner) + 2n;
    const origins = await explainSlots(rec, [slot]);
    expect(describeOrigin(origins.get(slot)!)).toBe('root 5 / data+7 / key 170+0 / key 187+2');
    // Few rounds: the slot, its neighbours, then each parent level.
    expect(rec.calls).toBeLessThanOrEqual(6);
  });

  it('keeps string keys whole and tells a 32-byte preimage (array data) from key ‖ slot', async () => {
    const rec = new FakeRecording();
    const name = new TextEncoder().encode('a string key that is longer than 32 bytes');
    const slot = rec.hash(concatBytes(name, bigIntToBytes32(7n)));
    const data = rec.data(9n) + 3n;
    const origins = await explainSlots(rec, [slot, data]);
    const o = origins.get(slot)!;
    expect(o.kind === 'mapping' && new TextDecoder().decode(o.key)).toBe(
      'a string key that is longer than 32 bytes',
    );
    expect(describeOrigin(origins.get(data)!)).toBe('root 9 / data+3');
  });

  it('treats slots past maxOffset, unrecorded hashes and short preimages as roots', async () => {
    const rec = new FakeRecording();
    const far = rec.data(3n) + 10n;
    const short = rec.hash(Uint8Array.from([1, 2, 3]));
    const unknown = keccak256Word(bigIntToBytes32(12345n));
    const origins = await explainSlots(rec, [far, short, unknown], { maxOffset: 5 });
    for (const s of [far, short, unknown]) expect(origins.get(s)).toEqual({ kind: 'root', slot: s });
    // isRoot spares the lookups for slots known to be variables.
    const before = rec.asked;
    await explainSlots(rec, [far], { isRoot: () => true });
    expect(rec.asked).toBe(before);
  });
});
