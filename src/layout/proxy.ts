// Proxy detection from storage slots and runtime code, so a proxy's storage can be decoded with its
// implementation's layout. Checks run in a fixed order and the first match wins (no race between
// checks, unlike tools that take whichever lookup answers first), so the answer is deterministic:
//   EIP-1167 clone (the runtime code says it all) → EIP-1967 implementation slot (UUPS when the
//   implementation has upgradeToAndCall/upgradeTo, else transparent, as OpenZeppelin infers) →
//   EIP-1967 beacon slot (the beacon's implementation()) → EIP-1822 PROXIABLE → ZeppelinOS slots.
import type { CodeReader } from './reader.js';
import type { StorageReader } from './types.js';

export type ProxyKind =
  | 'eip1967-uups'
  | 'eip1967-transparent'
  | 'eip1967-beacon'
  | 'eip1822'
  | 'eip1167'
  | 'zeppelinos'
  | 'none';

/** Addresses as lowercase 0x-hex. */
export interface ProxyInfo {
  readonly kind: ProxyKind;
  readonly implementation?: string;
  readonly admin?: string;
  readonly beacon?: string;
}

export const PROXY_SLOTS = {
  /** bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1) */
  eip1967Implementation: 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbcn,
  /** bytes32(uint256(keccak256('eip1967.proxy.admin')) - 1) */
  eip1967Admin: 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103n,
  /** bytes32(uint256(keccak256('eip1967.proxy.beacon')) - 1) */
  eip1967Beacon: 0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50n,
  /** keccak256('PROXIABLE') */
  eip1822Proxiable: 0xc5f16f0fcc639fa48a6947836d9850f504798523bf8c9a3a87d5876cf622bcf7n,
  /** keccak256('org.zeppelinos.proxy.implementation') */
  zeppelinosImplementation: 0x7050c9e0f4ca769c69bd3a8ef740bc37934f8e2c036e5a723fd8ee048ed3f8c3n,
  /** keccak256('org.zeppelinos.proxy.admin') */
  zeppelinosAdmin: 0x10d6a54a4754c8869d6886b5f5d7fbfa5b4522237ea5c60d11bc4e7a1ff9390bn,
} as const;

const SELECTORS = {
  upgradeTo: 0x3659cfe6,
  upgradeToAndCall: 0x4f1ef286,
  implementation: 0x5c60da1b,
  childImplementation: 0xda525716,
} as const;

/** EIP-1167 runtime code around the 20-byte implementation address. */
const CLONE_PREFIX = '363d3d373d3d3d363d73';
const CLONE_SUFFIX = '5af43d82803e903d91602b57fd5bf3';

const address = (v: bigint): string => `0x${v.toString(16).padStart(40, '0')}`;
/** A slot holds an address when it is non-zero and fits 20 bytes. */
const asAddress = (word: bigint): bigint | undefined =>
  word !== 0n && word >> 160n === 0n ? word : undefined;

export async function detectProxy(
  chain: { readonly reader: StorageReader; readonly code: CodeReader },
  proxy: bigint,
): Promise<ProxyInfo> {
  const runtime = await chain.code.code(proxy);
  const clone = cloneTarget(runtime);
  if (clone !== undefined) return { kind: 'eip1167', implementation: address(clone) };

  const s = PROXY_SLOTS;
  const words = await chain.reader.read(proxy, [
    s.eip1967Implementation,
    s.eip1967Admin,
    s.eip1967Beacon,
    s.eip1822Proxiable,
    s.zeppelinosImplementation,
    s.zeppelinosAdmin,
  ]);
  const [impl, admin, beacon, proxiable, zosImpl, zosAdmin] = words.map(asAddress);
  const withAdmin = (info: ProxyInfo, a: bigint | undefined): ProxyInfo =>
    a === undefined ? info : { ...info, admin: address(a) };

  if (impl !== undefined) {
    const code = await chain.code.code(impl);
    const uups = hasSelector(code, SELECTORS.upgradeToAndCall) || hasSelector(code, SELECTORS.upgradeTo);
    return withAdmin(
      { kind: uups ? 'eip1967-uups' : 'eip1967-transparent', implementation: address(impl) },
      admin,
    );
  }
  if (beacon !== undefined) {
    const target = await beaconImplementation(chain.code, beacon);
    return withAdmin(
      {
        kind: 'eip1967-beacon',
        beacon: address(beacon),
        ...(target !== undefined && { implementation: address(target) }),
      },
      admin,
    );
  }
  if (proxiable !== undefined) return { kind: 'eip1822', implementation: address(proxiable) };
  if (zosImpl !== undefined)
    return withAdmin({ kind: 'zeppelinos', implementation: address(zosImpl) }, zosAdmin);
  return { kind: 'none' };
}

function cloneTarget(code: Uint8Array): bigint | undefined {
  const hex = Buffer.from(code).toString('hex');
  if (hex.length !== CLONE_PREFIX.length + 40 + CLONE_SUFFIX.length) return undefined;
  if (!hex.startsWith(CLONE_PREFIX) || !hex.endsWith(CLONE_SUFFIX)) return undefined;
  return BigInt(`0x${hex.slice(CLONE_PREFIX.length, CLONE_PREFIX.length + 40)}`);
}

/** implementation(), or childImplementation() as some beacons name it. */
async function beaconImplementation(code: CodeReader, beacon: bigint): Promise<bigint | undefined> {
  for (const selector of [SELECTORS.implementation, SELECTORS.childImplementation]) {
    const out = await code.call(beacon, selectorBytes(selector));
    if (out && out.length >= 32) {
      const word = BigInt(`0x${Buffer.from(out.subarray(0, 32)).toString('hex')}`);
      const target = asAddress(word);
      if (target !== undefined) return target;
    }
  }
  return undefined;
}

function selectorBytes(selector: number): Uint8Array {
  return new Uint8Array([
    selector >>> 24,
    (selector >>> 16) & 0xff,
    (selector >>> 8) & 0xff,
    selector & 0xff,
  ]);
}

const PUSH1 = 0x60;
const PUSH4 = 0x63;
const PUSH32 = 0x7f;

/**
 * Whether the code's dispatcher can match a selector: a PUSH4 of it outside push data (solc
 * compares calldata's selector against PUSH4 constants). The CBOR metadata tail is data too but
 * holds no PUSH4-aligned selector in practice.
 */
export function hasSelector(code: Uint8Array, selector: number): boolean {
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc];
    if (op < PUSH1 || op > PUSH32) continue;
    if (
      op === PUSH4 &&
      pc + 4 < code.length &&
      ((code[pc + 1] << 24) | (code[pc + 2] << 16) | (code[pc + 3] << 8) | code[pc + 4]) >>> 0 === selector
    ) {
      return true;
    }
    pc += op - PUSH1 + 1;
  }
  return false;
}
