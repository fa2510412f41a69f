// `tdk up`, the README's first command: builds the bundled example, deploys it on a fresh devnet and
// serves it. Checked through the built CLI, as a user runs it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

  it('a project that does not exist is a one-line error with exit 2', () => {
    const r = spawnSync('node', ['bin/tdk.js', 'up', '--no-serve', '--project', '/nonexistent'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error\[TDK_CONFIG\]/);
  });
});
