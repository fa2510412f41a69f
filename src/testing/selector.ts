// A function selector as a number, from a canonical signature such as "log(string,uint256)", hashed
// with tdk's own keccak: the cheatcode and console tables hash a few thousand signatures, and viem's
// toFunctionSelector (parse, format, hex) cost tens of milliseconds at every start.
import { keccak256 } from '../evm/index.js';

const utf8 = new TextEncoder();

export function selectorOf(signature: string): number {
  const h = keccak256(utf8.encode(signature));
  return ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
}
