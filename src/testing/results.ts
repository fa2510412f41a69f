// What a test run produces: per test, per suite (one test contract), per run. The JSON output of
// `tdk test --json` is these objects (bigints as decimal strings), so their shape is the schema.
import type { TestKind } from './suite.js';

export type TestStatus = 'pass' | 'fail' | 'skip';

export interface TestResult {
  /** Signature, e.g. test_Increment() or testFuzz_Set(uint256). */
  name: string;
  kind: TestKind;
  status: TestStatus;
  reason?: string;
  /** Unit tests: execution gas of the test call. */
  gas?: bigint;
  fuzz?: { runs: number; mean: bigint; median: bigint; seed: bigint; rejects: number };
  invariant?: { runs: number; calls: number; reverts: number; seed: bigint };
  counterexample?: { calldata: string; args: string; sequence?: string[] };
  logs: string[];
  trace?: string;
  durationMs: number;
}

export interface SuiteResult {
  /** Source path of the test file, relative to the project root. */
  file: string;
  contract: string;
  tests: TestResult[];
  /** --gas-report: the test contract's depth-1 calls and creates, named by artifact. */
  gas?: {
    calls: { contract: string; fn: string; gas: bigint }[];
    deployments: { contract: string; gas: bigint; size: number }[];
  };
  /** A file that did not compile: the compiler's message (its suites have no tests). */
  compileError?: string;
  durationMs: number;
}
