// Compilation in a scan: per-pragma compiler choice, solc's own messages for bad input, one broken
// file never stopping the others, and typed errors for bad paths and detector ids.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDetectors, scan } from '../../src/analyze/scan.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tdk-scan-compile-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD = 'pragma solidity ^0.4.24;\ncontract Good { function f() public { msg.sender.send(1); } }\n';

describe('scan compilation', () => {
  it('reports a syntax error, a missing import and an unsupported pragma with the compiler message, and scans the rest', async () => {
    const dir = project({
      'Good.sol': GOOD,
      'Syntax.sol': 'pragma solidity ^0.8.0;\ncontract S { function f( public {} }\n',
      'Import.sol': 'pragma solidity ^0.8.0;\nimport "./Missing.sol";\ncontract I {}\n',
      'Pragma.sol': 'pragma solidity ^0.3.0;\ncontract P {}\n',
      'Modern.sol':
        'pragma solidity >=0.8.0 <0.9.0;\ncontract M { function f(address a) external { (bool ok, ) = a.call(""); ok; } }\n',
    });
    const r = await scan([dir]);
    const byFile = new Map(r.failures.map((f) => [f.file.split('/').pop(), f]));
    expect([...byFile.keys()].sort()).toEqual(['Import.sol', 'Pragma.sol', 'Syntax.sol']);
    expect(byFile.get('Syntax.sol')!.formatted).toMatch(/ParserError/);
    expect(byFile.get('Import.sol')!.formatted).toMatch(/Missing\.sol/);
    expect(byFile.get('Pragma.sol')!.message).toMatch(/no bundled solc satisfies pragma solidity \^0\.3\.0/);
    expect(r.files.map((f) => [f.file.split('/').pop(), f.solcVersion])).toEqual([
      ['Good.sol', '0.4.26'],
      ['Modern.sol', '0.8.37'],
    ]);
    expect(r.findings.map((f) => f.detector)).toContain('unchecked-send');
  });

  it('scans an exact pin tdk does not ship with the bundled compiler of that line and says so', async () => {
    const dir = project({
      'Pin.sol': 'pragma solidity 0.4.25;\ncontract P { uint x; function f(uint a) public { x += a; } }\n',
    });
    const r = await scan([dir]);
    expect(r.failures).toEqual([]);
    expect(r.files[0]!.solcVersion).toBe('0.4.26');
    expect(r.files[0]!.note).toMatch(
      /0\.4\.25 pins a solc release tdk does not scan with; analysed with solc 0\.4\.26/,
    );
    expect(r.findings.map((f) => [f.detector, f.location.startLine])).toEqual([['integer-overflow', 2]]);
  });

  it('compiles a file pinned to 0.4.9 with the bundled legacy compiler and analyses its adapted AST', async () => {
    const src = `pragma solidity 0.4.9;
contract Old {
  address owner;
  mapping(address => uint) balances;
  modifier onlyOwner() { if (msg.sender != owner) throw; _; }
  function Old() { owner = msg.sender; }
  function take(address to) { if (!to.send(this.balance)) throw; }
  function withdraw() {
    if (!msg.sender.call.value(balances[msg.sender])()) throw;
    balances[msg.sender] = 0;
  }
  function kill() onlyOwner { suicide(owner); }
}
`;
    const r = await scan([join(project({ 'Old.sol': src }), 'Old.sol')]);
    expect(r.failures).toEqual([]);
    expect(r.files[0]!.solcVersion).toBe('0.4.9');
    const found = r.findings.map((f) => `${f.detector}:${f.location.startLine}`).sort();
    // the onlyOwner modifier is understood (no suicidal), the reentrancy and the open transfer are found
    expect(found).toEqual(['arbitrary-send-eth:7', 'reentrancy-eth:9']);
  });

  it('resolves imports from node_modules and reports findings only in the files asked for', async () => {
    const dir = project({
      'Uses.sol':
        'pragma solidity ^0.8.20;\nimport {Address} from "@openzeppelin/contracts/utils/Address.sol";\ncontract U { function pay(address payable a) external { Address.sendValue(a, 1); } }\n',
    });
    const r = await scan([join(dir, 'Uses.sol')]);
    expect(r.failures).toEqual([]);
    expect(r.findings.every((f) => f.location.file.endsWith('Uses.sol'))).toBe(true);
  });

  it('throws typed errors for a missing path, a folder without sources and an unknown detector', async () => {
    await expect(scan(['/nonexistent/x.sol'])).rejects.toMatchObject({ code: 'TDK_SCAN_PATH' });
    await expect(scan([project({})])).rejects.toMatchObject({ code: 'TDK_SCAN_NO_SOURCES' });
    await expect(scan([project({ 'A.sol': GOOD })], { detectors: ['nope'] })).rejects.toMatchObject({
      code: 'TDK_SCAN_DETECTOR',
    });
  });

  it('describes every detector fully', () => {
    const ids = listDetectors().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of listDetectors()) {
      expect(d.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      for (const text of [d.title, d.description, d.exploitScenario, d.recommendation])
        expect(text.length).toBeGreaterThan(10);
    }
    expect(ids).toEqual(
      expect.arrayContaining([
        'reentrancy-eth',
        'reentrancy-no-eth',
        'reentrancy-read-only',
        'timestamp',
        'weak-prng',
        'unchecked-lowlevel',
        'unchecked-send',
        'tx-origin',
        'controlled-delegatecall',
        'suicidal',
        'arbitrary-send-eth',
        'incorrect-equality',
        'integer-overflow',
        'unsafe-downcast',
        'unprotected-initializer',
      ]),
    );
  });
});
