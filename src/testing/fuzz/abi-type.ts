// The shape of a Solidity ABI type, parsed once from its viem/abitype parameter.
import type { AbiParameter } from 'viem';
import { FuzzInputError } from './errors.js';

export type AbiKind =
  | { readonly kind: 'uint'; readonly bits: number }
  | { readonly kind: 'int'; readonly bits: number }
  | { readonly kind: 'address' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'fixedBytes'; readonly size: number }
  | { readonly kind: 'bytes' }
  | { readonly kind: 'string' }
  | { readonly kind: 'array'; readonly element: AbiKind; readonly length?: number }
  | { readonly kind: 'tuple'; readonly components: readonly AbiKind[] };

export function abiKind(param: AbiParameter): AbiKind {
  return parse(param.type, param);
}

function parse(type: string, param: AbiParameter): AbiKind {
  const arr = /^(.*)\[(\d*)\]$/.exec(type);
  if (arr) {
    const element = parse(arr[1], param);
    return arr[2] === '' ? { kind: 'array', element } : { kind: 'array', element, length: Number(arr[2]) };
  }
  if (type === 'tuple') {
    const components = 'components' in param ? param.components : [];
    return { kind: 'tuple', components: components.map((c) => abiKind(c)) };
  }
  if (type === 'address') return { kind: 'address' };
  if (type === 'bool') return { kind: 'bool' };
  if (type === 'bytes') return { kind: 'bytes' };
  if (type === 'string') return { kind: 'string' };
  const int = /^(u?)int(\d*)$/.exec(type);
  if (int) {
    const bits = int[2] === '' ? 256 : Number(int[2]);
    if (bits % 8 === 0 && bits >= 8 && bits <= 256) return { kind: int[1] === 'u' ? 'uint' : 'int', bits };
  }
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) {
    const size = Number(fixed[1]);
    if (size >= 1 && size <= 32) return { kind: 'fixedBytes', size };
  }
  throw new FuzzInputError(
    `cannot fuzz a parameter of ABI type ${type}`,
    'TDK_FUZZ_TYPE',
    'fuzz parameters must be Solidity ABI types (uintN, intN, address, bool, bytesN, bytes, string, arrays, tuples)',
  );
}
