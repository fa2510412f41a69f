import { BrowserProvider } from 'ethers';
import { ContractFunctionRevertedError, createPublicClient, custom, parseAbi } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  createEip1193Provider,
  type ProviderConnectInfo,
  type ProviderMessage,
  ProviderRpcError,
} from '../../src/chain/provider.js';
import type { RpcHandler } from '../../src/chain/rpc/types.js';
import { CHAIN_ID, FakeRpcHandler, REVERT_NOPE } from './fake-rpc-handler.js';

const TARGET = '0x00000000000000000000000000000000000000aa';

function nextMessages(provider: ReturnType<typeof createEip1193Provider>, count: number) {
  return new Promise<ProviderMessage[]>((resolve) => {
    const received: ProviderMessage[] = [];
    const listener = (message: ProviderMessage) => {
      received.push(message);
      if (received.length === count) {
        provider.removeListener('message', listener);
        resolve(received);
      }
    };
    provider.on('message', listener);
  });
}

describe('createEip1193Provider', () => {
  it('resolves results over an in-process session', async () => {
    const provider = createEip1193Provider(new FakeRpcHandler());
    expect(await provider.request({ method: 'echo', params: [1, 'two'] })).toEqual([1, 'two']);
    expect(await provider.request({ method: 'transport' })).toBe('inproc');
  });

  it('rejects JSON-RPC errors as ProviderRpcError with code, message and data', async () => {
    const provider = createEip1193Provider(new FakeRpcHandler());
    const error = await provider.request({ method: 'fail' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderRpcError);
    expect(error).toMatchObject({ code: 3, message: 'execution reverted: nope', data: REVERT_NOPE });

    const missing = await provider.request({ method: 'nope' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: -32601 });
    expect('data' in (missing as object)).toBe(false);
  });

  it('refuses malformed arguments and params that are not JSON', async () => {
    const provider = createEip1193Provider(new FakeRpcHandler());
    await expect(provider.request({ method: '' })).rejects.toMatchObject({ code: -32600 });
    await expect(provider.request({ method: 'echo', params: [1n] })).rejects.toMatchObject({ code: -32602 });
  });

  it('turns a handler that throws or answers nothing into -32603', async () => {
    const throwing: RpcHandler = { handleText: () => Promise.reject(new Error('boom')) };
    await expect(createEip1193Provider(throwing).request({ method: 'x' })).rejects.toMatchObject({
      code: -32603,
      message: expect.stringContaining('boom'),
    });
    const silent: RpcHandler = { handleText: async () => undefined };
    await expect(createEip1193Provider(silent).request({ method: 'x' })).rejects.toMatchObject({
      code: -32603,
    });
  });

  it("delivers subscription notifications as 'message' events after the subscription id", async () => {
    const provider = createEip1193Provider(new FakeRpcHandler());
    const messages = nextMessages(provider, 2);
    const id = await provider.request({ method: 'eth_subscribe', params: ['newHeads', 2] });
    expect(await messages).toEqual([
      { type: 'eth_subscription', data: { subscription: id, result: { n: 0 } } },
      { type: 'eth_subscription', data: { subscription: id, result: { n: 1 } } },
    ]);
  });

  it("emits 'connect' with the chain id, and 'disconnect' that runs session clean-ups", async () => {
    const handler = new FakeRpcHandler();
    const provider = createEip1193Provider(handler);
    const connected = await new Promise<ProviderConnectInfo>((resolve) => provider.once('connect', resolve));
    expect(connected).toEqual({ chainId: CHAIN_ID });

    const disconnected = new Promise<ProviderRpcError>((resolve) => provider.on('disconnect', resolve));
    provider.disconnect();
    expect(await disconnected).toMatchObject({ code: 4900 });
    expect(handler.closedSessions.map((s) => s.transport)).toEqual(['inproc']);
    await expect(provider.request({ method: 'echo' })).rejects.toMatchObject({ code: 4900 });
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const provider = createEip1193Provider(new FakeRpcHandler());
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    const vitestListeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      provider.on('message', () => {
        throw new Error('listener bug');
      });
      const messages = nextMessages(provider, 1);
      await provider.request({ method: 'eth_subscribe', params: ['newHeads', 1] });
      expect(await messages).toHaveLength(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(uncaught).toEqual([new Error('listener bug')]);
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const listener of vitestListeners) process.on('uncaughtException', listener);
    }
  });
});

describe('createEip1193Provider with viem and ethers', () => {
  it('serves viem through custom(provider), revert reasons included', async () => {
    const provider = createEip1193Provider(new FakeRpcHandler());
    // viem's custom transport wraps codes it does not know (3, a revert) as -1 and retries them
    // with back-off; nothing in-process fails transiently, so retries are off.
    const client = createPublicClient({ transport: custom(provider, { retryCount: 0 }) });
    expect(await client.getChainId()).toBe(Number(CHAIN_ID));

    const error = await client
      .readContract({
        address: TARGET,
        abi: parseAbi(['function f() view returns (uint256)']),
        functionName: 'f',
      })
      .catch((e: unknown) => e);
    const reverted = (error as { walk(fn: (e: unknown) => boolean): unknown }).walk(
      (e) => e instanceof ContractFunctionRevertedError,
    );
    expect(reverted).toBeInstanceOf(ContractFunctionRevertedError);
    expect((reverted as ContractFunctionRevertedError).reason).toBe('nope');

    const messages = nextMessages(provider, 1);
    const id = await client.request({ method: 'eth_subscribe' as never, params: ['newHeads', 1] as never });
    expect((await messages)[0]).toEqual({
      type: 'eth_subscription',
      data: { subscription: id, result: { n: 0 } },
    });
  });

  it('serves ethers through BrowserProvider, revert reasons included', async () => {
    const provider = createEip1193Provider(new FakeRpcHandler());
    const ethersProvider = new BrowserProvider(provider);
    expect(await ethersProvider.send('eth_chainId', [])).toBe(CHAIN_ID);
    expect((await ethersProvider.getNetwork()).chainId).toBe(BigInt(CHAIN_ID));

    const error = await ethersProvider.call({ to: TARGET, data: '0x26121ff0' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CALL_EXCEPTION', reason: 'nope', data: REVERT_NOPE });

    const messages = nextMessages(provider, 2);
    const id = await ethersProvider.send('eth_subscribe', ['newHeads', 2]);
    expect((await messages).map((m) => m.data)).toEqual([
      { subscription: id, result: { n: 0 } },
      { subscription: id, result: { n: 1 } },
    ]);
    ethersProvider.destroy();
  });
});
