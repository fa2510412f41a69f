// tdk's EVM vs @ethereumjs/evm (Cancun) on the same workloads, in one process.
//
//   npm run bench                          # build, then everything below with defaults
//   node dist/bench/evm.js [--json] [--only tdk|ethereumjs] [--workloads a,c,f]
//                          [--tdk-runs 5] [--ejs-runs 3] [--no-ops] [--no-cache]
//
// Per workload: build a base state once per engine (raw code, or a deployment by CALLER), do one
// warm-up run per engine, then N timed runs per engine, interleaved between the engines, each on a
// fresh copy of the base state; report medians. A GC is forced before every run (outside the timed
// region). Both engines must agree on status, output, gasUsed and logs of the call (and on the
// deployment); disagreements are flagged in the "check" column. Workload definitions: bench/workloads.ts; contracts: bench/contracts/*.sol.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  diffOutcomes,
  type Engine,
  EthereumjsEngine,
  type Outcome,
  type Prepared,
  TdkEngine,
  type TimedOutcome,
} from './engines.js';
import { compileBenchContracts, repoRoot } from './solc.js';
import { benchContracts, buildWorkloads, FULL_SIZES, type WorkloadSpec } from './workloads.js';

const GEOMEAN_TARGET = 20;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface EngineStats {
  readonly runsMs: number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly mgasPerS: number;
}

interface Row {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  gasUsed?: number;
  ops?: number;
  tdk?: EngineStats;
  ethereumjs?: EngineStats;
  ratio?: number;
  readonly target: number;
  pass?: boolean;
  status?: string;
  problems: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function stats(runs: TimedOutcome[], gas: number): EngineStats {
  const runsMs = runs.map((r) => r.ns / 1e6);
  const medianMs = median(runsMs);
  return { runsMs, medianMs, minMs: Math.min(...runsMs), mgasPerS: gas / 1e3 / medianMs };
}

const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

interface Measured {
  readonly deploy?: Outcome;
  /** The warm-up run's outcome; every timed run must repeat it. */
  readonly first: Outcome;
  readonly runs: TimedOutcome[];
  readonly problems: string[];
}

/**
 * Prepares each engine's base state, does one warm-up run per engine, then the timed runs with the
 * engines interleaved (a, b, a, b, ..., then the rest of whichever has more runs), so machine
 * noise is spread over both engines rather than landing on one. A GC is forced before every run.
 */
async function measure(
  engines: readonly { engine: Engine; runs: number }[],
  w: WorkloadSpec,
): Promise<Measured[]> {
  const prepared: Prepared[] = [];
  for (const { engine } of engines) prepared.push(await engine.prepare(w));
  const warm: TimedOutcome[] = [];
  for (const p of prepared) {
    gc();
    warm.push(await p.run());
  }
  const timed: TimedOutcome[][] = engines.map(() => []);
  const problems: string[][] = engines.map(() => []);
  const most = Math.max(...engines.map((e) => e.runs));
  for (let i = 0; i < most; i++) {
    for (let k = 0; k < engines.length; k++) {
      if (i >= engines[k]!.runs) continue;
      gc();
      const r = await prepared[k]!.run();
      const d = diffOutcomes(warm[k]!.outcome, r.outcome);
      if (d.length > 0)
        problems[k]!.push(
          `${engines[k]!.engine.name} run ${i + 1} differs from its warm-up: ${d.join(', ')}`,
        );
      timed[k]!.push(r);
    }
  }
  return engines.map(({ engine }, k) => {
    log(
      `  ${engine.name.padEnd(10)} ${w.id}: ${timed[k]!.map((r) => (r.ns / 1e6).toFixed(1)).join(' ')} ms (warm-up ${(warm[k]!.ns / 1e6).toFixed(1)})`,
    );
    return { deploy: prepared[k]!.deploy, first: warm[k]!.outcome, runs: timed[k]!, problems: problems[k]! };
  });
}

/** Counts executed opcodes (all frames) with a step hook; separate, untimed run. */
async function countOps(w: WorkloadSpec): Promise<number> {
  let n = 0;
  const engine = new TdkEngine({
    inspector: {
      step() {
        n++;
      },
    },
  });
  const p = await engine.prepare(w);
  await p.run();
  return n;
}

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return '?';
  }
}

// ---- formatting --------------------------------------------------------------------------------

