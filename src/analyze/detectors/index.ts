// Every detector tdk scan runs, in a stable order.
import type { Detector } from '../detector.js';
import { txOrigin } from './tx-origin.js';
import { uncheckedLowlevel } from './unchecked-lowlevel.js';
import { uncheckedSend } from './unchecked-send.js';

export const DETECTORS: readonly Detector[] = [txOrigin, uncheckedLowlevel, uncheckedSend];
