import type { Clock } from '../core/ports/clock.ts';
import type { Repositories } from '../core/ports/repositories.ts';
import { sweepAccountRows } from '../core/accounts/retention.ts';
import type { JobLogger } from './log.ts';
import type { ScheduledJob } from './scheduler.ts';

/**
 * The scheduler's `account-cleanup` job: deletes ended sign-in data (src/core/accounts/retention.ts). Like every
 * scheduled job it runs under the lease `sweep:account-cleanup`, so with several server processes one sweeps at a time.
 */
export function createAccountCleanupJob(ctx: { repos: Repositories; clock: Clock }, options: { intervalMs: number; logger: JobLogger }): ScheduledJob {
  return {
    name: 'account-cleanup',
    intervalMs: options.intervalMs,
    run: async () => {
      const swept = await sweepAccountRows(ctx);
      if (Object.values(swept).some((n) => n > 0)) options.logger.info({ deleted: swept }, 'deleted ended sign-in data');
    },
  };
}
