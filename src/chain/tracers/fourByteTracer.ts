// geth's 4byteTracer (eth/tracers/native/4byte.go): how often each function selector was called,
// keyed "0x<selector>-<calldata size after the selector>", over CALL, CALLCODE, DELEGATECALL and
// STATICCALL (the transaction's own call included) with at least 4 bytes of input, precompiles
// excluded. Keys sorted, as Go's JSON encoding of a map sorts them.
import { bytesToHex } from '../../evm/bytes.js';
import type { CallEnter, Inspector } from '../../evm/inspector.js';

export class FourByteTracer implements Inspector {
  private readonly ids = new Map<string, number>();

  callEnter(call: CallEnter): void {
    if (call.input.length < 4 || call.isPrecompile) return;
    if (call.kind === 'CREATE' || call.kind === 'CREATE2') return;
    const key = `${bytesToHex(call.input.subarray(0, 4))}-${call.input.length - 4}`;
    this.ids.set(key, (this.ids.get(key) ?? 0) + 1);
  }

  result(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of [...this.ids.keys()].sort()) out[k] = this.ids.get(k)!;
    return out;
  }
}
