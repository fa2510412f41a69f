// Gets one epoch's updateRoot transaction mined and confirmed, surviving restarts: each signed
// attempt is recorded before it is broadcast; the latest is re-sent while it is not mined; after
// `replaceAfterMs` it is replaced at the same nonce with both EIP-1559 fee fields raised by at least
// 10 % (geth's replacement rule), up to a cap. Whichever attempt is mined wins; the others can no
// longer land because they share its nonce.
import type { Hex } from 'viem';
import { keccak256 } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { crashPoint } from './crash.js';
import { WorkerError } from './errors.js';
import type { LogSink } from './log.js';
import type { WorkerMetrics } from './metrics.js';
import { describeRevert } from './registry.js';
import { type Rpc, RpcError } from './rpc.js';
import { sleep } from './sleep.js';
import type { AttemptRecord, WorkerStore } from './store.js';

export interface TxPolicy {
  /** Replace an attempt that is not mined after this many ms. */
  readonly replaceAfterMs: number;
  /** Re-send the latest attempt this often while it is not mined (a node may have lost it). */
  readonly rebroadcastMs: number;
  /** How often to look for receipts and new blocks. */
  readonly pollMs: number;
  /** Fee bump per replacement in percent; at least 10. */
  readonly bumpPercent: number;
  /** No attempt is signed with a higher maxFeePerGas (wei). */
  readonly maxFeePerGas: bigint;
}

export const DEFAULT_TX_POLICY: TxPolicy = {
  replaceAfterMs: 60_000,
  rebroadcastMs: 15_000,
  pollMs: 1_000,
  bumpPercent: 12,
  maxFeePerGas: 500n * 10n ** 9n,
};

export type LandResult =
  | { readonly kind: 'confirmed'; readonly hash: Hex; readonly blockNumber: number }
  | { readonly kind: 'reverted'; readonly hash: Hex; readonly blockNumber: number; readonly reason?: string }
  /** The nonce was used by a transaction this worker did not record (another process, same key). */
  | { readonly kind: 'nonce-used' };

interface Receipt {
  readonly blockNumber: Hex;
  readonly status: Hex;
  readonly transactionHash: Hex;
}

const bump = (v: bigint, percent: number): bigint => (v * BigInt(100 + percent) + 99n) / 100n;
const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

export class TxManager {
  constructor(
    private readonly rpc: Rpc,
    private readonly account: PrivateKeyAccount,
    private readonly chainId: number,
    private readonly store: WorkerStore,
    private readonly metrics: WorkerMetrics,
    private readonly log: LogSink,
    private readonly policy: TxPolicy,
    private readonly signal: AbortSignal,
  ) {
    if (policy.bumpPercent < 10)
      throw new WorkerError('the fee bump must be at least 10 %', 'TDK_WORKER_INPUT');
  }

