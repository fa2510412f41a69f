// `--state FILE`: a devnet saved and resumed is the same chain (state root, accounts, code, storage,
// blocks, receipts, logs); a damaged or foreign file is refused with StateFileError and left as it
// is; a process killed while saving leaves the old file or the new one, never a torn one; and
// `tdk node --state` saves on SIGTERM and resumes on the next start.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Chain } from '../../src/chain/chain.js';
import { type Devnet, startDevnet } from '../../src/chain/devnet.js';
import { toAddress, toData, toQuantity } from '../../src/chain/hex.js';
import { loadChain, type SavedChain, StateFileError } from '../../src/chain/persist.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAVE_LOOP = fileURLToPath(new URL('./fixtures/save-loop.mjs', import.meta.url));
const built =
  existsSync(join(ROOT, 'dist/src/cli/main.js')) && existsSync(join(ROOT, 'dist/src/chain/persist.js'));

// Stores calldata word 1 at the slot in word 0 and logs it (topic = the slot, data = the value);
// its constructor sets slot 0 to 42.
const RUNTIME = '6020356000355560203560005260003560206000a100';
const INIT = `0x602a600055${'601680'}6010600039${'6000f3'}${RUNTIME}`;
const word = (n: bigint) => n.toString(16).padStart(64, '0');
const OUTSIDER = '0x00000000000000000000000000000000000000aa';

let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tdk-state-file-'));
});

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

type Provider = Devnet['provider'];
const rpc = (p: Provider, method: string, params: unknown[] = []) => p.request({ method, params });

async function waitForReceipt(p: Provider, hash: unknown) {
  const receipt = (await rpc(p, 'eth_getTransactionReceipt', [hash])) as Record<string, unknown> | null;
  expect(receipt, `receipt of ${hash}`).not.toBeNull();
  return receipt as Record<string, unknown>;
}

