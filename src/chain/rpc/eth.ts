// The eth_, net_ and web3_ methods: chain and state reads, calls, gas estimation and sending.
import { privateKeyToAccount } from 'viem/accounts';
import {
  type BlockEnv,
  bigIntToBytes32,
  decodeTransaction,
  keccak256,
  recoverSender,
  signTransaction,
  type Transaction,
  type TxReceipt,
  type UnsignedTransaction,
  type WorldState,
} from '../../evm/index.js';
import type { Chain } from '../chain.js';
import { txRejection } from '../chain.js';
import { invalidParams, RPC_EXECUTION_REVERTED, RPC_SERVER_ERROR, RpcError, rejected } from '../errors.js';
import {
  parseAddress,
  parseData,
  parseHash,
  parseSlot,
  parseSmallQuantity,
  toAddress,
  toData,
  toHash,
  toQuantity,
} from '../hex.js';
import { type RpcContext, type RpcMethod, requireBlock, resolveBlock, stateFor } from './context.js';
import { feeHistory } from './feeHistory.js';
import { getLogs } from './filters.js';
import { formatBlock, formatReceipt, formatTransaction } from './format.js';
import {
  type BlockTag,
  param,
  parseBlockTag,
  parseLogFilter,
  parseTxRequest,
  type TxRequest,
  toUnsigned,
} from './params.js';
import { describeRevert } from './revert.js';

/** The priority fee tdk suggests and fills in (1 gwei, as anvil and Hardhat). */
export const DEFAULT_PRIORITY_FEE = 1_000_000_000n;

export function envFor(chain: Chain, tag: BlockTag): BlockEnv {
  if (tag.kind === 'pending') return chain.pendingEnv();
  return chain.blockEnv(requireBlock(chain, tag));
}

function callGas(req: TxRequest, ctx: RpcContext): bigint {
  const cap = ctx.limits.gasCap;
  if (req.gas !== undefined && req.gas > cap) {
    throw new RpcError(
      RPC_SERVER_ERROR,
      `gas ${req.gas} exceeds the RPC gas cap of ${cap} (TDK_RPC_GAS_CAP); send less gas or start the node with a higher --gas-cap`,
    );
  }
  return req.gas ?? cap;
}

export function callTx(
  chain: Chain,
  req: TxRequest,
  gas: bigint,
  env: BlockEnv,
  state: WorldState,
): UnsignedTransaction {
  return toUnsigned(
    { ...req, gas },
    {
      chainId: chain.chainId,
      nonce: state.getNonce(req.from ?? 0n),
      gas,
      baseFee: env.baseFee,
      priorityFee: DEFAULT_PRIORITY_FEE,
      feeless: true,
    },
  );
}

function isReceipt(r: TxReceipt | { code: string }): r is TxReceipt {
  return 'status' in r;
}

/** Runs a call and turns reverts and invalid transactions into the errors geth returns. */
function runCall(
  chain: Chain,
  tx: UnsignedTransaction,
  from: bigint,
  env: BlockEnv,
  state: WorldState,
): TxReceipt {
  const r = chain.simulate(tx, from, env, undefined, state);
  if (!isReceipt(r)) throw txRejection(r, tx, state.getBalance(from));
  return r;
}

export function revertError(r: TxReceipt): RpcError {
  if (r.status === 'revert') {
    const reason = describeRevert(r.output);
    return new RpcError(
      RPC_EXECUTION_REVERTED,
      reason ? `execution reverted: ${reason}` : 'execution reverted',
      toData(r.output),
    );
  }
  return new RpcError(RPC_SERVER_ERROR, haltMessage(r));
}

function haltMessage(r: TxReceipt): string {
  switch (r.halt) {
    case 'OutOfGas':
      return 'out of gas';
    case 'InvalidOpcode':
      return 'invalid opcode';
    case 'StackUnderflow':
      return 'stack underflow';
    case 'StackOverflow':
      return 'stack limit reached 1024';
    case 'InvalidJump':
      return 'invalid jump destination';
    case 'StaticStateChange':
      return 'write protection';
    case 'CodeSizeLimit':
      return 'max code size exceeded';
    case 'CreateCollision':
      return 'contract address collision';
    default:
      return `execution halted: ${r.halt ?? 'unknown reason'}`;
  }
}

/**
 * eth_estimateGas: the smallest gas limit with which the transaction succeeds, found by binary
 * search above the gas it actually spends (as geth and Hardhat do, but without geth's 1.5% slack).
 */
