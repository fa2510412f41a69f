// `tdk test --gas-report`: per contract, its deployment cost and size, then per function the gas of
// the calls tests made to it (min, average, median, max, count), as Foundry's gas report shows them.
// The runner feeds depth-1 calls from test contracts; cheatcode and console calls are not fed.
import { gasStats } from './fuzz/index.js';

export interface GasSample {
  readonly contract: string;
  /** function signature, e.g. transfer(address,uint256) */
  readonly fn: string;
  readonly gas: bigint;
}

interface ContractGas {
  deployments: { gas: bigint; size: number }[];
  calls: Map<string, bigint[]>;
}

export interface GasReportJson {
  readonly contract: string;
  /** The most expensive deployment seen (deployments of one contract usually cost the same). */
  readonly deployment: { readonly gas: number; readonly size: number } | null;
  readonly functions: Record<
    string,
    {
      readonly calls: number;
      readonly min: number;
      readonly mean: number;
      readonly median: number;
      readonly max: number;
    }
  >;
}

export class GasReport {
  private readonly contracts = new Map<string, ContractGas>();

  private entry(contract: string): ContractGas {
    let e = this.contracts.get(contract);
    if (e === undefined) this.contracts.set(contract, (e = { deployments: [], calls: new Map() }));
    return e;
  }

  addCall(s: GasSample): void {
    const calls = this.entry(s.contract).calls;
    const list = calls.get(s.fn);
    if (list === undefined) calls.set(s.fn, [s.gas]);
    else list.push(s.gas);
  }

  addDeployment(contract: string, gas: bigint, size: number): void {
    this.entry(contract).deployments.push({ gas, size });
  }

  /** Adds another report's samples (one per worker) to this one. */
  merge(o: GasReport): void {
    for (const [name, c] of o.contracts) {
      const e = this.entry(name);
      e.deployments.push(...c.deployments);
      for (const [fn, gas] of c.calls) {
        const list = e.calls.get(fn);
        if (list === undefined) e.calls.set(fn, gas.slice());
        else list.push(...gas);
      }
    }
  }

  get isEmpty(): boolean {
    return this.contracts.size === 0;
  }

  /** A stable schema: contracts and functions sorted by name; gas as numbers (all far below 2^53). */
  toJSON(): GasReportJson[] {
    return [...this.contracts.keys()].sort().map((name) => {
      const c = this.contracts.get(name)!;
      const top = c.deployments.reduce<{ gas: bigint; size: number } | null>(
        (best, d) => (best === null || d.gas > best.gas ? d : best),
        null,
      );
      const functions: GasReportJson['functions'] = {};
      for (const fn of [...c.calls.keys()].sort()) {
        const gas = c.calls.get(fn)!;
        const { gasMean, gasMedian } = gasStats(gas);
        let min = gas[0];
        let max = gas[0];
        for (const g of gas) {
          if (g < min) min = g;
          if (g > max) max = g;
        }
        functions[fn] = {
          calls: gas.length,
          min: Number(min),
          mean: Number(gasMean),
          median: Number(gasMedian),
          max: Number(max),
        };
      }
      return { contract: name, deployment: top && { gas: Number(top.gas), size: top.size }, functions };
    });
  }

  /** One table per contract; a function is shown by name unless the name is overloaded. */
  toTable(): string {
    const out: string[] = [];
    for (const c of this.toJSON()) {
      const names = Object.keys(c.functions);
      const short = (sig: string) => sig.slice(0, sig.indexOf('('));
      const overloaded = (sig: string) => names.filter((n) => short(n) === short(sig)).length > 1;
      const rows: string[][] = [
        [`${c.contract} Contract`, '', '', '', '', ''],
        null as unknown as string[],
        ['Deployment Cost', 'Deployment Size', '', '', '', ''],
        c.deployment
          ? [String(c.deployment.gas), String(c.deployment.size), '', '', '', '']
          : ['-', '-', '', '', '', ''],
        ['', '', '', '', '', ''],
        ['Function Name', 'Min', 'Avg', 'Median', 'Max', '# Calls'],
        ...names.map((sig) => {
          const f = c.functions[sig];
          const label = overloaded(sig) ? sig : short(sig);
          return [label, String(f.min), String(f.mean), String(f.median), String(f.max), String(f.calls)];
        }),
      ];
      out.push(renderTable(rows));
    }
    return out.join('\n\n');
  }
}

/** Rows of cells in padded columns; a null row is the rule under the title. */
function renderTable(rows: (string[] | null)[]): string {
  const widths = [0, 0, 0, 0, 0, 0];
  for (const r of rows) {
    if (r === null) continue;
    for (const [i, cell] of r.entries()) widths[i] = Math.max(widths[i], cell.length);
  }
  const rule = (ch: string) => `+${widths.map((w) => ch.repeat(w + 2)).join('+')}+`;
  const lines = [rule('-')];
  for (const r of rows) {
    if (r === null) lines.push(rule('='));
    else lines.push(`| ${r.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`);
  }
  lines.push(rule('-'));
  return lines.join('\n');
}