/** Everything a resumed devnet must answer exactly as before. */
async function observe(devnet: Devnet, contract: string, txHashes: unknown[]) {
  const p = devnet.provider;
  const latest = Number(await rpc(p, 'eth_blockNumber'));
  const blocks = [];
  for (let n = 0; n <= latest; n++) blocks.push(await rpc(p, 'eth_getBlockByNumber', [toQuantity(n), true]));
  const addresses = [
    ...devnet.chain.devAccounts.slice(0, 4).map((a) => toAddress(a.address)),
    contract,
    OUTSIDER,
  ];
  const accounts = [];
  for (const a of addresses) {
    accounts.push({
      balance: await rpc(p, 'eth_getBalance', [a, 'latest']),
      nonce: await rpc(p, 'eth_getTransactionCount', [a, 'latest']),
      code: await rpc(p, 'eth_getCode', [a, 'latest']),
      storage: await Promise.all(
        [0, 1, 2, 3, 7].map((s) => rpc(p, 'eth_getStorageAt', [a, toQuantity(s), 'latest'])),
      ),
    });
  }
  return {
    latest,
    liveStateRoot: toData(devnet.chain.state.stateRoot()),
    blocks,
    accounts,
    receipts: await Promise.all(txHashes.map((h) => rpc(p, 'eth_getTransactionReceipt', [h]))),
    transactions: await Promise.all(txHashes.map((h) => rpc(p, 'eth_getTransactionByHash', [h]))),
    logs: await rpc(p, 'eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }]),
  };
}

describe('--state round trip', () => {
  let stateFile: string;
  let saved: string;

  it('a resumed devnet answers exactly as the one that saved', async () => {
    stateFile = join(dir, 'round-trip.json');
    const first = await startDevnet({ stateFile });
    expect(first.resumed).toBe(false);
    const p = first.provider;
    const [a, b, c] = first.chain.devAccounts.map((d) => toAddress(d.address));
    const send = (tx: Record<string, unknown>) => rpc(p, 'eth_sendTransaction', [tx]);
    const hashes: unknown[] = [];

    hashes.push(await send({ from: a, data: INIT }));
    const contract = (await waitForReceipt(p, hashes[0])).contractAddress as string;
    expect(contract).toMatch(/^0x[0-9a-f]{40}$/);
    hashes.push(await send({ from: a, to: OUTSIDER, value: '0x1000' }));
    hashes.push(await send({ from: b, to: c, value: toQuantity(10n ** 18n) }));
    hashes.push(await send({ from: a, to: contract, data: `0x${word(1n)}${word(111n)}` }));
    hashes.push(await send({ from: c, to: contract, data: `0x${word(2n)}${word(222n)}` }));
    // One block with several transactions, from three senders, one of them twice.
    await rpc(p, 'evm_setAutomine', [false]);
    hashes.push(await send({ from: a, to: contract, data: `0x${word(3n)}${word(333n)}`, gas: '0x186a0' }));
    hashes.push(await send({ from: b, to: OUTSIDER, value: '0x1', gas: '0x5208' }));
    hashes.push(await send({ from: c, to: contract, data: `0x${word(7n)}${word(777n)}`, gas: '0x186a0' }));
    hashes.push(await send({ from: a, to: contract, data: `0x${word(1n)}${word(0n)}`, gas: '0x186a0' }));
    await rpc(p, 'evm_mine');
    await rpc(p, 'evm_setAutomine', [true]);
    const multi = (await rpc(p, 'eth_getBlockByNumber', ['latest', false])) as { transactions: unknown[] };
    expect(multi.transactions).toHaveLength(4);
    for (const h of hashes) expect((await waitForReceipt(p, h)).status).toBe('0x1');
    // A change outside any block, as anvil_setBalance makes: saved and resumed too.
    await rpc(p, 'anvil_setBalance', [OUTSIDER, '0xdead']);

    const before = await observe(first, contract, hashes);
    expect(before.latest).toBe(6);
    expect((before.logs as unknown[]).length).toBe(5);
    expect(before.accounts[4].storage).toEqual([
      `0x${word(42n)}`,
      `0x${word(0n)}`,
      `0x${word(222n)}`,
      `0x${word(333n)}`,
      `0x${word(777n)}`,
    ]);
    await first.close();
    saved = readFileSync(stateFile, 'utf8');

    const second = await startDevnet({ stateFile });
    try {
      expect(second.resumed).toBe(true);
      expect(await observe(second, contract, hashes)).toEqual(before);
      // It carries on from there: nonces continue and the next block follows the saved head.
      const next = await rpc(second.provider, 'eth_sendTransaction', [
        { from: a, to: OUTSIDER, value: '0x1' },
      ]);
      const receipt = await waitForReceipt(second.provider, next);
      expect(receipt.blockNumber).toBe('0x7');
      const head = (await rpc(second.provider, 'eth_getBlockByNumber', ['0x7', false])) as Record<
        string,
        unknown
      >;
      expect(head.parentHash).toBe((before.blocks[6] as Record<string, unknown>).hash);
      // The state of blocks before the resumed head is not in the file, and says so.
      await expect(rpc(second.provider, 'eth_getBalance', [a, '0x3'])).rejects.toMatchObject({
        code: -32000,
      });
    } finally {
      await second.close();
    }
  });

  describe('a bad file is refused with StateFileError and left untouched', () => {
    function tampered(name: string, change: (s: SavedChain) => void): string {
      const s = JSON.parse(saved) as SavedChain;
      change(s);
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify(s));
      return path;
    }

    async function refused(path: string, reason: RegExp, chainId?: bigint) {
      const bytes = readFileSync(path);
      const err = await startDevnet({ stateFile: path, chainId }).then(
        (d) => {
          void d.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StateFileError);
      expect((err as StateFileError).code).toBe('TDK_STATE_FILE');
      expect((err as Error).message).toMatch(reason);
      expect(readFileSync(path).equals(bytes)).toBe(true);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }

    it('a file from another chain', async () => {
      const path = join(dir, 'other-chain.json');
      writeFileSync(path, saved);
      await refused(path, /it holds chain 31337, but the node runs chain 1$/, 1n);
    });

    it('not JSON, or not a state file', async () => {
      const truncated = join(dir, 'truncated.json');
      writeFileSync(truncated, saved.slice(0, saved.length / 2));
      await refused(truncated, /it is not valid JSON/);
      const empty = join(dir, 'empty.json');
      writeFileSync(empty, '');
      await refused(empty, /it is not valid JSON/);
      const nul = join(dir, 'null.json');
      writeFileSync(nul, 'null');
      await refused(nul, /its format is not "tdk-devnet-state"/);
      await refused(
        tampered('version', (s) => Object.assign(s, { version: 2 })),
        /version 2 is not supported/,
      );
      await refused(
        tampered('no-blocks', (s) => Object.assign(s, { blocks: [] })),
        /a restored chain needs at least its genesis block/,
      );
      await refused(
        tampered('bad-hex', (s) => {
          s.blocks[1].header.gasUsed = 'lots';
        }),
        /cannot resume/,
      );
    });

    it('a tampered balance, nonce or storage slot: the accounts no longer hash to the saved root', async () => {
      const first = Object.keys(JSON.parse(saved).accounts)[0];
      await refused(
        tampered('balance', (s) => {
          s.accounts[first].balance = toQuantity(BigInt(s.accounts[first].balance) + 1n);
        }),
        /the saved accounts do not hash to the saved state root/,
      );
      await refused(
        tampered('nonce', (s) => {
          s.accounts[first].nonce = '0x0';
        }),
        /do not hash to the saved state root/,
      );
      await refused(
        tampered('storage', (s) => {
          const contract = Object.entries(s.accounts).find(([, v]) => v.code !== '0x')?.[0] as string;
          s.accounts[contract].storage['0x2'] = '0x1';
        }),
        /do not hash to the saved state root/,
      );
      await refused(
        tampered('root', (s) => {
          s.stateRoot = `0x${'00'.repeat(32)}`;
        }),
        /do not hash to the saved state root/,
      );
    });

    it('a tampered block: header, hash, order, transaction, receipt or log', async () => {
      await refused(
        tampered('header', (s) => {
          s.blocks[3].header.gasUsed = toQuantity(BigInt(s.blocks[3].header.gasUsed) + 1n);
        }),
        /block 3 does not hash to its recorded hash/,
      );
      await refused(
        tampered('hash', (s) => {
          s.blocks[2].hash = `0x${'11'.repeat(32)}`;
        }),
        /block 2 does not hash to its recorded hash/,
      );
      await refused(
        tampered('gap', (s) => {
          s.blocks.splice(2, 1);
        }),
        /block 3 does not follow its parent/,
      );
      await refused(
        tampered('log', (s) => {
          s.blocks[6].transactions[0].receipt.logs[0].data = `0x${word(334n)}`;
        }),
        /block 6's receipts do not match its header/,
      );
      await refused(
        tampered('status', (s) => {
          s.blocks[4].transactions[0].receipt.status = 0;
        }),
        /block 4's receipts do not match its header/,
      );
      await refused(
        tampered('transaction', (s) => {
          const [a, b] = s.blocks[6].transactions;
          s.blocks[6].transactions = [b, a, ...s.blocks[6].transactions.slice(2)];
        }),
        /block 6's transactions do not match its header/,
      );
      await refused(
        tampered('tx-hash', (s) => {
          s.blocks[2].transactions[0].hash = `0x${'22'.repeat(32)}`;
        }),
        /a transaction of block 2 does not hash to its hash/,
      );
    });
  });
});

/** Lines a child prints, as they arrive. */
function lines(child: ChildProcess): { all: string[]; next(match: RegExp): Promise<string> } {
  const all: string[] = [];
  const waiting: { match: RegExp; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    all.push(line);
    for (const w of waiting.splice(0)) {
      if (w.match.test(line)) w.resolve(line);
      else waiting.push(w);
    }
  });
  return {
    all,
    next: (match) =>
      new Promise((resolve, reject) => {
        const found = all.find((l) => match.test(l));
        if (found) return resolve(found);
        waiting.push({ match, resolve });
        child.once('exit', (code, signal) =>
          reject(new Error(`child exited (${code ?? signal}) before ${match}`)),
        );
      }),
  };
}

