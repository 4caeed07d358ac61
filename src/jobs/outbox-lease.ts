import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../core/ports/clock.ts';
import type { ClaimedOutboxItem, OutboxRepository } from '../core/ports/outbox.ts';
import type { JobLogger } from './log.ts';
import { safeErrorMessage } from './safe-error.ts';

/** A claim kept alive while its item is delivered and recorded. */
export interface KeptLease {
  /** How long the claim surely holds still, as far as this worker knows (0 once another claim took it). */
  remainingMs(): number;
  stop(): void;
}

export interface LeaseKeeping {
  outbox: OutboxRepository;
  clock: Clock;
  leaseMs: number;
  logger: JobLogger;
}

/**
 * Extends the claim every third of its lease, so a slow relay or a busy database never lets the lease run out
 * under a live worker (another process would then send the item a second time). Failed extensions are retried
 * at the next beat; the deadline only moves on a confirmed one, measured from before it was asked.
 */
export function keepLease(item: ClaimedOutboxItem, o: LeaseKeeping): KeptLease {
  let deadline = performance.now() + o.leaseMs;
  let lost = false;
  let busy = false;
  const timer = setInterval(() => void extend(), Math.max(1, Math.floor(o.leaseMs / 3)));
  timer.unref();
  async function extend(): Promise<void> {
    if (busy || lost) return;
    busy = true;
    const asked = performance.now();
    try {
      if (await o.outbox.extendLease(item, new Date(o.clock.now().getTime() + o.leaseMs))) deadline = asked + o.leaseMs;
      else lost = true;
    } catch (error) {
      o.logger.warn({ outboxId: item.id, err: safeErrorMessage(error) }, 'could not extend an outbox lease; trying again');
    } finally {
      busy = false;
    }
  }
  return {
    remainingMs: () => (lost ? 0 : Math.max(0, deadline - performance.now())),
    stop: () => clearInterval(timer),
  };
}

/**
 * Records a delivered item's outcome, retrying (250 ms doubling up to 5 s) while the claim holds: the message is
 * out, and giving up here would let the lease expire and the item go out again. Throws the last error once the
 * lease would end before the next try, or after retrying for a whole lease (`leaseMs`) although the lease is still
 * extended (a database that renews claims but refuses this write); only then (or if the process dies) can the
 * item be delivered twice.
 */
export async function recordWithRetries<T>(item: ClaimedOutboxItem, lease: KeptLease, o: { leaseMs: number; logger: JobLogger }, record: () => Promise<T>): Promise<T> {
  const started = performance.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await record();
    } catch (error) {
      const wait = Math.min(250 * 2 ** attempt, 5_000);
      if (lease.remainingMs() <= wait || performance.now() - started + wait > o.leaseMs) throw error;
      const { logger } = o;
      logger.warn({ outboxId: item.id, attempt: attempt + 1, err: safeErrorMessage(error) }, 'could not record an outbox delivery; retrying while the claim holds');
      await delay(wait);
    }
  }
}
