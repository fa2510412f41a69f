// Each detector against a vulnerable contract (finding on the expected line) and a safe variant
// (no finding): the guard, lock, SafeMath or CEI that makes the difference must be understood.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, scanSource } from './scan-helper.js';

interface Case {
  readonly detector: string;
  readonly vulnerable: string;
  /** Text on the line the finding must point at. */
  readonly at: string;
  readonly safe: readonly string[];
}

const OLD = 'pragma solidity ^0.4.24;\n';
const NEW = 'pragma solidity ^0.8.20;\n';
/** A minimal OpenZeppelin-style Initializable for the upgradeable cases. */
const INIT = `abstract contract Init {
  bool private done;
  bool private disabled;
  modifier initializer() { require(!done && !disabled); done = true; _; }
  function _disableInitializers() internal { disabled = true; }
}
`;

const cases: Case[] = [
  {
    detector: 'reentrancy-eth',
    vulnerable: `${OLD}contract Bank {
  mapping(address => uint) balances;
  function deposit() public payable { balances[msg.sender] += msg.value; }
  function withdraw() public {
    uint amount = balances[msg.sender];
    require(msg.sender.call.value(amount)());
    balances[msg.sender] = 0;
  }
}`,
    at: 'msg.sender.call.value(amount)()',
    safe: [
      // checks-effects-interactions
      `${OLD}contract Bank {
  mapping(address => uint) balances;
  function withdraw() public {
    uint amount = balances[msg.sender];
    balances[msg.sender] = 0;
    require(msg.sender.call.value(amount)());
  }
}`,
      // a lock modifier, whatever its name
      `${OLD}contract Bank {
  mapping(address => uint) balances;
  bool busy;
  modifier once() { require(!busy); busy = true; _; busy = false; }
  function withdraw() public once {
    uint amount = balances[msg.sender];
    require(msg.sender.call.value(amount)());
    balances[msg.sender] = 0;
  }
}`,
      // OpenZeppelin's ReentrancyGuard (transient/slot storage through StorageSlot)
      `${NEW}import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
contract Bank is ReentrancyGuard {
  mapping(address => uint) balances;
  function withdraw() external nonReentrant {
    uint amount = balances[msg.sender];
    (bool ok, ) = msg.sender.call{value: amount}("");
    require(ok);
    balances[msg.sender] = 0;
  }
}`,
      // transfer forwards 2300 gas: no callback
      `${OLD}contract Bank {
  mapping(address => uint) balances;
  function withdraw() public {
    msg.sender.transfer(balances[msg.sender]);
    balances[msg.sender] = 0;
  }
}`,
    ],
  },
  {
    detector: 'reentrancy-no-eth',
    vulnerable: `${OLD}interface Oracle { function ok() external returns (bool); }
contract Drop {
  mapping(address => uint) public got;
  function claim(Oracle o) public {
    require(got[msg.sender] == 0);
    require(o.ok());
    got[msg.sender] += 20;
  }
}`,
    at: 'require(o.ok())',
    safe: [
      `${OLD}interface Oracle { function ok() external returns (bool); }
contract Drop {
  mapping(address => uint) public got;
  function claim(Oracle o) public {
    require(got[msg.sender] == 0);
    got[msg.sender] += 20;
    require(o.ok());
  }
}`,
    ],
  },
  {
    detector: 'reentrancy-read-only',
    vulnerable: `${NEW}import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
contract Pool is ReentrancyGuard {
  uint256 public shares;
  mapping(address => uint256) owned;
  function price() external view returns (uint256) { return address(this).balance / (shares + 1); }
  function exit() external nonReentrant {
    uint256 s = owned[msg.sender];
    (bool ok, ) = msg.sender.call{value: s}("");
    require(ok);
    owned[msg.sender] = 0;
    shares -= s;
  }
}`,
    at: 'msg.sender.call{value: s}',
    safe: [
      `${NEW}contract Pool {
  uint256 public shares;
  mapping(address => uint256) owned;
  function price() external view returns (uint256) { return address(this).balance / (shares + 1); }
  function exit() external {
    uint256 s = owned[msg.sender];
    owned[msg.sender] = 0;
    shares -= s;
    (bool ok, ) = msg.sender.call{value: s}("");
    require(ok);
  }
}`,
    ],
  },
  {
    detector: 'integer-overflow',
    vulnerable: `${OLD}contract Token {
  mapping(address => uint) balances;
  function burn(uint amount) public { balances[msg.sender] -= amount; }
}`,
    at: 'balances[msg.sender] -= amount',
    safe: [
      `${OLD}contract Token {
  mapping(address => uint) balances;
  function burn(uint amount) public { require(balances[msg.sender] >= amount); balances[msg.sender] -= amount; }
}`,
      `${OLD}library SafeMath {
  function sub(uint a, uint b) internal pure returns (uint) { assert(b <= a); return a - b; }
  function add(uint a, uint b) internal pure returns (uint) { uint c = a + b; assert(c >= a); return c; }
  function mul(uint a, uint b) internal pure returns (uint) { if (a == 0) return 0; uint c = a * b; assert(c / a == b); return c; }
}
contract Token {
  using SafeMath for uint;
  mapping(address => uint) balances;
  function burn(uint amount) public { balances[msg.sender] = balances[msg.sender].sub(amount); }
  function mint(uint amount, uint k) public { balances[msg.sender] = balances[msg.sender].add(amount.mul(k)); }
}`,
      // 0.8 checks arithmetic
      `${NEW}contract Token {
  mapping(address => uint) balances;
  function burn(uint amount) public { balances[msg.sender] -= amount; }
}`,
    ],
  },
  {
    detector: 'unsafe-downcast',
    vulnerable: `${NEW}contract Vault {
  uint64 stored;
  function put(uint256 amount) external { stored = uint64(amount); }
}`,
    at: 'uint64(amount)',
    safe: [
      `${NEW}contract Vault {
  uint64 stored;
  function put(uint256 amount) external { require(amount <= type(uint64).max); stored = uint64(amount); }
}`,
      `${NEW}import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
contract Vault {
  uint64 stored;
  function put(uint256 amount) external { stored = SafeCast.toUint64(amount); }
}`,
    ],
  },
  {
    detector: 'timestamp',
    vulnerable: `${OLD}contract Lotto {
  function play() public payable { if (now % 15 == 0) msg.sender.transfer(address(this).balance); }
}`,
    at: 'now % 15 == 0',
    safe: [
      `${OLD}contract Lotto {
  uint round;
  function play() public payable { if (round % 15 == 0) msg.sender.transfer(address(this).balance); round++; }
}`,
    ],
  },
  {
    detector: 'weak-prng',
    vulnerable: `${OLD}contract Dice {
  function roll() public view returns (uint) {
    uint seed = uint(blockhash(block.number - 1));
    return seed % 6;
  }
}`,
    at: 'seed % 6',
    safe: [
      `${OLD}contract Dice {
  bytes32 commitment;
  function reveal(bytes32 secret) public view returns (uint) {
    require(keccak256(abi.encodePacked(secret)) == commitment);
    return uint(secret) % 6;
  }
}`,
    ],
  },
  {
    detector: 'unchecked-lowlevel',
    vulnerable: `${OLD}contract Pay { function pay(address to) public payable { to.call.value(msg.value)(); } }`,
    at: 'to.call.value(msg.value)()',
    safe: [
      `${OLD}contract Pay { function pay(address to) public payable { require(to.call.value(msg.value)()); } }`,
      `${NEW}contract Pay { function pay(address to) public payable { (bool ok, ) = to.call{value: msg.value}(""); require(ok); } }`,
    ],
  },
  {
    detector: 'unchecked-send',
    vulnerable: `${OLD}contract Pay { function pay(address to) public payable { to.send(msg.value); } }`,
    at: 'to.send(msg.value)',
    safe: [
      `${OLD}contract Pay { function pay(address to) public payable { if (!to.send(msg.value)) revert(); } }`,
    ],
  },
  {
    detector: 'tx-origin',
    vulnerable: `${OLD}contract W {
  address owner = msg.sender;
  function take(address to) public { require(tx.origin == owner); to.transfer(address(this).balance); }
}`,
    at: 'require(tx.origin == owner)',
    safe: [
      `${OLD}contract W {
  address owner = msg.sender;
  function take(address to) public { require(msg.sender == owner); to.transfer(address(this).balance); }
  function eoaOnly() public view { require(msg.sender == tx.origin); }
}`,
    ],
  },
  {
    detector: 'controlled-delegatecall',
    vulnerable: `${OLD}contract P { function run(address lib, bytes data) public { require(lib.delegatecall(data)); } }`,
    at: 'lib.delegatecall(data)',
    safe: [
      `${OLD}contract P {
  address owner = msg.sender;
  modifier onlyOwner() { require(msg.sender == owner); _; }
  function run(address lib, bytes data) public onlyOwner { require(lib.delegatecall(data)); }
}`,
    ],
  },
  {
    detector: 'suicidal',
    vulnerable: `${OLD}contract K { function kill() public { selfdestruct(msg.sender); } }`,
    at: 'selfdestruct(msg.sender)',
    safe: [
      `${OLD}contract K {
  address owner = msg.sender;
  function kill() public { if (msg.sender != owner) revert(); selfdestruct(msg.sender); }
}`,
    ],
  },
  {
    detector: 'arbitrary-send-eth',
    vulnerable: `${OLD}contract V { function out(address to) public { to.transfer(address(this).balance); } }`,
    at: 'to.transfer(address(this).balance)',
    safe: [
      `${OLD}contract V {
  mapping(address => bool) admins;
  function out(address to) public { require(admins[msg.sender]); to.transfer(address(this).balance); }
}`,
    ],
  },
  {
    detector: 'unprotected-initializer',
    vulnerable: `${OLD}contract Wallet {
  address creator;
  function initWallet() public { creator = msg.sender; }
  function migrate(address to) public { require(creator == msg.sender); to.transfer(address(this).balance); }
}`,
    at: 'creator = msg.sender',
    safe: [
      `${OLD}contract Wallet {
  address creator;
  constructor() public { creator = msg.sender; }
  function setCreator(address c) public { require(creator == msg.sender); creator = c; }
  function migrate(address to) public { require(creator == msg.sender); to.transfer(address(this).balance); }
}`,
    ],
  },
  {
    detector: 'incorrect-equality',
    vulnerable: `${OLD}contract G { function done() public view returns (bool) { return address(this).balance == 10 ether; } }`,
    at: 'address(this).balance == 10 ether',
    safe: [
      `${OLD}contract G { function done() public view returns (bool) { return address(this).balance >= 10 ether; } }`,
    ],
  },
  {
    detector: 'uninitialized-implementation',
    vulnerable: `${NEW}${INIT}contract VaultV1 is Init {
  address public owner;
  function initialize(address o) external initializer { owner = o; }
}`,
    at: 'contract VaultV1 is Init {',
    safe: [
      `${NEW}${INIT}contract VaultV1 is Init {
  address public owner;
  constructor() { _disableInitializers(); }
  function initialize(address o) external initializer { owner = o; }
}`,
      `${NEW}${INIT}abstract contract Base is Init {
  address public owner;
  function initialize(address o) external initializer { owner = o; }
}
contract VaultV2 is Base {
  constructor() { _disableInitializers(); }
}`,
    ],
  },
  {
    detector: 'dos-failed-payment',
    vulnerable: `${NEW}contract Auction {
  address payable public leader;
  uint256 public top;
  function bid() external payable {
    require(msg.value > top);
    if (leader != address(0)) leader.transfer(top);
    leader = payable(msg.sender);
    top = msg.value;
  }
}`,
    at: 'if (leader != address(0)) leader.transfer(top);',
    safe: [
      // Pull payments: the refund is recorded and withdrawn by its owner.
      `${NEW}contract Auction {
  address public leader;
  uint256 public top;
  mapping(address => uint256) public owed;
  function bid() external payable {
    require(msg.value > top);
    owed[leader] += top;
    leader = msg.sender;
    top = msg.value;
  }
  function withdraw() external {
    uint256 v = owed[msg.sender];
    owed[msg.sender] = 0;
    payable(msg.sender).transfer(v);
  }
}`,
      // The payee is the checked caller: only he can block his own withdrawal.
      `${NEW}contract Owned {
  address payable public owner = payable(msg.sender);
  function setOwner(address payable o) external { require(msg.sender == owner); owner = o; }
  function withdraw() external { require(msg.sender == owner); owner.transfer(address(this).balance); }
}`,
      // Set once at deployment: a trusted party.
      `${NEW}contract Fee {
  address payable public immutable treasury;
  constructor(address payable t) { treasury = t; }
  function pay() external payable { treasury.transfer(msg.value); }
}`,
    ],
  },
  {
    detector: 'dos-unbounded-gas',
    vulnerable: `${NEW}contract Rounds {
  address[] public players;
  function join() external payable { players.push(msg.sender); }
  function reset() external { require(players.length > 100); players = new address[](0); }
}`,
    at: 'players = new address[](0);',
    safe: [
      // A counter instead of clearing the array: one write.
      `${NEW}contract Rounds {
  mapping(uint256 => address) public players;
  uint256 public count;
  function join() external payable { players[count++] = msg.sender; }
  function reset() external { require(count > 100); count = 0; }
}`,
      // A caller-sized loop that leaves no storage behind only costs the caller.
      `${NEW}contract Batch {
  event Paid(address to, uint256 v);
  function pay(address[] calldata tos) external { for (uint256 i = 0; i < tos.length; i++) emit Paid(tos[i], i); }
}`,
    ],
  },
  {
    detector: 'dos-unbounded-gas',
    vulnerable: `${NEW}contract Numbers {
  uint256[] internal values;
  function insert(uint256 v, uint256 n) external {
    for (uint256 i = 0; i < n; i++) values.push(v);
  }
}`,
    at: 'for (uint256 i = 0; i < n; i++) values.push(v);',
    safe: [
      `${NEW}contract Numbers {
  uint256[] internal values;
  function insert(uint256 v) external { values.push(v); }
}`,
    ],
  },
  {
    detector: 'erc20-approve-race',
    vulnerable: `${OLD}contract Token {
  mapping(address => mapping(address => uint256)) allowed;
  function approve(address spender, uint256 value) public returns (bool) {
    allowed[msg.sender][spender] = value;
    return true;
  }
}`,
    at: 'allowed[msg.sender][spender] = value;',
    safe: [
      // The classic mitigation: a non-zero allowance must go through 0.
      `${OLD}contract Token {
  mapping(address => mapping(address => uint256)) allowed;
  function approve(address spender, uint256 value) public returns (bool) {
    require(value == 0 || allowed[msg.sender][spender] == 0);
    allowed[msg.sender][spender] = value;
    return true;
  }
}`,
      `${OLD}contract Token {
  mapping(address => mapping(address => uint256)) allowed;
  function increaseApproval(address spender, uint256 added) public returns (bool) {
    allowed[msg.sender][spender] += added;
    return true;
  }
}`,
    ],
  },
  {
    detector: 'short-address',
    vulnerable: `${OLD}contract Coin {
  mapping(address => uint256) balances;
  function send(address to, uint256 amount) public {
    require(balances[msg.sender] >= amount);
    balances[msg.sender] -= amount;
    balances[to] += amount;
  }
}`,
    at: 'function send(address to, uint256 amount) public {',
    safe: [
      // solc >= 0.5.0 reverts on short calldata.
      `${NEW}contract Coin {
  mapping(address => uint256) balances;
  function send(address to, uint256 amount) public {
    balances[msg.sender] -= amount;
    balances[to] += amount;
  }
}`,
      `${OLD}contract Coin {
  mapping(address => uint256) balances;
  modifier size(uint256 n) { require(msg.data.length >= n + 4); _; }
  function send(address to, uint256 amount) public size(64) {
    require(balances[msg.sender] >= amount);
    balances[msg.sender] -= amount;
    balances[to] += amount;
  }
}`,
    ],
  },
  {
    detector: 'tx-order-dependence',
    vulnerable: `${NEW}contract Puzzle {
  address public owner = msg.sender;
  uint256 public reward;
  function setReward() external payable { require(msg.sender == owner); reward = msg.value; }
  function claim(uint256 answer) external {
    require(answer == 42);
    payable(msg.sender).transfer(reward);
  }
}`,
    at: 'payable(msg.sender).transfer(reward);',
    safe: [
      // Per-account amounts are not shared between transactions.
      `${NEW}contract Bank {
  mapping(address => uint256) public balance;
  function deposit() external payable { balance[msg.sender] += msg.value; }
  function withdraw() external {
    uint256 v = balance[msg.sender];
    balance[msg.sender] = 0;
    payable(msg.sender).transfer(v);
  }
}`,
      // Fixed at deployment: nothing can change it in between.
      `${NEW}contract Puzzle {
  uint256 public immutable reward;
  constructor() payable { reward = msg.value; }
  function claim(uint256 answer) external { require(answer == 42); payable(msg.sender).transfer(reward); }
}`,
    ],
  },
  {
    detector: 'uninitialized-storage',
    vulnerable: `${OLD}contract Roulette {
  uint256 secret;
  address owner;
  struct Bet { address player; uint256 number; }
  Bet[] bets;
  function play(uint256 number) public payable {
    Bet bet;
    bet.player = msg.sender;
    bet.number = number;
    bets.push(bet);
  }
}`,
    at: 'Bet bet;',
    safe: [
      `${OLD}contract Roulette {
  struct Bet { address player; uint256 number; }
  Bet[] bets;
  function play(uint256 number) public payable {
    Bet memory bet;
    bet.player = msg.sender;
    bet.number = number;
    bets.push(bet);
  }
}`,
      `${OLD}contract Roulette {
  struct Bet { address player; uint256 number; }
  Bet[] bets;
  function raise(uint256 i, uint256 number) public {
    Bet storage bet;
    bet = bets[i];
    bet.number = number;
  }
}`,
    ],
  },
];

