// `--confirm`: which findings the sandbox can replay. Reentrancy findings get an exploit attempt whose
// oracle is stolen ether; read-only reentrancy (a stale view, no theft by itself) and other categories
// have no confirmer yet and are left without a verdict.
import type { Confirmation, DetectorInfo, Finding } from '../finding.js';
import { type ConfirmContext, confirmReentrancy } from './reentrancy.js';

export type { ConfirmContext } from './reentrancy.js';

export function canConfirm(info: DetectorInfo | undefined): boolean {
  return info?.category === 'reentrancy' && info.id !== 'reentrancy-read-only';
}

export function confirmFinding(
  finding: Finding,
  info: DetectorInfo | undefined,
  ctx: ConfirmContext,
): Confirmation | undefined {
  return canConfirm(info) ? confirmReentrancy(finding, ctx) : undefined;
}
