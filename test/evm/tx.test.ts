import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addressToHex, bytesToHex, equalBytes, hexToBytes } from '../../src/evm/bytes.js';
import { keccak256 } from '../../src/evm/crypto/keccak.js';
import {
  blobBaseFee,
  blobGasUsed,
  decodeTransaction,
  effectiveGasPrice,
  encodeTransaction,
  fakeExponential,
  intrinsicGas,
  privateKeyToAddress,
  recoverSender,
  SECP256K1_N,
  signingHash,
  signTransaction,
  type Transaction,
  TxError,
  type TxInvalidCode,
  type TxValidationContext,
  transactionHash,
  type UnsignedTransaction,
  upfrontCost,
  validateTransaction,
  validateTransactionStateless,
} from '../../src/evm/tx/index.js';

// ---------------------------------------------------------------------------------------------
// ethereum/tests TransactionTests

const ROOT = new URL('../../../shared/fixtures/ethereum-tests/TransactionTests/', import.meta.url);
/** TransactionTests are filled for chain id 1. */
const CHAIN_ID = 1n;
/** Newest first: Cancun when present, else the newest fork the case lists (ttWrongRLP stops at Shanghai). */
const FORKS = ['Cancun', 'Shanghai', 'Paris', 'London', 'Berlin', 'Istanbul'];

interface ForkResult {
  exception?: string;
  hash?: string;
  sender?: string;
  intrinsicGas: string;
}

interface Case {
  id: string;
  fork: string;
  txbytes: string;
  result: ForkResult;
}

function loadCases(): Case[] {
  const cases: Case[] = [];
  for (const dir of readdirSync(ROOT, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(new URL(`${dir.name}/`, ROOT)).sort()) {
      if (!file.endsWith('.json')) continue;
      const json = JSON.parse(readFileSync(new URL(`${dir.name}/${file}`, ROOT), 'utf8')) as Record<
        string,
        { txbytes: string; result: Record<string, ForkResult> }
      >;
      for (const [name, t] of Object.entries(json)) {
        const fork = FORKS.find((f) => t.result[f] !== undefined);
        if (fork === undefined) throw new Error(`${dir.name}/${name}: no post-Istanbul result`);
        cases.push({ id: `${dir.name}/${name}`, fork, txbytes: t.txbytes, result: t.result[fork] });
      }
    }
  }
  return cases.sort((a, b) => (a.id < b.id ? -1 : 1));
}

type Outcome =
  | { stage: 'decode'; error: TxError }
  | { stage: 'recover'; tx: Transaction; error: TxError }
  | { stage: 'stateless'; tx: Transaction; code: TxInvalidCode }
  | { stage: 'valid'; tx: Transaction; sender: bigint };

function run(raw: Uint8Array): Outcome {
  let tx: Transaction;
  try {
    tx = decodeTransaction(raw);
  } catch (e) {
    if (e instanceof TxError) return { stage: 'decode', error: e };
    throw e;
  }
  let sender: bigint;
  try {
    sender = recoverSender(tx);
  } catch (e) {
    if (e instanceof TxError) return { stage: 'recover', tx, error: e };
    throw e;
  }
  const invalid = validateTransactionStateless(tx, CHAIN_ID);
  if (invalid) return { stage: 'stateless', tx, code: invalid.code };
  return { stage: 'valid', tx, sender };
}

/** Where each expected exception must be caught; exceptions not listed here must fail decoding. */
const STATELESS_CODE: Record<string, TxInvalidCode> = {
  INTRINSIC_GAS_TOO_LOW: 'INTRINSIC_GAS_TOO_LOW',
  NONCE_TOO_BIG: 'NONCE_IS_MAX',
  GASLIMIT_PRICE_PRODUCT_OVERFLOW: 'GASLIMIT_PRICE_PRODUCT_OVERFLOW',
  PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2: 'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS',
  INITCODE_SIZE_EXCEEDED: 'INITCODE_SIZE_EXCEEDED',
  INVALID_CHAINID: 'INVALID_CHAINID',
};
/** Signature problems: caught by decoding (width, v shape) or by sender recovery. */
const SIGNATURE_EXCEPTIONS = new Set(['INVALID_SIGNATURE_VRS', 'EC_RECOVERY_FAIL', 'INVALID_CHAINID']);

/** Cases that cannot pass, with the reason. Each is run with it.fails so the list stays honest. */
const KNOWN_FAILURES: Record<string, string> = {};

