// The fuzz dictionary: constants a contract's own code and state mention, which random search would
// almost never hit (Foundry seeds its dictionary the same way: PUSH operands, storage, addresses).
import type { FuzzDictionary } from './index.js';

const PUSH1 = 0x60;
const PUSH32 = 0x7f;
const JUMP = 0x56;
const JUMPI = 0x57;
const JUMPDEST = 0x5b;
const ADDRESS_MASK = (1n << 160n) - 1n;

/**
 * The runtime part of `code`: Solidity appends CBOR metadata whose length is the last two bytes;
 * its bytes are a hash, not program constants, so they stay out of the dictionary.
 */
export function stripMetadata(code: Uint8Array): Uint8Array {
  if (code.length < 2) return code;
  const len = (code[code.length - 2] << 8) | code[code.length - 1];
  const start = code.length - 2 - len;
  // CBOR map header of solc's metadata: 0xa1..0xa5 (1–5 entries).
  if (len > 0 && start > 0 && code[start] >= 0xa1 && code[start] <= 0xa5) return code.subarray(0, start);
  return code;
}

/**
 * PUSH operands of `code`, without code offsets: a PUSH right before JUMP/JUMPI, and a PUSH1/PUSH2 of
 * a JUMPDEST's offset (solc's return addresses), are jump targets rather than program constants. A
 * small constant that happens to equal a JUMPDEST offset is lost; that keeps the dictionary about a
 * third smaller, so the constants that matter are drawn more often.
 */
export function pushConstants(code: Uint8Array): bigint[] {
  const body = stripMetadata(code);
  const jumpdests = new Set<number>();
  const pushes: { value: bigint; width: number; next: number }[] = [];
  let pc = 0;
  while (pc < body.length) {
    const op = body[pc];
    if (op >= PUSH1 && op <= PUSH32) {
      const n = op - PUSH1 + 1;
      const end = Math.min(pc + 1 + n, body.length);
      let v = 0n;
      for (let i = pc + 1; i < end; i++) v = (v << 8n) | BigInt(body[i]);
      pushes.push({ value: v, width: n, next: body[end] });
      pc = end;
    } else {
      if (op === JUMPDEST) jumpdests.add(pc);
      pc++;
    }
  }
  const out: bigint[] = [];
  for (const p of pushes) {
    if (p.next === JUMP || p.next === JUMPI) continue;
    if (p.width <= 2 && jumpdests.has(Number(p.value))) continue;
    out.push(p.value);
  }
  return out;
}

export function buildDictionary(
  bytecodes: readonly Uint8Array[],
  storageValues: readonly bigint[],
  addresses: readonly bigint[],
): FuzzDictionary {
  const words = new Set<bigint>();
  for (const code of bytecodes) for (const v of pushConstants(code)) words.add(v);
  for (const v of storageValues) words.add(v);
  const addrs = new Set<bigint>();
  for (const a of addresses) addrs.add(a & ADDRESS_MASK);
  // Words that look like addresses (20 bytes wide, high bytes clear) are addresses too.
  for (const w of words) if (w > 0xffffffffffffffffffffffffn && w <= ADDRESS_MASK) addrs.add(w);
  return { words: [...words], addresses: [...addrs] };
}
