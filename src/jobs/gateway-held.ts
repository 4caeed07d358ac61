import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { GatewayContext } from '../core/gateway/context.ts';
import { runHeldMail, type HeldRawMail, type Redeliver } from '../core/gateway/held-release.ts';
import { createBackoff } from '../core/outbox/backoff.ts';
import { createSpool } from '../smtp/spool.ts';
import type { JobLogger } from './log.ts';
import type { ScheduledJob } from './scheduler.ts';

/** Writes the decrypted held mail into a fresh encrypted spool file: plaintext never rests on disk. */
export function spoolWriterFor(dir: string): (bytes: AsyncIterable<Uint8Array>) => Promise<HeldRawMail> {
  return async (bytes) => {
    const writer = await createSpool(dir);
    try {
      for await (const chunk of bytes) await writer.write(chunk);
      return await writer.finish();
    } catch (error) {
      await writer.discard();
      throw error;
    }
  };
}

/**
 * The scheduler's `gateway-held` job (docs/gateway/held-and-replies.md): re-delivers held mail whose recipient
 * registered, through `redeliver` (the gateway handler), and expires the rest. Under the scheduler's lease
 * `sweep:gateway-held`; every row is also claimed on its own, so an overlapping run elsewhere never doubles a mail.
 * Failures wait 1 min, 2 min, … up to 6 h and are retried for as long as it takes.
 */
export function createGatewayHeldJob(ctx: GatewayContext, options: { redeliver: Redeliver; intervalMs: number; logger: JobLogger; workerId?: string }): ScheduledJob {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const backoff = createBackoff({ baseMs: 60_000, capMs: 6 * 3600_000 });
  return {
    name: 'gateway-held',
    intervalMs: options.intervalMs,
    run: async (signal) => {
      const outcome = await runHeldMail(ctx, { redeliver: options.redeliver, spool: spoolWriterFor(ctx.spoolDir), workerId, backoff, signal });
      if (outcome.delivered + outcome.failed + outcome.expired > 0) options.logger.info(outcome, 'gateway: held mail released or expired');
    },
  };
}