/** Runs `node ARGS` in the package root, collecting its stdout lines and stderr. */
function spawnChild(args: string[]) {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return { child, out: lines(child), stderr: () => stderr };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** The block number of a state file, after checking that it restores completely. */
function restoredBlock(path: string): bigint {
  const chain = new Chain({ accounts: [] });
  expect(loadChain(chain, path)).toBe(true);
  chain.close();
  return chain.latest.header.number;
}

describe.skipIf(!built)('SIGKILL while saving (built dist/)', () => {
  it('the file is always the old or the new one, complete', async () => {
    const path = join(dir, 'killed.json');
    let rng = 0x5eed1234;
    const random = (n: number) => {
      rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
      return Math.floor((rng / 2 ** 32) * n);
    };
    // 'random': the parent kills the child at a seeded moment (most land between saves: the write
    // itself is short next to mining and serializing). The others make the child kill itself at
    // that stage of a save, so that some kills certainly land inside one.
    const stages = ['random', 'write', 'fsync', 'rename', 'random', 'write', 'rename', 'write'] as const;
    let lastBlock = -1n;
    for (const [iteration, stage] of stages.entries()) {
      const killBytes = random(900_000);
      const args = stage === 'random' ? [] : [stage, String(1 + random(3)), String(killBytes)];
      const { child, out, stderr } = spawnChild([SAVE_LOOP, path, '3000', ...args]);
      const ready = await out.next(/^ready \d+$/);
      // It resumed from what the previous (killed) process left.
      if (iteration > 0) expect(BigInt(ready.split(' ')[1])).toBe(lastBlock);
      if (stage === 'random') {
        await out.next(/^saved \d+$/);
        await new Promise((resolve) => setTimeout(resolve, random(400)));
        child.kill('SIGKILL');
      }
      // A bound, not a timing assertion: a child that fails to die must fail the test, not hang it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stuck = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), 60_000);
      });
      const hung = await Promise.race([exited(child).then(() => false), stuck]);
      clearTimeout(timer);
      if (hung) child.kill('SIGKILL');
      expect(hung, `${stage} ${args.join(' ')}: the child did not die`).toBe(false);
      expect(child.signalCode, stderr()).toBe('SIGKILL');
      const printed = out.all.filter((l) => l.startsWith('saved ')).map((l) => BigInt(l.split(' ')[1]));
      const lastPrinted = printed.length > 0 ? printed[printed.length - 1] : lastBlock;
      // What remains besides the file is at most the temporary file of the save that was cut
      // short (writeFileAtomic names it FILE.<pid>.<n>.tmp).
      const leftovers = readdirSync(dir).filter((f) => f.startsWith('killed.json.') && f.endsWith('.tmp'));
      expect(leftovers.length).toBeLessThanOrEqual(1);
      if (stage !== 'random') expect(leftovers).toHaveLength(1);
      for (const f of leftovers) {
        expect(f).toMatch(new RegExp(`^killed\\.json\\.${child.pid}\\.\\d+\\.tmp$`));
        const tmp = readFileSync(join(dir, f), 'utf8');
        if (stage === 'write') expect(tmp.length).toBeLessThanOrEqual(killBytes);
        // Flushed or not, a save stopped before its rename had written the whole new file.
        if (stage === 'rename' || stage === 'fsync') expect(JSON.parse(tmp).format).toBe('tdk-devnet-state');
      }
      // The file restores, and is the last save reported, or (killed between the rename and the
      // report) the one right after it; a save cut short left the previous file.
      const block = restoredBlock(path);
      if (stage === 'random') expect([lastPrinted, lastPrinted + 1n]).toContain(block);
      else expect(block).toBe(lastPrinted);
      lastBlock = block;
      // Loading removed the dead writer's leftover.
      expect(readdirSync(dir).filter((f) => f.startsWith('killed.json.') && f.endsWith('.tmp'))).toEqual([]);
    }
    expect(lastBlock).toBeGreaterThan(BigInt(stages.length));
  });
});

