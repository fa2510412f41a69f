// Every detector tdk scan runs, in a stable order.
import type { Detector } from '../detector.js';
import { arbitrarySendEth } from './arbitrary-send-eth.js';
import { controlledDelegatecall } from './controlled-delegatecall.js';
import { dosFailedPayment } from './dos-failed-payment.js';
import { dosUnboundedGas } from './dos-unbounded-gas.js';
import { erc20ApproveRace } from './erc20-approve-race.js';
import { incorrectEquality } from './incorrect-equality.js';
import { integerOverflow } from './integer-overflow.js';
import { reentrancyEth } from './reentrancy-eth.js';
import { reentrancyNoEth } from './reentrancy-no-eth.js';
import { reentrancyReadOnly } from './reentrancy-read-only.js';
import { shortAddress } from './short-address.js';
import { suicidal } from './suicidal.js';
import { timestamp } from './timestamp.js';
import { txOrderDependence } from './tx-order-dependence.js';
import { txOrigin } from './tx-origin.js';
import { uncheckedLowlevel } from './unchecked-lowlevel.js';
import { uncheckedSend } from './unchecked-send.js';
import { uninitializedImplementation } from './uninitialized-implementation.js';
import { uninitializedStorage } from './uninitialized-storage.js';
import { unprotectedInitializer } from './unprotected-initializer.js';
import { unsafeDowncast } from './unsafe-downcast.js';
import { weakPrng } from './weak-prng.js';

export const DETECTORS: readonly Detector[] = [
  reentrancyEth,
  reentrancyNoEth,
  reentrancyReadOnly,
  integerOverflow,
  unsafeDowncast,
  timestamp,
  weakPrng,
  uncheckedLowlevel,
  uncheckedSend,
  txOrigin,
  controlledDelegatecall,
  suicidal,
  arbitrarySendEth,
  unprotectedInitializer,
  uninitializedImplementation,
  incorrectEquality,
  dosFailedPayment,
  dosUnboundedGas,
  erc20ApproveRace,
  shortAddress,
  txOrderDependence,
  uninitializedStorage,
];
