// `--confirm` for reentrancy findings: deploy the victim in a sandbox, fund it the way users would
// (another account and the attacker deposit through a payable function that credits the caller),
// let a generated attacker call the flagged function and re-enter it from its fallback, and compare
// the attacker's ether with what it paid in and with the same attack made without re-entering.
import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  toHex,
} from 'viem';
import type { Confirmation, Finding } from '../finding.js';
import { ATTACKER_FILE, attackerSource } from './attacker.js';
import { type CompiledContract, type CompiledUnit, compileAttacker, compileFile } from './compile.js';
import { ConfirmError } from './errors.js';
import { ETHER, formatEther, Sandbox, type Step, YEAR } from './sandbox.js';

export interface ConfirmContext {
  /** Folder the finding's file path is relative to. */
  readonly root: string;
  /** The solc version the scan compiled the file with. */
  readonly solcVersion: string;
  /** Re-entries the attacker attempts (default 3). */
  readonly maxReentries?: number;
  /** Receives the attack's committed steps, to replay the exploit on another EVM. */
  readonly onAttack?: (record: AttackRecord) => void;
}

export interface AttackRecord {
  readonly steps: readonly Step[];
  readonly attacker: bigint;
  readonly paidIn: bigint;
  readonly final: bigint;
}

const ALICE = 0xa11ce00000000000000000000000000000a11ce0n;
const MALLORY = 0xba0000000000000000000000000000000000bad0n;
const ALICE_DEPOSIT = 20n * ETHER;
const ATTACKER_DEPOSIT = 5n * ETHER;

/** A payable entry point and the argument values with which it credited the caller. */
interface Deposit {
  readonly label: string;
  readonly data: (depositor: bigint) => Hex;
}

interface Run {
  readonly paidIn: bigint;
  readonly final: bigint;
  readonly status: string;
  readonly reentries: number;
  readonly funding: string;
  readonly trace: string[];
  readonly attacker: bigint;
  readonly steps: readonly Step[];
}

export function signatureOf(fn: AbiFunction): string {
  return `${fn.name}(${fn.inputs.map((i) => i.type).join(',')})`;
}

export function confirmReentrancy(finding: Finding, ctx: ConfirmContext): Confirmation {
  try {
    return attempt(finding, ctx);
  } catch (err) {
    // A contract the sandbox cannot set up is a verdict of its own, never a crash of the scan.
    const message =
      err instanceof ConfirmError ? err.message : `sandbox failure: ${(err as Error).message.split('\n')[0]}`;
    return { status: 'error', summary: message };
  }
}

function attempt(finding: Finding, ctx: ConfirmContext): Confirmation {
  if (finding.function === undefined) throw new ConfirmError('the finding names no function to attack');
  const unit = compileFile(ctx.root, finding.location.file, ctx.solcVersion);
  const victim = unit.contracts.find((c) => c.name === finding.contract);
  if (!victim) throw new ConfirmError(`contract ${finding.contract} not found in ${finding.location.file}`);
  if (victim.bytecode === '0x')
    throw new ConfirmError(`${finding.contract} is abstract or an interface: nothing to deploy`);
  if (victim.links.some((l) => !unit.all.has(l.library)))
    throw new ConfirmError(`${finding.contract} links a library the build does not contain`);
  const fn = victim.abi.find(
    (item): item is AbiFunction => item.type === 'function' && signatureOf(item) === finding.function,
  );
  if (!fn) {
    throw new ConfirmError(
      `${finding.contract}.${finding.function} is not externally callable; the attacker can only call public or external functions`,
    );
  }
  const attacker = compileAttacker(ATTACKER_FILE, attackerSource(fn, ctx.solcVersion), ctx.solcVersion);
  const max = ctx.maxReentries ?? 3;
  const baseline = run(unit, victim, attacker, fn, 0);
  const attack = run(unit, victim, attacker, fn, max);
  ctx.onAttack?.({
    steps: attack.steps,
    attacker: attack.attacker,
    paidIn: attack.paidIn,
    final: attack.final,
  });
  const call = `${fn.name}(${fn.inputs.map((i) => describeArg(i)).join(', ')})`;
  const tried = `${attack.funding}; the attacker called ${call} re-entering up to ${max} times`;
  const outcome = `paid in ${formatEther(attack.paidIn)}, ended with ${formatEther(attack.final)} (${attack.reentries} re-entry attempts, attack ${attack.status}); without re-entering it ends with ${formatEther(baseline.final)}`;
  const confirmed = attack.final > attack.paidIn && attack.final > baseline.final;
  return {
    status: confirmed ? 'confirmed' : 'not-confirmed',
    summary: `${confirmed ? 'confirmed' : 'not confirmed'}: ${tried}: ${outcome}`,
    trace: attack.trace,
  };
}

