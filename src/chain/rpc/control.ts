// Devnet controls with anvil's and Hardhat's names: mining, snapshots, time, account overrides and
// impersonation. Each anvil_ method is also served under its hardhat_ alias.
import { Account } from '../../evm/index.js';
import { invalidParams } from '../errors.js';
import {
  parseAddress,
  parseData,
  parseHash,
  parseQuantity,
  parseSlot,
  parseSmallQuantity,
  toQuantity,
} from '../hex.js';
import type { RpcContext, RpcMethod } from './context.js';
import { param } from './params.js';

/** Hardhat accepts plain JSON numbers where anvil takes hex quantities; tdk takes both. */
function quantityOrNumber(v: unknown, name: string): bigint {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) throw invalidParams(`${name} must be a non-negative integer`);
    return BigInt(v);
  }
  return parseQuantity(v, name);
}

/** Node timers take at most 2^31-1 ms; a longer interval would silently become 1 ms. */
const MAX_INTERVAL_MS = 2n ** 31n - 1n;

function intervalMs(v: unknown, name: string, unitMs: bigint): number {
  const ms = quantityOrNumber(v, name) * unitMs;
  if (ms > MAX_INTERVAL_MS) throw invalidParams(`${name} is too large (at most ${MAX_INTERVAL_MS / unitMs})`);
  return Number(ms);
}

function mineBlocks(ctx: RpcContext, count: bigint, interval: bigint): void {
  if (count > 100_000n) throw invalidParams('at most 100000 blocks can be mined in one call');
  const chain = ctx.chain;
  for (let i = 0n; i < count; i++) {
    chain.mine(i === 0n ? undefined : chain.latest.header.timestamp + (interval > 0n ? interval : 1n));
  }
}

const accountControls: Record<string, RpcMethod> = {
  setBalance: (p, ctx) => {
    const address = parseAddress(param(p, 0, 'address'), 'address');
    const balance = quantityOrNumber(param(p, 1, 'balance'), 'balance');
    ctx.chain.modify((s) => s.setBalance(address, balance));
    return null;
  },
  setNonce: (p, ctx) => {
    const address = parseAddress(param(p, 0, 'address'), 'address');
    const nonce = quantityOrNumber(param(p, 1, 'nonce'), 'nonce');
    ctx.chain.modify((s) => s.setNonce(address, nonce));
    return null;
  },
  setCode: (p, ctx) => {
    const address = parseAddress(param(p, 0, 'address'), 'address');
    const code = parseData(param(p, 1, 'code'), 'code', 0x6000 * 4);
    ctx.chain.modify((s) => {
      if (!s.getAccount(address)) s.putAccount(address, new Account());
      s.setCode(address, code);
    });
    return null;
  },
  setStorageAt: (p, ctx) => {
    const address = parseAddress(param(p, 0, 'address'), 'address');
    const slot = parseSlot(param(p, 1, 'slot'), 'slot');
    const value = parseData(param(p, 2, 'value'), 'value', 32);
    if (value.length !== 32) throw invalidParams('value must be exactly 32 bytes');
    const word = BigInt(`0x${Buffer.from(value).toString('hex')}`);
    ctx.chain.modify((s) => {
      if (!s.getAccount(address)) s.putAccount(address, new Account());
      s.setStorage(address, slot, word);
    });
    ctx.chain.recorder.storageWrite(address, slot);
    return true;
  },
  impersonateAccount: (p, ctx) => {
    ctx.chain.impersonated.add(parseAddress(param(p, 0, 'address'), 'address'));
    return true;
  },
  stopImpersonatingAccount: (p, ctx) => {
    ctx.chain.impersonated.delete(parseAddress(param(p, 0, 'address'), 'address'));
    return true;
  },
  autoImpersonateAccount: (p, ctx) => {
    const on = param(p, 0, 'enabled');
    if (typeof on !== 'boolean') throw invalidParams('enabled must be true or false');
    ctx.chain.autoImpersonate = on;
    return true;
  },
  setCoinbase: (p, ctx) => {
    ctx.chain.coinbase = parseAddress(param(p, 0, 'address'), 'address');
    return true;
  },
  setNextBlockBaseFeePerGas: (p, ctx) => {
    ctx.chain.setNextBlockBaseFee(quantityOrNumber(param(p, 0, 'base fee'), 'base fee'));
    return true;
  },
  setBlockGasLimit: (p, ctx) => {
    const limit = quantityOrNumber(param(p, 0, 'gas limit'), 'gas limit');
    if (limit < 21_000n) throw invalidParams('the block gas limit must be at least 21000');
    ctx.chain.blockGasLimit = limit;
    return true;
  },
  mine: (p, ctx) => {
    const count = p[0] === undefined || p[0] === null ? 1n : quantityOrNumber(p[0], 'block count');
    const interval = p[1] === undefined || p[1] === null ? 1n : quantityOrNumber(p[1], 'interval');
    mineBlocks(ctx, count, interval);
    return null;
  },
  getAutomine: (_p, ctx) => ctx.chain.automine,
  setAutomine: (p, ctx) => setAutomine(p, ctx),
  setIntervalMining: (p, ctx) => {
    ctx.chain.setIntervalMining(intervalMs(param(p, 0, 'seconds'), 'seconds', 1000n));
    return null;
  },
  dropTransaction: (p, ctx) => {
    const hash = parseHash(param(p, 0, 'transaction hash'), 'transaction hash');
    const before = ctx.chain.pool.length;
    ctx.chain.pool = ctx.chain.pool.filter(
      (t) => BigInt(`0x${Buffer.from(t.hash).toString('hex')}`) !== hash,
    );
    return before !== ctx.chain.pool.length ? toQuantity(hash) : null;
  },
};