describe.skipIf(!built)('tdk node --state (built CLI)', () => {
  function startNode(stateFile: string) {
    const { child, out, stderr } = spawnChild([
      'bin/tdk.js',
      'node',
      '--port',
      '0',
      '--json',
      '--state',
      stateFile,
    ]);
    return {
      child,
      stderr,
      info: out.next(/^\{/).then(
        (l) =>
          JSON.parse(l) as {
            url: string;
            blockNumber: number;
            resumed: boolean;
            accounts: { address: string }[];
          },
      ),
    };
  }

  async function post(url: string, method: string, params: unknown[] = []) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const json = (await res.json()) as { result?: unknown; error?: { message: string } };
    if (json.error) throw new Error(`${method}: ${json.error.message}`);
    return json.result;
  }

  it('saves on SIGTERM and resumes on the next start', async () => {
    const stateFile = join(dir, 'node-state.json');
    const first = startNode(stateFile);
    const info = await first.info;
    expect(info.resumed).toBe(false);
    expect(info.blockNumber).toBe(0);
    const from = info.accounts[0].address;
    const hash = await post(info.url, 'eth_sendTransaction', [{ from, to: OUTSIDER, value: '0x3039' }]);
    expect(await post(info.url, 'eth_getTransactionReceipt', [hash])).toMatchObject({ status: '0x1' });
    first.child.kill('SIGTERM');
    await exited(first.child);
    expect(first.child.exitCode, first.stderr()).toBe(0);

    // The file restores in-process to the same chain.
    const chain = new Chain();
    expect(loadChain(chain, stateFile)).toBe(true);
    expect(chain.latest.header.number).toBe(1n);
    expect(chain.state.getBalance(BigInt(OUTSIDER))).toBe(0x3039n);
    chain.close();

    const second = startNode(stateFile);
    const resumed = await second.info;
    expect(resumed).toMatchObject({ resumed: true, blockNumber: 1 });
    expect(await post(resumed.url, 'eth_getBalance', [OUTSIDER, 'latest'])).toBe('0x3039');
    expect(await post(resumed.url, 'eth_getTransactionReceipt', [hash])).toMatchObject({
      blockNumber: '0x1',
    });
    expect(await post(resumed.url, 'eth_getTransactionCount', [from, 'latest'])).toBe('0x1');
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode, second.stderr()).toBe(0);
  });
});
