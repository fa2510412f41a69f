// Chain access for the storage tools over JSON-RPC: storage words (eth_getStorageAt, batched), the
// devnet's recording of written slots and keccak preimages (tdk_ methods), and code and calls for
// proxy detection. Any node works for reading; only tdk's devnet has a recording.
import { hexToBytes } from '../evm/bytes.js';
import {
  type Eip1193Like,
  METHOD_NOT_FOUND,
  malformed,
  type RpcClient,
  RpcClientError,
  type RpcClientOptions,
  rpcClient,
} from './rpc.js';
import type { SlotRecording, StorageReader } from './types.js';

export interface RpcReaderOptions extends RpcClientOptions {
  /** Block to read at: a tag or a 0x number. Default 'latest'. */
  readonly block?: string;
}

/** A provider, a URL, or a client already made (to share one between reader and recording). */
export type RpcTarget = Eip1193Like | string | RpcClient;

function clientOf(target: RpcTarget, options: RpcClientOptions): RpcClient {
  return typeof target === 'object' && 'batch' in target ? target : rpcClient(target, options);
}

const hex32 = (v: bigint): string => `0x${v.toString(16).padStart(64, '0')}`;
const hex20 = (v: bigint): string => `0x${v.toString(16).padStart(40, '0')}`;
const HEX = /^0x[0-9a-fA-F]*$/;

/** Parses a hex word answer; anything else is the node's fault. */
function word(endpoint: string, value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !HEX.test(value) || value.length > 66) {
    throw malformed(endpoint, `${what} is not a 32-byte hex word: ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value === '0x' ? 0n : BigInt(value);
}

function data(endpoint: string, value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || !HEX.test(value) || value.length % 2 !== 0) {
    throw malformed(endpoint, `${what} is not hex data: ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return hexToBytes(value);
}

/** StorageReader over eth_getStorageAt, batchSize slots per JSON-RPC batch. */
export function rpcStorageReader(target: RpcTarget, options: RpcReaderOptions = {}): StorageReader {
  const client = clientOf(target, options);
  const block = options.block ?? 'latest';
  return {
    async read(address, slots) {
      const account = hex20(address);
      const answers = await client.batch(
        slots.map((s) => ({ method: 'eth_getStorageAt', params: [account, hex32(s), block] })),
      );
      return answers.map((a, i) => word(client.endpoint, a, `eth_getStorageAt(${hex32(slots[i])})`));
    },
  };
}

/** The devnet's tdk_getKeccakPreimages takes at most this many hashes per call. */
const PREIMAGES_PER_CALL = 10_000;

/**
 * SlotRecording over tdk_getWrittenSlots / tdk_getKeccakPreimages. A node without them (any node but
 * tdk's devnet) gives TDK_NO_RECORDING: mapping keys must then be given.
 */
export function rpcSlotRecording(target: RpcTarget, options: RpcClientOptions = {}): SlotRecording {
  const client = clientOf(target, options);
  const call = async (method: string, params: unknown[]): Promise<unknown> => {
    try {
      return await client.request(method, params);
    } catch (error) {
      if (error instanceof RpcClientError && error.rpcCode === METHOD_NOT_FOUND) {
        throw new RpcClientError(
          `${client.endpoint} does not record storage writes (${method} is not available there), so mapping keys cannot be discovered; keys must be given with --key`,
          'TDK_NO_RECORDING',
          'recording is a feature of tdk’s devnet (tdk node, tdk up); on other nodes pass --key for each mapping key',
          METHOD_NOT_FOUND,
          { cause: error },
        );
      }
      throw error;
    }
  };
  return {
    async writtenSlots(address) {
      const answer = await call('tdk_getWrittenSlots', [hex20(address)]);
      if (!Array.isArray(answer)) throw malformed(client.endpoint, 'tdk_getWrittenSlots did not give a list');
      return answer.map((s, i) => word(client.endpoint, s, `written slot ${i}`));
    },
    async preimages(hashes) {
      const out: (Uint8Array | null)[] = [];
      for (let i = 0; i < hashes.length; i += PREIMAGES_PER_CALL) {
        const chunk = hashes.slice(i, i + PREIMAGES_PER_CALL);
        const answer = await call('tdk_getKeccakPreimages', [chunk.map(hex32)]);
        if (!Array.isArray(answer) || answer.length !== chunk.length) {
          throw malformed(client.endpoint, `tdk_getKeccakPreimages did not give ${chunk.length} answers`);
        }
        for (const [j, p] of answer.entries()) {
          out.push(p === null ? null : data(client.endpoint, p, `preimage ${i + j}`));
        }
      }
      return out;
    },
  };
}

/** Code and read-only calls: what proxy detection needs besides storage. */
export interface CodeReader {
  code(address: bigint): Promise<Uint8Array>;
  /** Return data of eth_call, or null when the call reverts or fails. */
  call(to: bigint, data: Uint8Array): Promise<Uint8Array | null>;
}

export function rpcCodeReader(target: RpcTarget, options: RpcReaderOptions = {}): CodeReader {
  const client = clientOf(target, options);
  const block = options.block ?? 'latest';
  return {
    async code(address) {
      const answer = await client.request('eth_getCode', [hex20(address), block]);
      return data(client.endpoint, answer, 'eth_getCode');
    },
    async call(to, input) {
      let answer: unknown;
      try {
        answer = await client.request('eth_call', [
          { to: hex20(to), data: `0x${Buffer.from(input).toString('hex')}` },
          block,
        ]);
      } catch (error) {
        // A revert (or any execution error) means "not this interface"; transport failures are real.
        if (error instanceof RpcClientError && error.code === 'TDK_RPC_ERROR') return null;
        throw error;
      }
      return data(client.endpoint, answer, 'eth_call');
    },
  };
}

/** Everything the storage tools read from one node, over one client. */
export interface RpcChainAccess {
  readonly reader: StorageReader;
  readonly code: CodeReader;
  /** Works on tdk's devnet only; elsewhere its methods reject with TDK_NO_RECORDING. */
  readonly recording: SlotRecording;
}

export function rpcChainAccess(target: RpcTarget, options: RpcReaderOptions = {}): RpcChainAccess {
  const client = clientOf(target, options);
  return {
    reader: rpcStorageReader(client, options),
    code: rpcCodeReader(client, options),
    recording: rpcSlotRecording(client, options),
  };
}
