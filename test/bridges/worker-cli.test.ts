// `tdk worker` through the built CLI: bad options and databases are one-line TDK_ errors, exit 2.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestChain, type TestChain } from './support/registry.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(`${ROOT}dist/src/cli/worker.js`);
const dir = mkdtempSync(join(tmpdir(), 'tdk-worker-cli-'));
const chains: TestChain[] = [];
afterAll(async () => {
  await Promise.all(chains.map((c) => c.devnet.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!built)('tdk worker (built CLI)', () => {
  it('bad options are one-line TDK_ errors with exit 2', async () => {
    const chain = await startTestChain();
    chains.push(chain);
    const key = chain.publisherKey;
    const base = [
      '--rpc',
      chain.url,
      '--registry',
      chain.registry,
      '--data',
      dir,
      '--db',
      join(dir, 'x.sqlite'),
      '--no-proofs',
    ];
    const cases: [string[], RegExp][] = [
      [[...base, '--key', key, '--types', 'address,uint999'], /error\[TDK_MERKLE_TYPES\]/],
      [
        [...base, '--key', key, '--types', 'address', '--interval', '5x'],
        /error\[TDK_WORKER_INPUT\]: --interval/,
      ],
      [[...base, '--types', 'address'], /error\[TDK_WORKER_INPUT\]: give exactly one of --key and --key-env/],
      [[...base, '--key-env', 'TDK_NO_SUCH_VAR', '--types', 'address'], /TDK_NO_SUCH_VAR is not set/],
      [[...base, '--key', '0x1234', '--types', 'address'], /private key must be 32 bytes/],
      [
        [
          '--rpc',
          chain.url,
          '--registry',
          `0x${'12'.repeat(20)}`,
          '--key',
          key,
          '--types',
          'address',
          '--data',
          dir,
          '--db',
          join(dir, 'y.sqlite'),
          '--no-proofs',
        ],
        /error\[TDK_WORKER_INPUT\]: no contract at 0x1212/,
      ],
    ];
    // Asynchronous: the devnet the children talk to runs in this process.
    const tdk = (args: string[]) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/tdk.js', 'worker', ...args], { cwd: ROOT });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.once('exit', (status) => resolve({ status, stderr }));
      });
    const results = await Promise.all(cases.map(([args]) => tdk(['run', ...args])));
    cases.forEach(([args, message], i) => {
      const r = results[i]!;
      expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    });
    writeFileSync(join(dir, 'not-a-db.sqlite'), 'hello');
    const s = await tdk(['status', '--db', join(dir, 'not-a-db.sqlite')]);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/error\[TDK_WORKER_DB\]/);
  }, 120_000);
});
