// Proxy detection against OpenZeppelin 5.7's own proxies on the devnet: ERC1967Proxy with a UUPS
// implementation (before and after an upgrade), TransparentUpgradeableProxy (its ProxyAdmin read
// from the AdminChanged event), UpgradeableBeacon + BeaconProxy, a Clones.clone minimal proxy;
// EIP-1822 and ZeppelinOS slots set with anvil_setStorageAt; the order of checks when several match.
import { type Abi, decodeAbiParameters, encodeFunctionData, type Hex, keccak256, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../src/chain/devnet.js';
import { discoverStorage } from '../../src/layout/discover.js';
import { layoutFromArtifact } from '../../src/layout/model.js';
import { detectProxy, hasSelector, PROXY_SLOTS } from '../../src/layout/proxy.js';
import { rpcChainAccess, rpcStorageReader } from '../../src/layout/reader.js';
import { type Artifact, loadBuildInfo } from '../../src/solidity/artifacts.js';
import { artifact, buildProject, type Receipt, Session } from './support.js';

const SOURCES = {
  'Proxies.sol': `// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {TransparentUpgradeableProxy} from "@openzeppelin/contracts/proxy/transparent/TransparentUpgradeableProxy.sol";
import {UpgradeableBeacon} from "@openzeppelin/contracts/proxy/beacon/UpgradeableBeacon.sol";
import {BeaconProxy} from "@openzeppelin/contracts/proxy/beacon/BeaconProxy.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

contract Box {
    uint256 public value;
    function set(uint256 v) external { value = v; }
}

contract BoxUUPS is UUPSUpgradeable, OwnableUpgradeable {
    uint256 public value;
    constructor() { _disableInitializers(); }
    function initialize(address owner) external initializer { __Ownable_init(owner); }
    function set(uint256 v) external { value = v; }
    function _authorizeUpgrade(address) internal override onlyOwner {}
}

contract BoxUUPSV2 is BoxUUPS {
    function version() external pure returns (uint256) { return 2; }
}

contract UToken is ERC20Upgradeable, OwnableUpgradeable, UUPSUpgradeable {
    constructor() { _disableInitializers(); }
    function initialize(address owner) external initializer {
        __ERC20_init("Upgradeable", "UPG");
        __Ownable_init(owner);
        _mint(owner, 1_000_000 ether);
    }
    function _authorizeUpgrade(address) internal override onlyOwner {}
}

contract CloneFactory {
    event Cloned(address clone);
    function clone(address implementation) external returns (address c) {
        c = Clones.clone(implementation);
        emit Cloned(c);
    }
}
`,
};

let devnet: Devnet;
let session: Session;
let root: string;
let owner: Hex;
const art = (name: string): Artifact => artifact(root, name);
const lower = (a: Hex | string) => a.toLowerCase();

beforeAll(async () => {
  root = await buildProject('proxy', SOURCES);
  devnet = await startDevnet({ server: { port: 0 } });
  session = await Session.open(devnet);
  owner = session.from;
});
afterAll(() => devnet?.close());

const detect = (address: Hex) => detectProxy(rpcChainAccess(devnet.provider), BigInt(address));

function eventArg(receipt: Receipt, signature: string, index: number): Hex {
  const topic = keccak256(toHex(signature));
  const log = receipt.logs.find((l) => l.topics[0] === topic)!;
  const types = signature
    .slice(signature.indexOf('(') + 1, -1)
    .split(',')
    .map((type) => ({ type }));
  return decodeAbiParameters(types, log.data)[index] as Hex;
}

async function setSlot(address: Hex, slot: bigint, value: bigint): Promise<void> {
  await devnet.provider.request({
    method: 'anvil_setStorageAt',
    params: [address, toHex(slot, { size: 32 }), toHex(value, { size: 32 })],
  });
}

describe('detectProxy', () => {
  it('detects an ERC1967Proxy with a UUPS implementation, over HTTP too, and follows an upgrade', async () => {
    const impl = await session.deploy(art('BoxUUPS'));
    const init = encodeFunctionData({
      abi: art('BoxUUPS').abi as Abi,
      functionName: 'initialize',
      args: [owner],
    });
    const proxy = await session.deploy(art('ERC1967Proxy'), [impl, init]);
    expect(await detect(proxy)).toEqual({ kind: 'eip1967-uups', implementation: lower(impl) });
    const url = `http://127.0.0.1:${devnet.server!.port}`;
    expect(await detectProxy(rpcChainAccess(url), BigInt(proxy))).toEqual({
      kind: 'eip1967-uups',
      implementation: lower(impl),
    });

    const v2 = await session.deploy(art('BoxUUPSV2'));
    await session.call(art('BoxUUPS'), proxy, 'upgradeToAndCall', [v2, '0x']);
    expect(await detect(proxy)).toEqual({ kind: 'eip1967-uups', implementation: lower(v2) });
  });

  it('detects a TransparentUpgradeableProxy and its ProxyAdmin', async () => {
    const box = await session.deploy(art('Box'));
    // OpenZeppelin 5.7's ERC1967Proxy refuses to be left uninitialised: call set(5) on the way.
    const init = encodeFunctionData({ abi: art('Box').abi as Abi, functionName: 'set', args: [5n] });
    const receipt = await session.deployTx(art('TransparentUpgradeableProxy'), [box, owner, init]);
    const admin = eventArg(receipt, 'AdminChanged(address,address)', 1);
    expect(await detect(receipt.contractAddress!)).toEqual({
      kind: 'eip1967-transparent',
      implementation: lower(box),
      admin: lower(admin),
    });
    // The implementation's `value` (slot 0) lives in the proxy's storage.
    expect(await rpcStorageReader(devnet.provider).read(BigInt(receipt.contractAddress!), [0n])).toEqual([
      5n,
    ]);
  });

  it('detects a BeaconProxy with its beacon and the beacon’s implementation', async () => {
    const box = await session.deploy(art('Box'));
    const beacon = await session.deploy(art('UpgradeableBeacon'), [box, owner]);
    const proxy = await session.deploy(art('BeaconProxy'), [beacon, '0x']);
    expect(await detect(proxy)).toEqual({
      kind: 'eip1967-beacon',
      beacon: lower(beacon),
      implementation: lower(box),
    });
  });

  it('detects an EIP-1167 clone from its runtime code', async () => {
    const box = await session.deploy(art('Box'));
    const factory = await session.deploy(art('CloneFactory'));
    const receipt = await session.call(art('CloneFactory'), factory, 'clone', [box]);
    const clone = eventArg(receipt, 'Cloned(address)', 0);
    expect(await detect(clone)).toEqual({ kind: 'eip1167', implementation: lower(box) });
  });

  it('reads EIP-1822 and ZeppelinOS slots, and checks in a fixed order when several match', async () => {
    const target = BigInt(await session.deploy(art('Box')));
    const plain = async () => session.deploy(art('Box'));

    const uups1822 = await plain();
    await setSlot(uups1822, PROXY_SLOTS.eip1822Proxiable, target);
    expect(await detect(uups1822)).toEqual({ kind: 'eip1822', implementation: toHex(target, { size: 20 }) });

    const zos = await plain();
    await setSlot(zos, PROXY_SLOTS.zeppelinosImplementation, target);
    await setSlot(zos, PROXY_SLOTS.zeppelinosAdmin, 0xad00n);
    expect(await detect(zos)).toEqual({
      kind: 'zeppelinos',
      implementation: toHex(target, { size: 20 }),
      admin: toHex(0xad00n, { size: 20 }),
    });

    // Every slot set: EIP-1967's implementation slot decides; Box has no upgrade function, and
    // OpenZeppelin calls that transparent even without an admin.
    const all = await plain();
    for (const slot of Object.values(PROXY_SLOTS)) await setSlot(all, slot, target);
    expect((await detect(all)).kind).toBe('eip1967-transparent');
    await setSlot(all, PROXY_SLOTS.eip1967Implementation, 0n);
    expect((await detect(all)).kind).toBe('eip1967-beacon');
    await setSlot(all, PROXY_SLOTS.eip1967Beacon, 0n);
    expect((await detect(all)).kind).toBe('eip1822');

    // A slot word wider than an address is not one.
    const wide = await plain();
    await setSlot(wide, PROXY_SLOTS.eip1967Implementation, (1n << 200n) | target);
    expect(await detect(wide)).toEqual({ kind: 'none' });
  });

  it('lets discovery list an upgradeable ERC-20’s holders and allowances from the proxy’s storage', async () => {
    const token = art('UToken');
    const init = encodeFunctionData({ abi: token.abi as Abi, functionName: 'initialize', args: [owner] });
    const proxy = await session.deploy(art('ERC1967Proxy'), [await session.deploy(token), init]);
    const [, a1, a2, a3] = await session.accounts();
    await session.call(token, proxy, 'transfer', [a1, 10n]);
    await session.call(token, proxy, 'transfer', [a2, 20n]);
    await session.call(token, proxy, 'approve', [a3, 5n], a1);

    const chain = rpcChainAccess(devnet.provider);
    const info = await detectProxy(chain, BigInt(proxy));
    expect(info.kind).toBe('eip1967-uups');
    const layout = layoutFromArtifact(token, loadBuildInfo(root, token.buildInfo));
    const found = await discoverStorage(layout, chain.recording, BigInt(proxy));
    const paths = found.slots.flatMap((s) => s.places.map((p) => p.path));
    const [o, k1, k2, k3] = [owner, a1, a2, a3].map(lower);
    expect(paths).toEqual(
      expect.arrayContaining([
        `$ERC20Storage._balances[${o}]`,
        `$ERC20Storage._balances[${k1}]`,
        `$ERC20Storage._balances[${k2}]`,
        `$ERC20Storage._allowances[${k1}][${k3}]`,
        '$ERC20Storage._totalSupply',
        '$ERC20Storage._name',
        '$OwnableStorage._owner',
      ]),
    );
    expect(paths.filter((p) => p.includes('['))).toHaveLength(4);
    // The proxy's own EIP-1967 slot is no variable of the implementation.
    expect(found.unknown).toEqual([PROXY_SLOTS.eip1967Implementation]);
  });

  it('says none for a plain contract and an account without code', async () => {
    expect(await detect(await session.deploy(art('Box')))).toEqual({ kind: 'none' });
    expect(await detect(owner)).toEqual({ kind: 'none' });
  });

  it('finds selectors only where the dispatcher pushes them, not inside other push data', () => {
    const selector = 0x4f1ef286;
    expect(hasSelector(Uint8Array.from([0x63, 0x4f, 0x1e, 0xf2, 0x86, 0x14]), selector)).toBe(true);
    // The same bytes inside a PUSH5's data are not a PUSH4.
    expect(hasSelector(Uint8Array.from([0x64, 0x63, 0x4f, 0x1e, 0xf2, 0x86]), selector)).toBe(false);
    // Truncated at the end of the code.
    expect(hasSelector(Uint8Array.from([0x63, 0x4f, 0x1e, 0xf2]), selector)).toBe(false);
  });
});
