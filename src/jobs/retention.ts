import type { RetentionContext } from '../core/agreements/retention.ts';
import { sweepRetention } from '../core/agreements/retention.ts';
import type { JobLogger } from './log.ts';
import type { ScheduledJob } from './scheduler.ts';

/**
 * The scheduler's `retention` job: the retention agreements (src/core/agreements/retention.ts) — sent-item records
 * and audit entries past the organisation's retention. Under the lease `sweep:retention` like every scheduled job,
 * so with several server processes one sweeps at a time.
 */
export function createRetentionJob(ctx: RetentionContext, options: { intervalMs: number; logger: JobLogger }): ScheduledJob {
  return {
    name: 'retention',
    intervalMs: options.intervalMs,
    run: async () => {
      const swept = await sweepRetention(ctx);
      if (swept.sentItemsDeleted + swept.auditEntriesPruned > 0) options.logger.info(swept, 'retention: deleted sent-item records and pruned audit entries');
    },
  };
}
