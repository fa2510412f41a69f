// Transaction wire format (legacy RLP list, EIP-2718 typed envelopes 0x01/0x02/0x03), hashes,
// signing (EIP-155 aware) and sender recovery. Decoding is strict: every integer must be canonical
// (no leading zero bytes) and within its width, addresses exactly 20 bytes, storage keys and blob
// hashes exactly 32 bytes, field counts exact. Anything else throws a TxError.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bigIntToMinimalBytes, bytesToBigInt, concatBytes, EMPTY_BYTES, writeBigInt } from '../bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import { RlpError, type RlpItem, rlpDecode, rlpEncode } from '../rlp.js';
import { TxError } from './errors.js';
import type {
  AccessList,
  AccessListTransaction,
  BlobTransaction,
  FeeMarketTransaction,
  LegacyTransaction,
  SignedTransaction,
  Transaction,
  UnsignedTransaction,
} from './types.js';

/** Order of the secp256k1 group. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const SECP256K1_HALF_N = SECP256K1_N >> 1n;

const TYPED_FIELD_COUNT = { 1: 11, 2: 12, 3: 14 } as const;

// ---------------------------------------------------------------------------------------------
// Decoding

function bytesField(item: RlpItem, name: string): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new TxError(`${name} must be a byte string, not a list`);
  return item;
}

function listField(item: RlpItem, name: string): RlpItem[] {
  if (item instanceof Uint8Array) throw new TxError(`${name} must be a list, not a byte string`);
  return item;
}

/** A canonical unsigned integer of at most `bytes` bytes (zero is the empty string). */
function uintField(item: RlpItem, name: string, bytes: 8 | 32): bigint {
  const b = bytesField(item, name);
  if (b.length > 0 && b[0] === 0) throw new TxError(`${name} has leading zero bytes (non-canonical integer)`);
  if (b.length > bytes) throw new TxError(`${name} is ${b.length} bytes, wider than ${bytes * 8} bits`);
  return bytesToBigInt(b);
}

function fixedField(item: RlpItem, name: string, length: number): Uint8Array {
  const b = bytesField(item, name);
  if (b.length !== length) {
    throw new TxError(
      `${name} must be exactly ${length} bytes, got ${b.length} (${b.length > length ? 'too long' : 'too short'})`,
    );
  }
  return b;
}

function toField(item: RlpItem): bigint | null {
  const b = bytesField(item, 'to');
  if (b.length === 0) return null;
  if (b.length !== 20) {
    throw new TxError(`to must be 20 bytes, or empty for a contract creation; got ${b.length} bytes`);
  }
  return bytesToBigInt(b);
}

function accessListField(item: RlpItem): AccessList {
  const entries = listField(item, 'accessList');
  return entries.map((entry, i) => {
    const pair = listField(entry, `accessList[${i}]`);
    if (pair.length !== 2) {
      throw new TxError(`accessList[${i}] must be [address, storageKeys], got ${pair.length} items`);
    }
    const address = bytesToBigInt(fixedField(pair[0], `accessList[${i}].address`, 20));
    const keys = listField(pair[1], `accessList[${i}].storageKeys`);
    const storageKeys = keys.map((k, j) =>
      bytesToBigInt(fixedField(k, `accessList[${i}].storageKeys[${j}]`, 32)),
    );
    return { address, storageKeys };
  });
}

function blobHashesField(item: RlpItem): Uint8Array[] {
  return listField(item, 'blobVersionedHashes').map((h, i) =>
    fixedField(h, `blobVersionedHashes[${i}]`, 32).slice(),
  );
}

function yParityField(item: RlpItem): bigint {
  const y = uintField(item, 'yParity', 32);
  if (y > 1n) throw new TxError(`yParity must be 0 or 1, got ${y}`, 'TDK_TX_SIGNATURE');
  return y;
}

/** EIP-155: chain id carried by a legacy v, or null for a pre-EIP-155 signature; throws on other v. */
function legacyChainId(v: bigint): bigint | null {
  if (v === 27n || v === 28n) return null;
  if (v >= 35n) return (v - 35n) >> 1n;
  throw new TxError(`legacy v must be 27, 28 or 2·chainId + 35/36 (EIP-155), got ${v}`, 'TDK_TX_SIGNATURE');
}

