// Sender recovery dominates the cost of eth_sendRawTransaction when done in pure JavaScript (about
// 1.3 ms a signature). libsecp256k1, compiled to WebAssembly by tiny-secp256k1, does it several
// times faster with the same results; the devnet installs it behind src/evm's recoverSender.
import * as ecc from 'tiny-secp256k1';
import { bigIntToBytes32, type PublicKeyRecovery, setPublicKeyRecovery } from '../evm/index.js';

const signature = new Uint8Array(64);

export const wasmRecovery: PublicKeyRecovery = (hash, r, s, recovery) => {
  signature.set(bigIntToBytes32(r), 0);
  signature.set(bigIntToBytes32(s), 32);
  const key = ecc.recover(hash, signature, recovery as 0 | 1, false);
  if (!key) throw new Error('no public key recovers from this signature');
  return key;
};

let installed = false;

export function installWasmRecovery(): void {
  if (installed) return;
  setPublicKeyRecovery(wasmRecovery);
  installed = true;
}
