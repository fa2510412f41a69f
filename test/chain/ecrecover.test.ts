// The WebAssembly recovery the devnet installs must agree with the pure-JS default on every
// signature, valid or not.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { wasmRecovery } from '../../src/chain/ecrecover.js';

function noble(hash: Uint8Array, r: bigint, s: bigint, recovery: number): Uint8Array {
  return new secp256k1.Signature(r, s, recovery).recoverPublicKey(hash).toBytes(false);
}

function outcome(f: () => Uint8Array): string {
  try {
    return Buffer.from(f()).toString('hex');
  } catch {
    return 'throws';
  }
}

describe('wasmRecovery', () => {
  it('recovers the same key as @noble/curves for 300 seeded signatures', () => {
    for (let i = 0; i < 300; i++) {
      const key = keccak_256(new TextEncoder().encode(`key ${i}`));
      const hash = keccak_256(new TextEncoder().encode(`message ${i}`));
      const sig = secp256k1.Signature.fromBytes(
        secp256k1.sign(hash, key, { prehash: false, format: 'recovered' }),
        'recovered',
      );
      const recovery = sig.recovery ?? 0;
      expect(Buffer.from(wasmRecovery(hash, sig.r, sig.s, recovery)).toString('hex')).toBe(
        Buffer.from(secp256k1.getPublicKey(key, false)).toString('hex'),
      );
      // The other recovery bit gives another key (or none) in both.
      expect(outcome(() => wasmRecovery(hash, sig.r, sig.s, 1 - recovery))).toBe(
        outcome(() => noble(hash, sig.r, sig.s, 1 - recovery)),
      );
    }
  });

  it('agrees on signatures whose r is not the x of any curve point', () => {
    for (let i = 1n; i < 40n; i++) {
      const hash = keccak_256(new Uint8Array([Number(i)]));
      expect(outcome(() => wasmRecovery(hash, i, 7n, 0))).toBe(outcome(() => noble(hash, i, 7n, 0)));
    }
  });
});
