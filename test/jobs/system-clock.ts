import type { Clock } from '../../src/core/ports/clock.ts';

/** Real time, for tests where workers run their own polling loops. */
export function systemClockForTests(): Clock {
  return { now: () => new Date() };
}