function decodeRlpList(bytes: Uint8Array, what: string, count: number): RlpItem[] {
  let item: RlpItem;
  try {
    item = rlpDecode(bytes);
  } catch (e) {
    if (e instanceof RlpError) throw new TxError(`${what}: ${e.message}`, 'TDK_TX_DECODE', { cause: e });
    throw e;
  }
  if (item instanceof Uint8Array) throw new TxError(`${what} must be an RLP list, got a byte string`);
  if (item.length !== count) {
    throw new TxError(
      `${what} must have ${count} fields, got ${item.length} (too ${item.length < count ? 'few' : 'many'})`,
    );
  }
  return item;
}

function decodeLegacy(raw: Uint8Array): LegacyTransaction {
  const f = decodeRlpList(raw, 'legacy transaction', 9);
  const v = uintField(f[6], 'v', 32);
  return {
    type: 0,
    nonce: uintField(f[0], 'nonce', 8),
    gasPrice: uintField(f[1], 'gasPrice', 32),
    gasLimit: uintField(f[2], 'gasLimit', 8),
    to: toField(f[3]),
    value: uintField(f[4], 'value', 32),
    data: bytesField(f[5], 'data').slice(),
    chainId: legacyChainId(v),
    v,
    r: uintField(f[7], 'r', 32),
    s: uintField(f[8], 's', 32),
  };
}

function decodeAccessListTx(payload: Uint8Array): AccessListTransaction {
  const f = decodeRlpList(payload, 'type 1 transaction', TYPED_FIELD_COUNT[1]);
  return {
    type: 1,
    chainId: uintField(f[0], 'chainId', 32),
    nonce: uintField(f[1], 'nonce', 8),
    gasPrice: uintField(f[2], 'gasPrice', 32),
    gasLimit: uintField(f[3], 'gasLimit', 8),
    to: toField(f[4]),
    value: uintField(f[5], 'value', 32),
    data: bytesField(f[6], 'data').slice(),
    accessList: accessListField(f[7]),
    yParity: yParityField(f[8]),
    r: uintField(f[9], 'r', 32),
    s: uintField(f[10], 's', 32),
  };
}

function decodeFeeMarketTx(payload: Uint8Array): FeeMarketTransaction {
  const f = decodeRlpList(payload, 'type 2 transaction', TYPED_FIELD_COUNT[2]);
  return {
    type: 2,
    chainId: uintField(f[0], 'chainId', 32),
    nonce: uintField(f[1], 'nonce', 8),
    maxPriorityFeePerGas: uintField(f[2], 'maxPriorityFeePerGas', 32),
    maxFeePerGas: uintField(f[3], 'maxFeePerGas', 32),
    gasLimit: uintField(f[4], 'gasLimit', 8),
    to: toField(f[5]),
    value: uintField(f[6], 'value', 32),
    data: bytesField(f[7], 'data').slice(),
    accessList: accessListField(f[8]),
    yParity: yParityField(f[9]),
    r: uintField(f[10], 'r', 32),
    s: uintField(f[11], 's', 32),
  };
}

function decodeBlobTx(payload: Uint8Array): BlobTransaction {
  const f = decodeRlpList(payload, 'type 3 transaction', TYPED_FIELD_COUNT[3]);
  return {
    type: 3,
    chainId: uintField(f[0], 'chainId', 32),
    nonce: uintField(f[1], 'nonce', 8),
    maxPriorityFeePerGas: uintField(f[2], 'maxPriorityFeePerGas', 32),
    maxFeePerGas: uintField(f[3], 'maxFeePerGas', 32),
    gasLimit: uintField(f[4], 'gasLimit', 8),
    to: toField(f[5]),
    value: uintField(f[6], 'value', 32),
    data: bytesField(f[7], 'data').slice(),
    accessList: accessListField(f[8]),
    maxFeePerBlobGas: uintField(f[9], 'maxFeePerBlobGas', 32),
    blobVersionedHashes: blobHashesField(f[10]),
    yParity: yParityField(f[11]),
    r: uintField(f[12], 'r', 32),
    s: uintField(f[13], 's', 32),
  };
}

/**
 * Decodes a transaction in its canonical (consensus / `eth_sendRawTransaction`) form: an RLP list
 * for legacy, `type || rlp(payload)` for types 1–3. Throws TxError (TDK_TX_DECODE, or
 * TDK_TX_SIGNATURE for an impossible v / yParity).
 */
