// Differential fuzzer: tdk's EVM against @ethereumjs/evm 10.1.3 (Cancun) on generated programs.
//
//   npm run fuzz:evm                                  # build, then 10,000 programs with seed 1
//   node dist/fuzz/evm.js --programs N [--seed S] [--start I] [--index I] [--json] [--quiet]
//
// Program i of a run is generateProgram(seed, i): any mismatch is reproduced by --seed S --index i.
// Prints progress, the number of identical results, and every mismatch (seed, index, hex code of each
// contract, the transaction and the structured diff). Exits 1 on any mismatch.
import { parseArgs } from 'node:util';
import { OPCODES } from '../src/evm/opcodes.js';
import { type Difference, Differential, type Outcome, RunStats } from './evm/differential.js';
import { describeProgram, type FuzzProgram, generateProgram, opcodesIn } from './evm/generator.js';

interface Mismatch {
  readonly seed: string;
  readonly index: number;
  readonly diffs: Difference[];
  readonly program: FuzzProgram;
  readonly tdk: Outcome;
  readonly ethereumjs: Outcome;
}

function summary(o: Outcome): string {
  if (o.error !== undefined) return `error: ${o.error.split('\n').slice(0, 4).join(' | ')}`;
  return `${o.status}${o.halt ? ` (${o.halt})` : ''} gasUsed=${o.gasUsed} refund=${o.gasRefund} logs=${o.logs.length} accounts=${o.accounts.size}`;
}

function printMismatch(m: Mismatch): void {
  const lines: string[] = [];
  lines.push(
    `MISMATCH seed=${m.seed} index=${m.index}  (reproduce: node dist/fuzz/evm.js --seed ${m.seed} --index ${m.index})`,
  );
  lines.push(`  tdk:        ${summary(m.tdk)}`);
  lines.push(`  ethereumjs: ${summary(m.ethereumjs)}`);
  for (const d of m.diffs.slice(0, 40))
    lines.push(`  diff ${d.path}: tdk=${d.tdk}  ethereumjs=${d.ethereumjs}`);
  if (m.diffs.length > 40) lines.push(`  … ${m.diffs.length - 40} more differences`);
  lines.push(`  program: ${JSON.stringify(describeProgram(m.program))}`);
  console.log(lines.join('\n'));
}

function fmtMap<K>(m: Map<K, number>, key: (k: K) => string = String): string {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${key(k)}=${v}`)
    .join(' ');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      programs: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      start: { type: 'string', default: '0' },
      index: { type: 'string' },
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const seed = BigInt(values.seed);
  const single = values.index !== undefined;
  const start = single ? Number(values.index) : Number(values.start);
  const count = single ? 1 : Number(values.programs);
  const differential = await Differential.create();
  const stats = new RunStats();
  const opcodes = new Uint32Array(256);
  const mismatches: Mismatch[] = [];
  let identical = 0;
  let codeBytes = 0;
  const t0 = performance.now();
  const every = Math.max(1, Math.min(1000, Math.floor(count / 10)));

  for (let i = start; i < start + count; i++) {
    const program = generateProgram(seed, i);
    for (const a of program.accounts) {
      opcodesIn(a.code, opcodes);
      codeBytes += a.code.length;
    }
    if (program.tx.to === null) opcodesIn(program.tx.data, opcodes);
    const r = await differential.run(program, stats);
    if (r.diffs.length === 0) identical++;
    else {
      const m: Mismatch = {
        seed: values.seed,
        index: i,
        diffs: r.diffs,
        program,
        tdk: r.tdk,
        ethereumjs: r.ethereumjs,
      };
      mismatches.push(m);
      printMismatch(m);
    }
    if (single && values.json) {
      console.log(JSON.stringify({ program: describeProgram(program), diffs: r.diffs }, null, 2));
    }
    const done = i - start + 1;
    if (!values.quiet && !single && (done % every === 0 || done === count)) {
      const s = (performance.now() - t0) / 1000;
      console.log(
        `[${done}/${count}] identical=${identical} mismatches=${mismatches.length} ${s.toFixed(1)}s (${(done / s).toFixed(0)} programs/s)`,
      );
    }
  }

  const seconds = (performance.now() - t0) / 1000;
  const defined = OPCODES.map((o, i) => (o ? i : -1)).filter((i) => i >= 0);
  const missing = defined.filter((op) => opcodes[op] === 0).map((op) => OPCODES[op]!.name);
  console.log('');
  console.log(
    `seed ${values.seed}, programs ${start}..${start + count - 1}: ${count} run in ${seconds.toFixed(1)} s`,
  );
  console.log(`identical: ${identical}   mismatches: ${mismatches.length}`);
  console.log(`top-level outcomes: ${fmtMap(stats.topStatus)}`);
  console.log(`frames entered (tdk): ${fmtMap(stats.frames)}; max depth ${stats.maxDepth}`);
  console.log(`frame exits: ${fmtMap(stats.frameStatus)}`);
  console.log(
    `precompile calls (ok/total): ${[...stats.precompileCalls.entries()]
      .sort((a, b) => Number(a[0] - b[0]))
      .map(([a, n]) => `0x${a.toString(16).padStart(2, '0')}=${stats.precompileOk.get(a) ?? 0}/${n}`)
      .join(' ')}`,
  );
  console.log(
    `logs emitted: ${stats.logs}; storage writes: ${stats.storageWrites}; code generated: ${codeBytes} bytes`,
  );
  console.log(
    `defined opcodes present in generated code: ${defined.length - missing.length}/${defined.length}${missing.length ? ` (missing: ${missing.join(' ')})` : ''}`,
  );
  if (mismatches.length > 0) {
    console.log(`MISMATCHES at indexes: ${mismatches.map((m) => m.index).join(', ')}`);
  }
  return mismatches.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 2;
  },
);
