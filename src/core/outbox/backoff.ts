import { z } from 'zod';

/**
 * Exponential backoff with jitter and a cap, for outbox retries. Jitter spreads retries of many
 * items (and many processes) so a relay coming back is not hit by a thundering herd.
 */
export const backoffOptionsSchema = z.strictObject({
  /** Delay after the first failed attempt. */
  baseMs: z.number().int().positive().default(5_000),
  /** No delay is ever longer than this. */
  capMs: z.number().int().positive().default(60 * 60_000),
  factor: z.number().min(1).default(2),
  /** Fraction of the delay that is randomised: 0 = none, 1 = "full jitter" (0…delay). */
  jitter: z.number().min(0).max(1).default(0.5),
});

export type BackoffOptions = z.input<typeof backoffOptionsSchema>;

/** Returns the delay in ms before the next attempt, after `attempt` (1-based) attempts have failed. */
export type BackoffPolicy = (attempt: number) => number;

export function createBackoff(options: BackoffOptions = {}, random: () => number = Math.random): BackoffPolicy {
  const { baseMs, capMs, factor, jitter } = backoffOptionsSchema.parse(options);
  return (attempt) => {
    const exponent = Math.max(0, Math.floor(attempt) - 1);
    const delay = Math.min(capMs, baseMs * factor ** exponent);
    // Keep (1 - jitter) of the delay fixed and randomise the rest, so a retry never comes earlier
    // than a predictable floor.
    return Math.round(delay * (1 - jitter) + delay * jitter * random());
  };
}
