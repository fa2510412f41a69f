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
    const child = spawn('node', ['bin/tdk.js', 'up', '--port', '0', '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
