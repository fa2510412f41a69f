// console.log and revert decoding against viem's encoders as the independent oracle.
import { encodeErrorResult, encodeFunctionData, hexToBytes, parseAbi } from 'viem';
import { describe, expect, it } from 'vitest';
import { decodeConsoleLog } from '../../src/testing/console-log.js';
import { ErrorDecoder } from '../../src/testing/revert-reason.js';

const CONSOLE = parseAbi([
  'function log(string)',
  'function log(uint256)',
  'function log(string,uint256)',
  'function log(string,address,bool)',
  'function log(uint256,uint256,string,address)',
  'function logInt(int256)',
  'function logBytes(bytes)',
  'function logBytes4(bytes4)',
  'function log(string,string)',
]);

function line(
  functionName: string,
  args: readonly unknown[],
  abi: typeof CONSOLE = CONSOLE,
): string | undefined {
  return decodeConsoleLog(
    hexToBytes(encodeFunctionData({ abi, functionName: functionName as 'log', args: args as never })),
  );
}

describe('console.log decoding', () => {
  it('decodes overloads by selector and formats values like forge', () => {
    expect(line('log', ['hello'])).toBe('hello');
    expect(line('log', [42n])).toBe('42');
    expect(line('log', ['x =', 5n])).toBe('x = 5');
    expect(line('log', ['who', '0x000000000000000000000000000000000000beef', true])).toBe(
      'who 0x000000000000000000000000000000000000bEEF true',
    );
    expect(line('log', [1n, 2n, 'three', '0x0000000000000000000000000000000000000004'])).toBe(
      '1 2 three 0x0000000000000000000000000000000000000004',
    );
    expect(line('logInt', [-7n])).toBe('-7');
    expect(line('logBytes', ['0xc0ffee'])).toBe('0xc0ffee');
    expect(line('logBytes4', ['0xdeadbeef'])).toBe('0xdeadbeef');
  });

  it('applies %s/%d format specifiers of a leading string', () => {
    expect(line('log', ['value %d here', 9n])).toBe('value 9 here');
    expect(line('log', ['%s and more', 'first'])).toBe('first and more');
  });

  it('accepts the legacy log(uint) spelling older console.sol versions hashed', () => {
    const legacy = parseAbi(['function log(uint)']);
    expect(line('log', [3n], legacy as unknown as typeof CONSOLE)).toBe('3');
  });

  it("decodes forge-std's log(int256) and log(string,int256)", () => {
    const forge = parseAbi(['function log(int256)', 'function log(string,int256)']);
    expect(line('log', [-3n], forge as unknown as typeof CONSOLE)).toBe('-3');
    expect(line('log', ['delta', -12n], forge as unknown as typeof CONSOLE)).toBe('delta -12');
  });

  it('ignores calls that are not console overloads', () => {
    expect(decodeConsoleLog(new Uint8Array([1, 2, 3, 4]))).toBeUndefined();
  });
});

describe('revert decoding', () => {
  const abi = parseAbi(['error Unauthorized(address who, uint256 code)', 'error Empty()']);
  const dec = new ErrorDecoder([abi]);

  it('Error(string), Panic names and project custom errors', () => {
    const errorString = parseAbi(['error Error(string)']);
    const panic = parseAbi(['error Panic(uint256)']);
    expect(
      dec.decode(hexToBytes(encodeErrorResult({ abi: errorString, errorName: 'Error', args: ['nope'] }))),
    ).toBe('nope');
    expect(dec.decode(hexToBytes(encodeErrorResult({ abi: panic, errorName: 'Panic', args: [0x12n] })))).toBe(
      'panic: division or modulo by zero (0x12)',
    );
    expect(dec.decode(hexToBytes(encodeErrorResult({ abi: panic, errorName: 'Panic', args: [0x32n] })))).toBe(
      'panic: array out-of-bounds access (0x32)',
    );
    expect(
      dec.decode(
        hexToBytes(
          encodeErrorResult({
            abi,
            errorName: 'Unauthorized',
            args: ['0x000000000000000000000000000000000000beef', 3n],
          }),
        ),
      ),
    ).toBe('Unauthorized(0x000000000000000000000000000000000000bEEF, 3)');
    expect(dec.decode(hexToBytes(encodeErrorResult({ abi, errorName: 'Empty' })))).toBe('Empty()');
  });

  it('empty and unknown revert data', () => {
    expect(dec.decode(new Uint8Array(0))).toBe('EvmError: Revert');
    expect(dec.decode(new Uint8Array([0xaa, 0xbb, 0xcc, 0xdd]))).toBe('custom error 0xaabbccdd');
  });
});
