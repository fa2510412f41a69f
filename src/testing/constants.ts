// Addresses and defaults of Foundry's test environment (forge and Hardhat 3's EDR agree on them), so
// tests that hard-code them behave the same under tdk.

/** keccak256("hevm cheat code")[12..]: where `vm.*` calls go. */
export const CHEATCODE_ADDRESS = 0x7109709ecfa91a80626ff3989d68f67f5b1dd12dn;
/** Hardhat's console.log address ("console.log" as bytes). */
export const CONSOLE_ADDRESS = 0x000000000000000000636f6e736f6c652e6c6f67n;
export const DEFAULT_SENDER = 0x1804c8ab1f12e6bbf3894d4083f33e07309d1f38n;
/**
 * The test contract: CREATE by the default sender at nonce 1 (0x7FA9…1496). The often-quoted
 * 0x5615…b72f is the first contract the test contract itself deploys (its CREATE at nonce 1).
 */
export const TEST_CONTRACT_ADDRESS = 0x7fa9385be102ac3eac297483dd6233d62b3e1496n;
export const CREATE2_FACTORY = 0x4e59b44847b379578588920ca78fbf26c0b4956cn;
/** 2^96 - 1 wei, the balance forge gives the sender and the test contract. */
export const INITIAL_BALANCE = (1n << 96n) - 1n;
export const DEFAULT_CHAIN_ID = 31337n;
/**
 * Gas for one test call. forge uses i64::MAX, which an endless loop would take hours to burn in a
 * TypeScript EVM; 2^30 still runs any realistic test and stops a runaway loop in seconds.
 */
export const DEFAULT_TEST_GAS = 1n << 30n;
/** GASLIMIT as forge reports it (i64::MAX). */
export const BLOCK_GAS_LIMIT = (1n << 63n) - 1n;
/** bytes32("failed"): the legacy DSTest failure flag, stored at the cheatcode address. */
export const FAILED_SLOT = 0x6661696c65640000000000000000000000000000000000000000000000000000n;
