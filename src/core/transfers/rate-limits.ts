import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/** Counts one use against each limit; refuses with SP_ERR_RATE_LIMITED (and when to retry) once any is exceeded. */
export async function consumeLimits(repos: Repositories, limits: Limit[], now: Date): Promise<void> {
  for (const limit of limits) {
    const count = await repos.rateLimits.hit(limit.key, { now, windowMs: limit.windowMs });
    if (count > limit.max) {
      const windowEnd = Math.floor(now.getTime() / limit.windowMs + 1) * limit.windowMs;
      throw new SealpostError('SP_ERR_RATE_LIMITED', {
        details: { retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)) },
      });
    }
  }
}

/** True if any limit is already used up (without counting this request). */
export async function anyLimitReached(repos: Repositories, limits: Limit[], now: Date): Promise<boolean> {
  for (const limit of limits) {
    if ((await repos.rateLimits.peek(limit.key, { now, windowMs: limit.windowMs })) >= limit.max) return true;
  }
  return false;
}