export function decodeTransaction(raw: Uint8Array): Transaction {
  if (!(raw instanceof Uint8Array)) throw new TxError('transaction bytes must be a Uint8Array');
  if (raw.length === 0) throw new TxError('empty transaction bytes');
  const first = raw[0];
  if (first >= 0xc0) return decodeLegacy(raw);
  const payload = raw.subarray(1);
  switch (first) {
    case 1:
      return decodeAccessListTx(payload);
    case 2:
      return decodeFeeMarketTx(payload);
    case 3:
      return decodeBlobTx(payload);
  }
  if (first >= 0x80) throw new TxError('a legacy transaction must be an RLP list, got an RLP byte string');
  throw new TxError(
    `transaction type 0x${first.toString(16).padStart(2, '0')} is not supported (Cancun: 0x01, 0x02, 0x03)`,
  );
}

// ---------------------------------------------------------------------------------------------
// Encoding

const MAX_U64 = (1n << 64n) - 1n;
const MAX_U256 = (1n << 256n) - 1n;

function uintItem(v: bigint, name: string, max: bigint = MAX_U256): Uint8Array {
  if (typeof v !== 'bigint' || v < 0n || v > max) {
    const bits = max.toString(2).length;
    throw new TxError(
      `${name} = ${String(v)} is not an unsigned integer of at most ${bits} bits`,
      'TDK_TX_ENCODE',
    );
  }
  return bigIntToMinimalBytes(v);
}

function fixedItem(v: bigint, name: string, length: number): Uint8Array {
  if (typeof v !== 'bigint' || v < 0n || v >> BigInt(8 * length) !== 0n) {
    throw new TxError(`${name} = ${String(v)} does not fit in ${length} bytes`, 'TDK_TX_ENCODE');
  }
  const out = new Uint8Array(length);
  writeBigInt(out, 0, length, v);
  return out;
}

function toItem(to: bigint | null): Uint8Array {
  return to === null ? EMPTY_BYTES : fixedItem(to, 'to', 20);
}

function accessListItem(list: AccessList): RlpItem {
  return list.map((e, i) => [
    fixedItem(e.address, `accessList[${i}].address`, 20),
    e.storageKeys.map((k, j) => fixedItem(k, `accessList[${i}].storageKeys[${j}]`, 32)),
  ]);
}

function blobHashesItem(hashes: Uint8Array[]): RlpItem {
  return hashes.map((h, i) => {
    if (!(h instanceof Uint8Array) || h.length !== 32) {
      throw new TxError(`blobVersionedHashes[${i}] must be 32 bytes`, 'TDK_TX_ENCODE');
    }
    return h;
  });
}

function dataItem(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new TxError('data must be a Uint8Array', 'TDK_TX_ENCODE');
  return data;
}

/** The payload fields that the signature covers, in wire order (without the EIP-155 suffix). */
function unsignedFields(tx: UnsignedTransaction): RlpItem[] {
  switch (tx.type) {
    case 0:
      return [
        uintItem(tx.nonce, 'nonce', MAX_U64),
        uintItem(tx.gasPrice, 'gasPrice'),
        uintItem(tx.gasLimit, 'gasLimit', MAX_U64),
        toItem(tx.to),
        uintItem(tx.value, 'value'),
        dataItem(tx.data),
      ];
    case 1:
      return [
        uintItem(tx.chainId, 'chainId'),
        uintItem(tx.nonce, 'nonce', MAX_U64),
        uintItem(tx.gasPrice, 'gasPrice'),
        uintItem(tx.gasLimit, 'gasLimit', MAX_U64),
        toItem(tx.to),
        uintItem(tx.value, 'value'),
        dataItem(tx.data),
        accessListItem(tx.accessList),
      ];
    case 2:
    case 3: {
      const fields: RlpItem[] = [
        uintItem(tx.chainId, 'chainId'),
        uintItem(tx.nonce, 'nonce', MAX_U64),
        uintItem(tx.maxPriorityFeePerGas, 'maxPriorityFeePerGas'),
        uintItem(tx.maxFeePerGas, 'maxFeePerGas'),
        uintItem(tx.gasLimit, 'gasLimit', MAX_U64),
        toItem(tx.to),
        uintItem(tx.value, 'value'),
        dataItem(tx.data),
        accessListItem(tx.accessList),
      ];
      if (tx.type === 3) {
        fields.push(
          uintItem(tx.maxFeePerBlobGas, 'maxFeePerBlobGas'),
          blobHashesItem(tx.blobVersionedHashes),
        );
      }
      return fields;
    }
    default:
      throw new TxError(
        `unknown transaction type ${String((tx as { type: unknown }).type)}`,
        'TDK_TX_ENCODE',
      );
  }
}

