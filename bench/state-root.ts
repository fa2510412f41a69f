// State root cost after a small change: the incremental WorldState.stateRoot() against a rebuild of
// every trie from scratch (what stateRoot() did before src/evm/state/commitment.ts).
//
//   npx tsc -p tsconfig.build.json && node dist/bench/state-root.js [--slots 5000] [--accounts 5000]
//
// The state: one contract with `slots` storage slots (an ERC-20's balances) and `accounts` funded
// EOAs. Each measured "block" is a token transfer's worth of changes (two slots, the sender's nonce
// and balance, the coinbase's balance) followed by a state root; the first root (a full build) is
// reported separately.
import { parseArgs } from 'node:util';
import { bytesToHex } from '../src/evm/bytes.js';
import { WorldState } from '../src/evm/index.js';
import { stateRootFromScratch } from '../src/evm/state/commitment.js';

const { values } = parseArgs({
  options: {
    slots: { type: 'string', default: '5000' },
    accounts: { type: 'string', default: '5000' },
    blocks: { type: 'string', default: '200' },
  },
});
const SLOTS = Number(values.slots);
const ACCOUNTS = Number(values.accounts);
const BLOCKS = Number(values.blocks);
const TOKEN = 0x70c3n;
const COINBASE = 0xc0ffeen;

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const state = new WorldState();
state.setCode(TOKEN, Uint8Array.of(0x00));
for (let i = 1; i <= SLOTS; i++) state.setStorage(TOKEN, BigInt(i) * 0x9e3779b97f4a7c15n, BigInt(i) * 1000n);
for (let i = 1; i <= ACCOUNTS; i++) state.setBalance(BigInt(i) << 16n, 10n ** 18n);

let t0 = process.hrtime.bigint();
const first = state.stateRoot();
const firstMs = ms(t0);

let incremental = 0;
let scratch = 0;
let agree = true;
for (let b = 0; b < BLOCKS; b++) {
  const from = BigInt(1 + (b % Math.max(1, ACCOUNTS))) << 16n;
  const slotA = BigInt(1 + (b % SLOTS)) * 0x9e3779b97f4a7c15n;
  const slotB = BigInt(1 + ((b * 7919) % SLOTS)) * 0x9e3779b97f4a7c15n;
  state.setStorage(TOKEN, slotA, state.getStorage(TOKEN, slotA) - 1n);
  state.setStorage(TOKEN, slotB, state.getStorage(TOKEN, slotB) + 1n);
  state.setNonce(from, state.getNonce(from) + 1n);
  if (state.getBalance(from) >= 21_000n) state.subBalance(from, 21_000n);
  state.addBalance(COINBASE, 21_000n);
  t0 = process.hrtime.bigint();
  const root = state.stateRoot();
  incremental += ms(t0);
  if (b % 20 === 0) {
    t0 = process.hrtime.bigint();
    const full = stateRootFromScratch(state.accounts);
    scratch += ms(t0);
    agree &&= bytesToHex(full) === bytesToHex(root);
  }
}
const scratchRuns = Math.ceil(BLOCKS / 20);

// The task's figure: one contract with SLOTS slots (and nothing else), one slot changed.
const single = new WorldState();
for (let i = 1; i <= SLOTS; i++) single.setStorage(TOKEN, BigInt(i), BigInt(i));
single.stateRoot();
let singleIncremental = 0;
let singleScratch = 0;
for (let i = 0; i < 50; i++) {
  single.setStorage(TOKEN, BigInt(1 + i), BigInt(7 + i));
  t0 = process.hrtime.bigint();
  single.stateRoot();
  singleIncremental += ms(t0);
  t0 = process.hrtime.bigint();
  stateRootFromScratch(single.accounts);
  singleScratch += ms(t0);
}

const f = (x: number) => x.toFixed(3);
console.log(`state: ${SLOTS} storage slots in one contract, ${ACCOUNTS} EOAs (first root ${f(firstMs)} ms)`);
console.log(
  `${SLOTS} slots alone, 1 slot changed:      from scratch ${f(singleScratch / 50)} ms/root, incremental ${f(singleIncremental / 50)} ms/root`,
);
console.log(
  `per transfer-sized block (5 changes): from scratch ${f(scratch / scratchRuns)} ms/root, incremental ${f(incremental / BLOCKS)} ms/root (${BLOCKS} blocks)`,
);
console.log(`roots agree: ${agree} (${bytesToHex(first).slice(0, 18)}… first)`);
