// `tdk test` as a library call: load the project, pick the suites, run them (across worker threads
// when there are several and more than one core), and hand each suite's result back in file order.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GasReport } from './gas-report.js';
import { loadTestProject, type TestProject } from './project.js';
import type { SuiteResult } from './results.js';
import { ErrorDecoder } from './revert-reason.js';
import { runSuite, type SuiteOptions } from './suite.js';
import type { TestArtifact, TestContext } from './test-inspector.js';

export interface RunOptions extends SuiteOptions {
  readonly root: string;
  readonly profile?: string;
  readonly matchContract?: RegExp;
  /** A glob over the test file's path relative to the root, e.g. test/unit/**. */
  readonly matchPath?: string;
  /** Worker threads; 1 runs everything on this thread. Default: the number of cores. */
  readonly jobs?: number;
  readonly onProgress?: (message: string) => void;
  /** Called with each suite's result, in file order, as soon as it and all before it are done. */
  readonly onSuite?: (suite: SuiteResult) => void;
}

export interface RunResult {
  readonly suites: SuiteResult[];
  /** With gasReport: every suite's samples together. */
  readonly gasReport?: GasReport;
  /** Running the tests, compilation excluded (as forge reports it). */
  readonly durationMs: number;
  readonly compileMs: number;
  readonly ok: boolean;
}

function randomSeed(): bigint {
  const b = new BigUint64Array(2);
  crypto.getRandomValues(b);
  return (b[0] << 64n) | b[1];
}

function definedFields<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function runTests(opts: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const project = await loadTestProject({
    root: opts.root,
    profile: opts.profile,
    onProgress: opts.onProgress,
  });
  const compileMs = performance.now() - started;
  const testsStarted = performance.now();
  const selected = selectSuites(project, opts);
  const results: SuiteResult[] = [];
  const emit = (s: SuiteResult) => {
    // A contract with nothing selected (a handler, a filtered-out suite) is not reported, as in forge.
    if (s.tests.length === 0 && s.compileError === undefined) return;
    results.push(s);
    opts.onSuite?.(s);
  };
  for (const e of project.compileErrors) {
    if (opts.matchPath !== undefined && !globToRegExp(opts.matchPath).test(e.file)) continue;
    emit({ file: e.file, contract: '', tests: [], compileError: e.message, durationMs: 0 });
  }
  const suiteOptions: SuiteOptions = {
    gasLimit: opts.gasLimit,
    verbosity: opts.verbosity,
    matchTest: opts.matchTest,
    // Flags over foundry.toml over tdk's defaults; an unpinned seed is fresh each run (and printed).
    fuzz: {
      runs: opts.fuzz?.runs ?? project.settings.fuzz.runs,
      seed: opts.fuzz?.seed ?? project.settings.fuzz.seed ?? randomSeed(),
    },
    invariant: { ...project.settings.invariant, ...definedFields(opts.invariant ?? {}) },
    gasReport: opts.gasReport,
  };
  const jobs = Math.max(1, Math.min(opts.jobs ?? defaultJobs(), selected.length));
  if (jobs <= 1 || !existsSync(WORKER)) {
    for (const a of selected) emit(runSuite(a, project.context, suiteOptions));
  } else {
    await runInWorkers(selected, project.context, suiteOptions, jobs, emit);
  }
  const ok = results.every((s) => s.compileError === undefined && s.tests.every((t) => t.status !== 'fail'));
  let gasReport: GasReport | undefined;
  if (opts.gasReport) {
    gasReport = new GasReport();
    for (const s of results) {
      for (const c of s.gas?.calls ?? []) gasReport.addCall(c);
      for (const d of s.gas?.deployments ?? []) gasReport.addDeployment(d.contract, d.gas, d.size);
    }
  }
  return { suites: results, gasReport, durationMs: performance.now() - testsStarted, compileMs, ok };
}

export function selectSuites(
  project: TestProject,
  opts: Pick<RunOptions, 'matchContract' | 'matchPath' | 'matchTest'>,
): TestArtifact[] {
  const path = opts.matchPath === undefined ? undefined : globToRegExp(opts.matchPath);
  return project.suites.filter(
    (a) =>
      (opts.matchContract === undefined || opts.matchContract.test(a.contractName)) &&
      (path === undefined || path.test(a.sourcePath)),
  );
}

/**
 * Worker threads by default: one per core from three cores up. Each worker starts cold (its own
 * module load and JIT warm-up), and on two cores that cost more than it won: examples/testing took
 * 6.2 s on the main thread and 8.8 s with two workers (2-core VM, load ~3).
 */
function defaultJobs(): number {
  const cores = availableParallelism();
  return cores > 2 ? cores : 1;
}

/** A Foundry-style path glob: ** any folders, * within one name, ? one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/^\.\//, '');
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*') {
      if (g[i + 1] === '*') {
        re += '.*';
        i++;
        if (g[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** What a worker needs: plain data (the error decoder is rebuilt from the ABIs). */
export interface WorkerInit {
  readonly context: Omit<TestContext, 'errors'>;
  readonly options: SuiteOptions;
}

async function runInWorkers(
  suites: readonly TestArtifact[],
  context: TestContext,
  options: SuiteOptions,
  jobs: number,
  emit: (s: SuiteResult) => void,
): Promise<void> {
  const init: WorkerInit = {
    context: {
      root: context.root,
      fsPermissions: context.fsPermissions,
      artifacts: context.artifacts,
      vmSignatures: context.vmSignatures,
      env: context.env,
    },
    options,
  };
  const done: (SuiteResult | undefined)[] = new Array(suites.length).fill(undefined);
  let flushed = 0;
  let next = 0;
  const flush = () => {
    while (flushed < suites.length && done[flushed] !== undefined) emit(done[flushed++]!);
  };
  const workers: Promise<void>[] = [];
  for (let w = 0; w < jobs; w++) {
    workers.push(
      new Promise<void>((resolvePromise, reject) => {
        const worker = new Worker(WORKER, { workerData: init });
        let current = -1;
        const give = () => {
          if (next >= suites.length) {
            void worker.terminate();
            resolvePromise();
            return;
          }
          current = next++;
          worker.postMessage(suites[current]);
        };
        worker.on('message', (r: SuiteResult) => {
          done[current] = r;
          flush();
          give();
        });
        worker.on('error', (err) => {
          // A crash in a worker fails its suite, not the run.
          done[current] = {
            file: suites[current].sourcePath,
            contract: suites[current].contractName,
            tests: [
              {
                name: '(suite)',
                kind: 'unit',
                status: 'fail',
                reason: `runner crashed: ${err.message}`,
                logs: [],
                durationMs: 0,
              },
            ],
            durationMs: 0,
          };
          flush();
          reject(err);
        });
        give();
      }),
    );
  }
  await Promise.allSettled(workers);
  // Anything a crashed worker left unrun runs here.
  for (let i = 0; i < suites.length; i++) {
    if (done[i] === undefined) done[i] = runSuite(suites[i], context, options);
  }
  flush();
}

/** Rebuilds a TestContext inside a worker. */
export function contextFromInit(init: WorkerInit): TestContext {
  return { ...init.context, errors: new ErrorDecoder(init.context.artifacts.map((a) => a.abi)) };
}
