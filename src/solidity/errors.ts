// Typed errors of the Solidity pipeline. They extend EvmError, tdk's base error with a stable code and
// a hint, so every CLI command prints them the same way (`error[CODE]: message` + `hint: ...`).
import { EvmError } from '../evm/errors.js';

export type SolidityErrorCode =
  | 'TDK_CONFIG' // foundry.toml / remappings.txt unreadable or invalid
  | 'TDK_NO_SOURCES' // the src/test/script folders hold no .sol file
  | 'TDK_PRAGMA' // a `pragma solidity` that semver cannot parse
  | 'TDK_SOLC_VERSION' // no bundled compiler satisfies a file (and its imports), or the pinned one does not
  | 'TDK_SOLC_NOT_BUNDLED' // foundry.toml pins a solc that tdk does not ship
  | 'TDK_SOLC_FAILED' // the compiler returned something that is not standard-JSON output
  | 'TDK_ARTIFACT_NOT_FOUND'
  | 'TDK_ARTIFACT_AMBIGUOUS'
  | 'TDK_DEPLOY' // a deployment (tdk up, deploy.json) failed
  | 'TDK_UNKNOWN_CONTRACT'; // no artifact matches a deployed contract's code

export class SolidityError extends EvmError {
  constructor(message: string, code: SolidityErrorCode, hint?: string) {
    super(message, code, hint);
  }
}
