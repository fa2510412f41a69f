// Compiled code (src/evm/jit.ts) must behave exactly like the interpreter: same status, gas, output,
// logs and state, including exceptional halts, and when a frame switches from the interpreter to
// compiled code half-way.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compareOutcomes, runTdk } from '../../fuzz/evm/differential.js';
import { generateProgram } from '../../fuzz/evm/generator.js';
import { hexToBytes } from '../../src/evm/bytes.js';
import { analyze } from '../../src/evm/code.js';
import { EVM } from '../../src/evm/evm.js';
import { generate, getJitThreshold, setJitThreshold } from '../../src/evm/jit.js';
import { Account } from '../../src/evm/state/account.js';
import { runStateTest } from '../../src/evm/statetest.js';

const DEFAULT_THRESHOLD = getJitThreshold();
afterEach(() => setJitThreshold(DEFAULT_THRESHOLD));

const CALLER = 0x1000n;
const TARGET = 0x2000n;

/** Runs code at TARGET with the given JIT threshold; a fresh copy of the code each time. */
function runCode(hex: string, threshold: number, gas = 1_000_000, data = new Uint8Array(0)) {
  setJitThreshold(threshold);
  const evm = new EVM();
  const a = new Account();
  a.code = hexToBytes(hex);
  evm.state.putAccount(TARGET, a);
  evm.state.putAccount(CALLER, new Account());
  evm.state.beginTransaction();
  const r = evm.runMessage({ caller: CALLER, to: TARGET, gas, data });
  return {
    status: r.status,
    halt: r.halt,
    gasUsed: r.gasUsed,
    output: Buffer.from(r.output).toString('hex'),
    logs: r.logs.length,
    root: Buffer.from(evm.state.stateRoot()).toString('hex'),
    compiled: analyze(a.code).compiled !== null,
  };
}

function sameEverywhere(hex: string, gas?: number) {
  const interpreted = runCode(hex, Number.POSITIVE_INFINITY, gas);
  const eager = runCode(hex, 0, gas);
  const midway = runCode(hex, 5, gas);
  expect(interpreted.compiled).toBe(false);
  expect(eager.compiled).toBe(true);
  const { compiled: _a, ...i } = interpreted;
  const { compiled: _b, ...e } = eager;
  const { compiled: _c, ...m } = midway;
  expect(e).toEqual(i);
  expect(m).toEqual(i);
  return i;
}

describe('compiled code', () => {
  it('runs a counting loop like the interpreter, also when switching mid-frame', () => {
    // i = 100; do { sstore(i, i * 3); i-- } while (i); mstore(0, gas()); return(0, 32): GAS shows that
    // every instruction was charged exactly.
    const r = sameEverywhere(
      '6064' + '5b' + '80600302' + '8155' + '600190' + '03' + '80600257' + '5a5f5260205ff3',
      5_000_000,
    );
    expect(r.status).toBe('success');
  });

  it('halts like the interpreter', () => {
    const cases = [
      '60ff56', // JUMP to a non-JUMPDEST
      '6001600357', // JUMPI to the middle of nowhere
      '01', // stack underflow at the first block
      `5b${'5f'.repeat(1025)}`, // stack overflow
      '5b63ffffffff51', // MLOAD far out: out of gas in memory expansion
      '5b6020600020600055' + '5b600956', // keccak, sstore, then an endless loop: out of gas
      'fe', // INVALID
      '0c', // undefined opcode
      '60016000fd', // REVERT
      '5b600160015d', // TSTORE
    ];
    for (const hex of cases) sameEverywhere(hex, 100_000);
  });

  it('gives identical results to the interpreter on generated programs', () => {
    const mismatches: string[] = [];
    for (let i = 0; i < 150; i++) {
      setJitThreshold(Number.POSITIVE_INFINITY);
      const interpreted = runTdk(generateProgram(77n, i));
      setJitThreshold(0);
      const compiled = runTdk(generateProgram(77n, i));
      const diffs = compareOutcomes(compiled, interpreted);
      if (diffs.length > 0) mismatches.push(`#${i}: ${diffs.map((d) => d.path).join(', ')}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('generates the same source for the same code', () => {
    const code = hexToBytes('6064' + '5b' + '80600302' + '8155' + '600190' + '03' + '80600257' + '00');
    expect(generate(analyze(code))).toBe(generate(analyze(code.slice())));
  });
});

const GST = fileURLToPath(
  new URL('../../../shared/fixtures/ethereum-tests/GeneralStateTests/', import.meta.url),
);
const SKIPS = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../conformance/skipped.json', import.meta.url)), 'utf8'),
).tests as Record<string, string>;

/** Every 16th JSON file of each folder, starting with the 5th (other files than statetest-subset's). */
function sample(dir: string): string[] {
  const names = readdirSync(dir).sort();
  const files = names.filter((n) => n.endsWith('.json')).map((n) => join(dir, n));
  const folders = names.map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory());
  return [...files.filter((_, i) => i % 16 === 4), ...folders.flatMap(sample)];
}

describe('GeneralStateTests sample with all code compiled', () => {
  it.each(sample(GST).map((f) => [relative(GST, f), f]))('%s', (_rel, file) => {
    setJitThreshold(0);
    const tests = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    for (const [name, test] of Object.entries(tests)) {
      if (SKIPS[name]) continue;
      for (const c of runStateTest(name, test)) {
        expect(c.pass, `${c.name}: root ${c.actualRoot} expected ${c.expectedRoot} (${c.detail})`).toBe(true);
      }
    }
  });
});
