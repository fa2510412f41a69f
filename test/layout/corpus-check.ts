// The oracle of the corpus test: every decoded leaf (value, enum, bytes/string, array length) is
// compared with what the contract itself answers. A path is turned into a call by, in order:
// - an alias (`$ERC20Storage._balances[]` -> `balanceOf`), with every index and key as arguments;
// - the public getter of the root variable (indices and keys as its arguments, struct members picked
//   from its outputs);
// - a helper named after the path's members joined by `_` (`bag.list[2]` -> `bag_list(2)`).
// Dynamic array lengths use `<that name>_length`, or else the getter must revert one past the end.
import type { Abi, AbiFunction, AbiParameter, PublicClient } from 'viem';
import { toHex } from 'viem';
import { genericPath } from '../../src/layout/decode.js';
import type { DecodedVariable } from '../../src/layout/types.js';

type Segment = { member: string } | { key: string };

export interface Target {
  readonly address: `0x${string}`;
  readonly abi: Abi;
  readonly aliases?: Readonly<Record<string, string>>;
}

/** Parses `a.b[0x1]["k"][2].c` into members and keys (string keys are JSON). */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  const ident = (): string => {
    const start = i;
    while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
    return path.slice(start, i);
  };
  out.push({ member: ident() });
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
      out.push({ member: ident() });
    } else {
      const start = ++i;
      if (path[i] === '"') {
        for (i++; path[i] !== '"'; i++) if (path[i] === '\\') i++;
        i++;
      } else {
        while (path[i] !== ']') i++;
      }
      out.push({ key: path.slice(start, i) });
      i++;
    }
  }
  return out;
}

function toArg(key: string, p: AbiParameter): unknown {
  if (p.type === 'string') return JSON.parse(key);
  if (p.type === 'bool') return key === 'true';
  if (/^u?int\d*$/.test(p.type)) return key.startsWith('-') ? -BigInt(key.slice(1)) : BigInt(key);
  return key;
}

function functions(abi: Abi, name: string): AbiFunction[] {
  return abi.filter((x): x is AbiFunction => x.type === 'function' && x.name === name);
}

async function call(client: PublicClient, t: Target, fn: AbiFunction, keys: string[]): Promise<unknown> {
  return client.readContract({
    address: t.address,
    // viem cannot decode the `function` type; it is ABI-encoded as bytes24.
    abi: [{ ...fn, outputs: fn.outputs.map((o) => (o.type === 'function' ? { ...o, type: 'bytes24' } : o)) }],
    functionName: fn.name,
    args: keys.map((k, i) => toArg(k, fn.inputs[i]!)),
  });
}

const keysOf = (segs: Segment[]) => segs.flatMap((s) => ('key' in s ? [s.key] : []));
const joined = (segs: Segment[]) =>
  segs
    .flatMap((s) => ('member' in s ? [s.member] : []))
    .join('_')
    .replace(/^\$/, '');

/** Resolves a path to the contract's own answer, or throws when nothing answers it. */
export async function answer(client: PublicClient, t: Target, path: string): Promise<unknown> {
  const segs = parsePath(path);
  const alias = t.aliases?.[genericPath(path)];
  if (alias) return call(client, t, functions(t.abi, alias)[0]!, keysOf(segs));
  const root = segs[0] as { member: string };
  const getter = functions(t.abi, root.member)[0];
  if (getter) {
    const n = getter.inputs.length;
    const args = segs.slice(1, 1 + n);
    if (args.length === n && args.every((s) => 'key' in s)) {
      const picked = pick(getter, await call(client, t, getter, keysOf(args)), segs.slice(1 + n));
      if (picked.found) return picked.value;
    }
  }
  const helper = functions(t.abi, joined(segs)).find((f) => f.inputs.length === keysOf(segs).length);
  if (helper) return call(client, t, helper, keysOf(segs));
  throw new Error(`nothing in the contract answers ${path}`);
}

/** Walks a getter's result along member segments (multi-output getters and tuples name their parts). */
function pick(fn: AbiFunction, result: unknown, rest: Segment[]): { found: boolean; value?: unknown } {
  let params: readonly AbiParameter[] = fn.outputs;
  let value = result;
  if (params.length === 1 && rest.length === 0) return { found: true, value };
  if (params.length === 1) {
    params = (params[0] as { components?: AbiParameter[] }).components ?? [];
  }
  for (const seg of rest) {
    if (!('member' in seg)) return { found: false };
    const i = params.findIndex((p) => p.name === seg.member);
    if (i < 0) return { found: false };
    value = Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[seg.member];
    params = (params[i] as { components?: AbiParameter[] }).components ?? [];
  }
  return { found: true, value };
}

/** The length of the dynamic array at `path`, as the contract reports it. */
export async function answerLength(client: PublicClient, t: Target, path: string, length: bigint) {
  const segs = parsePath(path);
  const base = t.aliases?.[genericPath(path)] ?? joined(segs);
  const fn = functions(t.abi, `${base}_length`).find((f) => f.inputs.length === keysOf(segs).length);
  if (fn) return BigInt((await call(client, t, fn, keysOf(segs))) as bigint);
  // No length helper: the element one past the end must not exist.
  const past = `${path}[${length}]`;
  const exists = await answer(client, t, past).then(
    () => true,
    () => false,
  );
  if (exists) throw new Error(`${past} answers, so ${path} is longer than ${length}`);
  return length;
}

/** Normalises a decoded leaf and a contract's answer to comparable text. */
export function normalise(v: DecodedVariable['value'] | unknown, type?: string): string {
  const d = v as DecodedVariable['value'];
  if (d && typeof d === 'object' && 'kind' in d) {
    if (d.kind === 'bytes') return d.hex;
    if (d.kind === 'enum' || d.kind === 'value') return normalise(d.value);
  }
  if (type === 'string' && typeof v === 'string') return toHex(v);
  if (typeof v === 'number') return BigInt(v).toString();
  if (typeof v === 'string') return v.toLowerCase();
  return String(v);
}

/** Leaves of decoded variables, and the dynamic arrays among them (label ending in `[]`). */
export function leaves(vars: readonly DecodedVariable[]): {
  values: DecodedVariable[];
  arrays: DecodedVariable[];
} {
  const values: DecodedVariable[] = [];
  const arrays: DecodedVariable[] = [];
  const visit = (v: DecodedVariable): void => {
    const x = v.value;
    if (x.kind === 'struct') x.members.forEach(visit);
    else if (x.kind === 'mapping') for (const e of x.entries) visit(e.value);
    else if (x.kind === 'array') {
      if (v.type.endsWith('[]')) arrays.push(v);
      x.elements.forEach(visit);
    } else values.push(v);
  };
  vars.forEach(visit);
  return { values, arrays };
}