function describeArg(p: AbiParameter): string {
  if (p.type.endsWith(']')) return '[…]';
  if (p.type === 'address') return 'attacker';
  if (p.type.startsWith('uint') || p.type.startsWith('int')) return formatEther(ATTACKER_DEPOSIT);
  return defaultValue(p.type, 0n, 0n) === true ? 'true' : p.type.includes('[') ? '[]' : '0';
}

/** One value per parameter: the depositor for addresses, `amount` for integers, empty or zero otherwise. */
function defaultValue(type: string, depositor: bigint, amount: bigint): unknown {
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    // Fixed-size arrays need their length; dynamic ones are empty.
    const n = array[2] === '' ? 0 : Number(array[2]);
    return Array.from({ length: n }, () => defaultValue(array[1]!, depositor, amount));
  }
  if (type === 'address') return toHex(depositor, { size: 20 });
  if (type.startsWith('uint') || type.startsWith('int')) return amount;
  if (type === 'bool') return true;
  if (type === 'string') return '';
  if (type === 'bytes') return '0x';
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) return toHex(0n, { size: Number(fixed[1]) });
  throw new ConfirmError(`cannot choose a value for a parameter of type ${type}`);
}

function args(fn: AbiFunction, depositor: bigint, amount: bigint): unknown[] {
  return fn.inputs.map((p) => defaultValue(p.type, depositor, amount));
}

function run(
  unit: CompiledUnit,
  victimContract: CompiledContract,
  attackerContract: CompiledContract,
  fn: AbiFunction,
  maxReentries: number,
): Run {
  const sb = new Sandbox();
  sb.fund(ALICE, 1000n * ETHER);
  sb.fund(MALLORY, 1000n * ETHER);
  sb.label(ALICE, 'alice');
  sb.label(MALLORY, 'mallory');
  const victim = deployVictim(sb, unit, victimContract);
  const deployed = sb.deploy(MALLORY, attackerContract.bytecode);
  if (deployed.status !== 'success') throw new ConfirmError('the generated attacker failed to deploy');
  const attacker = deployed.createdAddress!;
  sb.label(attacker, 'attacker', attackerContract.abi);
  const aAbi = attackerContract.abi;
  sb.call(
    MALLORY,
    attacker,
    encodeFunctionData({
      abi: aAbi,
      functionName: 'setUp',
      args: [toHex(victim, { size: 20 }), ...args(fn, attacker, ATTACKER_DEPOSIT)],
    }),
  );
  const flagged = signatureOf(fn);
  const deposit = findDeposit(sb, victim, victimContract.abi, flagged);
  let funding: string;
  let paidIn = 0n;
  if (deposit) {
    sb.call(ALICE, victim, deposit.data(ALICE), ALICE_DEPOSIT);
    const data = deposit.data(attacker);
    const r = sb.call(
      MALLORY,
      attacker,
      encodeFunctionData({ abi: aAbi, functionName: 'deposit', args: [data] }),
      ATTACKER_DEPOSIT,
    );
    if (r.status === 'success') paidIn = ATTACKER_DEPOSIT;
    funding = `alice deposited ${formatEther(ALICE_DEPOSIT)} and the attacker ${formatEther(paidIn)} through ${deposit.label}`;
  } else {
    // No payable function credits its caller: the contract's ether arrived some other way (a
    // selfdestruct can always force it in), so the sandbox sets the balance directly.
    sb.fund(victim, ALICE_DEPOSIT);
    funding = `no payable function credits its caller, so the victim was given ${formatEther(ALICE_DEPOSIT)} directly`;
  }
  sb.advance(YEAR);
  const reentryCall = encodeFunctionData({
    abi: [fn] as Abi,
    functionName: fn.name,
    args: args(fn, attacker, ATTACKER_DEPOSIT),
  });
  sb.call(
    MALLORY,
    attacker,
    encodeFunctionData({ abi: aAbi, functionName: 'arm', args: [reentryCall, BigInt(maxReentries)] }),
  );
  const before = sb.balance(attacker);
  sb.trace = [];
  const result = sb.call(
    MALLORY,
    attacker,
    encodeFunctionData({ abi: aAbi, functionName: 'attack' }),
    0n,
    true,
  );
  const reentries = sb.call(MALLORY, attacker, encodeFunctionData({ abi: aAbi, functionName: 'reentries' }));
  return {
    paidIn: paidIn + before,
    final: sb.balance(attacker),
    status:
      result.status === 'halt'
        ? `halted (${result.halt})`
        : result.status === 'success'
          ? 'succeeded'
          : 'reverted',
    reentries: Number(BigInt(toHex(reentries.output))),
    funding,
    trace: sb.trace,
    attacker,
    steps: sb.steps,
  };
}

