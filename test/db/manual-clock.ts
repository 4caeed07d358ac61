import type { Clock } from '../../src/core/ports/clock.ts';

/** A clock tests move by hand, so leases, backoff and due times need no sleeping. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(date: Date): void;
}

export function createManualClock(start = new Date('2025-03-01T12:00:00.000Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}
