import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { GatewayContext } from '../core/gateway/context.ts';
import { runReplyRelay, type ReplyRelayDeps } from '../core/gateway/reply-relay.ts';
import { createBackoff } from '../core/outbox/backoff.ts';
import type { JobLogger } from './log.ts';
import type { ScheduledJob } from './scheduler.ts';

/**
 * The scheduler's `gateway-replies` job (docs/gateway/held-and-replies.md): relays recipients' replies to gateway
 * messages into the sender's mailbox through GATEWAY_NEXT_HOP. Each reply row is claimed on its own; a relay that is
 * down is retried after 1 min, 2 min, … up to 1 h, for as long as the reply exists.
 */
export function createGatewayRepliesJob(
  ctx: GatewayContext,
  options: Pick<ReplyRelayDeps, 'relay' | 'smimeForSender' | 'fromAddress'> & { intervalMs: number; logger: JobLogger; workerId?: string },
): ScheduledJob {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const backoff = createBackoff({ baseMs: 60_000, capMs: 3600_000 });
  return {
    name: 'gateway-replies',
    intervalMs: options.intervalMs,
    run: async (signal) => {
      const outcome = await runReplyRelay(ctx, { relay: options.relay, smimeForSender: options.smimeForSender, fromAddress: options.fromAddress, workerId, backoff, signal });
      if (outcome.relayed + outcome.kept + outcome.failed > 0) options.logger.info(outcome, 'gateway: replies relayed to senders');
    },
  };
}