  /**
   * Drives the transaction (to, data) of `epoch` until it is `confirmations` blocks deep, picking up
   * attempts recorded by an earlier run. Returns undefined if the worker stops first.
   */
  async land(epoch: number, to: Hex, data: Hex, confirmations: number): Promise<LandResult | undefined> {
    const attempts = this.store.liveAttempts(epoch);
    if (attempts.length === 0) attempts.push(await this.signFirst(epoch, to, data));
    let latest = attempts.at(-1)!;
    // Counted from now, not from signing: after a restart the latest attempt gets a full window.
    let waitingSince = Date.now();
    let lastBroadcast = 0;
    let nonceGone = 0;
    let feeCapLogged = false;
    let backoff = this.policy.pollMs;
    while (!this.signal.aborted) {
      try {
        const mined = await this.findReceipt(attempts);
        if (mined) {
          crashPoint('after-receipt', epoch);
          const blockNumber = Number(mined.blockNumber);
          if (mined.status !== '0x1') {
            return {
              kind: 'reverted',
              hash: mined.transactionHash,
              blockNumber,
              reason: await this.revertReason(mined, to, data),
            };
          }
          const head = Number(await this.rpc.request<Hex>('eth_blockNumber'));
          if (head - blockNumber + 1 >= confirmations) {
            // Look again: a reorg between the two reads would have removed the receipt.
            const again = await this.findReceipt(attempts);
            if (again?.transactionHash === mined.transactionHash && again.blockNumber === mined.blockNumber) {
              return { kind: 'confirmed', hash: mined.transactionHash, blockNumber };
            }
          }
        } else {
          const chainNonce = Number(
            await this.rpc.request<Hex>('eth_getTransactionCount', [this.account.address, 'latest']),
          );
          if (chainNonce > latest.nonce) {
            // A receipt can trail the nonce by a moment on some nodes: only believe it twice.
            if (++nonceGone >= 2) return { kind: 'nonce-used' };
          } else {
            nonceGone = 0;
            const now = Date.now();
            if (lastBroadcast > 0 && now - waitingSince >= this.policy.replaceAfterMs) {
              const next = await this.replace(latest, to, data, feeCapLogged);
              if (next) {
                attempts.push(next);
                latest = next;
                lastBroadcast = 0;
              } else feeCapLogged = true;
              waitingSince = now;
            }
            if (lastBroadcast === 0 || now - lastBroadcast >= this.policy.rebroadcastMs) {
              await this.broadcast(latest);
              lastBroadcast = Date.now();
            }
          }
        }
        backoff = this.policy.pollMs;
      } catch (err) {
        if (!(err instanceof RpcError)) throw err;
        this.log({ level: 'warn', event: 'rpc.error', msg: err.message, epoch });
        // Back off up to 16 polls while the node is failing.
        backoff = Math.min(backoff * 2, this.policy.pollMs * 16);
      }
      await sleep(backoff, this.signal);
    }
    return undefined;
  }

  private async findReceipt(attempts: readonly AttemptRecord[]): Promise<Receipt | undefined> {
    for (let i = attempts.length - 1; i >= 0; i--) {
      const r = await this.rpc.request<Receipt | null>('eth_getTransactionReceipt', [attempts[i]!.hash]);
      if (r?.blockNumber) return r;
    }
    return undefined;
  }

  private async revertReason(r: Receipt, to: Hex, data: Hex): Promise<string | undefined> {
    // Replay the call at the parent block to learn the custom error.
    try {
      await this.rpc.request('eth_call', [
        { from: this.account.address, to, data },
        `0x${(Number(r.blockNumber) - 1).toString(16)}`,
      ]);
      return undefined;
    } catch (err) {
      return err instanceof RpcError ? (describeRevert(err.data as Hex) ?? err.message) : undefined;
    }
  }