const fmtInt = (n: number | undefined): string =>
  n === undefined ? '-' : Math.round(n).toLocaleString('en-US');
const fmt = (n: number | undefined, digits: number): string => (n === undefined ? '-' : n.toFixed(digits));
const fmtMs = (n: number | undefined): string =>
  n === undefined ? '-' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
const fmtOps = (n: number | undefined): string =>
  n === undefined ? '-' : n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(1)}k`;

function table(header: string[], rows: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---- main --------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      workloads: { type: 'string' },
      'tdk-runs': { type: 'string', default: '5' },
      'ejs-runs': { type: 'string', default: '3' },
      'no-ops': { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'usage: node dist/bench/evm.js [--json] [--only tdk|ethereumjs] [--workloads a,b,...] [--tdk-runs N] [--ejs-runs N] [--no-ops] [--no-cache]',
    );
    return;
  }
  const only = values.only;
  if (only !== undefined && only !== 'tdk' && only !== 'ethereumjs')
    throw new Error('--only must be tdk or ethereumjs');
  const runTdk = only !== 'ethereumjs';
  const runEjs = only !== 'tdk';
  const tdkRuns = Number(values['tdk-runs']);
  const ejsRuns = Number(values['ejs-runs']);
  if (!(tdkRuns >= 1 && ejsRuns >= 1)) throw new Error('--tdk-runs and --ejs-runs must be >= 1');

  const t0 = performance.now();
  log('compiling bench/contracts with solc-js...');
  const compiled = await compileBenchContracts({ useCache: !values['no-cache'] });
  log(
    `  solc ${compiled.solcVersion}: ${compiled.cached ? 'cached' : `compiled in ${compiled.compileMs.toFixed(0)} ms`}`,
  );
  let workloads = buildWorkloads(benchContracts(compiled.contracts), FULL_SIZES);
  if (values.workloads !== undefined) {
    const ids = new Set(values.workloads.split(',').map((s) => s.trim()));
    workloads = workloads.filter((w) => ids.has(w.id));
  }

  const tdk = new TdkEngine();
  const ejs = new EthereumjsEngine();
  const rows: Row[] = [];
  for (const w of workloads) {
    log(`workload ${w.id} (${w.name}): ${w.description}`);
    const row: Row = { id: w.id, name: w.name, description: w.description, target: w.target, problems: [] };
    rows.push(row);
    const engines = [
      ...(runTdk ? [{ engine: tdk as Engine, runs: tdkRuns }] : []),
      ...(runEjs ? [{ engine: ejs as Engine, runs: ejsRuns }] : []),
    ];
    const measured = await measure(engines, w);
    const t = runTdk ? measured[0] : undefined;
    const e = runEjs ? measured[measured.length - 1] : undefined;
    const ref = t ?? e!;
    row.gasUsed = ref.first.gasUsed;
    row.status = ref.first.status;
    row.problems.push(...(t?.problems ?? []), ...(e?.problems ?? []));
    if (ref.first.status !== 'success')
      row.problems.push(`call ended with ${ref.first.status} ${ref.first.error ?? ''}`);
    if (t !== undefined && e !== undefined) {
      if (t.deploy !== undefined && e.deploy !== undefined) {
        const d = diffOutcomes(t.deploy, e.deploy);
        if (d.length > 0) row.problems.push(`deployment differs (tdk vs ethereumjs): ${d.join(', ')}`);
      }
      const d = diffOutcomes(t.first, e.first);
      if (d.length > 0) row.problems.push(`result differs (tdk vs ethereumjs): ${d.join(', ')}`);
    }
    if (t !== undefined) row.tdk = stats(t.runs, row.gasUsed);
    if (e !== undefined) row.ethereumjs = stats(e.runs, e.first.gasUsed);
    if (row.tdk !== undefined && row.ethereumjs !== undefined) {
      row.ratio = row.ethereumjs.medianMs / row.tdk.medianMs;
      row.pass = row.ratio >= row.target;
    }
    if (runTdk && !values['no-ops']) row.ops = await countOps(w);
  }

  const ratios = rows.map((r) => r.ratio).filter((r): r is number => r !== undefined);
  const geomean =
    ratios.length > 0 ? Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length) : undefined;
  const tdkTotal = runTdk ? rows.reduce((s, r) => s + (r.tdk?.medianMs ?? 0), 0) : undefined;
  const ejsTotal = runEjs ? rows.reduce((s, r) => s + (r.ethereumjs?.medianMs ?? 0), 0) : undefined;
  const wallS = (performance.now() - t0) / 1e3;
  const meta = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    ethereumjsEvm: packageVersion('@ethereumjs/evm'),
    hardfork: 'cancun',
    solc: compiled.solcVersion,
    openzeppelin: packageVersion('@openzeppelin/contracts'),
    tdkRuns: runTdk ? tdkRuns : 0,
    ejsRuns: runEjs ? ejsRuns : 0,
    warmupRuns: 1,
    freshStatePerRun: true,
    wallSeconds: wallS,
  };
  const allChecksOk = rows.every((r) => r.problems.length === 0);

  if (values.json) {
    console.log(
      JSON.stringify(
        {
          meta,
          workloads: rows.map((r) => ({ ...r, check: r.problems.length === 0 ? 'ok' : 'MISMATCH' })),
          geomeanRatio: geomean,
          geomeanTarget: GEOMEAN_TARGET,
          geomeanPass: geomean === undefined ? undefined : geomean >= GEOMEAN_TARGET,
          totalMedianMs: { tdk: tdkTotal, ethereumjs: ejsTotal },
          allChecksOk,
        },
        null,
        2,
      ),
    );
    return;
  }

  const out: string[] = [];
  out.push(
    `tdk EVM vs @ethereumjs/evm ${meta.ethereumjsEvm} (Cancun) - Node ${meta.node}, ${meta.platform}, ${meta.cpus} CPUs (${meta.cpuModel})`,
  );
  out.push(
    `medians of ${tdkRuns} tdk / ${ejsRuns} ethereumjs runs after 1 warm-up each (engines interleaved), fresh state per run; solc ${meta.solc.split('+')[0]} (optimizer 200, cancun), OpenZeppelin ${meta.openzeppelin}`,
  );
  out.push('');
  const header = [
    'id',
    'workload',
    'gas',
    'ops',
    'tdk ms',
    'ejs ms',
    'tdk Mgas/s',
    'ejs Mgas/s',
    'tdk Mops/s',
    'ratio',
    'target',
    'result',
    'check',
  ];
  const body = rows.map((r) => [
    r.id,
    r.name,
    fmtInt(r.gasUsed),
    fmtOps(r.ops),
    fmtMs(r.tdk?.medianMs),
    fmtMs(r.ethereumjs?.medianMs),
    fmt(r.tdk?.mgasPerS, 1),
    fmt(r.ethereumjs?.mgasPerS, 1),
    r.ops !== undefined && r.tdk !== undefined ? fmt(r.ops / 1e3 / r.tdk.medianMs, 1) : '-',
    r.ratio === undefined ? '-' : `${r.ratio.toFixed(1)}x`,
    `>=${r.target}x`,
    r.pass === undefined ? '-' : r.pass ? 'PASS' : 'MISS',
    r.problems.length === 0 ? (runTdk && runEjs ? 'ok' : '-') : 'WARN: MISMATCH',
  ]);
  out.push(
    table(header, body, [false, false, true, true, true, true, true, true, true, true, true, false, false]),
  );
  out.push('');
  if (geomean !== undefined) {
    out.push(
      `geometric mean of ratios: ${geomean.toFixed(1)}x (target >=${GEOMEAN_TARGET}x): ${geomean >= GEOMEAN_TARGET ? 'PASS' : 'MISS'}`,
    );
  }
  out.push(
    `sum of medians: tdk ${fmtMs(tdkTotal)} ms, ethereumjs ${fmtMs(ejsTotal)} ms; correctness: ${
      runTdk && runEjs
        ? allChecksOk
          ? 'both EVMs agree on status, output, gasUsed and logs everywhere'
          : 'MISMATCHES, see below'
        : 'not cross-checked (single engine)'
    }; wall ${wallS.toFixed(0)} s`,
  );
  out.push('');
  out.push('ops = opcodes executed (counted once on tdk with a step hook, untimed). Workloads:');
  for (const r of rows) out.push(`  ${r.id}. ${r.description}`);
  for (const r of rows) for (const p of r.problems) out.push(`WARNING ${r.id}: ${p}`);
  console.log(out.join('\n'));
}

await main();
