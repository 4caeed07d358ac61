import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/** Seconds until the fixed window that contains `now` ends (at least 1): when a refused client may retry. */
function secondsLeftInWindow(limit: Limit, now: Date): number {
  const windowEnd = Math.floor(now.getTime() / limit.windowMs + 1) * limit.windowMs;
  return Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000));
}

function rateLimited(limit: Limit, now: Date): SealpostError {
  return new SealpostError('SP_ERR_RATE_LIMITED', { details: { retryAfterSeconds: secondsLeftInWindow(limit, now) } });
}

/** Counts one use against each limit; refuses with SP_ERR_RATE_LIMITED (and when to retry) once any is exceeded. */
export async function consumeLimits(repos: Repositories, limits: Limit[], now: Date): Promise<void> {
  for (const limit of limits) {
    const count = await repos.rateLimits.hit(limit.key, { now, windowMs: limit.windowMs });
    if (count > limit.max) throw rateLimited(limit, now);
  }
}

/**
 * Refuses (SP_ERR_RATE_LIMITED) when any limit is already used up, without counting this request. Guards call it
 * before they compare anything secret, so a client over its limit learns nothing from another try.
 */
export async function assertWithinLimits(repos: Repositories, limits: Limit[], now: Date): Promise<void> {
  for (const limit of limits) {
    if ((await repos.rateLimits.peek(limit.key, { now, windowMs: limit.windowMs })) >= limit.max) throw rateLimited(limit, now);
  }
}

/** Gives back one use of each limit: for attempts counted up front (reserved before comparing) that succeeded. */
export async function refundLimits(repos: Repositories, limits: Limit[], now: Date): Promise<void> {
  for (const limit of limits) await repos.rateLimits.hit(limit.key, { now, windowMs: limit.windowMs, cost: -1 });
}
