// Tracers for debug_traceTransaction / debug_traceCall, in geth's formats. The devnet re-executes
// the transaction with `tracer.inspector` attached and answers with `tracer.result(outcome)`:
//
//   const tracer = createTracer(params[1] ?? {});      // throws TracerError for an unknown tracer
//   const evm = new EVM({ state, block, precompiles });
//   tracer.attach(evm);                                 // sets evm.inspector, lets tracers read state
//   const out = runTransaction(evm, tx, from);
//   if (!out.ok) ...                                    // an invalid transaction has no trace
//   return tracer.result({ gasLimit: tx.gasLimit, receipt: out.receipt, firstLogIndex });
//
// result() needs (see TraceOutcome in format.ts):
// - gasLimit: the transaction's gas limit (callTracer's top-level `gas`);
// - receipt: runTransaction's receipt: gasUsed (after refund, intrinsic included) is the struct
//   logger's `gas` and callTracer's top-level `gasUsed`; status and output give `failed` and
//   `returnValue`;
// - firstLogIndex: the block-wide index of the transaction's first log (callTracer withLog); 0
//   when absent (debug_traceCall).
// Everything else (from, to, value, input, the sub-calls) the inspector sees while the transaction
// runs. A tracer instance traces one transaction.
//
// attach(evm) is preferred over setting `evm.inspector = tracer.inspector` by hand: through the EVM
// the struct logger reads the refund counter and SLOAD values, and callTracer the balance a
// SELFDESTRUCT moves. Without it, `refund` is never reported and SELFDESTRUCT values read 0.
//
// Tracers: the struct logger (no `tracer`, see structLogger.ts), 'callTracer' (callTracer.ts),
// '4byteTracer' (fourByteTracer.ts) and 'noopTracer' (returns {}). The struct logger's options sit
// at the top level of the config (enableMemory, disableStack, disableStorage, enableReturnData,
// limit); callTracer's in `tracerConfig` (onlyTopCall, withLog). `timeout` is accepted and ignored:
// traces run synchronously.
import { EvmError } from '../../evm/errors.js';
import type { EVM } from '../../evm/evm.js';
import type { Inspector } from '../../evm/inspector.js';
import { CallTracer, type CallTracerConfig } from './callTracer.js';
import type { TraceOutcome } from './format.js';
import { FourByteTracer } from './fourByteTracer.js';
import { StructLogger, type StructLoggerConfig } from './structLogger.js';

export type { CallFrameJson, CallLogJson, CallTracerConfig } from './callTracer.js';
export { decodeRevert } from './callTracer.js';
export type { TraceOutcome } from './format.js';
export type { StructLog, StructLoggerConfig, StructLoggerResult } from './structLogger.js';
export { CallTracer, FourByteTracer, StructLogger };

/** debug_traceTransaction's / debug_traceCall's trace config (geth's TraceConfig). */
export interface TraceConfig extends StructLoggerConfig {
  /** Tracer name; absent or "" selects the struct logger. */
  readonly tracer?: string;
  /** The named tracer's own options (callTracer: onlyTopCall, withLog). */
  readonly tracerConfig?: Readonly<Record<string, unknown>>;
  /** Accepted for compatibility; ignored. */
  readonly timeout?: string;
}

export interface TdkTracer {
  /** 'structLogger' for the default tracer, otherwise the tracer's name. */
  readonly name: string;
  readonly inspector: Inspector;
  /** Sets `evm.inspector` to this tracer and lets it read the EVM's state while tracing. */
  attach(evm: EVM): void;
  /** The trace's JSON value, once the transaction has run. */
  result(outcome: TraceOutcome): unknown;
}

export const SUPPORTED_TRACERS: readonly string[] = ['callTracer', '4byteTracer', 'noopTracer'];

/** An unknown tracer or malformed tracer options (code TDK_RPC_TRACER). */
export class TracerError extends EvmError {
  constructor(message: string, hint?: string) {
    super(message, 'TDK_RPC_TRACER', hint);
  }
}

const HINT = `supported tracers: the default struct logger (omit "tracer"), ${SUPPORTED_TRACERS.map((t) => `"${t}"`).join(', ')}`;

export function createTracer(config: TraceConfig = {}): TdkTracer {
  const name = config.tracer ?? '';
  switch (name) {
    case '': {
      checkOptions(
        config as Record<string, unknown>,
        ['enableMemory', 'disableMemory', 'disableStack', 'disableStorage', 'enableReturnData'],
        'limit',
      );
      const t = new StructLogger(config);
      return {
        name: 'structLogger',
        inspector: t,
        attach(evm) {
          t.evm = evm;
          evm.inspector = t;
        },
        result: (outcome) => t.result(outcome),
      };
    }
    case 'callTracer': {
      const options = (config.tracerConfig ?? {}) as CallTracerConfig & Record<string, unknown>;
      checkOptions(options, ['onlyTopCall', 'withLog']);
      const t = new CallTracer(options);
      return {
        name,
        inspector: t,
        attach(evm) {
          t.evm = evm;
          evm.inspector = t;
        },
        result: (outcome) => t.result(outcome),
      };
    }
    case '4byteTracer':
    case 'noopTracer': {
      const t = name === '4byteTracer' ? new FourByteTracer() : null;
      const inspector: Inspector = t ?? {};
      return {
        name,
        inspector,
        attach(evm) {
          evm.inspector = inspector;
        },
        result: () => (t === null ? {} : t.result()),
      };
    }
    default:
      throw new TracerError(`tracer ${shown(name)} is not supported`, HINT);
  }
}

function checkOptions(o: Record<string, unknown>, flags: readonly string[], count?: string): void {
  if (typeof o !== 'object' || o === null) throw new TracerError('tracerConfig must be an object');
  for (const f of flags) {
    if (o[f] !== undefined && typeof o[f] !== 'boolean') {
      throw new TracerError(`tracer option ${f} must be true or false, got ${shown(o[f])}`);
    }
  }
  if (count !== undefined && o[count] !== undefined) {
    const v = o[count];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new TracerError(`tracer option ${count} must be a non-negative integer, got ${shown(v)}`);
    }
  }
}

/** A client's value in a message: scalars as JSON, containers by kind (they may be huge or deep). */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'an array' : 'an object';
  return String(v);
}
