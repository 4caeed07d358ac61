import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff.ts';

describe('outbox backoff', () => {
  it('doubles from the base delay and stops at the cap', () => {
    const backoff = createBackoff({ baseMs: 1000, capMs: 10_000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map(backoff)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('randomises only the jitter fraction of the delay', () => {
    const low = createBackoff({ baseMs: 1000, jitter: 0.5 }, () => 0);
    const high = createBackoff({ baseMs: 1000, jitter: 0.5 }, () => 1);
    expect(low(3)).toBe(2000);
    expect(high(3)).toBe(4000);
  });

  it('never exceeds the cap, even with jitter and huge attempt counts', () => {
    const backoff = createBackoff({ baseMs: 1000, capMs: 5000, jitter: 1 }, () => 0.999_999);
    expect(backoff(10_000)).toBeLessThanOrEqual(5000);
  });

  it('rejects unknown or invalid options', () => {
    expect(() => createBackoff({ baseMs: -1 })).toThrow();
    expect(() => createBackoff({ basems: 1 } as never)).toThrow();
  });
});