function describeOutcome(o: Outcome): string {
  if (o.stage === 'decode' || o.stage === 'recover') return `${o.stage}: ${o.error.code} ${o.error.message}`;
  if (o.stage === 'stateless') return `stateless: ${o.code}`;
  return `valid, sender ${addressToHex(o.sender)}`;
}

function checkCase(c: Case): void {
  const raw = hexToBytes(c.txbytes);
  const outcome = run(raw);
  const expectedGas = BigInt(c.result.intrinsicGas);
  const what = `${c.id} [${c.fork}] → ${describeOutcome(outcome)}`;
  if (c.result.exception === undefined) {
    expect(outcome.stage, what).toBe('valid');
    if (outcome.stage !== 'valid') return;
    expect(addressToHex(outcome.sender), what).toBe(c.result.sender);
    expect(bytesToHex(transactionHash(outcome.tx)), what).toBe(c.result.hash);
    expect(bytesToHex(keccak256(raw)), what).toBe(c.result.hash);
    expect(intrinsicGas(outcome.tx), what).toBe(expectedGas);
    expect(equalBytes(encodeTransaction(outcome.tx), raw), `${what}: re-encoding differs`).toBe(true);
    return;
  }
  const exception = c.result.exception.replace(/^TransactionException\./, '');
  const stateless = STATELESS_CODE[exception];
  const rejectedBySignature =
    SIGNATURE_EXCEPTIONS.has(exception) && (outcome.stage === 'decode' || outcome.stage === 'recover');
  if (rejectedBySignature) {
    // A v that is not EIP-155 shaped, or an unusable r / s, is a signature problem; an r or s wider
    // than 32 bytes is a decoding one.
    const { code } = (outcome as { error: TxError }).error;
    if (exception === 'INVALID_CHAINID') expect(code, what).toBe('TDK_TX_SIGNATURE');
    else expect(['TDK_TX_SIGNATURE', 'TDK_TX_DECODE'], what).toContain(code);
  } else if (stateless !== undefined) {
    expect(outcome.stage, `${what} (expected ${exception})`).toBe('stateless');
    if (outcome.stage === 'stateless') expect(outcome.code, what).toBe(stateless);
  } else {
    expect(outcome.stage, `${what} (expected ${exception})`).toBe('decode');
    if (outcome.stage === 'decode') expect(outcome.error.code, what).toBe('TDK_TX_DECODE');
  }
  // The fixtures report the intrinsic gas of every transaction that decodes.
  if (expectedGas !== 0n && outcome.stage !== 'decode')
    expect(intrinsicGas(outcome.tx), what).toBe(expectedGas);
}

describe('ethereum/tests TransactionTests (Cancun)', () => {
  const cases = loadCases();

  it('loads every fixture', () => {
    expect(cases.length).toBe(210);
    expect(cases.filter((c) => c.fork === 'Cancun').length).toBe(149);
  });

  for (const c of cases) {
    const reason = KNOWN_FAILURES[c.id];
    if (reason !== undefined) it.fails(`${c.id} (known failure: ${reason})`, () => checkCase(c));
    else it(c.id, () => checkCase(c));
  }
});

// ---------------------------------------------------------------------------------------------
// Signing, encoding and recovery

const KEY = hexToBytes('0x4646464646464646464646464646464646464646464646464646464646464646');
const KEY_ADDRESS = 0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4fn;
const TO = 0x3535353535353535353535353535353535353535n;

type Unsigned<T extends Transaction['type']> = Extract<UnsignedTransaction, { type: T }>;

function unsignedOfEachType(): [
  Unsigned<0>,
  Unsigned<0>,
  Unsigned<0>,
  Unsigned<1>,
  Unsigned<2>,
  Unsigned<3>,
] {
  const data = hexToBytes('0x00a1b2c3');
  const accessList = [
    { address: 0x00000000000000000000000000000000000000aan, storageKeys: [0n, (1n << 256n) - 1n] },
    { address: TO, storageKeys: [] },
  ];
  return [
    { type: 0, chainId: null, nonce: 0n, gasPrice: 10n, gasLimit: 30000n, to: TO, value: 1n, data },
    {
      type: 0,
      chainId: 1n,
      nonce: 9n,
      gasPrice: 20n * 10n ** 9n,
      gasLimit: 21000n,
      to: null,
      value: 0n,
      data,
    },
    { type: 0, chainId: 1337n, nonce: 1n, gasPrice: 1n, gasLimit: 100000n, to: TO, value: 5n, data },
    { type: 1, chainId: 1n, nonce: 3n, gasPrice: 7n, gasLimit: 60000n, to: TO, value: 0n, data, accessList },
    {
      type: 2,
      chainId: 1n,
      nonce: (1n << 64n) - 2n,
      maxPriorityFeePerGas: 2n,
      maxFeePerGas: 100n,
      gasLimit: (1n << 64n) - 1n,
      to: null,
      value: (1n << 256n) - 1n,
      data: new Uint8Array(0),
      accessList,
    },
    {
      type: 3,
      chainId: 5n,
      nonce: 0n,
      maxPriorityFeePerGas: 0n,
      maxFeePerGas: 10n,
      gasLimit: 30000n,
      to: TO,
      value: 0n,
      data,
      accessList: [],
      maxFeePerBlobGas: 1n,
      blobVersionedHashes: [new Uint8Array(32).fill(1), Uint8Array.of(1, ...new Uint8Array(31).fill(2))],
    },
  ];
}

