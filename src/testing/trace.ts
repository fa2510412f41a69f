// Call traces (-vvv): the call tree of one test, recorded through callEnter/callExit/log and printed
// like forge's, with contract names (labels, else the artifact whose code is deployed there),
// decoded calls, returns, reverts and events.
import {
  type AbiEvent,
  type AbiFunction,
  bytesToHex,
  decodeAbiParameters,
  decodeEventLog,
  getAddress,
  type Hex,
  toEventSelector,
  toFunctionSelector,
} from 'viem';
import type { CallEnter, CallExit, CallKind, ExecStatus, HaltReason, Log } from '../evm/index.js';
import { CHEATCODE_ADDRESS, CONSOLE_ADDRESS } from './constants.js';
import { formatValue } from './format-value.js';
import type { ErrorDecoder } from './revert-reason.js';

export interface TraceNode {
  readonly kind: CallKind;
  readonly from: bigint;
  readonly to: bigint;
  readonly input: Uint8Array;
  readonly value: bigint;
  status: ExecStatus;
  halt?: HaltReason;
  output: Uint8Array;
  gasUsed: bigint;
  readonly children: (TraceNode | Log)[];
}

export class TraceRecorder {
  readonly roots: TraceNode[] = [];
  private readonly open: TraceNode[] = [];

  enter(e: CallEnter): void {
    const n: TraceNode = {
      kind: e.kind,
      from: e.from,
      to: e.to,
      input: e.input,
      value: e.value,
      status: 'success',
      output: new Uint8Array(0),
      gasUsed: 0n,
      children: [],
    };
    const parent = this.open[this.open.length - 1];
    if (parent) parent.children.push(n);
    else this.roots.push(n);
    this.open.push(n);
  }

  exit(e: CallExit): void {
    const n = this.open.pop();
    if (!n) return;
    n.status = e.status;
    n.halt = e.halt;
    n.output = e.output;
    n.gasUsed = e.gasUsed;
  }

  log(l: Log): void {
    this.open[this.open.length - 1]?.children.push(l);
  }
}

/** Names and ABIs used to print a trace. */
export interface TraceNames {
  /** vm.label names and the contracts identified by code. */
  readonly names: ReadonlyMap<bigint, string>;
  readonly abis: ReadonlyMap<bigint, readonly unknown[]>;
  /** Every known function/event by selector, for addresses without an ABI (cheatcodes). */
  readonly functions: ReadonlyMap<string, AbiFunction>;
  readonly events: ReadonlyMap<string, AbiEvent>;
  readonly errors: ErrorDecoder;
}

export function functionTable(abis: Iterable<readonly unknown[]>): {
  functions: Map<string, AbiFunction>;
  events: Map<string, AbiEvent>;
} {
  const functions = new Map<string, AbiFunction>();
  const events = new Map<string, AbiEvent>();
  for (const abi of abis)
    for (const item of abi as { type?: string }[]) {
      if (item?.type === 'function') {
        const f = item as AbiFunction;
        const sel = toFunctionSelector(f);
        if (!functions.has(sel)) functions.set(sel, f);
      } else if (item?.type === 'event') {
        const ev = item as AbiEvent;
        const sel = toEventSelector(ev);
        if (!events.has(sel)) events.set(sel, ev);
      }
    }
  return { functions, events };
}

export function renderTrace(rec: TraceRecorder, t: TraceNames): string {
  const lines: string[] = [];
  for (const root of rec.roots) renderNode(root, t, '  ', '  ', lines);
  return lines.join('\n');
}

function hexAddr(a: bigint): string {
  return getAddress(`0x${a.toString(16).padStart(40, '0')}`);
}

function nameOf(a: bigint, t: TraceNames): string {
  if (a === CHEATCODE_ADDRESS) return 'VM';
  if (a === CONSOLE_ADDRESS) return 'console';
  return t.names.get(a) ?? hexAddr(a);
}