/**
 * Deploys the victim from alice. Constructor arguments: an address gets a fresh deployment of another
 * contract in the same file that needs no arguments (a logger, a token), else alice; the rest zero.
 * Public `set…(address)` functions then get that helper too.
 */
function deployVictim(sb: Sandbox, unit: CompiledUnit, victim: CompiledContract): bigint {
  const contracts = unit.contracts;
  const ctor = victim.abi.find((i) => i.type === 'constructor');
  const inputs = ctor && 'inputs' in ctor ? ctor.inputs : [];
  const setters = victim.abi.filter(
    (i): i is AbiFunction =>
      i.type === 'function' &&
      /^set/i.test(i.name) &&
      i.inputs.length === 1 &&
      i.inputs[0]!.type === 'address' &&
      (i.stateMutability === 'nonpayable' || i.stateMutability === undefined),
  );
  let helper: bigint | undefined;
  if (inputs.some((p) => p.type === 'address') || setters.length > 0) {
    for (const c of contracts) {
      if (c.name === victim.name || c.bytecode === '0x') continue;
      const cCtor = c.abi.find((i) => i.type === 'constructor');
      if (cCtor && 'inputs' in cCtor && cCtor.inputs.length > 0) continue;
      const r = sb.deploy(ALICE, link(sb, unit, c));
      if (r.status === 'success') {
        helper = r.createdAddress!;
        sb.label(helper, c.name, c.abi);
        break;
      }
    }
  }
  const ctorArgs = inputs.map((p) =>
    p.type === 'address' ? toHex(helper ?? ALICE, { size: 20 }) : defaultValue(p.type, ALICE, 0n),
  );
  const initcode =
    inputs.length > 0
      ? encodeDeployData({ abi: victim.abi, bytecode: link(sb, unit, victim), args: ctorArgs })
      : link(sb, unit, victim);
  const r = sb.deploy(ALICE, initcode);
  if (r.status !== 'success') {
    throw new ConfirmError(
      `${victim.name}'s constructor ${r.status === 'revert' ? 'reverted' : `halted (${r.halt})`} in the sandbox`,
    );
  }
  const address = r.createdAddress!;
  sb.label(address, victim.name, victim.abi);
  // Address setters (setLog, SetLogFile, setToken) wired to the same helper, as the deployer would.
  if (helper !== undefined)
    for (const fn of setters)
      sb.call(
        ALICE,
        address,
        encodeFunctionData({ abi: [fn], functionName: fn.name, args: [toHex(helper, { size: 20 })] }),
      );
  return address;
}