describe('sign → encode → decode → recover', () => {
  it('derives the address of a private key', () => {
    expect(privateKeyToAddress(KEY)).toBe(KEY_ADDRESS);
  });

  it.each(unsignedOfEachType().map((u, i) => [`type ${u.type} #${i}`, u] as const))('%s', (_, unsigned) => {
    const signed = signTransaction(unsigned, KEY);
    expect(signed.type).toBe(unsigned.type);
    expect(signed.s <= SECP256K1_N >> 1n).toBe(true);
    const raw = encodeTransaction(signed);
    if (unsigned.type === 0) expect(raw[0]).toBeGreaterThanOrEqual(0xc0);
    else expect(raw[0]).toBe(unsigned.type);
    const decoded = decodeTransaction(raw);
    expect(decoded).toEqual(signed);
    expect(recoverSender(decoded)).toBe(KEY_ADDRESS);
    expect(transactionHash(decoded)).toEqual(keccak256(raw));
    // Deterministic (RFC 6979): signing twice gives the same bytes.
    expect(encodeTransaction(signTransaction(unsigned, KEY))).toEqual(raw);
    // Any change to a signed field changes the recovered sender (or makes recovery fail).
    const tampered = { ...decoded, nonce: decoded.nonce ^ 1n } as Transaction;
    let other: bigint | undefined;
    try {
      other = recoverSender(tampered);
    } catch (e) {
      expect(e).toBeInstanceOf(TxError);
    }
    expect(other).not.toBe(KEY_ADDRESS);
  });

  it('matches the EIP-155 example', () => {
    const unsigned: UnsignedTransaction = {
      type: 0,
      chainId: 1n,
      nonce: 9n,
      gasPrice: 20n * 10n ** 9n,
      gasLimit: 21000n,
      to: TO,
      value: 10n ** 18n,
      data: new Uint8Array(0),
    };
    expect(bytesToHex(signingHash(unsigned))).toBe(
      '0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53',
    );
    const signed = signTransaction(unsigned, KEY);
    expect(signed.v).toBe(37n);
    expect(signed.r).toBe(18515461264373351373200002665853028612451056578545711640558177340181847433846n);
    expect(signed.s).toBe(46948507304638947509940763649030358759909902576025900602547168820602576006531n);
    expect(bytesToHex(encodeTransaction(signed))).toBe(
      '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83',
    );
  });

  it('rejects bad signatures in recoverSender', () => {
    const signed = signTransaction(unsignedOfEachType()[3], KEY) as Extract<Transaction, { type: 1 }>;
    const bad = (patch: Partial<Extract<Transaction, { type: 1 }>>) => () =>
      recoverSender({ ...signed, ...patch });
    expect(bad({ r: 0n })).toThrow(/r must be/);
    expect(bad({ r: SECP256K1_N })).toThrow(/r must be/);
    expect(bad({ s: 0n })).toThrow(/s must be/);
    expect(bad({ s: SECP256K1_N - signed.s })).toThrow(/EIP-2/);
    expect(bad({ yParity: 2n })).toThrow(/yParity/);
    const legacy = signTransaction(unsignedOfEachType()[2], KEY) as Extract<Transaction, { type: 0 }>;
    expect(() => recoverSender({ ...legacy, v: 27n })).toThrow(/does not match chainId/);
    expect(() => recoverSender({ ...legacy, chainId: null })).toThrow(/27 or 28/);
    for (const f of [bad({ r: 0n }), bad({ yParity: 2n })]) {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(TxError);
        expect((e as TxError).code).toBe('TDK_TX_SIGNATURE');
      }
    }
  });

  it('rejects bad private keys and unencodable fields', () => {
    const u = unsignedOfEachType()[0];
    expect(() => signTransaction(u, new Uint8Array(32))).toThrow(TxError);
    expect(() => signTransaction(u, new Uint8Array(31).fill(1))).toThrow(TxError);
    expect(() => signTransaction({ ...u, nonce: 1n << 64n }, KEY)).toThrow(/nonce/);
    expect(() => signTransaction({ ...u, value: -1n }, KEY)).toThrow(/value/);
    expect(() => signTransaction({ ...u, to: 1n << 160n }, KEY)).toThrow(/to/);
    const signed = signTransaction(u, KEY);
    expect(() => encodeTransaction({ ...signed, v: 37n })).toThrow(/does not match chainId/);
  });
});