function decodeCall(n: TraceNode, t: TraceNames): { text: string; fn?: AbiFunction } {
  if (n.kind === 'CREATE' || n.kind === 'CREATE2') return { text: `new ${nameOf(n.to, t)}@${hexAddr(n.to)}` };
  const sel = n.input.length >= 4 ? bytesToHex(n.input.subarray(0, 4)) : undefined;
  const fn = sel ? (findFunction(sel, t.abis.get(n.to)) ?? t.functions.get(sel)) : undefined;
  if (fn === undefined) {
    const data = n.input.length === 0 ? 'fallback()' : bytesToHex(n.input);
    return { text: `${nameOf(n.to, t)}::${data}` };
  }
  let args: string;
  try {
    const vals = decodeAbiParameters(fn.inputs, bytesToHex(n.input.subarray(4)) as Hex);
    args = fn.inputs.map((p, i) => formatValue(p.type, vals[i])).join(', ');
  } catch {
    args = bytesToHex(n.input.subarray(4));
  }
  return { text: `${nameOf(n.to, t)}::${fn.name}(${args})`, fn };
}

function findFunction(sel: string, abi: readonly unknown[] | undefined): AbiFunction | undefined {
  if (!abi) return undefined;
  for (const item of abi as { type?: string }[]) {
    if (item?.type === 'function' && toFunctionSelector(item as AbiFunction) === sel)
      return item as AbiFunction;
  }
  return undefined;
}

function renderNode(n: TraceNode, t: TraceNames, first: string, rest: string, out: string[]): void {
  const { text, fn } = decodeCall(n, t);
  const value = n.value !== 0n ? `{value: ${n.value}}` : '';
  const kind = n.kind === 'STATICCALL' ? ' [staticcall]' : n.kind === 'DELEGATECALL' ? ' [delegatecall]' : '';
  out.push(`${first}[${n.gasUsed}] ${text}${value}${kind}`);
  const items = n.children;
  for (const c of items) {
    if ('topics' in c) out.push(`${rest}├─ emit ${renderLog(c, t)}`);
    else renderNode(c, t, `${rest}├─ `, `${rest}│   `, out);
  }
  out.push(`${rest}└─ ← ${renderResult(n, fn, t)}`);
}

function renderResult(n: TraceNode, fn: AbiFunction | undefined, t: TraceNames): string {
  if (n.status === 'halt') return `[${n.halt ?? 'Halt'}] EvmError: ${n.halt ?? 'Halt'}`;
  if (n.status === 'revert') return `[Revert] ${t.errors.decode(n.output)}`;
  if (n.kind === 'CREATE' || n.kind === 'CREATE2') return `[Return] ${n.output.length} bytes of code`;
  if (n.output.length === 0) return '[Stop]';
  if (fn && fn.outputs.length > 0) {
    try {
      const vals = decodeAbiParameters(fn.outputs, bytesToHex(n.output) as Hex);
      return `[Return] ${fn.outputs.map((p, i) => formatValue(p.type, vals[i])).join(', ')}`;
    } catch {
      // fall through to raw bytes
    }
  }
  return `[Return] ${bytesToHex(n.output)}`;
}

function renderLog(l: Log, t: TraceNames): string {
  const topic0 = l.topics[0] !== undefined ? `0x${l.topics[0].toString(16).padStart(64, '0')}` : undefined;
  const ev = topic0 ? t.events.get(topic0) : undefined;
  if (ev) {
    try {
      const topics = l.topics.map((x) => `0x${x.toString(16).padStart(64, '0')}` as Hex);
      const d = decodeEventLog({
        abi: [ev],
        data: bytesToHex(l.data),
        topics: topics as [Hex, ...Hex[]],
      });
      const args = d.args as Record<string, unknown> | readonly unknown[] | undefined;
      const parts = ev.inputs.map((p, i) => {
        const v = Array.isArray(args)
          ? args[i]
          : (args as Record<string, unknown> | undefined)?.[p.name ?? ''];
        return `${p.name ? `${p.name}: ` : ''}${formatValue(p.type, v)}`;
      });
      return `${ev.name}(${parts.join(', ')})`;
    } catch {
      // fall through
    }
  }
  const topics = l.topics.map((x) => `0x${x.toString(16).padStart(64, '0')}`).join(', ');
  return `topics: [${topics}], data: ${bytesToHex(l.data)}`;
}