  private async fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const [block, tip] = await Promise.all([
      this.rpc.request<{ baseFeePerGas?: Hex }>('eth_getBlockByNumber', ['latest', false]),
      this.rpc.request<Hex>('eth_maxPriorityFeePerGas').catch(() => '0x3b9aca00' as Hex),
    ]);
    const priority = BigInt(tip);
    const base = BigInt(block.baseFeePerGas ?? '0x0');
    // Twice the base fee survives six full blocks of +12.5 % each.
    return { maxFeePerGas: 2n * base + priority, maxPriorityFeePerGas: priority };
  }

  private async signFirst(epoch: number, to: Hex, data: Hex): Promise<AttemptRecord> {
    let gas: bigint;
    try {
      gas = BigInt(
        await this.rpc.request<Hex>('eth_estimateGas', [{ from: this.account.address, to, data }]),
      );
    } catch (err) {
      if (err instanceof RpcError && err.rpcCode !== undefined) {
        const reason = describeRevert(err.data as Hex) ?? err.message;
        throw new WorkerError(
          `updateRoot(${epoch}) would revert: ${reason}`,
          'TDK_WORKER_REVERT',
          reason.startsWith('AccessControl')
            ? `grant PUBLISHER_ROLE to ${this.account.address} on the registry`
            : 'check --registry (a MerkleRootRegistry) and that this key is its publisher',
        );
      }
      throw err;
    }
    gas += gas / 5n; // 20 % headroom: the state can change between estimate and inclusion.
    const nonce = Number(
      await this.rpc.request<Hex>('eth_getTransactionCount', [this.account.address, 'pending']),
    );
    const f = await this.fees();
    const maxFeePerGas = minOf(f.maxFeePerGas, this.policy.maxFeePerGas);
    const maxPriorityFeePerGas = minOf(f.maxPriorityFeePerGas, maxFeePerGas);
    return this.sign(epoch, to, data, nonce, gas, maxFeePerGas, maxPriorityFeePerGas);
  }

  /** A same-nonce replacement with both fee fields raised, or undefined if the cap forbids it. */
  private async replace(
    prev: AttemptRecord,
    to: Hex,
    data: Hex,
    quiet: boolean,
  ): Promise<AttemptRecord | undefined> {
    const f = await this.fees();
    const minFee = bump(prev.maxFeePerGas, this.policy.bumpPercent);
    let priority = bump(prev.maxPriorityFeePerGas, this.policy.bumpPercent);
    if (priority === prev.maxPriorityFeePerGas) priority++;
    if (f.maxPriorityFeePerGas > priority) priority = f.maxPriorityFeePerGas;
    let maxFee = maxOf(minFee, f.maxFeePerGas);
    if (maxFee < priority) maxFee = priority;
    if (maxFee > this.policy.maxFeePerGas) {
      if (
        minFee > this.policy.maxFeePerGas ||
        bump(prev.maxPriorityFeePerGas, 10) > this.policy.maxFeePerGas
      ) {
        if (!quiet) {
          this.log({
            level: 'warn',
            event: 'tx.fee-cap',
            msg: `cannot raise fees further: the cap is ${this.policy.maxFeePerGas} wei; re-sending the last attempt`,
            epoch: prev.epoch,
            nonce: prev.nonce,
          });
        }
        return undefined;
      }
      maxFee = this.policy.maxFeePerGas;
      if (priority > maxFee) priority = maxFee;
    }
    const next = await this.sign(prev.epoch, to, data, prev.nonce, prev.gas, maxFee, priority);
    this.metrics.txReplacements++;
    this.log({
      level: 'warn',
      event: 'tx.replaced',
      msg: `attempt ${prev.attempt} not mined after ${this.policy.replaceAfterMs} ms: replaced at nonce ${prev.nonce}`,
      epoch: prev.epoch,
      nonce: prev.nonce,
      hash: next.hash,
      replaces: prev.hash,
      maxFeePerGas: maxFee.toString(),
      maxPriorityFeePerGas: priority.toString(),
    });
    return next;
  }

  private async sign(
    epoch: number,
    to: Hex,
    data: Hex,
    nonce: number,
    gas: bigint,
    maxFeePerGas: bigint,
    maxPriorityFeePerGas: bigint,
  ): Promise<AttemptRecord> {
    const raw = await this.account.signTransaction({
      type: 'eip1559',
      chainId: this.chainId,
      nonce,
      to,
      data,
      gas,
      maxFeePerGas,
      maxPriorityFeePerGas,
      value: 0n,
    });
    const hash = keccak256(raw);
    const record = this.store.addAttempt({
      epoch,
      nonce,
      hash,
      raw,
      gas,
      maxFeePerGas,
      maxPriorityFeePerGas,
      signedAt: Date.now(),
    });
    this.metrics.txAttempts++;
    return record;
  }

  private async broadcast(a: AttemptRecord): Promise<void> {
    crashPoint('before-send', a.epoch);
    try {
      await this.rpc.request<Hex>('eth_sendRawTransaction', [a.raw]);
      this.log({
        level: 'info',
        event: 'tx.sent',
        msg: `attempt ${a.attempt} sent`,
        epoch: a.epoch,
        nonce: a.nonce,
        hash: a.hash,
      });
    } catch (err) {
      if (!(err instanceof RpcError) || err.rpcCode === undefined) throw err;
      // The node refused it: already known / nonce too low (mined or replaced) / underpriced. The
      // receipt and nonce checks of the next poll decide what happened.
      this.log({ level: 'debug', event: 'tx.refused', msg: err.message, epoch: a.epoch, hash: a.hash });
    }
    crashPoint('after-send', a.epoch);
  }
}