// ---------------------------------------------------------------------------------------------
// Strict decoding

describe('decodeTransaction strictness', () => {
  const typed = unsignedOfEachType().map((u) => encodeTransaction(signTransaction(u, KEY)));

  function decodeError(raw: Uint8Array): TxError {
    try {
      decodeTransaction(raw);
    } catch (e) {
      expect(e).toBeInstanceOf(TxError);
      return e as TxError;
    }
    throw new Error('decoded');
  }

  it('rejects unknown envelopes, empty input and trailing bytes', () => {
    expect(decodeError(new Uint8Array(0)).message).toMatch(/empty/);
    expect(decodeError(Uint8Array.of(0x04, 0xc0)).message).toMatch(/type 0x04 is not supported/);
    expect(decodeError(Uint8Array.of(0x00, 0xc0)).message).toMatch(/type 0x00/);
    expect(decodeError(Uint8Array.of(0x83, 1, 2, 3)).message).toMatch(/must be an RLP list/);
    for (const raw of typed) {
      const err = decodeError(Uint8Array.of(...raw, 0));
      expect(err.code).toBe('TDK_TX_DECODE');
      expect(err.message).toMatch(/trailing/);
    }
  });

  it('rejects wrong field counts for every type', () => {
    expect(decodeError(hexToBytes('0x01c0')).message).toMatch(/11 fields, got 0/);
    expect(decodeError(hexToBytes('0x02c180')).message).toMatch(/12 fields, got 1/);
    expect(decodeError(hexToBytes('0x03c0')).message).toMatch(/14 fields/);
    expect(decodeError(hexToBytes('0xc9808080808080808080')).message).toMatch(/legacy v/);
    expect(decodeError(hexToBytes('0xc88080808080808080')).message).toMatch(/9 fields, got 8/);
  });

  it('rejects a leading zero, over-wide integers and badly sized addresses, keys and hashes', () => {
    const base = signTransaction(unsignedOfEachType()[5], KEY) as Extract<Transaction, { type: 3 }>;
    // Hex-level RLP so that fields can be written non-canonically on purpose.
    const len = (n: number) => n.toString(16).padStart(2, '0');
    const list = (...items: string[]) => {
      const payload = items.join('');
      const n = payload.length / 2;
      return n < 56 ? `${len(0xc0 + n)}${payload}` : `f8${len(n)}${payload}`;
    };
    const str = (hex: string) => `${len(0x80 + hex.length / 2)}${hex}`;
    const addr = str('01'.repeat(20));
    const reencode = (mutate: (fields: string[]) => void) => {
      const fields = [
        '05',
        '80',
        '80',
        '0a',
        '827530',
        str(TO.toString(16)),
        '80',
        '80',
        'c0',
        '01',
        list(str('01'.repeat(32))),
        '80',
        str(base.r.toString(16).padStart(64, '0')),
        str(base.s.toString(16).padStart(64, '0')),
      ];
      mutate(fields);
      return hexToBytes(`03${list(...fields)}`);
    };
    expect(() => decodeTransaction(reencode(() => {}))).not.toThrow();
    expect(decodeError(reencode((f) => (f[1] = '820001'))).message).toMatch(/nonce has leading zero/);
    expect(decodeError(reencode((f) => (f[1] = '00'))).message).toMatch(/nonce has leading zero/);
    expect(decodeError(reencode((f) => (f[1] = `89${'01'.repeat(9)}`))).message).toMatch(/nonce is 9 bytes/);
    expect(decodeError(reencode((f) => (f[4] = `89${'01'.repeat(9)}`))).message).toMatch(
      /gasLimit is 9 bytes/,
    );
    expect(decodeError(reencode((f) => (f[6] = `a1${'01'.repeat(33)}`))).message).toMatch(
      /value is 33 bytes/,
    );
    expect(decodeError(reencode((f) => (f[5] = `93${'01'.repeat(19)}`))).message).toMatch(
      /to must be 20 bytes/,
    );
    expect(decodeError(reencode((f) => (f[5] = 'c0'))).message).toMatch(/to must be a byte string/);
    expect(decodeError(reencode((f) => (f[8] = list(list(addr))))).message).toMatch(
      /accessList\[0\] must be \[address, storageKeys\]/,
    );
    expect(decodeError(reencode((f) => (f[8] = list(list(str('01'.repeat(21)), 'c0'))))).message).toMatch(
      /address must be exactly 20 bytes, got 21/,
    );
    expect(
      decodeError(reencode((f) => (f[8] = list(list(addr, list(str('01'.repeat(33)))))))).message,
    ).toMatch(/storageKeys\[0\] must be exactly 32 bytes, got 33/);
    expect(decodeError(reencode((f) => (f[10] = list(str('01'.repeat(31)))))).message).toMatch(
      /blobVersionedHashes\[0\] must be exactly 32/,
    );
    expect(decodeError(reencode((f) => (f[11] = '02'))).code).toBe('TDK_TX_SIGNATURE');
    expect(decodeError(reencode((f) => (f[7] = 'c0'))).message).toMatch(/data must be a byte string/);
    // A blob transaction without a recipient decodes; validation reports it.
    const create = decodeTransaction(reencode((f) => (f[5] = '80')));
    expect(create.to).toBeNull();
  });

  it('wraps RLP errors', () => {
    const err = decodeError(hexToBytes('0xf86103'));
    expect(err.code).toBe('TDK_TX_DECODE');
    expect(err.message).toMatch(/invalid RLP/);
  });
});