/** The v a legacy transaction must carry for its chainId and recovery bit. */
function legacyV(chainId: bigint | null, recovery: bigint): bigint {
  return chainId === null ? 27n + recovery : chainId * 2n + 35n + recovery;
}

/** Encodes a signed transaction in canonical form; throws TxError (TDK_TX_ENCODE) on bad fields. */
export function encodeTransaction(tx: Transaction): Uint8Array {
  const fields = unsignedFields(tx);
  if (tx.type === 0) {
    const chainId = legacyChainIdForEncode(tx);
    if (tx.v !== legacyV(chainId, 0n) && tx.v !== legacyV(chainId, 1n)) {
      throw new TxError(`legacy v = ${tx.v} does not match chainId ${String(chainId)}`, 'TDK_TX_ENCODE');
    }
    fields.push(uintItem(tx.v, 'v'), uintItem(tx.r, 'r'), uintItem(tx.s, 's'));
    return rlpEncode(fields);
  }
  fields.push(uintItem(tx.yParity, 'yParity', 1n), uintItem(tx.r, 'r'), uintItem(tx.s, 's'));
  return concatBytes(Uint8Array.of(tx.type), rlpEncode(fields));
}

function legacyChainIdForEncode(tx: { chainId: bigint | null }): bigint | null {
  const { chainId } = tx;
  if (chainId !== null && (typeof chainId !== 'bigint' || chainId < 0n)) {
    throw new TxError(`chainId = ${String(chainId)} must be null or a non-negative bigint`, 'TDK_TX_ENCODE');
  }
  return chainId;
}

/** keccak256 of the canonical encoding: the transaction hash. */
export function transactionHash(tx: Transaction): Uint8Array {
  return keccak256(encodeTransaction(tx));
}

/**
 * The digest the sender signs: keccak(rlp(6 fields)) for a pre-EIP-155 legacy transaction,
 * keccak(rlp(6 fields ++ [chainId, 0, 0])) for an EIP-155 one, keccak(type || rlp(payload
 * without signature)) for typed transactions.
 */
export function signingHash(tx: Transaction | UnsignedTransaction): Uint8Array {
  const fields = unsignedFields(tx);
  if (tx.type === 0) {
    const chainId = legacyChainIdForEncode(tx);
    if (chainId !== null) fields.push(uintItem(chainId, 'chainId'), EMPTY_BYTES, EMPTY_BYTES);
    return keccak256(rlpEncode(fields));
  }
  return keccak256(concatBytes(Uint8Array.of(tx.type), rlpEncode(fields)));
}

// ---------------------------------------------------------------------------------------------
// Signatures

/** The recovery bit (0 or 1) carried by v / yParity; throws TxError (TDK_TX_SIGNATURE) if invalid. */
function recoveryBit(tx: Transaction): number {
  if (tx.type === 0) {
    const { v, chainId } = tx;
    if (chainId === null) {
      if (v === 27n || v === 28n) return Number(v - 27n);
      throw new TxError(`pre-EIP-155 legacy v must be 27 or 28, got ${v}`, 'TDK_TX_SIGNATURE');
    }
    if (v === legacyV(chainId, 0n)) return 0;
    if (v === legacyV(chainId, 1n)) return 1;
    throw new TxError(`legacy v = ${v} does not match chainId ${chainId} (EIP-155)`, 'TDK_TX_SIGNATURE');
  }
  if (tx.yParity === 0n || tx.yParity === 1n) return Number(tx.yParity);
  throw new TxError(`yParity must be 0 or 1, got ${tx.yParity}`, 'TDK_TX_SIGNATURE');
}

function addressOfPublicKey(uncompressed: Uint8Array): bigint {
  return bytesToBigInt(keccak256(uncompressed.subarray(1)), 12, 32);
}

