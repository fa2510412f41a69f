// The proof server (127.0.0.1:8550 by default): roots and proofs of confirmed epochs only, plus
// /metrics (Prometheus text) and /healthz. GET only; every request is bounded (header and request
// timeouts, a small URL, no body, capped connections) and answered from local state, never the node.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Hex, isAddress } from 'viem';
import { type LeafValue, MerkleError, StandardMerkleTree } from '../merkle/index.js';
import { WorkerError } from './errors.js';
import type { WorkerMetrics } from './metrics.js';
import type { EpochRecord, WorkerStore } from './store.js';

export interface ProofServerOptions {
  readonly host?: string;
  readonly port?: number;
}

export interface ProofServerDeps {
  readonly store: WorkerStore;
  readonly metrics: WorkerMetrics;
  readonly registry: Hex;
  readonly chainId: number;
  /** Extra fields for /healthz. */
  readonly health: () => Record<string, unknown>;
}

export interface ProofServer {
  readonly url: string;
  close(): Promise<void>;
}

interface LoadedTree {
  readonly tree: StandardMerkleTree;
  /** Leaf indices by lower-cased address, over every address column. */
  readonly byAddress: Map<string, number[]>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A few trees stay parsed; loading re-hashes every leaf, so it is not done per request. */
const CACHE_SIZE = 4;

export async function startProofServer(
  deps: ProofServerDeps,
  options: ProofServerOptions = {},
): Promise<ProofServer> {
  const cache = new Map<number, LoadedTree>();

  const confirmedEpoch = (raw: string): EpochRecord => {
    if (!/^[1-9]\d{0,15}$/.test(raw))
      throw new HttpError(400, 'TDK_WORKER_INPUT', `epoch must be a positive integer, got '${raw}'`);
    const rec = deps.store.epoch(Number(raw));
    if (!rec) throw new HttpError(404, 'TDK_WORKER_NOT_FOUND', `epoch ${raw} has not been computed`);
    if (rec.status !== 'confirmed')
      throw new HttpError(404, 'TDK_WORKER_NOT_CONFIRMED', `epoch ${raw} is not confirmed on chain yet`);
    return rec;
  };

  const loadTree = (rec: EpochRecord): LoadedTree => {
    const hit = cache.get(rec.epoch);
    if (hit) return hit;
    const tree = StandardMerkleTree.load(JSON.parse(deps.store.dump(rec.epoch)!));
    if (tree.root !== rec.root)
      throw new WorkerError(`stored tree of epoch ${rec.epoch} does not match its root`, 'TDK_WORKER_DB');
    const byAddress = new Map<string, number[]>();
    const columns = tree.leafEncoding.flatMap((t, c) => (t === 'address' ? [c] : []));
    tree.values.forEach((v, i) => {
      for (const c of columns) {
        const key = String(v[c]).toLowerCase();
        const list = byAddress.get(key);
        if (list) list.push(i);
        else byAddress.set(key, [i]);
      }
    });
    const loaded = { tree, byAddress };
    cache.set(rec.epoch, loaded);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return loaded;
  };

  const rootJson = (r: EpochRecord) => ({
    epoch: r.epoch,
    root: r.root,
    metadataHash: r.metadataHash,
    metadata: JSON.parse(r.metadata),
    leafCount: r.leafCount,
    txHash: r.txHash,
    blockNumber: r.blockNumber,
  });

  const proof = (rec: EpochRecord, leaf: string | undefined, query: URLSearchParams) => {
    const { tree, byAddress } = loadTree(rec);
    let index: number;
    const value = query.get('value');
    if (leaf === undefined && value !== null) {
      const row: LeafValue = value.split(',').map((s, k) => {
        const v = s.trim();
        return tree.leafEncoding[k] === 'bool' ? v === 'true' || v === '1' : v;
      });
      try {
        index = tree.indexOf(row);
      } catch (err) {
        if (err instanceof MerkleError)
          throw new HttpError(err.code === 'TDK_MERKLE_NOT_FOUND' ? 404 : 400, err.code, err.message);
        throw err;
      }
    } else if (leaf !== undefined && /^\d{1,10}$/.test(leaf)) {
      index = Number(leaf);
      if (index >= tree.length)
        throw new HttpError(
          404,
          'TDK_MERKLE_INDEX',
          `index ${index} is out of range (0..${tree.length - 1})`,
        );
    } else if (leaf !== undefined && isAddress(leaf, { strict: false })) {
      const hits = byAddress.get(leaf.toLowerCase()) ?? [];
      if (hits.length === 0)
        throw new HttpError(404, 'TDK_MERKLE_NOT_FOUND', `${leaf} is in no leaf of epoch ${rec.epoch}`);
      if (hits.length > 1)
        throw new HttpError(
          409,
          'TDK_WORKER_AMBIGUOUS',
          `${leaf} is in ${hits.length} leaves (indices ${hits.slice(0, 10).join(', ')}); ask by index`,
        );
      index = hits[0]!;
    } else {
      throw new HttpError(
        400,
        'TDK_WORKER_INPUT',
        'name the leaf by index (/proofs/3/0), by address (/proofs/3/0xabc…) or by value (/proofs/3?value=0xabc…,100)',
      );
    }
    const v = tree.values[index]!;
    return {
      epoch: rec.epoch,
      root: rec.root,
      registry: deps.registry,
      chainId: deps.chainId,
      leafEncoding: tree.leafEncoding,
      index,
      value: v,
      leafHash: tree.leafHash(v),
      proof: tree.getProof(index),
    };
  };

  const route = (req: IncomingMessage): { status?: number; type?: string; body: unknown } => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, 'TDK_WORKER_METHOD', 'only GET');
    if (Number(req.headers['content-length'] ?? 0) > 0)
      throw new HttpError(400, 'TDK_WORKER_INPUT', 'no request body expected');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter((p) => p !== '');
    if (parts[0] === 'healthz' && parts.length === 1) return { body: { status: 'ok', ...deps.health() } };
    if (parts[0] === 'metrics' && parts.length === 1)
      return { type: 'text/plain; version=0.0.4; charset=utf-8', body: deps.metrics.render() };
    if (parts[0] === 'roots' && parts.length === 1) {
      const roots = deps.store.confirmedEpochs().map(rootJson);
      return {
        body: {
          registry: deps.registry,
          chainId: deps.chainId,
          latestEpoch: roots.at(-1)?.epoch ?? 0,
          roots,
        },
      };
    }
    if (parts[0] === 'roots' && parts.length === 2) return { body: rootJson(confirmedEpoch(parts[1]!)) };
    if (parts[0] === 'proofs' && (parts.length === 2 || parts.length === 3))
      return { body: proof(confirmedEpoch(parts[1]!), parts[2], url.searchParams) };
    throw new HttpError(
      404,
      'TDK_WORKER_NOT_FOUND',
      'routes: /roots, /roots/:epoch, /proofs/:epoch/:leaf, /metrics, /healthz',
    );
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    let status = 200;
    let type = 'application/json';
    let text: string;
    try {
      const r = route(req);
      status = r.status ?? 200;
      if (r.type) type = r.type;
      text = typeof r.body === 'string' ? r.body : `${JSON.stringify(r.body)}\n`;
    } catch (err) {
      const e =
        err instanceof HttpError
          ? err
          : new HttpError(
              500,
              (err as { code?: string }).code ?? 'TDK_WORKER_INTERNAL',
              (err as Error).message,
            );
      status = e.status;
      text = `${JSON.stringify({ error: { code: e.code, message: e.message } })}\n`;
    }
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };

  const server: Server = createServer(
    { maxHeaderSize: 8192, requestTimeout: 10_000, headersTimeout: 5_000 },
    handle,
  );
  server.maxConnections = 256;
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new WorkerError(
          `the proof server cannot listen on ${host}:${options.port ?? 8550}: ${err.code ?? err.message}`,
          'TDK_WORKER_INPUT',
          err.code === 'EADDRINUSE' ? 'pass another --port (0 picks a free one)' : undefined,
        ),
      ),
    );
    server.listen(options.port ?? 8550, host, resolve);
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