export function estimateGas(chain: Chain, req: TxRequest, ctx: RpcContext, tag: BlockTag): bigint {
  const env = envFor(chain, tag);
  const state = stateFor(chain, tag);
  const from = req.from ?? 0n;
  let hi = callGas(req, ctx);
  if (hi > env.gasLimit) hi = env.gasLimit;
  const attempt = (gas: bigint): TxReceipt | null => {
    const r = chain.simulate(callTx(chain, req, gas, env, state), from, env, undefined, state);
    return isReceipt(r) && r.status === 'success' ? r : null;
  };
  const top = runCall(chain, callTx(chain, req, hi, env, state), from, env, state);
  if (top.status !== 'success') {
    if (top.status === 'halt' && top.halt === 'OutOfGas') {
      throw new RpcError(RPC_SERVER_ERROR, `gas required exceeds allowance (${hi})`);
    }
    throw revertError(top);
  }
  let lo = top.gasUsed + top.gasRefund - 1n;
  // Most transactions need only what they spend plus the 1/64 withheld by calls: try that first.
  const optimistic = ((top.gasUsed + top.gasRefund + 2300n) * 64n) / 63n;
  if (optimistic < hi) {
    if (attempt(optimistic)) hi = optimistic;
    else lo = optimistic;
  }
  while (lo + 1n < hi) {
    const mid = (lo + hi) / 2n;
    if (attempt(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

function blockParam(params: readonly unknown[], i: number): BlockTag {
  return parseBlockTag(params[i], `parameter ${i} (block)`);
}

/** The "from" of eth_sendTransaction must be a key tdk holds or an impersonated account. */
function requireSigner(chain: Chain, from: bigint): void {
  if (!chain.isDevAccount(from) && !chain.impersonated.has(from) && !chain.autoImpersonate) {
    throw rejected(
      `unknown account ${toAddress(from)}: it is neither a dev account nor impersonated (anvil_impersonateAccount)`,
    );
  }
}

function signFor(chain: Chain, unsigned: UnsignedTransaction, from: bigint): Transaction {
  const key = chain.privateKey(from);
  if (key) return signTransaction(unsigned, key);
  requireSigner(chain, from);
  // An impersonated sender has no key: a placeholder signature unique to the sender keeps hashes
  // distinct, as anvil does. The chain records the sender, so nothing recovers it.
  const sig = { r: from === 0n ? 1n : from, s: 1n };
  if (unsigned.type === 0) {
    const v = unsigned.chainId === null ? 27n : unsigned.chainId * 2n + 35n;
    return { ...unsigned, ...sig, v };
  }
  return { ...unsigned, ...sig, yParity: 0n } as Transaction;
}

function sendTransaction(params: readonly unknown[], ctx: RpcContext): string {
  const chain = ctx.chain;
  const req = parseTxRequest(param(params, 0, 'transaction'));
  if (req.from === undefined) throw invalidParams('eth_sendTransaction needs "from"');
  const from = req.from;
  requireSigner(chain, from);
  const gas = req.gas ?? estimateGas(chain, req, ctx, { kind: 'pending' });
  if (gas > ctx.limits.gasCap) callGas({ ...req, gas }, ctx);
  const unsigned = toUnsigned(req, {
    chainId: chain.chainId,
    nonce: chain.pendingNonce(from),
    gas,
    baseFee: chain.nextBaseFee,
    priorityFee: DEFAULT_PRIORITY_FEE,
    feeless: false,
  });
  const tx = signFor(chain, unsigned, from);
  return toData(chain.submit(tx, from));
}

function sendRawTransaction(params: readonly unknown[], ctx: RpcContext): string {
  const raw = parseData(param(params, 0, 'signed transaction'), 'parameter 0 (signed transaction)', 1 << 20);
  let tx: Transaction;
  let from: bigint;
  try {
    tx = decodeTransaction(raw);
  } catch (e) {
    throw rejected(`invalid transaction encoding: ${(e as Error).message}`);
  }
  try {
    from = recoverSender(tx);
  } catch (e) {
    throw rejected(`invalid sender: ${(e as Error).message}`);
  }
  return toData(ctx.chain.submit(tx, from, keccak256(raw)));
}

function call(params: readonly unknown[], ctx: RpcContext): string {
  const chain = ctx.chain;
  const req = parseTxRequest(param(params, 0, 'transaction'));
  const tag = blockParam(params, 1);
  if (params[2] !== undefined && params[2] !== null) {
    throw invalidParams('state overrides (parameter 2) are not supported by tdk yet');
  }
  const env = envFor(chain, tag);
  const state = stateFor(chain, tag);
  const gas = callGas(req, ctx);
  const r = runCall(chain, callTx(chain, req, gas, env, state), req.from ?? 0n, env, state);
  if (r.status !== 'success') throw revertError(r);
  return toData(r.output);
}

function getBlock(block: ReturnType<typeof resolveBlock>, full: unknown): unknown {
  return block ? formatBlock(block, full === true) : null;
}

function txByBlockAndIndex(block: ReturnType<typeof resolveBlock>, index: unknown): unknown {
  if (!block) return null;
  const i = parseSmallQuantity(index, 'index');
  return i < block.transactions.length ? formatTransaction(block.transactions[i], block, i) : null;
}

function signMessageWith(ctx: RpcContext, address: unknown, message: unknown): Promise<string> {
  const from = parseAddress(address, 'address');
  const key = ctx.chain.privateKey(from);
  if (!key) throw rejected(`unknown account ${toAddress(from)}: tdk signs only for its dev accounts`);
  const raw = parseData(message, 'message');
  return privateKeyToAccount(toData(key) as `0x${string}`).signMessage({ message: { raw } });
}

export const ethMethods: Record<string, RpcMethod> = {
  web3_clientVersion: (_p, ctx) => ctx.clientVersion,
  web3_sha3: (p) => toData(keccak256(parseData(param(p, 0, 'data'), 'data'))),
  net_version: (_p, ctx) => ctx.chain.chainId.toString(),
  net_listening: () => true,
  net_peerCount: () => '0x0',
  eth_chainId: (_p, ctx) => toQuantity(ctx.chain.chainId),
  eth_protocolVersion: () => '0x41',
  eth_syncing: () => false,
  eth_mining: (_p, ctx) => ctx.chain.automine,
  eth_hashrate: () => '0x0',
  eth_coinbase: (_p, ctx) => toAddress(ctx.chain.coinbase),
  eth_accounts: (_p, ctx) => ctx.chain.devAccounts.map((a) => toAddress(a.address)),
  eth_requestAccounts: (_p, ctx) => ctx.chain.devAccounts.map((a) => toAddress(a.address)),
  eth_blockNumber: (_p, ctx) => toQuantity(ctx.chain.latest.header.number),
  eth_gasPrice: (_p, ctx) => toQuantity(ctx.chain.nextBaseFee + DEFAULT_PRIORITY_FEE),
  eth_maxPriorityFeePerGas: () => toQuantity(DEFAULT_PRIORITY_FEE),
  eth_blobBaseFee: (_p, ctx) => toQuantity(ctx.chain.pendingEnv().blobBaseFee),
  eth_feeHistory: (p, ctx) => feeHistory(ctx.chain, p),
  eth_getBalance: (p, ctx) =>
    toQuantity(
      stateFor(ctx.chain, blockParam(p, 1)).getBalance(parseAddress(param(p, 0, 'address'), 'address')),
    ),
  eth_getTransactionCount: (p, ctx) => {
    const address = parseAddress(param(p, 0, 'address'), 'address');
    const tag = blockParam(p, 1);
    if (tag.kind === 'pending') return toQuantity(ctx.chain.pendingNonce(address));
    return toQuantity(stateFor(ctx.chain, tag).getNonce(address));
  },
  eth_getCode: (p, ctx) =>
    toData(
      stateFor(ctx.chain, blockParam(p, 1)).getCode(parseAddress(param(p, 0, 'address'), 'address')) ??
        new Uint8Array(0),
    ),
  eth_getStorageAt: (p, ctx) => {
    const address = parseAddress(param(p, 0, 'address'), 'address');
    const slot = parseSlot(param(p, 1, 'slot'), 'slot');
    const account = stateFor(ctx.chain, blockParam(p, 2)).getAccount(address);
    return toHash(account?.storage.get(slot) ?? 0n);
  },
  eth_call: call,
  eth_estimateGas: (p, ctx) =>
    toQuantity(estimateGas(ctx.chain, parseTxRequest(param(p, 0, 'transaction')), ctx, blockParam(p, 1))),
  eth_sendTransaction: sendTransaction,
  eth_sendRawTransaction: sendRawTransaction,
  eth_getBlockByNumber: (p, ctx) =>
    getBlock(resolveBlock(ctx.chain, parseBlockTag(param(p, 0, 'block'))), p[1]),
  eth_getBlockByHash: (p, ctx) =>
    getBlock(
      ctx.chain.blockByHash(bigIntToBytes32(parseHash(param(p, 0, 'block hash'), 'block hash'))),
      p[1],
    ),
  eth_getBlockTransactionCountByNumber: (p, ctx) => {
    const b = resolveBlock(ctx.chain, parseBlockTag(param(p, 0, 'block')));
    return b ? toQuantity(b.transactions.length) : null;
  },
  eth_getBlockTransactionCountByHash: (p, ctx) => {
    const b = ctx.chain.blockByHash(bigIntToBytes32(parseHash(param(p, 0, 'block hash'), 'block hash')));
    return b ? toQuantity(b.transactions.length) : null;
  },
  eth_getUncleCountByBlockNumber: () => '0x0',
  eth_getUncleCountByBlockHash: () => '0x0',
  eth_getUncleByBlockNumberAndIndex: () => null,
  eth_getUncleByBlockHashAndIndex: () => null,
  eth_getTransactionByHash: (p, ctx) => {
    const hash = bigIntToBytes32(parseHash(param(p, 0, 'transaction hash'), 'transaction hash'));
    const loc = ctx.chain.transaction(hash);
    if (loc) return formatTransaction(loc.block.transactions[loc.index], loc.block, loc.index);
    const pending = ctx.chain.pendingTransaction(hash);
    return pending ? formatTransaction(pending) : null;
  },
  eth_getTransactionByBlockNumberAndIndex: (p, ctx) =>
    txByBlockAndIndex(resolveBlock(ctx.chain, parseBlockTag(param(p, 0, 'block'))), param(p, 1, 'index')),
  eth_getTransactionByBlockHashAndIndex: (p, ctx) =>
    txByBlockAndIndex(
      ctx.chain.blockByHash(bigIntToBytes32(parseHash(param(p, 0, 'block hash'), 'block hash'))),
      param(p, 1, 'index'),
    ),
  eth_getTransactionReceipt: (p, ctx) => {
    const loc = ctx.chain.transaction(
      bigIntToBytes32(parseHash(param(p, 0, 'transaction hash'), 'transaction hash')),
    );
    return loc ? formatReceipt(loc.block, loc.index) : null;
  },
  eth_getBlockReceipts: (p, ctx) => {
    const b = resolveBlock(ctx.chain, parseBlockTag(param(p, 0, 'block')));
    return b ? b.transactions.map((_, i) => formatReceipt(b, i)) : null;
  },
  eth_getLogs: (p, ctx) => getLogs(ctx.chain, parseLogFilter(param(p, 0, 'filter')), ctx.limits),
  eth_newFilter: (p, ctx) => ctx.filters.newFilter('logs', parseLogFilter(param(p, 0, 'filter'))),
  eth_newBlockFilter: (_p, ctx) => ctx.filters.newFilter('blocks'),
  eth_newPendingTransactionFilter: (_p, ctx) => ctx.filters.newFilter('pendingTransactions'),
  eth_getFilterChanges: (p, ctx) => ctx.filters.changes(filterId(p)),
  eth_getFilterLogs: (p, ctx) => getLogs(ctx.chain, ctx.filters.logFilter(filterId(p)), ctx.limits),
  eth_uninstallFilter: (p, ctx) => ctx.filters.uninstall(filterId(p)),
  eth_subscribe: (p, ctx) => {
    const kind = param(p, 0, 'subscription type');
    if (kind !== 'newHeads' && kind !== 'logs' && kind !== 'newPendingTransactions') {
      throw invalidParams(
        // Only strings are quoted back: JSON.stringify of a deeply nested value would overflow the stack.
        `unknown subscription ${typeof kind === 'string' ? JSON.stringify(kind.slice(0, 40)) : typeof kind}; use newHeads, logs or newPendingTransactions`,
      );
    }
    return ctx.filters.subscribe(
      kind,
      kind === 'logs' ? parseLogFilter(p[1]) : { addresses: null, topics: [] },
      ctx.session,
    );
  },
  eth_unsubscribe: (p, ctx) => ctx.filters.unsubscribe(filterId(p), ctx.session),
  eth_sign: (p, ctx) => signMessageWith(ctx, param(p, 0, 'address'), param(p, 1, 'message')),
  personal_sign: (p, ctx) => signMessageWith(ctx, param(p, 1, 'address'), param(p, 0, 'message')),
  eth_signTypedData_v4: async (p, ctx) => {
    const from = parseAddress(param(p, 0, 'address'), 'address');
    const key = ctx.chain.privateKey(from);
    if (!key) throw rejected(`unknown account ${toAddress(from)}: tdk signs only for its dev accounts`);
    const raw = param(p, 1, 'typed data');
    let data: unknown;
    try {
      data = typeof raw === 'string' ? JSON.parse(raw) : raw;
    } catch {
      throw invalidParams('typed data must be EIP-712 JSON');
    }
    try {
      // Awaited here: viem rejects bad typed data asynchronously, which must become -32602 too.
      return await privateKeyToAccount(toData(key) as `0x${string}`).signTypedData(data as never);
    } catch (e) {
      throw invalidParams(`invalid EIP-712 typed data: ${(e as Error).message}`);
    }
  },
};

function filterId(p: readonly unknown[]): string {
  const id = param(p, 0, 'filter id');
  if (typeof id !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(id))
    throw invalidParams('the filter id must be a hex string');
  return toQuantity(BigInt(id));
}
