// debug_traceTransaction, debug_traceCall and debug_traceBlockBy*: re-execution with one of geth's
// tracers attached (struct logger, callTracer, 4byteTracer; see ../tracers).
import { bigIntToBytes32, type TxInvalid, type TxReceipt } from '../../evm/index.js';
import type { Block } from '../block.js';
import { txRejection } from '../chain.js';
import { invalidParams, RPC_RESOURCE_NOT_FOUND, RpcError } from '../errors.js';
import { parseHash, toData } from '../hex.js';
import { createTracer, type TraceConfig, TracerError } from '../tracers/index.js';
import { type RpcContext, type RpcMethod, requireBlock, stateFor } from './context.js';
import { callTx, envFor } from './eth.js';
import { firstLogIndex } from './format.js';
import { param, parseBlockTag, parseTxRequest } from './params.js';

function traceConfig(v: unknown): TraceConfig {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidParams('the trace config must be an object');
  return v as TraceConfig;
}

function tracerFor(v: unknown) {
  try {
    return createTracer(traceConfig(v));
  } catch (e) {
    if (e instanceof TracerError) throw invalidParams(`${e.message}${e.hint ? ` (${e.hint})` : ''}`);
    throw e;
  }
}

function isReceipt(r: TxReceipt | TxInvalid): r is TxReceipt {
  return 'status' in r;
}

function traceMined(ctx: RpcContext, block: Block, index: number, config: unknown): unknown {
  const tracer = tracerFor(config);
  const t = block.transactions[index];
  const r = ctx.chain.replay({ block, index }, (evm) => tracer.attach(evm));
  if (!isReceipt(r)) throw new RpcError(-32000, `transaction no longer replays: ${r.message}`);
  return tracer.result({ gasLimit: t.tx.gasLimit, receipt: r, firstLogIndex: firstLogIndex(block, index) });
}

function traceBlock(ctx: RpcContext, block: Block, config: unknown): unknown {
  return block.transactions.map((t, i) => ({
    txHash: toData(t.hash),
    result: traceMined(ctx, block, i, config),
  }));
}

export const debugMethods: Record<string, RpcMethod> = {
  debug_traceTransaction: (p, ctx) => {
    const hash = bigIntToBytes32(parseHash(param(p, 0, 'transaction hash'), 'transaction hash'));
    const loc = ctx.chain.transaction(hash);
    if (!loc) throw new RpcError(RPC_RESOURCE_NOT_FOUND, `transaction ${toData(hash)} not found`);
    return traceMined(ctx, loc.block, loc.index, p[1]);
  },
  debug_traceCall: (p, ctx) => {
    const req = parseTxRequest(param(p, 0, 'transaction'));
    const tag = parseBlockTag(p[1], 'parameter 1 (block)');
    const tracer = tracerFor(p[2]);
    const env = envFor(ctx.chain, tag);
    const state = stateFor(ctx.chain, tag);
    const gas = req.gas ?? ctx.limits.gasCap;
    if (gas > ctx.limits.gasCap)
      throw invalidParams(`gas ${gas} exceeds the RPC gas cap of ${ctx.limits.gasCap}`);
    const tx = callTx(ctx.chain, req, gas, env, state);
    const from = req.from ?? 0n;
    const r = ctx.chain.simulate(tx, from, env, (evm) => tracer.attach(evm), state);
    if (!isReceipt(r)) throw txRejection(r, tx, state.getBalance(from));
    return tracer.result({ gasLimit: tx.gasLimit, receipt: r, firstLogIndex: 0 });
  },
  debug_traceBlockByNumber: (p, ctx) =>
    traceBlock(ctx, requireBlock(ctx.chain, parseBlockTag(param(p, 0, 'block'))), p[1]),
  debug_traceBlockByHash: (p, ctx) =>
    traceBlock(
      ctx,
      requireBlock(ctx.chain, { kind: 'hash', hash: parseHash(param(p, 0, 'block hash'), 'block hash') }),
      p[1],
    ),
};
