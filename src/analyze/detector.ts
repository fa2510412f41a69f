// The shape of a detector: its fixed description (DetectorInfo, what users read) and the check.
import type { Analysis } from './analysis.js';
import type { DetectorInfo } from './finding.js';

export interface Detector extends DetectorInfo {
  /** The fix named in each finding. */
  readonly defence: string;
  /** Runs the check over one compiled program, reporting through `analysis.report`. */
  detect(analysis: Analysis): void;
}

/** Report helper bound to a detector. */
export function reporter(d: Detector, a: Analysis) {
  return (input: Parameters<Analysis['report']>[1]) => a.report(d, input, d.defence);
}