/**
 * Recovers the sender address. Rejects (TxError TDK_TX_SIGNATURE) r or s outside [1, n-1],
 * s > n/2 (EIP-2), a v / yParity that is not a recovery bit for the transaction's chain, and
 * signatures whose public key cannot be recovered.
 */
export function recoverSender(tx: Transaction): bigint {
  const recovery = recoveryBit(tx);
  const { r, s } = tx;
  if (r <= 0n || r >= SECP256K1_N) throw new TxError('signature r must be in [1, n-1]', 'TDK_TX_SIGNATURE');
  if (s <= 0n || s >= SECP256K1_N) throw new TxError('signature s must be in [1, n-1]', 'TDK_TX_SIGNATURE');
  if (s > SECP256K1_HALF_N) {
    throw new TxError('signature s is above n/2 (EIP-2 requires low s)', 'TDK_TX_SIGNATURE');
  }
  const hash = signingHash(tx);
  let publicKey: Uint8Array;
  try {
    publicKey = recoverPublicKey(hash, r, s, Number(recovery));
  } catch (e) {
    throw new TxError(
      `sender recovery failed: ${e instanceof Error ? e.message : String(e)}`,
      'TDK_TX_SIGNATURE',
      {
        cause: e,
      },
    );
  }
  return addressOfPublicKey(publicKey);
}

/**
 * Recovers the 65-byte uncompressed public key from a 32-byte hash and a signature (r, s, recovery
 * bit); throws if there is none. Callers have already checked the ranges of r and s.
 */
export type PublicKeyRecovery = (hash: Uint8Array, r: bigint, s: bigint, recovery: number) => Uint8Array;

const nobleRecovery: PublicKeyRecovery = (hash, r, s, recovery) =>
  new secp256k1.Signature(r, s, recovery).recoverPublicKey(hash).toBytes(false);

let recoverPublicKey: PublicKeyRecovery = nobleRecovery;

/**
 * Replaces the pure-JS recovery behind recoverSender with a faster equivalent (the devnet installs
 * libsecp256k1 compiled to WebAssembly, which needs file I/O to load and so stays out of src/evm).
 * Pass nothing to restore the default.
 */
export function setPublicKeyRecovery(fn: PublicKeyRecovery = nobleRecovery): void {
  recoverPublicKey = fn;
}

/** The address of a 32-byte secp256k1 private key. */
export function privateKeyToAddress(privateKey: Uint8Array): bigint {
  checkPrivateKey(privateKey);
  return addressOfPublicKey(secp256k1.getPublicKey(privateKey, false));
}

function checkPrivateKey(privateKey: Uint8Array): void {
  if (
    !(privateKey instanceof Uint8Array) ||
    privateKey.length !== 32 ||
    !secp256k1.utils.isValidSecretKey(privateKey)
  ) {
    throw new TxError('private key must be 32 bytes encoding an integer in [1, n-1]', 'TDK_TX_SIGNATURE');
  }
}

/**
 * Signs with RFC 6979 deterministic nonces and low s. A legacy transaction with `chainId: null`
 * gets a pre-EIP-155 signature (v = 27/28), otherwise v = 2·chainId + 35 + recovery bit.
 */
export function signTransaction<U extends UnsignedTransaction>(
  unsigned: U,
  privateKey: Uint8Array,
): SignedTransaction<U> {
  checkPrivateKey(privateKey);
  const hash = signingHash(unsigned);
  const sig = secp256k1.Signature.fromBytes(
    secp256k1.sign(hash, privateKey, { prehash: false, lowS: true, format: 'recovered' }),
    'recovered',
  );
  const recovery = BigInt(sig.recovery ?? -1);
  // Recovery ids 2 and 3 (r ≥ p − n) have probability ~2^-127 and cannot be expressed in Ethereum.
  if (recovery !== 0n && recovery !== 1n) {
    throw new TxError(`unsupported recovery id ${recovery}`, 'TDK_TX_SIGNATURE');
  }
  if (unsigned.type === 0) {
    const chainId = legacyChainIdForEncode(unsigned);
    return {
      ...unsigned,
      chainId,
      v: legacyV(chainId, recovery),
      r: sig.r,
      s: sig.s,
    } as unknown as SignedTransaction<U>;
  }
  return { ...unsigned, yParity: recovery, r: sig.r, s: sig.s } as unknown as SignedTransaction<U>;
}
