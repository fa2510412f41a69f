// 0x06 BN254 ECADD, 0x07 ECMUL (EIP-196) and 0x08 pairing check (EIP-197), priced by EIP-1108.
// Points are big-endian affine coordinates, (0, 0) encoding the point at infinity; a G2 coordinate lists
// its imaginary part first. A coordinate >= p, a point off the curve or (G2) outside the r-order
// subgroup halts. ECADD/ECMUL zero-pad short input and ignore the bytes past 128/96.
import { bn254 as curve } from '@noble/curves/bn254.js';
import { bytesToBigInt, writeBigInt } from '../bytes.js';
import type { Precompile } from './types.js';
import { halt, OUT_OF_GAS, readPadded, success } from './util.js';

const ADD_GAS = 150;
const MUL_GAS = 6000;
const PAIRING_BASE_GAS = 45000;
const PAIRING_PER_PAIR_GAS = 34000;

const G1 = curve.G1.Point;
const G2 = curve.G2.Point;
const { Fp, Fp2, Fp12, Fr } = curve.fields;
type G1Point = InstanceType<typeof G1>;
type G2Point = InstanceType<typeof G2>;

class InvalidPoint extends Error {}

/** Reads a G1 point at data[o..o+64); throws InvalidPoint when not a valid curve point. */
function readG1(data: Uint8Array, o: number): G1Point {
  const x = bytesToBigInt(data, o, o + 32);
  const y = bytesToBigInt(data, o + 32, o + 64);
  if (x >= Fp.ORDER || y >= Fp.ORDER) throw new InvalidPoint('bn254: G1 coordinate not in field');
  if (x === 0n && y === 0n) return G1.ZERO;
  try {
    const p = G1.fromAffine({ x, y });
    p.assertValidity();
    return p;
  } catch {
    throw new InvalidPoint('bn254: G1 point not on curve');
  }
}

/** Reads a G2 point (x_im, x_re, y_im, y_re) at data[o..o+128); checks curve and subgroup. */
function readG2(data: Uint8Array, o: number): G2Point {
  const xi = bytesToBigInt(data, o, o + 32);
  const xr = bytesToBigInt(data, o + 32, o + 64);
  const yi = bytesToBigInt(data, o + 64, o + 96);
  const yr = bytesToBigInt(data, o + 96, o + 128);
  const p = Fp.ORDER;
  if (xi >= p || xr >= p || yi >= p || yr >= p) throw new InvalidPoint('bn254: G2 coordinate not in field');
  if (xi === 0n && xr === 0n && yi === 0n && yr === 0n) return G2.ZERO;
  try {
    const pt = G2.fromAffine({ x: Fp2.fromBigTuple([xr, xi]), y: Fp2.fromBigTuple([yr, yi]) });
    pt.assertValidity();
    return pt;
  } catch {
    throw new InvalidPoint('bn254: G2 point not on curve or not in subgroup');
  }
}

function encodeG1(p: G1Point): Uint8Array {
  const out = new Uint8Array(64);
  if (p.is0()) return out;
  const { x, y } = p.toAffine();
  writeBigInt(out, 0, 32, x);
  writeBigInt(out, 32, 32, y);
  return out;
}

export const bn254Add: Precompile = {
  name: 'bn254Add',
  run(call) {
    if (ADD_GAS > call.gasLimit) return halt(OUT_OF_GAS);
    const data = readPadded(call.input, 0, 128);
    try {
      return success(ADD_GAS, encodeG1(readG1(data, 0).add(readG1(data, 64))));
    } catch (e) {
      if (e instanceof InvalidPoint) return halt(e.message);
      throw e;
    }
  },
};

export const bn254Mul: Precompile = {
  name: 'bn254Mul',
  run(call) {
    if (MUL_GAS > call.gasLimit) return halt(OUT_OF_GAS);
    const data = readPadded(call.input, 0, 96);
    try {
      const p = readG1(data, 0);
      // G1 has prime order r, so the 256-bit scalar may be reduced mod r.
      const k = Fr.create(bytesToBigInt(data, 64, 96));
      return success(MUL_GAS, encodeG1(p.multiplyUnsafe(k)));
    } catch (e) {
      if (e instanceof InvalidPoint) return halt(e.message);
      throw e;
    }
  },
};

export const bn254Pairing: Precompile = {
  name: 'bn254Pairing',
  run(call) {
    const input = call.input;
    if (input.length % 192 !== 0) return halt('bn254: pairing input length not a multiple of 192');
    const k = input.length / 192;
    const gas = PAIRING_BASE_GAS + PAIRING_PER_PAIR_GAS * k;
    if (gas > call.gasLimit) return halt(OUT_OF_GAS);
    const pairs: { g1: G1Point; g2: G2Point }[] = [];
    try {
      for (let o = 0; o < input.length; o += 192) {
        const g1 = readG1(input, o);
        const g2 = readG2(input, o + 64);
        // e(P, O) = e(O, Q) = 1: such a pair does not change the product.
        if (!g1.is0() && !g2.is0()) pairs.push({ g1, g2 });
      }
    } catch (e) {
      if (e instanceof InvalidPoint) return halt(e.message);
      throw e;
    }
    const out = new Uint8Array(32);
    if (pairs.length === 0 || Fp12.eql(curve.pairingBatch(pairs), Fp12.ONE)) out[31] = 1;
    return success(gas, out);
  },
};
