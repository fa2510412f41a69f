// The load generator of bench/devnet.ts, in a worker thread: the node under test (tdk's JavaScript
// or EDR's native code) then has the main thread to itself, as it would with a client in another
// process. Sends JSON-RPC bodies one at a time over a keep-alive connection, checks every answer,
// and reports the elapsed milliseconds.
import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';

export interface ClientJob {
  readonly url: string;
  readonly bodies: readonly string[];
  /** Expected result shape: a 32-byte hex value (a transaction hash or a word). */
  readonly expect: 'bytes32';
}

export type ClientReply = { ok: true; ms: number } | { ok: false; error: string };

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Closes the keep-alive socket so the process can exit. */
export function closeConnections(): void {
  agent.destroy();
}

/** One JSON-RPC POST over the keep-alive agent; the answer's text. */
export function post(url: URL, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(job: ClientJob): Promise<ClientReply> {
  const url = new URL(job.url);
  const t0 = performance.now();
  for (const body of job.bodies) {
    const answer = JSON.parse(await post(url, body)) as { result?: unknown; error?: { message: string } };
    if (answer.error) return { ok: false, error: answer.error.message };
    if (typeof answer.result !== 'string' || answer.result.length !== 66) {
      return { ok: false, error: `unexpected answer ${JSON.stringify(answer.result)}` };
    }
  }
  return { ok: true, ms: performance.now() - t0 };
}

parentPort?.on('message', (job: ClientJob) => {
  run(job).then(
    (reply) => parentPort?.postMessage(reply),
    (e: unknown) => parentPort?.postMessage({ ok: false, error: String(e) }),
  );
});
