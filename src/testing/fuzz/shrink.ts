// Shrinking a failing input: each value moves towards zero / shorter / simpler while the test still
// fails the same way, so the reported counterexample is small enough to read. Every trial is one run.
import type { Hex } from 'viem';
import type { AbiKind } from './abi-type.js';
import { toAddress } from './generate.js';

/** Returns false without running once the step budget is spent. */
export type StillFails = (candidate: unknown) => boolean;

/**
 * `hints` (the dictionary's words, top-level uint arguments only) are tried before the binary search:
 * a property that fails for one constant behind a non-monotonic map such as forge-std's bound() is
 * out of a binary search's reach, but the constant itself usually is in the code.
 */
export function shrinkValue(
  kind: AbiKind,
  value: unknown,
  fails: StillFails,
  hints?: readonly bigint[],
): unknown {
  switch (kind.kind) {
    case 'uint':
      return shrinkUint(value as bigint, fails, hints);
    case 'int':
      return shrinkInt(value as bigint, fails);
    case 'address':
      return toAddress(shrinkUint(BigInt(value as Hex), (v) => fails(toAddress(v as bigint))));
    case 'bool':
      return value === true && fails(false) ? false : value;
    case 'fixedBytes': {
      const width = kind.size * 2;
      const hex = (v: bigint): Hex => `0x${v.toString(16).padStart(width, '0')}`;
      return hex(shrinkUint(BigInt(value as Hex), (v) => fails(hex(v as bigint))));
    }
    case 'bytes':
      return chunksToHex(shrinkSequence(hexToChunks(value as Hex), (c) => fails(chunksToHex(c))));
    case 'string':
      return shrinkSequence([...(value as string)], (c) => fails(c.join(''))).join('');
    case 'array': {
      let items = value as unknown[];
      if (kind.length === undefined) items = shrinkSequence(items, (c) => fails(c));
      return shrinkEach(items, () => kind.element, fails);
    }
    case 'tuple':
      return shrinkEach(value as unknown[], (i) => kind.components[i], fails);
  }
}

/** Shrinks each element in place of the others, keeping earlier gains. */
export function shrinkEach(
  items: unknown[],
  kindAt: (i: number) => AbiKind,
  fails: StillFails,
  hints?: readonly bigint[],
): unknown[] {
  let current = items;
  for (let i = 0; i < current.length; i++) {
    const base = current;
    const shrunk = shrinkValue(
      kindAt(i),
      base[i],
      (v) => {
        const next = base.slice();
        next[i] = v;
        return fails(next);
      },
      hints,
    );
    if (shrunk !== base[i]) {
      current = base.slice();
      current[i] = shrunk;
    }
  }
  return current;
}

/** Smallest failing value found: 0 and 1, the smallest failing hint, then a binary search below it. */
function shrinkUint(v: bigint, fails: StillFails, hints?: readonly bigint[]): bigint {
  if (v === 0n) return v;
  if (fails(0n)) return 0n;
  if (v > 1n && fails(1n)) return 1n;
  if (hints) {
    const smaller = [...new Set(hints)].filter((h) => h > 1n && h < v).sort((a, b) => (a < b ? -1 : 1));
    for (const h of smaller) {
      if (fails(h)) {
        v = h;
        break;
      }
    }
  }
  let lo = 2n;
  let hi = v;
  while (lo < hi) {
    const mid = (lo + hi) >> 1n;
    if (fails(mid)) hi = mid;
    else lo = mid + 1n;
  }
  return hi;
}

function shrinkInt(v: bigint, fails: StillFails): bigint {
  if (v >= 0n) return shrinkUint(v, fails);
  // A negative value: first try its magnitude (positive is simpler), then shrink the magnitude.
  if (-v !== v && fails(-v)) return shrinkUint(-v, fails);
  return -shrinkUint(-v, (m) => fails(-(m as bigint)));
}

/** Shorter first: empty, halves, then one element fewer at each position. */
function shrinkSequence<T>(items: T[], fails: (c: T[]) => boolean): T[] {
  let current = items;
  if (current.length > 0 && fails([])) return [];
  let progress = true;
  while (progress && current.length > 0) {
    progress = false;
    const half = current.length >> 1;
    if (half > 0) {
      for (const cand of [current.slice(0, half), current.slice(half)]) {
        if (fails(cand)) {
          current = cand;
          progress = true;
          break;
        }
      }
      if (progress) continue;
    }
    for (let i = current.length - 1; i >= 0; i--) {
      const cand = current.slice(0, i).concat(current.slice(i + 1));
      if (fails(cand)) {
        current = cand;
        progress = true;
        break;
      }
    }
  }
  return current;
}

function hexToChunks(h: Hex): string[] {
  const out: string[] = [];
  for (let i = 2; i < h.length; i += 2) out.push(h.slice(i, i + 2));
  return out;
}

function chunksToHex(c: string[]): Hex {
  return `0x${c.join('')}`;
}
