// The SmartBugs-curated dev fixture and the recall floors the acceptance criteria set per category.
import { join } from 'node:path';

export const FIXTURE = join(import.meta.dirname, '../../../shared/fixtures/smartbugs-curated-dev');

export const FLOORS: Record<string, number> = {
  reentrancy: 1,
  time_manipulation: 1,
  arithmetic: 0.9,
  unchecked_low_level_calls: 0.9,
  access_control: 0.6,
  bad_randomness: 0.6,
  // Not acceptance floors: they keep the later detectors from regressing.
  denial_of_service: 1,
  front_running: 0.75,
  short_addresses: 1,
  other: 1,
};
