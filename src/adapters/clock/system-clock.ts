import type { Clock } from '../../core/ports/clock.ts';

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move by hand, to exercise expiry and backoff without waiting. */
export function createManualClock(start: Date = new Date()): Clock & { set(date: Date): void; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = date.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
