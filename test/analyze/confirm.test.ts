// `--confirm` on reentrancy findings: the SmartBugs DAO-style contracts are drained in the sandbox,
// the same contract behind a reentrancy lock is not, and the generated attacker compiles with every
// bundled solc line. The oracle is the ether: what the attacker paid in against what it took out.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmReentrancy } from '../../src/analyze/confirm/reentrancy.js';
import type { Finding } from '../../src/analyze/finding.js';

const DEV = '/work/shared/fixtures/smartbugs-curated-dev/dataset/reentrancy';
const FIXTURES = new URL('./fixtures-b', import.meta.url).pathname;

function finding(file: string, contract: string, fn: string): Finding {
  const location = { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, offset: 0, length: 1 };
  return {
    detector: 'reentrancy-eth',
    severity: 'high',
    confidence: 'medium',
    message: `${contract}.${fn} sends ether before it updates state`,
    location,
    lines: [1],
    contract,
    function: fn,
    related: [],
    defence: 'checks-effects-interactions',
    fingerprint: 'test',
  };
}

describe('confirmReentrancy on the SmartBugs dev set (solc 0.4.26)', () => {
  it.each([
    ['reentrancy_dao.sol', 'ReentrancyDAO', 'withdrawAll()', 'deposit()'],
    ['reentrancy_simple.sol', 'Reentrance', 'withdrawBalance()', 'addToBalance()'],
    // The deployer's logger arrives through the constructor (U_BANK) or a setter (SetLogFile).
    ['0x7541b76cb60f4c60af330c208b0623b7f54bf615.sol', 'U_BANK', 'Collect(uint256)', 'Put(uint256)'],
    ['0x4320e6f8c05b27ab4707cd1f6d5ce6f3e4b3a5a1.sol', 'ACCURAL_DEPOSIT', 'Collect(uint256)', 'Deposit()'],
  ])(
    '%s: %s.%s is drained',
    (file, contract, fn, deposit) => {
      const c = confirmReentrancy(finding(file, contract, fn), { root: DEV, solcVersion: '0.4.26' });
      expect(c.status).toBe('confirmed');
      // Alice 20 + attacker 5, withdrawn 4 times (the call and 3 re-entries) by an attacker who paid 5.
      expect(c.summary).toContain(`through ${deposit}`);
      expect(c.summary).toContain('paid in 5 ETH, ended with 20 ETH');
      expect(c.summary).toContain('without re-entering it ends with 5 ETH');
      const reentered = c.trace!.filter((l) => l.includes(`-> ${contract}.${fn.split('(')[0]}(`));
      expect(reentered).toHaveLength(4);
      expect(c.trace![0]).toMatch(/^CALL mallory -> attacker\.attack\(\)/);
    },
    60_000,
  );

  it('the same DAO behind a reentrancy lock is not confirmed, and says what was tried', () => {
    const c = confirmReentrancy(finding('guarded_dao.sol', 'GuardedDAO', 'withdrawAll()'), {
      root: FIXTURES,
      solcVersion: '0.4.26',
    });
    expect(c.status).toBe('not-confirmed');
    expect(c.summary).toMatch(
      /^not confirmed: alice deposited 20 ETH and the attacker 5 ETH through deposit\(\)/,
    );
    expect(c.summary).toContain('paid in 5 ETH, ended with 5 ETH');
    // The re-entered call reached the lock and reverted.
    expect(c.trace!.some((l) => l.includes('<- revert'))).toBe(true);
  }, 60_000);

  it('etherbank.sol cannot take deposits (addToBalance is not payable under 0.4.x), so nothing is gained', () => {
    const c = confirmReentrancy(finding('etherbank.sol', 'EtherBank', 'withdrawBalance()'), {
      root: DEV,
      solcVersion: '0.4.26',
    });
    expect(c.status).toBe('not-confirmed');
    expect(c.summary).toContain('no payable function credits its caller');
  }, 60_000);

  it('reports a setup error for a function the attacker cannot call', () => {
    const c = confirmReentrancy(finding('reentrancy_dao.sol', 'ReentrancyDAO', 'nothing()'), {
      root: DEV,
      solcVersion: '0.4.26',
    });
    expect(c.status).toBe('error');
    expect(c.summary).toContain('not externally callable');
  }, 60_000);
});

// A bank that pays out before it books, written for each bundled compiler line.
const bank = (pragma: string, send: string, recv: string) => `pragma solidity ${pragma};
contract Bank {
    mapping(address => uint256) public balances;
    ${recv}
    function deposit() public payable { balances[msg.sender] += msg.value; }
    function withdraw(uint256 amount) public {
        require(balances[msg.sender] >= amount);
        ${send}
        balances[msg.sender] = balances[msg.sender] > amount ? balances[msg.sender] - amount : 0;
    }
}
`;

describe('the generated attacker in every solc dialect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tdk-confirm-'));
  it.each([
    ['0.5.17', bank('^0.5.0', '(bool ok, ) = msg.sender.call.value(amount)(""); require(ok);', '')],
    ['0.6.12', bank('^0.6.0', '(bool ok, ) = msg.sender.call{value: amount}(""); require(ok);', '')],
    ['0.7.6', bank('^0.7.0', '(bool ok, ) = msg.sender.call{value: amount}(""); require(ok);', '')],
    ['0.8.37', bank('^0.8.0', '(bool ok, ) = msg.sender.call{value: amount}(""); require(ok);', '')],
  ])(
    'solc %s: withdraw(uint256) is drained',
    (version, source) => {
      const file = `Bank-${version}.sol`;
      writeFileSync(join(dir, file), source);
      const c = confirmReentrancy(finding(file, 'Bank', 'withdraw(uint256)'), {
        root: dir,
        solcVersion: version,
      });
      expect(c.summary).toContain('paid in 5 ETH, ended with 20 ETH');
      expect(c.status).toBe('confirmed');
    },
    60_000,
  );

  it('a bank that books before it pays (checks-effects-interactions) is not confirmed', () => {
    const file = 'SafeBank.sol';
    writeFileSync(
      join(dir, file),
      `pragma solidity ^0.8.0;
contract SafeBank {
    mapping(address => uint256) public balances;
    function deposit() external payable { balances[msg.sender] += msg.value; }
    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
    }
}
`,
    );
    const c = confirmReentrancy(finding(file, 'SafeBank', 'withdraw(uint256)'), {
      root: dir,
      solcVersion: '0.8.37',
    });
    expect(c.status).toBe('not-confirmed');
    expect(c.summary).toContain('paid in 5 ETH, ended with 5 ETH');
  }, 60_000);
});