function setAutomine(p: readonly unknown[], ctx: RpcContext): null {
  const on = param(p, 0, 'enabled');
  if (typeof on !== 'boolean') throw invalidParams('enabled must be true or false');
  ctx.chain.automine = on;
  if (on && ctx.chain.pool.length > 0) ctx.chain.mine();
  return null;
}

export const controlMethods: Record<string, RpcMethod> = {
  evm_snapshot: (_p, ctx) => toQuantity(ctx.chain.snapshot()),
  evm_revert: (p, ctx) => {
    const id = param(p, 0, 'snapshot id');
    return ctx.chain.revert(typeof id === 'number' ? id : parseSmallQuantity(id, 'snapshot id'));
  },
  evm_mine: (p, ctx) => {
    const opt = p[0];
    if (opt !== undefined && opt !== null && typeof opt === 'object' && !Array.isArray(opt)) {
      const o = opt as Record<string, unknown>;
      const blocks = o.blocks === undefined ? 1n : quantityOrNumber(o.blocks, 'blocks');
      if (o.timestamp !== undefined)
        ctx.chain.setNextBlockTimestamp(quantityOrNumber(o.timestamp, 'timestamp'));
      mineBlocks(ctx, blocks, 1n);
    } else {
      ctx.chain.mine(opt === undefined || opt === null ? undefined : quantityOrNumber(opt, 'timestamp'));
    }
    return '0x0';
  },
  evm_increaseTime: (p, ctx) =>
    Number(ctx.chain.increaseTime(quantityOrNumber(param(p, 0, 'seconds'), 'seconds'))),
  evm_setNextBlockTimestamp: (p, ctx) => {
    ctx.chain.setNextBlockTimestamp(quantityOrNumber(param(p, 0, 'timestamp'), 'timestamp'));
    return null;
  },
  evm_setAutomine: setAutomine,
  evm_setIntervalMining: (p, ctx) => {
    ctx.chain.setIntervalMining(intervalMs(param(p, 0, 'milliseconds'), 'milliseconds', 1n));
    return null;
  },
  evm_setBlockGasLimit: (p, ctx) => accountControls.setBlockGasLimit(p, ctx),
};

for (const [name, method] of Object.entries(accountControls)) {
  controlMethods[`anvil_${name}`] = method;
  controlMethods[`hardhat_${name}`] = method;
}
