// `tdk up`, the README's first command: builds the bundled example, deploys it on a fresh devnet and
// serves it. Checked through the built CLI, as a user runs it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createPublicClient, erc20Abi, type Hex, http } from 'viem';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(`${ROOT}dist/src/cli/main.js`);

describe.skipIf(!built)('tdk up (built CLI)', () => {
  it('--no-serve builds, deploys the example per deploy.json and exits 0', () => {
    const r = spawnSync('node', ['bin/tdk.js', 'up', '--no-serve', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.contracts)).toEqual([
      'Token',
      'Greeter',
      'OldVault',
      'MerkleRootRegistry',
      'MerkleAirdrop',
    ]);
    // The first deployment of the first dev account lands where anvil and Hardhat put it too.
    expect(out.contracts.Token).toBe('0x5fbdb2315678afecb367f032d93f642f64180aa3');
    expect(out.accounts).toHaveLength(10);
    expect(out.blockNumber).toBe(6); // five deployments and the airdrop's funding
    expect(out.url).toBeNull();
  }, 120_000);

  it('serves the deployed contracts over HTTP until SIGTERM', async () => {
    const child = spawn(
      'node',
      ['bin/tdk.js', 'up', '--port', '0', '--proof-port', '0', '--root-interval', '1', '--json'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`tdk up exited with ${code}`)));
      });
      const info = JSON.parse(line);
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = createPublicClient({ transport: http(info.url) });
      const token = info.contracts.Token as Hex;
      expect(await client.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' })).toBe(
        'TDK',
      );
      expect(await client.readContract({ address: token, abi: erc20Abi, functionName: 'totalSupply' })).toBe(
        10n ** 24n,
      );
      // The example worker publishes roots; the README's claim script pays out against the newest.
      const proofs = info.worker.proofUrl as string;
      let roots: { latestEpoch: number; registry: string } = { latestEpoch: 0, registry: '' };
      for (let i = 0; i < 600 && roots.latestEpoch < 2; i++) {
        await new Promise((r) => setTimeout(r, 100));
        roots = (await (await fetch(`${proofs}/roots`)).json()) as typeof roots;
      }
      expect(roots.latestEpoch).toBeGreaterThanOrEqual(2);
      expect(roots.registry.toLowerCase()).toBe(info.contracts.MerkleRootRegistry);
      const claim = spawnSync(
        'node',
        [
          'examples/token/scripts/claim.mjs',
          ...['--rpc', info.url, '--proofs', proofs, '--airdrop', info.contracts.MerkleAirdrop],
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      );
      expect(claim.status, claim.stderr).toBe(0);
      expect(claim.stdout).toMatch(/claim success in block \d+/);
      const recipient = info.accounts[2].address as Hex;
      const paid = await client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [recipient],
      });
      // Recipient (2) earns 10 tokens per epoch; it was paid for the epoch the script read.
      expect(paid % (10n * 10n ** 18n)).toBe(0n);
      expect(paid).toBeGreaterThanOrEqual(20n * 10n ** 18n);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('--state: a resumed chain knows its contracts and the worker carries on from its last epoch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tdk-up-state-'));
    const state = join(dir, 'chain.json');
    const up = async () => {
      const child = spawn(
        'node',
        [
          'bin/tdk.js',
          'up',
          '--state',
          state,
          '--port',
          '0',
          '--proof-port',
          '0',
          '--root-interval',
          '1',
          '--json',
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`tdk up exited with ${code}`)));
      });
      return { child, info: JSON.parse(line) };
    };
    const latestEpoch = async (proofUrl: string, atLeast: number) => {
      let latest = 0;
      for (let i = 0; i < 600 && latest < atLeast; i++) {
        await new Promise((r) => setTimeout(r, 100));
        latest = ((await (await fetch(`${proofUrl}/roots`)).json()) as { latestEpoch: number }).latestEpoch;
      }
      return latest;
    };
    const stop = async (child: ReturnType<typeof spawn>) => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    };
    try {
      const first = await up();
      expect(first.info.resumed).toBe(false);
      const reached = await latestEpoch(first.info.worker.proofUrl, 2);
      expect(reached).toBeGreaterThanOrEqual(2);
      expect(await stop(first.child)).toBe(0);

      const second = await up();
      try {
        expect(second.info.resumed).toBe(true);
        expect(second.info.contracts).toEqual(first.info.contracts);
        expect(second.info.worker).not.toBeNull();
        // The roots published before the restart are served at once, and publication goes on.
        const now = (
          (await (await fetch(`${second.info.worker.proofUrl}/roots`)).json()) as { latestEpoch: number }
        ).latestEpoch;
        expect(now).toBeGreaterThanOrEqual(reached);
        expect(await latestEpoch(second.info.worker.proofUrl, now + 1)).toBeGreaterThan(now);
        expect(await stop(second.child)).toBe(0);
      } finally {
        second.child.kill('SIGKILL');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('a project that does not exist is a one-line error with exit 2', () => {
    const r = spawnSync('node', ['bin/tdk.js', 'up', '--no-serve', '--project', '/nonexistent'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[TDK_CONFIG\]/);
  });
});
