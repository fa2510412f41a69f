// Acceptance 1 of the storage-layout issue: the corpus (test/layout/corpus, built by tdk's own
// pipeline) deployed on the devnet, values set through transactions, storage decoded through
// eth_getStorageAt in JSON-RPC batches, and every decoded value compared with the contract's answer.
import { fileURLToPath } from 'node:url';
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  encodeFunctionData,
  type Hex,
  type PublicClient,
  pad,
  toBytes,
  type WalletClient,
} from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../src/chain/devnet.js';
import { type DecodeOptions, decodeStorage, type MappingKeySource } from '../../src/layout/decode.js';
import { layoutFromArtifact } from '../../src/layout/model.js';
import type { ContractLayout, DecodedVariable, StorageReader } from '../../src/layout/types.js';
import { type Artifact, loadArtifact, loadBuildInfo } from '../../src/solidity/artifacts.js';
import { build } from '../../src/solidity/build.js';
import { answer, answerLength, leaves, normalise, type Target } from './corpus-check.js';

const CORPUS = fileURLToPath(new URL('./corpus', import.meta.url));
const A = '0x00000000000000000000000000000000000000a1';
const B = '0xb0b0000000000000000000000000000000000b0b';
const C = '0xc0ffee254729296a45a3885639ac7e10f9d54979';
const LONG = 'a string long enough to need its own data slots, well past thirty-one bytes of text';
const S31 = 'x'.repeat(31);
const S32 = 'y'.repeat(32);
const H1 = `0x${'11'.repeat(32)}` as Hex;
const H2 = `0x${'fe'.repeat(31)}01` as Hex;

let devnet: Devnet;
let wallet: WalletClient;
let client: PublicClient;
let me: Address;

/** eth_getStorageAt for every slot in one JSON-RPC batch, counted. */
function batchReader(): StorageReader & { batches: number; slots: number } {
  const session = { transport: 'inproc' as const, onClose: () => {} };
  const r = {
    batches: 0,
    slots: 0,
    async read(address: bigint, slots: readonly bigint[]): Promise<bigint[]> {
      r.batches++;
      r.slots += slots.length;
      const addr = `0x${address.toString(16).padStart(40, '0')}`;
      const body = slots.map((s, id) => ({
        jsonrpc: '2.0',
        id,
        method: 'eth_getStorageAt',
        params: [addr, `0x${s.toString(16)}`, 'latest'],
      }));
      const answers = JSON.parse((await devnet.rpc.handleText(JSON.stringify(body), session))!) as {
        id: number;
        result: Hex;
      }[];
      return answers.sort((x, y) => x.id - y.id).map((a) => BigInt(a.result));
    },
  };
  return r;
}

interface Deployed extends Target {
  artifact: Artifact;
  send(fn: string, args?: readonly unknown[]): Promise<void>;
}

