// `tdk evm run --code HEX`: runs bytecode as a contract in a fresh sandbox.
import { bytesToHex, hexToBytes } from '../evm/bytes.js';
import { EVM } from '../evm/evm.js';
import { Account } from '../evm/state/account.js';
import { Eip3155Tracer } from '../evm/tracing/eip3155.js';
import { parseUint } from './args.js';
import { writeJson } from './output.js';

export interface RunOptions {
  code: string;
  input: string;
  gas: string;
  value: string;
  trace?: boolean;
  json?: boolean;
}

const CONTRACT = 0xc0den;
const CALLER = 0xca11e7n;

export function runCode(opts: RunOptions): number {
  const code = hexToBytes(opts.code.trim());
  const input = hexToBytes(opts.input.trim());
  const gas = Number(parseUint('gas', opts.gas, BigInt(Number.MAX_SAFE_INTEGER)));
  const value = parseUint('value', opts.value, (1n << 256n) - 1n);
  const evm = new EVM();
  const contract = new Account();
  contract.code = code;
  evm.state.putAccount(CONTRACT, contract);
  const caller = new Account();
  caller.balance = value;
  evm.state.putAccount(CALLER, caller);
  evm.tx = { origin: CALLER, gasPrice: 0n, blobHashes: [] };
  let tracer: Eip3155Tracer | undefined;
  const out = new LineWriter();
  if (opts.trace) {
    // EIP-3155: one JSON object per step on stdout, then the summary line (replaces --json output).
    tracer = new Eip3155Tracer(out.write, { refund: () => evm.state.refund });
    evm.inspector = tracer;
  }
  const r = evm.runMessage({ caller: CALLER, to: CONTRACT, value, data: input, gas });
  const error = r.status === 'halt' ? r.halt : r.status === 'revert' ? 'execution reverted' : undefined;
  if (tracer) {
    tracer.summary(r, { stateRoot: evm.state.stateRoot(), fork: 'Cancun' });
    out.flush();
  } else if (opts.json) {
    writeJson({ output: bytesToHex(r.output), gasUsed: r.gasUsed, status: r.status, error: error ?? null });
  } else {
    process.stdout.write(
      `output   ${bytesToHex(r.output)}\ngas used ${r.gasUsed}\n${error ? `error    ${error}\n` : ''}`,
    );
  }
  return r.status === 'success' ? 0 : 1;
}

/** Trace lines go out in chunks: one stdout write per step would dominate the run time. */
class LineWriter {
  private buf = '';
  readonly write = (line: object): void => {
    this.buf += `${JSON.stringify(line)}\n`;
    if (this.buf.length >= 1 << 16) this.flush();
  };
  flush(): void {
    if (this.buf.length > 0) process.stdout.write(this.buf);
    this.buf = '';
  }
}