/** The bytecode with each library it links deployed (once per sandbox) and its address filled in. */
function link(sb: Sandbox, unit: CompiledUnit, c: CompiledContract, depth = 0): Hex {
  if (c.links.length === 0) return c.bytecode;
  if (depth > 4) throw new ConfirmError(`${c.name}: libraries link each other too deeply to deploy`);
  let code = c.bytecode.slice(2);
  for (const l of c.links) {
    let address = sb.library(l.library);
    if (address === undefined) {
      const lib = unit.all.get(l.library);
      if (!lib)
        throw new ConfirmError(`${c.name} links library ${l.library}, which the build does not contain`);
      const r = sb.deploy(ALICE, link(sb, unit, lib, depth + 1));
      if (r.status !== 'success') throw new ConfirmError(`library ${l.library} failed to deploy`);
      address = r.createdAddress!;
      sb.library(l.library, address);
      sb.label(address, l.library, lib.abi);
    }
    const hex = toHex(address, { size: 20 }).slice(2);
    code = code.slice(0, l.start * 2) + hex + code.slice((l.start + l.length) * 2);
  }
  return `0x${code}`;
}

/**
 * The first payable entry point (function, or the fallback with empty calldata) that, called with
 * ether, raises a storage slot keyed by the caller (a mapping or struct entry whose keccak preimage
 * holds the caller's address). Integers are tried as 0 (a lock time, an index) and as msg.value.
 */
function findDeposit(sb: Sandbox, victim: bigint, abi: Abi, flagged: string): Deposit | undefined {
  const candidates: Deposit[] = [];
  for (const item of abi) {
    if (item.type !== 'function' || item.stateMutability !== 'payable' || signatureOf(item) === flagged)
      continue;
    for (const amount of [0n, 1n]) {
      candidates.push({
        label: `${signatureOf(item)}${item.inputs.length > 0 ? ` with (${item.inputs.map((p) => (p.type === 'address' ? 'depositor' : p.type.includes('int') ? (amount === 0n ? '0' : 'msg.value') : p.type)).join(', ')})` : ''}`,
        data: (depositor) =>
          encodeFunctionData({
            abi: [item],
            functionName: item.name,
            args: args(item, depositor, amount === 0n ? 0n : depositAmount(depositor)),
          }),
      });
      if (!item.inputs.some((p) => p.type.includes('int'))) break;
    }
  }
  if (abi.some((i) => (i.type === 'fallback' || i.type === 'receive') && i.stateMutability === 'payable'))
    candidates.push({ label: 'a plain transfer (the payable fallback)', data: () => '0x' });
  for (const c of candidates) {
    const cp = sb.state.checkpoint();
    const mark = sb.steps.length;
    const r = sb.call(ALICE, victim, c.data(ALICE), depositAmount(ALICE));
    const credited = r.status === 'success' && creditsCaller(sb, victim, ALICE);
    sb.state.revert(cp);
    sb.steps.length = mark;
    if (credited) return c;
  }
  return undefined;
}

/** What each depositor sends (and passes where a deposit takes its amount as an argument). */
function depositAmount(depositor: bigint): bigint {
  return depositor === ALICE ? ALICE_DEPOSIT : ATTACKER_DEPOSIT;
}

function creditsCaller(sb: Sandbox, victim: bigint, caller: bigint): boolean {
  const word = toHex(caller, { size: 32 }).slice(2);
  for (const w of sb.writes) {
    if (w.address !== victim) continue;
    for (const [hash, input] of sb.hashes) {
      const offset = w.slot - hash;
      if (offset < 0n || offset >= 8n) continue;
      if (!toHex(input).includes(word)) continue;
      if (sb.state.getStorage(victim, w.slot) > w.previous) return true;
    }
  }
  return false;
}
