// Inline suppression: which comments count, which lines they silence, which detectors.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/analyze/finding.js';
import { applySuppressions, comments, parseDirectives } from '../../src/analyze/suppress.js';

const SOURCE = `pragma solidity ^0.8.0;
contract A {
    string s = "// tdk-disable-next-line not-a-comment";
    function f() public {
        // tdk-disable-next-line reentrancy-eth, tx-origin -- reviewed: trusted callee
        msg.sender.call("");
        msg.sender.call(""); // tdk-disable-line
        /* tdk-disable-next-line unchecked-lowlevel */
        msg.sender.call("");
        msg.sender.call(""); // tdk-disable-line tx-origin
        msg.sender.call("");
    }
}
`;

function at(line: number, detector: string, endLine = line): Finding {
  return {
    detector,
    severity: 'high',
    confidence: 'high',
    message: 'm',
    location: {
      file: 'A.sol',
      startLine: line,
      startColumn: 9,
      endLine,
      endColumn: 20,
      offset: 0,
      length: 1,
    },
    lines: [line],
    contract: 'A',
    function: 'f()',
    related: [],
    defence: 'd',
    fingerprint: `${detector}${line}`,
  };
}

describe('parseDirectives', () => {
  it('reads // and /* */ comments but not string contents', () => {
    expect(comments(SOURCE).map((c) => c.line)).toEqual([5, 7, 8, 10]);
    expect(parseDirectives(SOURCE)).toEqual([
      {
        line: 5,
        target: 6,
        detectors: ['reentrancy-eth', 'tx-origin'],
        text: 'tdk-disable-next-line reentrancy-eth, tx-origin',
      },
      { line: 7, target: 7, detectors: 'all', text: 'tdk-disable-line' },
      {
        line: 8,
        target: 9,
        detectors: ['unchecked-lowlevel'],
        text: 'tdk-disable-next-line unchecked-lowlevel',
      },
      { line: 10, target: 10, detectors: ['tx-origin'], text: 'tdk-disable-line tx-origin' },
    ]);
  });
});

describe('applySuppressions', () => {
  const run = (findings: Finding[]) =>
    applySuppressions(findings, (f) => (f === 'A.sol' ? SOURCE : undefined));

  it('silences the named detectors on the target line only', () => {
    const { kept, suppressed } = run([
      at(6, 'reentrancy-eth'),
      at(6, 'tx-origin'),
      at(6, 'unchecked-lowlevel'),
      at(7, 'anything'),
      at(9, 'unchecked-lowlevel'),
      at(9, 'reentrancy-eth'),
      at(10, 'reentrancy-eth'),
      at(11, 'reentrancy-eth'),
      at(3, 'reentrancy-eth'),
    ]);
    expect(kept.map((f) => f.fingerprint)).toEqual([
      'unchecked-lowlevel6',
      'reentrancy-eth9',
      'reentrancy-eth10',
      'reentrancy-eth11',
      'reentrancy-eth3',
    ]);
    expect(suppressed.map((s) => [s.finding.fingerprint, s.directive])).toEqual([
      ['reentrancy-eth6', 'tdk-disable-next-line reentrancy-eth, tx-origin (A.sol:5)'],
      ['tx-origin6', 'tdk-disable-next-line reentrancy-eth, tx-origin (A.sol:5)'],
      ['anything7', 'tdk-disable-line (A.sol:7)'],
      ['unchecked-lowlevel9', 'tdk-disable-next-line unchecked-lowlevel (A.sol:8)'],
    ]);
  });

  it('a multi-line finding is silenced by a directive on any line of its primary span', () => {
    expect(run([at(5, 'tx-origin', 7)]).suppressed).toHaveLength(1);
    expect(run([at(11, 'tx-origin', 12)]).suppressed).toHaveLength(0);
  });

  it('keeps findings of files it cannot read', () => {
    const f = { ...at(6, 'reentrancy-eth'), location: { ...at(6, 'x').location, file: 'B.sol' } };
    expect(run([f]).kept).toHaveLength(1);
  });
});
