// One call that assembles a devnet: the chain, its JSON-RPC method layer, an in-process EIP-1193
// provider, optionally the HTTP/WebSocket server and a --state file. `tdk node`, `tdk up` and the
// tests all start devnets through here.
import { Chain, type ChainOptions } from './chain.js';
import { loadChain, saveChain } from './persist.js';
import { createEip1193Provider, type Eip1193Provider } from './provider.js';
import type { RpcLimits } from './rpc/context.js';
import { debugMethods } from './rpc/debug.js';
import { type ChainRpc, createRpcHandler } from './rpc/handler.js';
import { type RpcServer, type RpcServerOptions, startRpcServer } from './server.js';

export interface DevnetOptions extends ChainOptions {
  readonly limits?: Partial<RpcLimits>;
  /** Start the HTTP/WebSocket server with these options; omit for an in-process devnet. */
  readonly server?: RpcServerOptions;
  /** Resume from this file if it exists; save() and close() write it. */
  readonly stateFile?: string;
}

export interface Devnet {
  readonly chain: Chain;
  readonly rpc: ChainRpc;
  readonly provider: Eip1193Provider;
  readonly server?: RpcServer;
  /** Whether the chain was resumed from the state file. */
  readonly resumed: boolean;
  /** Writes the state file (atomically); a no-op without one. */
  save(): void;
  /** Stops the server, saves the state file, releases timers. */
  close(): Promise<void>;
}

export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const chain = new Chain(options);
  const resumed = options.stateFile ? loadChain(chain, options.stateFile) : false;
  const rpc = createRpcHandler(chain, { limits: options.limits, methods: debugMethods });
  const provider = createEip1193Provider(rpc);
  const server = options.server ? await startRpcServer(rpc, options.server) : undefined;
  const save = (): void => {
    if (options.stateFile) saveChain(chain, options.stateFile);
  };
  let closed = false;
  return {
    chain,
    rpc,
    provider,
    server,
    resumed,
    save,
    async close() {
      if (closed) return;
      closed = true;
      await server?.close();
      save();
      provider.disconnect();
      rpc.close();
    },
  };
}
