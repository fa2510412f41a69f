// Which artifact a deployed contract is: its runtime code compared with each artifact's
// deployedBytecode, ignoring what legitimately differs between builds and deployments: immutable
// values (immutableReferences) and the CBOR metadata tail, whose hash covers source comments and
// paths. Exact byte equality would fail on every contract with an immutable (foundry #5437).
import type { Artifact } from '../solidity/artifacts.js';

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.replace(/^0x/, ''), 'hex'));
}

/** Length of the code without its CBOR metadata (the last two bytes give the CBOR length). */
function withoutMetadata(code: Uint8Array): number {
  if (code.length < 2) return code.length;
  const cbor = (code[code.length - 2] << 8) | code[code.length - 1];
  const start = code.length - 2 - cbor;
  // The metadata map starts with 0xa1..0xa5 (a small CBOR map); otherwise there is none.
  return cbor > 0 && start >= 0 && code[start] >= 0xa1 && code[start] <= 0xa5 ? start : code.length;
}

export function codeMatches(deployed: Uint8Array, artifact: Artifact): boolean {
  const expected = hexBytes(artifact.deployedBytecode.object);
  if (expected.length === 0 || expected.length !== deployed.length) return false;
  const end = withoutMetadata(expected);
  const masked = new Uint8Array(end);
  for (const refs of Object.values(artifact.deployedBytecode.immutableReferences ?? {})) {
    for (const { start, length } of refs) masked.fill(1, start, Math.min(start + length, end));
  }
  for (let i = 0; i < end; i++) if (!masked[i] && deployed[i] !== expected[i]) return false;
  return true;
}

/** The artifacts whose code the deployed code is (usually one; several for identical contracts). */
export function matchArtifacts(deployed: Uint8Array, artifacts: readonly Artifact[]): Artifact[] {
  return artifacts.filter((a) => codeMatches(deployed, a));
}
