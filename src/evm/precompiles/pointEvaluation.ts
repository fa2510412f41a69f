// 0x0a KZG point evaluation (EIP-4844): 50000 gas. Input (exactly 192 bytes): versioned_hash(32) ‖ z(32) ‖
// y(32) ‖ commitment(48) ‖ proof(48). Checks versioned_hash = 0x01 ‖ sha256(commitment)[1:] and that
// proof opens commitment to p(z) = y, then returns FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two
// 32-byte words. Any failure halts.
//
// The default verifier is built directly on @noble/curves' BLS12-381 (the library micro-eth-signer's KZG
// uses) and needs a single trusted-setup point, [s]G2, embedded below, instead of the full 4096-point
// setup; its pairing precomputations are built lazily on the first call. It checks
//   e(C - [y]G1 + [z]π, G2) · e(π, -[s]G2) = 1,
// which is EIP-4844's e(C - [y]G1, G2) = e(π, [s - z]G2) with the G2 scalar multiplication moved to G1,
// so both G2 arguments are fixed. A different verifier (e.g. micro-eth-signer's KZG, see
// ./microEthSignerKzg.ts) can be plugged in with createPointEvaluation.
import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBigInt, writeBigInt } from '../bytes.js';
import type { Precompile } from './types.js';
import { halt, OUT_OF_GAS, success } from './util.js';

export const POINT_EVALUATION_GAS = 50000;
export const FIELD_ELEMENTS_PER_BLOB = 4096n;
/** Order of the BLS12-381 scalar field. */
export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
export const VERSIONED_HASH_VERSION_KZG = 0x01;

/** g2_monomial[1] = [s]G2 of the Ethereum KZG ceremony, compressed (checked against the setup in tests). */
export const KZG_SETUP_G2_1 =
  '0xb5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72' +
  '185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2';

/**
 * The same point in affine coordinates (x = x0 + x1·u, y = y0 + y1·u), so the first call skips the
 * decompression and subgroup check; tests check it against KZG_SETUP_G2_1.
 */
export const KZG_SETUP_G2_1_AFFINE = {
  x0: 0x185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2n,
  x1: 0x15bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72n,
  y0: 0x014353bdb96b626dd7d5ee8599d1fca2131569490e28de18e82451a496a9c9794ce26d105941f383ee689bfbbb832a99n,
  y1: 0x1666c54b0a32529503432fcae0181b4bef79de09fc63671fda5ed1ba9bfa07899495346f3d7ac9cd23048ef30d0a154fn,
} as const;

/**
 * verify_kzg_proof of EIP-4844 on raw bytes: commitment and proof are 48-byte compressed G1 points, z and
 * y 32-byte big-endian field elements. Returns false for any invalid encoding (point not on the curve or
 * not in the subgroup, non-canonical field element) as well as for a wrong proof.
 */
export type KzgProofVerifier = (
  commitment: Uint8Array,
  z: Uint8Array,
  y: Uint8Array,
  proof: Uint8Array,
) => boolean;

const G1 = bls.G1.Point;
const G2 = bls.G2.Point;
const { Fp2, Fp12 } = bls.fields;
type Precomputes = ReturnType<typeof bls.utils.calcPairingPrecomputes>;

let pairingSetup: { g2: Precomputes; minusSG2: Precomputes } | undefined;

function getPairingSetup(): { g2: Precomputes; minusSG2: Precomputes } {
  if (pairingSetup === undefined) {
    const { x0, x1, y0, y1 } = KZG_SETUP_G2_1_AFFINE;
    const sG2 = G2.fromAffine({ x: Fp2.fromBigTuple([x0, x1]), y: Fp2.fromBigTuple([y0, y1]) });
    pairingSetup = {
      g2: bls.utils.calcPairingPrecomputes(G2.BASE),
      minusSG2: bls.utils.calcPairingPrecomputes(sG2.negate()),
    };
  }
  return pairingSetup;
}

function parseG1(bytes: Uint8Array): InstanceType<typeof G1> | undefined {
  try {
    return G1.fromBytes(bytes); // canonical compressed encoding, on curve, in the subgroup
  } catch {
    return undefined;
  }
}

export const verifyKzgProof: KzgProofVerifier = (commitment, zBytes, yBytes, proofBytes) => {
  if (commitment.length !== 48 || proofBytes.length !== 48 || zBytes.length !== 32 || yBytes.length !== 32) {
    return false;
  }
  const z = bytesToBigInt(zBytes);
  const y = bytesToBigInt(yBytes);
  if (z >= BLS_MODULUS || y >= BLS_MODULUS) return false;
  const c = parseG1(commitment);
  const proof = parseG1(proofBytes);
  if (c === undefined || proof === undefined) return false;
  const setup = getPairingSetup();
  const lhs = c.subtract(G1.BASE.multiplyUnsafe(y)).add(proof.multiplyUnsafe(z));
  // A pair with the point at infinity contributes 1 to the product.
  const pairs: [Precomputes, bigint, bigint][] = [];
  if (!lhs.is0()) {
    const a = lhs.toAffine();
    pairs.push([setup.g2, a.x, a.y]);
  }
  if (!proof.is0()) {
    const a = proof.toAffine();
    pairs.push([setup.minusSG2, a.x, a.y]);
  }
  if (pairs.length === 0) return true;
  return Fp12.eql(Fp12.finalExponentiate(bls.millerLoopBatch(pairs)), Fp12.ONE);
};

const RETURN_VALUE = (() => {
  const out = new Uint8Array(64);
  writeBigInt(out, 0, 32, FIELD_ELEMENTS_PER_BLOB);
  writeBigInt(out, 32, 32, BLS_MODULUS);
  return out;
})();

/** The 0x0a precompile with the given proof verifier. */
export function createPointEvaluation(verify: KzgProofVerifier = verifyKzgProof): Precompile {
  return {
    name: 'pointEvaluation',
    run(call) {
      if (POINT_EVALUATION_GAS > call.gasLimit) return halt(OUT_OF_GAS);
      const input = call.input;
      if (input.length !== 192) return halt('point evaluation: input length must be 192');
      const commitment = input.subarray(96, 144);
      const hash = sha256(commitment);
      hash[0] = VERSIONED_HASH_VERSION_KZG;
      for (let i = 0; i < 32; i++) {
        if (hash[i] !== input[i]) return halt('point evaluation: versioned hash does not match commitment');
      }
      if (!verify(commitment, input.subarray(32, 64), input.subarray(64, 96), input.subarray(144, 192))) {
        return halt('point evaluation: invalid proof');
      }
      return success(POINT_EVALUATION_GAS, RETURN_VALUE.slice());
    },
  };
}

export const pointEvaluation: Precompile = createPointEvaluation();