async function deploy(name: string, args: readonly unknown[] = []): Promise<Deployed> {
  const artifact = loadArtifact(CORPUS, name);
  const abi = artifact.abi as Abi;
  const hash = await wallet.deployContract({
    abi,
    bytecode: artifact.bytecode.object as Hex,
    args,
    account: me,
    chain: foundry,
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  return at(artifact, receipt.contractAddress!);
}

function at(artifact: Artifact, address: Address, aliases?: Record<string, string>): Deployed {
  const abi = artifact.abi as Abi;
  return {
    artifact,
    address,
    abi,
    aliases,
    async send(fn, args = []) {
      const hash = await wallet.writeContract({
        address,
        abi,
        functionName: fn,
        args,
        account: me,
        chain: foundry,
      });
      const receipt = await client.waitForTransactionReceipt({ hash });
      expect(receipt.status).toBe('success');
    },
  };
}

function layoutOf(artifact: Artifact): ContractLayout {
  return layoutFromArtifact(artifact, loadBuildInfo(CORPUS, artifact.buildInfo));
}

/**
 * Decodes the contract (with the layout of `layoutFrom`, e.g. an implementation behind a proxy) and
 * checks every leaf and dynamic length against the contract; returns the decoded variables.
 */
async function check(t: Deployed, options: DecodeOptions = {}, layoutFrom = t.artifact) {
  const layout = layoutOf(layoutFrom);
  const reader = batchReader();
  const decoded = await decodeStorage(layout, BigInt(t.address), reader, options);
  const { values, arrays } = leaves(decoded);
  for (const v of values) {
    const expected = await answer(client, t, v.path).catch((e: Error) => e);
    if (expected instanceof Error) throw new Error(`${v.path}: ${expected.message}`);
    expect(normalise(v.value), v.path).toBe(normalise(expected, v.type));
  }
  for (const a of arrays) {
    const length = a.value.kind === 'array' ? a.value.length : -1n;
    expect(await answerLength(client, t, a.path, length), `${a.path}.length`).toBe(length);
  }
  return { decoded, layout, reader, checked: values.length + arrays.length };
}

const byPath = (vars: readonly DecodedVariable[], path: string): DecodedVariable | undefined => {
  for (const v of vars) {
    if (v.path === path) return v;
    const x = v.value;
    const inner =
      x.kind === 'struct'
        ? x.members
        : x.kind === 'array'
          ? x.elements
          : x.kind === 'mapping'
            ? x.entries.map((e) => e.value)
            : [];
    const hit = byPath(inner, path);
    if (hit) return hit;
  }
  return undefined;
};

beforeAll(async () => {
  const built = await build({ root: CORPUS });
  expect(built.errors).toEqual([]);
  devnet = await startDevnet();
  // No retries: the length checks expect reverts, which viem would otherwise retry with back-off.
  const transport = custom(devnet.provider, { retryCount: 0 });
  client = createPublicClient({ chain: foundry, transport });
  wallet = createWalletClient({ chain: foundry, transport });
  [me] = (await wallet.getAddresses()) as [Address];
});

afterAll(async () => {
  await devnet?.close();
});

describe('value types', () => {
  it('packs unsigned integers of every width', async () => {
    const c = await deploy('PackedUints');
    await c.send('set', [0xab, 0xbeef, 0xc0ffee, 0xdeadbeef, 2n ** 48n - 1n, 2n ** 63n + 5n]);
    await c.send('setWide', [2n ** 95n + 1n, 2n ** 128n - 1n, BigInt(C), 2n ** 199n + 7n, 2n ** 256n - 2n]);
    const { checked, layout } = await check(c);
    expect(checked).toBe(11);
    expect(new Set(layout.storage.map((v) => v.slot)).size).toBeLessThan(11);
  });

  it('sign-extends signed integers', async () => {
    const c = await deploy('SignedInts');
    await c.send('set', [-128, -2, -8388608, 2147483647]);
    await c.send('setWide', [-(2n ** 63n), -1n, -(2n ** 255n), 127]);
    expect((await check(c)).checked).toBe(8);
  });

  it('reads bools and addresses packed together', async () => {
    const c = await deploy('BoolsAndAddresses');
    await c.send('set', [true, A, true, C, 200, true]);
    expect((await check(c)).checked).toBe(6);
  });

  it('reads bytes1..bytes32', async () => {
    const c = await deploy('FixedBytes');
    await c.send('set', ['0x7f', '0xa1b2', '0x010203', '0xdeadbeef', '0x0102030405060708']);
    await c.send('setWide', [`0x${'ab'.repeat(16)}`, C, `0x${'cd'.repeat(31)}`, H2]);
    expect((await check(c)).checked).toBe(9);
  });

  it('names enum members, including an enum from another file', async () => {
    const c = await deploy('Enums');
    await c.send('set', [9, 3, 2, 0xffff]);
    const { decoded, checked } = await check(c);
    expect(checked).toBe(4);
    expect(byPath(decoded, 'phase')?.value).toEqual({ kind: 'enum', value: 3n, member: 'Done' });
    expect(byPath(decoded, 'color')?.value).toEqual({ kind: 'enum', value: 2n, member: 'Blue' });
  });

  it('reads user-defined value types as their underlying types', async () => {
    const c = await deploy('Udvts');
    await c.send('set', [2n ** 127n, -42n, true, B, '0xcafebabe']);
    const { decoded, checked } = await check(c);
    expect(checked).toBe(5);
    expect(byPath(decoded, 'delta')?.value).toEqual({ kind: 'value', value: -42n });
  });

  it('reads contract-typed variables as addresses', async () => {
    const counter = await deploy('Counter');
    await counter.send('bump');
    const c = await deploy('ContractRefs');
    await c.send('set', [counter.address, counter.address, 7]);
    expect((await check(c)).checked).toBe(3);
    expect((await check(counter)).checked).toBe(1);
  });

  it('leaves constants, immutables and transient variables out of storage', async () => {
    const c = await deploy('ConstantsAndImmutables');
    await c.send('set', [123456789n]);
    const { layout, checked } = await check(c);
    expect(layout.storage.map((v) => v.label)).toEqual(['stored']);
    expect(checked).toBe(1);
    const t = await deploy('TransientIgnored');
    await t.send('set', [20n]);
    const r = await check(t);
    expect(r.layout.storage.map((v) => v.label)).toEqual(['persisted']);
    expect(r.checked).toBe(1);
  });

  it('reads external function pointers', async () => {
    const c = await deploy('FunctionTypes');
    await c.send('set', [77n]);
    const { decoded, checked } = await check(c);
    expect(checked).toBe(2);
    const pointer = byPath(decoded, 'callback')!.value;
    expect(pointer.kind === 'value' && String(pointer.value).startsWith(c.address.toLowerCase())).toBe(true);
  });

  it('follows `layout at` base slots', async () => {
    const c = await deploy('LayoutAt');
    await c.send('set', [1n, 2n ** 128n - 1n, LONG]);
    const { layout, checked } = await check(c);
    expect(layout.storage[0]!.slot).toBe(0x1000n);
    expect(checked).toBe(3);
  });
});

describe('structs', () => {
  it('packs struct members between other variables', async () => {
    const c = await deploy('SimpleStruct');
    await c.send('set', [3, { a: 1, b: 65535, c: A, d: true, e: 2n ** 200n, f: -7 }, 4]);
    expect((await check(c)).checked).toBe(8);
  });

  it('nests structs', async () => {
    const c = await deploy('NestedStruct');
    const inner = (x: bigint) => ({ x, y: -x, c: Number(x % 3n) });
    await c.send('set', [{ i: inner(5n), z: 250, j: inner(2n ** 62n), h: H1 }]);
    expect((await check(c)).checked).toBe(8);
  });

  it('reads arrays, strings and bytes inside a struct', async () => {
    const c = await deploy('StructWithArrays');
    await c.send('set', [[1n, 2n, 3n], [9, 8, 7, 6], LONG, '0x00ff00', 513]);
    expect((await check(c)).checked).toBe(3 + 1 + 4 + 3);
  });

  it('reads mappings inside structs, and structs in mappings', async () => {
    const c = await deploy('StructWithMappings');
    await c.send('set', [10n ** 30n, 12n, B, 500n, 3n, C]);
    const { checked } = await check(c, {
      keys: {
        'acct.allowance': [B],
        'acct.flags': [3n, 4n],
        accounts: [C],
        'accounts[].allowance': [B],
        'accounts[].flags': [4n],
      },
    });
    expect(checked).toBe(3 + 1 + 2 + 3 + 1 + 1);
  });

  it('reads deep nesting: fixed and dynamic arrays of structs inside structs', async () => {
    const c = await deploy('DeepStruct');
    await c.send('set', ['0x01020304', 40, 'tree']);
    const { checked } = await check(c);
    expect(checked).toBe(2 * 2 + 2 + 1 + 2 * 2 + 2 * 2 + 1 + 1 + 2);
  });
});

describe('arrays', () => {
  it('packs small elements of fixed arrays', async () => {
    const c = await deploy('FixedPacked');
    const a16 = Array.from({ length: 20 }, (_, i) => 1000 + i);
    await c.send('set', [[1, 2, 3, 4, 5], a16, [true, false, true], [A, B, C]]);
    const b3 = Array.from({ length: 12 }, (_, i) => `0x${(i + 1).toString(16).padStart(2, '0').repeat(3)}`);
    await c.send('setMore', [[1n, 2n ** 128n - 1n, 3n], b3, 99]);
    const { layout, checked } = await check(c);
    expect(checked).toBe(5 + 20 + 3 + 3 + 3 + 12 + 1);
    // uint8[5] in one slot, uint16[20] in two, bytes3[12] ten to a slot.
    expect(layout.storage.map((v) => v.slot)).toEqual([0n, 1n, 3n, 4n, 7n, 9n, 11n]);
  });

  it('reads fixed arrays of structs and multi-dimensional fixed arrays', async () => {
    const c = await deploy('FixedStructs');
    await c.send('set', [
      [
        { a: 1n, b: 2n },
        { a: 3n, b: 4n },
        { a: 2n ** 128n - 1n, b: 2n ** 64n - 1n },
      ],
      [
        [1n, 2n],
        [3n, 4n],
        [5n, 6n],
      ],
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
    expect((await check(c)).checked).toBe(6 + 6 + 6);
  });

  it('reads dynamic arrays of small and word-sized elements', async () => {
    const c = await deploy('DynamicArrays');
    const a8 = Array.from({ length: 40 }, (_, i) => (i * 7) % 256);
    await c.send('set', [a8, [2n ** 255n, 0n, 1n], [A, B], [true, true, false], [-1, 32767, -32768]]);
    const { checked, reader } = await check(c);
    expect(checked).toBe(40 + 3 + 2 + 3 + 3 + 5);
    // Lengths first, then every element slot at once.
    expect(reader.batches).toBe(2);
  });

  it('truncates long arrays and takes mapping keys from a key source', async () => {
    const c = await deploy('DynamicArrays');
    await c.send('set', [Array.from({ length: 40 }, (_, i) => i), [], [], [], []]);
    const decoded = await decodeStorage(layoutOf(c.artifact), BigInt(c.address), batchReader(), {
      maxArrayElements: 10,
    });
    const a8 = byPath(decoded, 'a8')!.value;
    expect(a8.kind === 'array' && [a8.length, a8.elements.length, a8.truncated]).toEqual([40n, 10, true]);
    const m = await deploy('NestedMappings');
    await m.send('approve', [A, B, 10n]);
    const asked: string[] = [];
    const recording: MappingKeySource = {
      async keysFor(path, _slot, keyType) {
        asked.push(`${path}:${keyType.label}`);
        if (!path.startsWith('allowance')) return [];
        return [toBytes(pad(path === 'allowance' ? A : B))];
      },
    };
    const result = await decodeStorage(layoutOf(m.artifact), BigInt(m.address), batchReader(), { recording });
    expect(asked).toEqual(['allowance:address', 'deep:uint256', `allowance[${A}]:address`]);
    const entry = byPath(result, `allowance[${A}][${B}]`)!.value;
    expect(entry).toEqual({ kind: 'value', value: 10n });
    const outer = byPath(result, 'allowance')!.value;
    expect(outer.kind === 'mapping' && outer.keysFrom).toBe('recorded');
  });

  it('reads dynamic arrays of structs holding strings and arrays', async () => {
    const c = await deploy('DynamicStructArrays');
    await c.send('push', [1, 'one', A, [1, 2]]);
    await c.send('push', [2, LONG, B, []]);
    await c.send('push', [3, '', C, Array.from({ length: 33 }, (_, i) => i)]);
    expect((await check(c)).checked).toBe(3 * 3 + (2 + 0 + 33) + 1 + 3);
  });

  it('reads arrays of strings and bytes, short and long', async () => {
    const c = await deploy('StringArrays');
    await c.send('set', [
      ['a', S31, S32, LONG],
      ['0x', '0x00', `0x${'ee'.repeat(40)}`],
      ['left', LONG],
    ]);
    expect((await check(c)).checked).toBe(4 + 3 + 2 + 2);
  });

  it('reads nested dynamic arrays', async () => {
    const c = await deploy('NestedDynamic');
    await c.send('set', [
      [[1n], [], [2n, 3n, 4n]],
      [[1, 2], [], Array.from({ length: 35 }, (_, i) => 200 + i)],
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    // grid: 4 values + 4 lengths (outer and three inner); fixedOfDyn: 37 + 3 lengths; dynOfFixed: 4 + 1.
    expect((await check(c)).checked).toBe(4 + 4 + 37 + 3 + 4 + 1);
  });
});

describe('bytes and strings', () => {
  it('reads empty, short, 31-, 32-byte and long forms', async () => {
    const c = await deploy('ShortAndLong');
    await c.send('setStrings', ['hi', S31, S32, LONG]);
    await c.send('setBytes', [`0x${'31'.repeat(31)}`, `0x${'32'.repeat(32)}`, `0x${'ab'.repeat(100)}`]);
    await c.send('setOther', ['0xff00fe', 'héllo wörld ✓']);
    const { decoded, checked } = await check(c);
    expect(checked).toBe(10);
    expect(byPath(decoded, 's31')?.value).toMatchObject({ length: 31, utf8: S31 });
    expect(byPath(decoded, 's32')?.value).toMatchObject({ length: 32, utf8: S32 });
    expect(byPath(decoded, 'binary')?.value).toEqual({ kind: 'bytes', hex: '0xff00fe', length: 3 });
  });

  it('ignores stale data slots once a long string became short', async () => {
    const c = await deploy('StringsBetweenPacked');
    await c.send('set', [1, LONG, 2, '0x0102', true]);
    await c.send('shrink');
    const { decoded, checked } = await check(c);
    expect(checked).toBe(5);
    expect(byPath(decoded, 'name')?.value).toMatchObject({ utf8: 'tiny', length: 4 });
  });
});

describe('mappings', () => {
  it('hashes every key kind', async () => {
    const c = await deploy('MappingKeys');
    await c.send('set', [B, 2n ** 200n, 255, -300, H1, '0xdeadbeef', 1000n]);
    await c.send('setDynamic', ['a key with ] and " inside', '0x00ff', 2, true, 5n, 7n]);
    const { decoded, checked } = await check(c, {
      keys: {
        byAddress: [B, A],
        byUint: [2n ** 200n],
        byUint8: [255],
        byInt: [-300n],
        byBytes32: [H1],
        byBytes4: ['0xdeadbeef'],
        byString: ['a key with ] and " inside', ''],
        byBytes: ['0x00ff'],
        byEnum: [2n, 0n],
        byBool: [true, false],
        byUdvt: [5n],
      },
    });
    expect(checked).toBe(15);
    const byString = byPath(decoded, 'byString')!.value;
    expect(byString.kind === 'mapping' && byString.keysFrom).toBe('given');
  });

  it('nests mappings', async () => {
    const c = await deploy('NestedMappings');
    await c.send('approve', [A, B, 10n]);
    await c.send('approve', [A, C, 20n]);
    await c.send('approve', [B, C, 30n]);
    await c.send('setDeep', [7n, 'seven', true, H1]);
    await c.send('setDeep', [7n, 'seven', false, H2]);
    const { checked, reader } = await check(c, {
      keys: {
        allowance: [A, B],
        'allowance[]': [B, C],
        deep: [7n],
        'deep[]': ['seven'],
        'deep[][]': [true, false],
      },
    });
    expect(checked).toBe(4 + 2);
    // Mapping entries need no read until their values: one batch for all of them.
    expect(reader.batches).toBe(1);
  });

  it('maps to structs, arrays and strings', async () => {
    const s = await deploy('MappingToStruct');
    await s.send('set', [1n, 64n, LONG, [5n, 6n], true]);
    await s.send('set', [2n, 0n, 'b', [], false]);
    expect((await check(s, { keys: { records: [1n, 2n, 3n] } })).checked).toBe(3 * 3 + 2 + 3);
    const a = await deploy('MappingToArray');
    await a.send('set', [A, [1n, 2n, 3n], 9n, [A, B, C]]);
    await a.send('setMore', [H1, LONG, 65535, [1, 2, 3, 4]]);
    const keys = { lists: [A], triples: [9n], names: [H1], smalls: [65535] };
    expect((await check(a, { keys })).checked).toBe(3 + 1 + 3 + 1 + 4 + 1);
  });
});

describe('inheritance', () => {
  it('lays out multiple bases in C3 order', async () => {
    const c = await deploy('MultipleBases');
    await c.send('setA', [5n, 6n]);
    await c.send('setB', [A, LONG]);
    await c.send('setOwn', [7]);
    const { layout, checked } = await check(c);
    expect(layout.storage.map((v) => v.label)).toEqual(['a1', 'a2', 'b1', 'b2', 'own']);
    expect(layout.storage.map((v) => v.contract)).toEqual([
      'src/Inheritance.sol:BaseA',
      'src/Inheritance.sol:BaseA',
      'src/Inheritance.sol:BaseB',
      'src/Inheritance.sol:BaseB',
      'src/Inheritance.sol:MultipleBases',
    ]);
    expect(checked).toBe(5);
  });

  it('lays out a diamond once per base', async () => {
    const c = await deploy('Diamond');
    await c.send('setRoot', [1n]);
    await c.send('setLeft', [2]);
    await c.send('setRight', [`0x${'ab'.repeat(16)}`]);
    await c.send('setTip', [true]);
    const { layout, checked } = await check(c);
    expect(layout.storage.map((v) => v.label)).toEqual(['root', 'left', 'right', 'tip']);
    expect(checked).toBe(4);
  });
});

const OZ_ALIASES = {
  '$InitializableStorage._initialized': 'initializedVersion',
  '$InitializableStorage._initializing': 'initializing',
  '$OwnableStorage._owner': 'owner',
};

describe('ERC-7201 namespaces', () => {
  it('decodes OpenZeppelin upgradeable ERC20 + Ownable + Pausable and a namespace of its own', async () => {
    const c = await deploy('UpgradeableToken');
    await c.send('initialize', ['Corpus Token', 'CRP', me]);
    await c.send('mint', [A, 1000n]);
    await c.send('mint', [B, 2n ** 100n]);
    await c.send('setExtra', [2n ** 64n - 1n, LONG, C, 42n]);
    await c.send('pause');
    const t = at(c.artifact, c.address, {
      ...OZ_ALIASES,
      '$ERC20Storage._balances[]': 'balanceOf',
      '$ERC20Storage._allowances[][]': 'allowance',
      '$ERC20Storage._totalSupply': 'totalSupply',
      '$ERC20Storage._name': 'name',
      '$ERC20Storage._symbol': 'symbol',
      '$PausableStorage._paused': 'paused',
      '$TokenStorage.cap': 'cap',
      '$TokenStorage.memo': 'memo',
      '$TokenStorage.frozen[]': 'frozen',
      '$TokenStorage.holders': 'holders',
      '$TokenStorage.holders[]': 'holders',
    });
    const keys = {
      '$ERC20Storage._balances': [A, B, me],
      '$ERC20Storage._allowances': [A],
      '$ERC20Storage._allowances[]': [B],
      '$TokenStorage.frozen': [C, A],
    };
    const { decoded, layout, checked } = await check(t, { keys });
    expect(layout.namespaces.map((n) => n.id)).toEqual([
      'openzeppelin.storage.Initializable',
      'openzeppelin.storage.ERC20',
      'openzeppelin.storage.Ownable',
      'openzeppelin.storage.Pausable',
      'tdk.corpus.Token',
    ]);
    expect(decoded.map((v) => v.path)).toEqual([
      'plain',
      '$InitializableStorage',
      '$ERC20Storage',
      '$OwnableStorage',
      '$PausableStorage',
      '$TokenStorage',
    ]);
    expect(byPath(decoded, '$ERC20Storage._name')?.value).toMatchObject({ utf8: 'Corpus Token' });
    expect(checked).toBe(1 + 2 + (3 + 1 + 1 + 2) + 1 + 1 + (2 + 2 + 2 + 1));
  });

  it('decodes namespaces declared in the contract and in a base', async () => {
    const c = await deploy('Namespaced');
    await c.send('set', [3, 1, H2, 2n ** 120n, 99n, 5n]);
    await c.send('setLists', [4n, LONG, [7n, 8n, 9n], [1, 2, 3]]);
    const t = at(c.artifact, c.address, {
      '$BaseStorage.level': 'level',
      '$BaseStorage.color': 'color',
      '$BaseStorage.salt': 'salt',
      '$MainStorage.total': 'total',
      '$MainStorage.count': 'count',
      '$MainStorage.notes[]': 'notes',
      '$MainStorage.fixedList[]': 'fixedList',
      '$MainStorage.dynList': 'dynList',
      '$MainStorage.dynList[]': 'dynList',
    });
    const { decoded, checked } = await check(t, { keys: { '$MainStorage.notes': [4n, 5n] } });
    expect(decoded.map((v) => v.path)).toEqual(['regular', '$BaseStorage', '$MainStorage']);
    expect(byPath(decoded, '$BaseStorage.color')?.value).toEqual({
      kind: 'enum',
      value: 1n,
      member: 'Green',
    });
    expect(checked).toBe(1 + 3 + 2 + 2 + 3 + 3 + 1);
  });

  it('decodes a UUPS implementation behind an ERC-1967 proxy from the proxy storage', async () => {
    const impl = await deploy('UupsVault');
    const init = encodeFunctionData({ abi: impl.abi, functionName: 'initialize', args: [me] });
    const proxy = await deploy('VaultProxy', [impl.address, init]);
    const vault = at(impl.artifact, proxy.address, {
      ...OZ_ALIASES,
      '$AccessControlStorage._roles[].hasRole[]': 'hasRole',
      '$AccessControlStorage._roles[].adminRole': 'getRoleAdmin',
    });
    const keeper = (await client.readContract({
      address: vault.address,
      abi: vault.abi,
      functionName: 'KEEPER',
    })) as Hex;
    await vault.send('grantRole', [keeper, B]);
    const zero = `0x${'00'.repeat(32)}`;
    const keys = {
      '$AccessControlStorage._roles': [zero, keeper],
      '$AccessControlStorage._roles[].hasRole': [me, B],
    };
    const { decoded, checked } = await check(vault, { keys });
    expect(checked).toBe(2 + 1 + 2 * 3);
    expect(byPath(decoded, '$InitializableStorage._initialized')?.value).toEqual({
      kind: 'value',
      value: 1n,
    });
    // The implementation's own storage: initializers disabled.
    const own = await check(at(impl.artifact, impl.address, OZ_ALIASES));
    expect(byPath(own.decoded, '$InitializableStorage._initialized')?.value).toEqual({
      kind: 'value',
      value: 2n ** 64n - 1n,
    });
  });
});

describe('older compilers', () => {
  it('decodes a solc 0.5.17 contract', async () => {
    const c = await deploy('Legacy05');
    await c.send('set', [500, LONG, A, 77n]);
    await c.send('set', [501, 'short', B, 78n]);
    expect(layoutOf(c.artifact).storage.map((v) => v.label)).toEqual([
      'small',
      'owner',
      'title',
      'balances',
      'items',
    ]);
    expect((await check(c, { keys: { balances: [A, B] } })).checked).toBe(3 + 2 + 2 * 2 + 1);
  });

  it('decodes a solc 0.7.6 contract', async () => {
    const c = await deploy('Legacy07');
    await c.send('set', [1, -5n, '0xabcdef', 3n, A]);
    const { decoded, checked } = await check(c, { keys: { seen: [3n], 'seen[]': [A, B] } });
    expect(checked).toBe(3 + 2);
    expect(byPath(decoded, 'mode')?.value).toEqual({ kind: 'enum', value: 1n, member: 'On' });
  });

  it('refuses a solc 0.4 artifact, which has no storage layout', async () => {
    const artifact = loadArtifact(CORPUS, 'Legacy04');
    expect(() => layoutOf(artifact)).toThrow(expect.objectContaining({ code: 'TDK_LAYOUT_UNAVAILABLE' }));
    expect(() => layoutOf(artifact)).toThrow(/solc 0\.4\.26/);
  });
});
