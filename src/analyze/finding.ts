// What a detector reports, and the shape every detector declares (after Slither's detector class:
// the texts users read sit next to the check). Reporters (text, JSON, SARIF), suppression, the
// config file and `--confirm` work only on these types, never on detector internals.

export type Severity = 'high' | 'medium' | 'low' | 'informational';
export type Confidence = 'high' | 'medium' | 'low';

/** Most severe first; `--fail-on` and sorting use this order. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'informational'];

/** A place in a source file. Lines and columns are 1-based; `end*` is inclusive of the last character. */
export interface SourceLocation {
  /** Path as given to the scan (project-relative when scanning a project). */
  readonly file: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Byte offset and length in the file (solc's `src`), for tools that want them. */
  readonly offset: number;
  readonly length: number;
}

/** The program element a finding points at, with what a human needs to find it. */
export interface FindingElement {
  readonly kind: 'contract' | 'function' | 'modifier' | 'statement' | 'expression' | 'variable';
  /** e.g. `Bank.withdraw(uint256)` or `balances`. */
  readonly name: string;
  readonly location: SourceLocation;
}

/** The fixed description of a detector. */
export interface DetectorInfo {
  /** Kebab-case id, Slither's name where one exists (`reentrancy-eth`, `integer-overflow`). */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** SmartBugs/DASP category this detector's findings count for when scoring. */
  readonly category:
    | 'reentrancy'
    | 'arithmetic'
    | 'time_manipulation'
    | 'bad_randomness'
    | 'unchecked_low_level_calls'
    | 'access_control'
    | 'denial_of_service'
    | 'front_running'
    | 'short_addresses'
    | 'other';
  readonly description: string;
  readonly exploitScenario: string;
  readonly recommendation: string;
}

export interface Finding {
  readonly detector: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** One sentence naming the contract, function and what is wrong. */
  readonly message: string;
  /** The primary location: the line a reviewer must look at (e.g. the external call for reentrancy). */
  readonly location: SourceLocation;
  /** Every line the finding covers, primary line included, sorted, for scoring and suppression. */
  readonly lines: readonly number[];
  readonly contract: string;
  /** Function signature such as `withdraw(uint256)`; absent for contract-level findings. */
  readonly function?: string;
  /** Further elements (the state write after the call, the guard that is missing, ...). */
  readonly related: readonly FindingElement[];
  /** The defence that fixes it (checks-effects-interactions, nonReentrant, SafeMath, ...). */
  readonly defence: string;
  /** Stable across runs and unrelated edits: hash of detector, file, contract, function and code. */
  readonly fingerprint: string;
  /** Set by `--confirm`. */
  confirmation?: Confirmation;
}

/** The sandbox's verdict on a finding (`--confirm`). */
export interface Confirmation {
  readonly status: 'confirmed' | 'not-confirmed' | 'error';
  /** One line: what was tried and what happened (ether in vs out for reentrancy). */
  readonly summary: string;
  /** Human-readable call trace of the exploit attempt. */
  readonly trace?: readonly string[];
}
