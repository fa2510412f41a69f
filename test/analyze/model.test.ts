// The analysis model on its own: external calls classified the same way across compiler
// generations (0.4 to 0.8 syntax), and the CFG with modifiers inlined at `_`.
import { describe, expect, it } from 'vitest';
import { Analysis } from '../../src/analyze/analysis.js';
import type { AstNode } from '../../src/analyze/ast.js';
import { EXIT, REVERT } from '../../src/analyze/cfg.js';
import { compileAll } from '../../src/analyze/compile.js';
import { Program } from '../../src/analyze/program.js';

function analyse(source: string): Analysis {
  const { batches, failures } = compileAll([{ display: 'M.sol', unit: 'M.sol', text: source }], {
    base: process.cwd(),
    remappings: [],
    includePaths: [],
  });
  expect(failures).toEqual([]);
  return new Analysis(new Program(batches[0]!));
}

function calls(a: Analysis, fnName: string): string[] {
  const t = a.targets().find((x) => x.fn.name === fnName)!;
  const out: string[] = [];
  for (const n of a.cfg(t).nodes)
    if (n.ast)
      for (const c of a.effects.of(n.ast, t.contract).calls)
        out.push(`${c.kind}${c.value ? '+value' : ''}${c.canReenter ? '+reenter' : ''}`);
  return out;
}

const generations: { pragma: string; body: string; expected: string[] }[] = [
  {
    pragma: '^0.4.24',
    body: `function f(address a, T t, bytes d) public {
      a.call.value(1)(d); a.send(1); a.transfer(1); a.delegatecall(d); a.callcode(d); t.g(); t.v();
    }`,
    // before 0.5 a view call is a CALL: the callee can still re-enter
    expected: [
      'call+value+reenter',
      'send+value',
      'transfer+value',
      'delegatecall+reenter',
      'callcode+reenter',
      'high-level+reenter',
      'high-level+reenter',
    ],
  },
  {
    pragma: '^0.5.0',
    body: `function f(address payable a, T t, bytes memory d) public {
      a.call.value(1)(d); a.send(1); a.transfer(1); a.delegatecall(d); a.staticcall(d); t.g(); t.v();
    }`,
    expected: [
      'call+value+reenter',
      'send+value',
      'transfer+value',
      'delegatecall+reenter',
      'staticcall',
      'high-level+reenter',
      'high-level',
    ],
  },
  {
    pragma: '^0.6.12',
    body: `function f(address payable a, T t, bytes memory d) public {
      a.call{value: 1}(d); a.send(1); a.transfer(1); a.delegatecall(d); a.staticcall(d); t.g{value: 1}(); t.v();
    }`,
    expected: [
      'call+value+reenter',
      'send+value',
      'transfer+value',
      'delegatecall+reenter',
      'staticcall',
      'high-level+value+reenter',
      'high-level',
    ],
  },
  {
    pragma: '^0.8.0',
    body: `function f(address payable a, T t, bytes memory d) public {
      a.call{value: 1, gas: 5000}(d); a.send(1); a.transfer(1); a.delegatecall(d); a.staticcall(d); t.g{value: 1}(); t.v();
    }`,
    expected: [
      'call+value+reenter',
      'send+value',
      'transfer+value',
      'delegatecall+reenter',
      'staticcall',
      'high-level+value+reenter',
      'high-level',
    ],
  },
];

describe('external call classification', () => {
  for (const g of generations)
    it(`classifies calls written for solc ${g.pragma}`, () => {
      const payable = g.pragma === '^0.4.24' ? '' : ' payable';
      const a = analyse(`pragma solidity ${g.pragma};
contract T { function g() external${payable} {} function v() external view returns (uint) { return 1; } }
contract C { ${g.body} }`);
      expect(calls(a, 'f')).toEqual(g.expected);
    });
});

describe('CFG', () => {
  const src = `pragma solidity ^0.8.0;
contract C {
  address owner;
  uint public n;
  modifier onlyOwner() { require(msg.sender == owner); _; n = 0; }
  function f(uint k) external onlyOwner returns (uint) {
    for (uint i = 0; i < k; i++) { if (i == 3) break; n += i; }
    if (k == 7) return 1;
    n = k;
    return 2;
  }
}`;

  it('inlines modifiers at `_`, sends failed requires to revert and returns back into the modifier', () => {
    const a = analyse(src);
    const t = a.targets().find((x) => x.fn.name === 'f')!;
    const cfg = a.cfg(t);
    const code = (n: { ast?: AstNode }) => (n.ast ? a.program.code(n.ast) : '');
    const req = cfg.nodes.find((n) => n.kind === 'require')!;
    expect(code(req)).toBe('require(msg.sender == owner)');
    expect(req.fail).toEqual([REVERT]);
    // `n = 0` after `_` runs after both returns of the body
    const after = cfg.nodes.find((n) => code(n) === 'n = 0')!;
    for (const ret of cfg.nodes.filter((n) => code(n).startsWith('return')))
      expect(cfg.reachable(ret.id).has(after.id)).toBe(true);
    expect(cfg.reachable(after.id).has(EXIT)).toBe(true);
    // the loop: its condition is reachable from the increment, and `break` leaves it
    const cond = cfg.nodes.find((n) => code(n) === 'i < k')!;
    const inc = cfg.nodes.find((n) => code(n) === 'i++')!;
    expect(inc.succ).toContain(cond.id);
    // every body node is behind the caller check
    for (const n of cfg.nodes.filter((x) => x.ast && x.id !== req.id))
      expect(a.guards.isProtected(cfg, n.id)).toBe(true);
  });
});
