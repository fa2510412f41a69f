// Contract address derivation (Yellow Paper eq. 86; EIP-1014).
import { bigIntToMinimalBytes, bytesToBigInt, writeBigInt } from './bytes.js';
import { keccak256 } from './crypto/keccak.js';
import { rlpEncode } from './rlp.js';

export function addressBytes(address: bigint): Uint8Array {
  const out = new Uint8Array(20);
  writeBigInt(out, 0, 20, address);
  return out;
}

/** CREATE: keccak256(rlp([sender, nonce]))[12:]. */
export function createAddress(sender: bigint, nonce: bigint): bigint {
  const hash = keccak256(rlpEncode([addressBytes(sender), bigIntToMinimalBytes(nonce)]));
  return bytesToBigInt(hash, 12, 32);
}

/** CREATE2: keccak256(0xff ++ sender ++ salt ++ keccak256(initcode))[12:]. */
export function create2Address(sender: bigint, salt: bigint, initcode: Uint8Array): bigint {
  const buf = new Uint8Array(85);
  buf[0] = 0xff;
  writeBigInt(buf, 1, 20, sender);
  writeBigInt(buf, 21, 32, salt);
  buf.set(keccak256(initcode), 53);
  return bytesToBigInt(keccak256(buf), 12, 32);
}