// ---------------------------------------------------------------------------------------------
// Intrinsic gas, fees and validation

describe('intrinsic gas and fees', () => {
  it('charges calldata, creation, initcode words and access lists', () => {
    const [legacy, create, , accessListTx] = unsignedOfEachType();
    // 0x00a1b2c3: one zero, three non-zero bytes.
    expect(intrinsicGas(legacy)).toBe(21000n + 4n + 48n);
    expect(intrinsicGas(create)).toBe(53000n + 4n + 48n + 2n);
    expect(intrinsicGas({ ...create, data: new Uint8Array(33) })).toBe(53000n + 33n * 4n + 2n * 2n);
    expect(intrinsicGas(accessListTx)).toBe(21000n + 52n + 2n * 2400n + 2n * 1900n);
  });

  it('computes effective gas price, blob gas and upfront cost', () => {
    const [legacy, , , , feeMarket, blob] = unsignedOfEachType();
    expect(effectiveGasPrice(legacy, 1000n)).toBe(10n);
    expect(effectiveGasPrice(feeMarket, 7n)).toBe(9n);
    expect(effectiveGasPrice(feeMarket, 99n)).toBe(100n);
    expect(blobGasUsed(blob)).toBe(2n * 131072n);
    expect(blobGasUsed(legacy)).toBe(0n);
    expect(upfrontCost(legacy)).toBe(30000n * 10n + 1n);
    expect(upfrontCost(blob)).toBe(30000n * 10n + 2n * 131072n * 1n);
  });

  it('computes the blob base fee with fake_exponential', () => {
    expect(blobBaseFee(0n)).toBe(1n);
    expect(blobBaseFee(3338477n)).toBe(2n); // floor(e)
    expect(fakeExponential(1n, 0n, 1n)).toBe(1n);
    // Python reference: fake_exponential(1, 10_000_000, 3338477) == 19, (1, 100_000_000, 3338477) == 10203769476395
    expect(blobBaseFee(10_000_000n)).toBe(19n);
    expect(blobBaseFee(100_000_000n)).toBe(10203769476395n);
  });
});

