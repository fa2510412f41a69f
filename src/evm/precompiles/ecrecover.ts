// 0x01 ECRECOVER: 3000 gas. Input hash(32) ‖ v(32) ‖ r(32) ‖ s(32), zero-padded to 128 bytes.
// Any invalid signature (v not 27/28, r or s out of [1, n), no recoverable key) succeeds with empty
// output; only a lack of gas halts. High s is accepted (the low-s rule applies to transactions only).
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToBigInt, EMPTY_BYTES } from '../bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import type { Precompile } from './types.js';
import { halt, OUT_OF_GAS, readPadded, success } from './util.js';

const GAS = 3000;
const N = secp256k1.Point.Fn.ORDER;

function recoverAddress(data: Uint8Array): Uint8Array | undefined {
  for (let i = 32; i < 63; i++) if (data[i] !== 0) return undefined;
  const v = data[63];
  if (v !== 27 && v !== 28) return undefined;
  const r = bytesToBigInt(data, 64, 96);
  const s = bytesToBigInt(data, 96, 128);
  if (r === 0n || r >= N || s === 0n || s >= N) return undefined;
  let pub: Uint8Array;
  try {
    const sig = new secp256k1.Signature(r, s, v - 27);
    pub = sig.recoverPublicKey(data.subarray(0, 32)).toBytes(false);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(32);
  out.set(keccak256(pub.subarray(1)).subarray(12), 12);
  return out;
}

export const ecrecover: Precompile = {
  name: 'ecrecover',
  run(call) {
    if (GAS > call.gasLimit) return halt(OUT_OF_GAS);
    return success(GAS, recoverAddress(readPadded(call.input, 0, 128)) ?? EMPTY_BYTES);
  },
};
