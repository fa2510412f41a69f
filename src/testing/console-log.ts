// console.log calls to Hardhat's console address, decoded by selector. The table holds every
// overload of Hardhat's console.sol (and forge-std's console/console2): log() with up to four
// parameters over uint256/string/bool/address, single-value log of int256 and bytes, forge-std's
// log(string,int256), and the typed
// logUint/logInt/logString/logBool/logAddress/logBytes/logBytes1..32; each also under the legacy
// "uint"/"int" spelling older console.sol versions hashed.
import { decodeAbiParameters, getAddress, type Hex, bytesToHex as toHex } from 'viem';
import { selectorOf } from './selector.js';

const BASIC = ['uint256', 'string', 'bool', 'address'] as const;

function signatures(): string[] {
  // log(string,int256) is forge-std's addition to Hardhat's set.
  const out = ['log()', 'log(string,int256)'];
  for (const t of [...BASIC, 'int256', 'bytes']) out.push(`log(${t})`);
  const typed: [string, string][] = [
    ['logUint', 'uint256'],
    ['logInt', 'int256'],
    ['logString', 'string'],
    ['logBool', 'bool'],
    ['logAddress', 'address'],
    ['logBytes', 'bytes'],
  ];
  for (let n = 1; n <= 32; n++) typed.push([`logBytes${n}`, `bytes${n}`]);
  for (const [name, t] of typed) out.push(`${name}(${t})`);
  for (const a of BASIC)
    for (const b of BASIC) {
      out.push(`log(${a},${b})`);
      for (const c of BASIC) {
        out.push(`log(${a},${b},${c})`);
        for (const d of BASIC) out.push(`log(${a},${b},${c},${d})`);
      }
    }
  return out;
}

interface Overload {
  readonly types: readonly string[];
}

let table: Map<number, Overload> | undefined;

/** Built on the first console call: most commands and many test runs never print. */
function overloads(): Map<number, Overload> {
  if (table) return table;
  table = new Map<number, Overload>();
  for (const sig of signatures()) {
    const types = sig
      .slice(sig.indexOf('(') + 1, -1)
      .split(',')
      .filter((t) => t !== '');
    const spellings = new Set([sig, sig.replace(/uint256/g, 'uint').replace(/(?<!u)int256/g, 'int')]);
    for (const s of spellings) table.set(selectorOf(s), { types });
  }
  return table;
}

/** The printed line for a console call, or undefined when the selector is not a console overload. */
export function decodeConsoleLog(input: Uint8Array): string | undefined {
  if (input.length < 4) return undefined;
  const sel = ((input[0] << 24) | (input[1] << 16) | (input[2] << 8) | input[3]) >>> 0;
  const o = overloads().get(sel);
  if (o === undefined) return undefined;
  let values: readonly unknown[];
  try {
    values = decodeAbiParameters(
      o.types.map((type) => ({ type })),
      toHex(input.subarray(4)) as Hex,
    );
  } catch {
    return undefined;
  }
  return formatLine(o.types, values);
}

function show(type: string, v: unknown): string {
  if (type === 'address') return getAddress(v as Hex);
  return String(v);
}

/** Like forge: a leading string is a format string (%s %d %i %x %o %%); other values are appended. */
function formatLine(types: readonly string[], values: readonly unknown[]): string {
  if (types.length === 0) return '';
  if (types[0] !== 'string' || types.length === 1) return types.map((t, i) => show(t, values[i])).join(' ');
  let next = 1;
  const head = (values[0] as string).replace(/%([sdixo%])/g, (whole, spec: string) => {
    if (spec === '%') return '%';
    if (next >= values.length) return whole;
    const type = types[next];
    const v = values[next++];
    if ((spec === 'x' || spec === 'o') && typeof v === 'bigint') {
      const neg = v < 0n;
      const digits = (neg ? -v : v).toString(spec === 'x' ? 16 : 8);
      return `${neg ? '-' : ''}0${spec === 'x' ? 'x' : 'o'}${digits}`;
    }
    return show(type, v);
  });
  const rest = types.slice(next).map((t, i) => show(t, values[next + i]));
  return [head, ...rest].join(' ');
}
