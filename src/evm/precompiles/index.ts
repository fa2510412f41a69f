// The Cancun precompiles 0x01-0x0a and the registry an EVM looks them up in.
import { blake2f } from './blake2f.js';
import { bn254Add, bn254Mul, bn254Pairing } from './bn254.js';
import { ecrecover } from './ecrecover.js';
import { identity } from './identity.js';
import { modexp } from './modexp.js';
import { pointEvaluation } from './pointEvaluation.js';
import { ripemd160 } from './ripemd160.js';
import { sha256 } from './sha256.js';
import type { Precompile } from './types.js';

export { blake2bCompress, blake2f } from './blake2f.js';
export { bn254Add, bn254Mul, bn254Pairing } from './bn254.js';
export { ecrecover } from './ecrecover.js';
export { identity } from './identity.js';
export { modexp, modexpGas } from './modexp.js';
export {
  BLS_MODULUS,
  createPointEvaluation,
  FIELD_ELEMENTS_PER_BLOB,
  type KzgProofVerifier,
  pointEvaluation,
  verifyKzgProof,
} from './pointEvaluation.js';
export { definePrecompile, PrecompileHalt, PrecompileRegistry, type PrecompileResult } from './registry.js';
export { ripemd160 } from './ripemd160.js';
export { sha256 } from './sha256.js';
export type { Precompile, PrecompileCall, PrecompileOutcome } from './types.js';

/** Cancun's precompiles by address (0x01-0x0a). Shared and read-only: copy it into a PrecompileRegistry. */
export const CANCUN_PRECOMPILES: ReadonlyMap<bigint, Precompile> = new Map<bigint, Precompile>([
  [0x01n, ecrecover],
  [0x02n, sha256],
  [0x03n, ripemd160],
  [0x04n, identity],
  [0x05n, modexp],
  [0x06n, bn254Add],
  [0x07n, bn254Mul],
  [0x08n, bn254Pairing],
  [0x09n, blake2f],
  [0x0an, pointEvaluation],
]);