describe('validateTransaction', () => {
  const ctx: TxValidationContext = {
    senderNonce: 0n,
    senderBalance: 10n ** 18n,
    senderHasCode: false,
    baseFee: 7n,
    blockGasLimit: 30_000_000n,
    blobBaseFee: 1n,
    chainId: 1n,
  };
  const [legacy, legacy155, , , , blob] = unsignedOfEachType();
  const feeMarket: UnsignedTransaction = {
    type: 2,
    chainId: 1n,
    nonce: 0n,
    maxPriorityFeePerGas: 1n,
    maxFeePerGas: 10n,
    gasLimit: 50_000n,
    to: TO,
    value: 1n,
    data: new Uint8Array(0),
    accessList: [],
  };
  const blob1: UnsignedTransaction = { ...blob, chainId: 1n } as UnsignedTransaction;

  const cases: [TxInvalidCode, UnsignedTransaction, Partial<TxValidationContext>?][] = [
    ['INVALID_CHAINID', { ...feeMarket, chainId: 3n }],
    ['INVALID_CHAINID', { ...legacy155, nonce: 0n, chainId: 2n }],
    ['INTRINSIC_GAS_TOO_LOW', { ...feeMarket, gasLimit: 20_999n }],
    ['NONCE_IS_MAX', { ...feeMarket, nonce: (1n << 64n) - 1n }, { senderNonce: (1n << 64n) - 1n }],
    [
      'INITCODE_SIZE_EXCEEDED',
      { ...feeMarket, to: null, data: new Uint8Array(49153), gasLimit: 10_000_000n },
    ],
    ['PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS', { ...feeMarket, maxPriorityFeePerGas: 11n }],
    ['GASLIMIT_PRICE_PRODUCT_OVERFLOW', { ...feeMarket, maxFeePerGas: 1n << 250n, maxPriorityFeePerGas: 0n }],
    ['TYPE_3_TX_CONTRACT_CREATION', { ...blob1, to: null } as UnsignedTransaction],
    ['TYPE_3_TX_ZERO_BLOBS', { ...blob1, blobVersionedHashes: [] } as UnsignedTransaction],
    [
      'TYPE_3_TX_BLOB_COUNT_EXCEEDED',
      {
        ...blob1,
        blobVersionedHashes: Array.from({ length: 7 }, () => new Uint8Array(32).fill(1)),
      } as UnsignedTransaction,
    ],
    [
      'TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH',
      {
        ...blob1,
        blobVersionedHashes: [new Uint8Array(32).fill(1), new Uint8Array(32)],
      } as UnsignedTransaction,
    ],
    ['GAS_ALLOWANCE_EXCEEDED', feeMarket, { blockGasLimit: 49_999n }],
    ['INSUFFICIENT_MAX_FEE_PER_GAS', feeMarket, { baseFee: 11n }],
    ['INSUFFICIENT_MAX_FEE_PER_GAS', { ...legacy, gasPrice: 6n }],
    ['INSUFFICIENT_MAX_FEE_PER_BLOB_GAS', blob1, { blobBaseFee: 2n }],
    ['SENDER_NOT_EOA', feeMarket, { senderHasCode: true }],
    ['NONCE_MISMATCH_TOO_LOW', feeMarket, { senderNonce: 1n }],
    ['NONCE_MISMATCH_TOO_HIGH', { ...feeMarket, nonce: 2n }],
    ['INSUFFICIENT_ACCOUNT_FUNDS', feeMarket, { senderBalance: 50_000n * 10n }],
    ['INSUFFICIENT_ACCOUNT_FUNDS', blob1, { senderBalance: 30000n * 10n + 2n * 131072n - 1n }],
  ];

  it('accepts valid transactions of every type', () => {
    expect(validateTransaction(feeMarket, ctx)).toBeNull();
    expect(validateTransaction(legacy, ctx)).toBeNull(); // pre-EIP-155: any chain
    expect(validateTransaction(blob1, ctx)).toBeNull();
    expect(validateTransaction(feeMarket, { ...ctx, senderBalance: 50_000n * 10n + 1n })).toBeNull();
    expect(validateTransaction(blob1, { ...ctx, senderBalance: 30000n * 10n + 2n * 131072n })).toBeNull();
    expect(validateTransaction(feeMarket, { ...ctx, blockGasLimit: 50_000n, baseFee: 10n })).toBeNull();
  });

  it.each(cases.map(([code, tx, over], i) => [`${code} #${i}`, code, tx, over] as const))(
    '%s',
    (_, code, tx, over) => {
      const result = validateTransaction(tx, { ...ctx, ...over });
      expect(result?.code).toBe(code);
      expect(result?.message.length).toBeGreaterThan(10);
    },
  );

  it('runs the stateless checks alone', () => {
    expect(validateTransactionStateless(feeMarket, 1n)).toBeNull();
    expect(validateTransactionStateless({ ...feeMarket, gasLimit: 1n }, 1n)?.code).toBe(
      'INTRINSIC_GAS_TOO_LOW',
    );
  });
});