describe('detectors: vulnerable vs safe', () => {
  for (const c of cases) {
    it(`${c.detector} flags the vulnerable contract on the right line`, async () => {
      const r = await scanSource(c.vulnerable, [c.detector]);
      expect(r.failures).toEqual([]);
      const lines = r.findings.map((f) => f.location.startLine);
      expect(lines).toContain(lineOf(c.vulnerable, c.at));
      for (const f of r.findings) {
        expect(f.detector).toBe(c.detector);
        expect(f.defence.length).toBeGreaterThan(10);
        expect(f.lines).toContain(f.location.startLine);
        expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      }
    });
    c.safe.forEach((safe, i) => {
      it(`${c.detector} stays quiet on safe variant ${i + 1}`, async () => {
        const r = await scanSource(safe, [c.detector]);
        expect(r.failures).toEqual([]);
        expect(r.findings.map((f) => f.message)).toEqual([]);
      });
    });
  }

  it('reports cross-function reentrancy when another entry point reads the stale state', async () => {
    const src = `${OLD}contract Bonus {
  mapping(address => bool) claimed;
  mapping(address => uint) rewards;
  function bonus() public { require(!claimed[msg.sender]); rewards[msg.sender] += 100; }
  function cashOut() public {
    require(msg.sender.call.value(1 ether)());
    claimed[msg.sender] = true;
  }
}`;
    const r = await scanSource(src, ['reentrancy-eth']);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.message).toContain('cross-function');
    expect(r.findings[0]!.lines).toContain(lineOf(src, 'claimed[msg.sender] = true'));
  });

  it('marks arithmetic in an unchecked block as a lower-severity review finding', async () => {
    const src = `${NEW}contract C {
  uint256 total;
  function add(uint256 x) external { unchecked { total += x; } }
}`;
    const r = await scanSource(src, ['integer-overflow']);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.severity).toBe('medium');
    expect(r.findings[0]!.confidence).toBe('low');
  });

  it('gives identical fingerprints for identical code and differing ones for different code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tdk-scan-fp-'));
    const a = await scanSource(cases[0]!.vulnerable, ['reentrancy-eth'], 'Case.sol', dir);
    // unrelated edit above the finding: lines move, the fingerprint stays
    const moved = cases[0]!.vulnerable.replace('contract Bank {', 'contract Other {}\ncontract Bank {');
    const b = await scanSource(moved, ['reentrancy-eth'], 'Case.sol', dir);
    expect(b.findings[0]!.location.startLine).toBe(a.findings[0]!.location.startLine + 1);
    expect(a.findings[0]!.fingerprint).toBe(b.findings[0]!.fingerprint);
    const c = await scanSource(
      cases[0]!.vulnerable.replace('amount)()', 'amount + 0)()'),
      ['reentrancy-eth'],
      'Case.sol',
      dir,
    );
    expect(c.findings[0]!.fingerprint).not.toBe(a.findings[0]!.fingerprint);
  });
});
