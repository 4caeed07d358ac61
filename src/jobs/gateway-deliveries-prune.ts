import type { Clock } from '../core/ports/clock.ts';
import type { GatewayDeliveryRepository } from '../core/ports/gateway-deliveries.ts';
import type { JobLogger } from './log.ts';
import type { ScheduledJob } from './scheduler.ts';

/**
 * How long the gateway remembers a delivered mail's fingerprint. Postfix gives up on a deferred mail after
 * `maximal_queue_lifetime` (5 days by default), so a re-send can never come later than this.
 */
export const GATEWAY_DELIVERY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The scheduler's `gateway-deliveries-prune` job: forgets idempotency rows older than 7 days. */
export function createGatewayDeliveriesPruneJob(
  ctx: { deliveries: GatewayDeliveryRepository; clock: Clock },
  options: { intervalMs: number; logger: JobLogger },
): ScheduledJob {
  return {
    name: 'gateway-deliveries-prune',
    intervalMs: options.intervalMs,
    run: async () => {
      const deleted = await ctx.deliveries.pruneBefore(new Date(ctx.clock.now().getTime() - GATEWAY_DELIVERY_RETENTION_MS));
      if (deleted > 0) options.logger.info({ deleted }, 'forgot gateway deliveries older than 7 days');
    },
  };
}
