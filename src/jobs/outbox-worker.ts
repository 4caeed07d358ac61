import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import type { BackoffOptions, BackoffPolicy } from '../core/outbox/backoff.ts';
import { backoffOptionsSchema, createBackoff } from '../core/outbox/backoff.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { ClaimedOutboxItem, OutboxRepository } from '../core/ports/outbox.ts';
import type { Repositories } from '../core/ports/repositories.ts';
import type { JobLogger } from './log.ts';
import type { KeptLease } from './outbox-lease.ts';
import { keepLease, recordWithRetries } from './outbox-lease.ts';
import { isPermanentDeliveryError, safeErrorMessage } from './safe-error.ts';
import { createSleeper } from './sleeper.ts';

const fn = <T>(what: string) => z.custom<T>((value) => typeof value === 'function', `must be a ${what} function`);

/**
 * What a delivered item changes besides its own row: stamp "recipient notified", erase key material
 * of the link secret. Runs in the transaction that marks the item sent, so both commit or neither.
 */
export type AfterDelivered = (tx: Repositories, item: ClaimedOutboxItem) => Promise<void>;

const optionsSchema = z.strictObject({
  outbox: z.custom<OutboxRepository>((v) => typeof v === 'object' && v !== null && 'claimDue' in v, 'must be an OutboxRepository'),
  /** Sends one item (decrypt the payload, hand it to the mailer / SMS sender) and nothing else. Throw to retry. */
  deliver: fn<(item: ClaimedOutboxItem) => Promise<void>>('deliver'),
  /** The unit of work `afterDelivered` shares with the "sent" mark; required with `afterDelivered`. */
  transaction: fn<Repositories['transaction']>('transaction').optional(),
  afterDelivered: fn<AfterDelivered>('afterDelivered').optional(),
  /**
   * Runs once a delivered item's outcome is recorded, on every path (committed with `afterDelivered`, marked sent
   * alone after that step failed, or left to a newer claim), outside any transaction: for erasing what must not
   * outlive the delivery. Its errors are logged, never retried: the message is out.
   */
  afterSent: fn<(item: ClaimedOutboxItem) => Promise<void>>('afterSent').optional(),
  clock: z.custom<Clock>((v) => typeof v === 'object' && v !== null && 'now' in v, 'must be a Clock'),
  logger: z.custom<JobLogger>((v) => typeof v === 'object' && v !== null && 'warn' in v, 'must be a logger'),
  workerId: z.string().min(1).max(200).optional(),
  pollIntervalMs: z.number().int().positive().default(1_000),
  /** Items claimed (and delivered concurrently) per round. */
  batchSize: z.number().int().positive().max(1000).default(10),
  /** After this many attempts an item is given up (status failed). With the default backoff ≈ 1 day. */
  maxAttempts: z.number().int().positive().default(30),
  /** A claim lasts this long; a worker that dies mid-delivery releases its items when it expires. */
  leaseMs: z.number().int().positive().default(5 * 60_000),
  backoff: z.union([fn<BackoffPolicy>('backoff'), backoffOptionsSchema.partial()]).optional(),
  isPermanent: fn<(error: unknown) => boolean>('isPermanent').optional(),
}).refine((o) => o.afterDelivered === undefined || o.transaction !== undefined, {
  message: 'afterDelivered needs the transaction it shares with the sent mark',
});

export type OutboxWorkerOptions = z.input<typeof optionsSchema> & { backoff?: BackoffPolicy | BackoffOptions };

export interface OutboxRunResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Starts polling in the background; idempotent. */
  start(): void;
  /** Stops polling and waits for deliveries in flight to finish (graceful shutdown). */
  stop(): Promise<void>;
  /** Claims and delivers one batch now; for tests and for draining. */
  runOnce(): Promise<OutboxRunResult>;
  /** Polls at once (call after enqueueing) instead of waiting for the next interval. */
  wake(): void;
}

type Outcome = 'sent' | 'retried' | 'failed';

/**
 * Delivers the outbox: claims due items (safe with any number of workers and processes), calls
 * `deliver`, marks them sent (erasing the payload) together with `afterDelivered`, or schedules a
 * retry with exponential backoff and jitter; after `maxAttempts`, or on a permanent error (SMTP
 * 5xx), the item is marked failed and stays visible. Outcomes are recorded only under the claim
 * that is still current. While an item is delivered and recorded its lease is extended, and recording
 * a delivery is retried while the lease holds (outbox-lease.ts), so a live worker never lets another
 * send it again. Delivery is at least once only where it cannot be otherwise: if the process dies
 * between the relay's acceptance and the commit (or the database stays away for the whole lease), the
 * lease expires and the item is sent again. A failing `afterDelivered` never causes a second send.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const o = optionsSchema.parse(options);
  const workerId = o.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const backoff: BackoffPolicy = typeof o.backoff === 'function' ? o.backoff : createBackoff(o.backoff);
  const isPermanent = o.isPermanent ?? isPermanentDeliveryError;
  const { outbox, clock, logger } = o;
  const sleeper = createSleeper();
  let running = false;
  let loop: Promise<void> | undefined;

  async function fail(item: ClaimedOutboxItem, error: unknown): Promise<Outcome> {
    const message = safeErrorMessage(error);
    const giveUp = isPermanent(error) || item.attempts >= o.maxAttempts;
    const next = giveUp ? null : new Date(clock.now().getTime() + backoff(item.attempts));
    if (!(await outbox.markFailed(item, message, next))) {
      logger.warn({ outboxId: item.id, attempts: item.attempts }, 'outbox delivery failed after its lease expired; the newer claim decides');
      return 'retried';
    }
    const log = { outboxId: item.id, kind: item.kind, topic: item.topic, attempts: item.attempts, error: message };
    if (giveUp) logger.error(log, 'outbox delivery failed; giving up');
    else logger.warn({ ...log, nextAttemptAt: next }, 'outbox delivery failed; will retry');
    return giveUp ? 'failed' : 'retried';
  }

  async function handle(item: ClaimedOutboxItem): Promise<Outcome> {
    // Attempts beyond the limit can only come from workers that died mid-delivery.
    if (item.attempts > o.maxAttempts) {
      await outbox.markFailed(item, item.lastError ?? 'Gave up: too many interrupted attempts', null);
      logger.error({ outboxId: item.id, attempts: item.attempts }, 'outbox item abandoned after interrupted attempts');
      return 'failed';
    }
    const lease = keepLease(item, { outbox, clock, leaseMs: o.leaseMs, logger });
    try {
      return await deliverAndRecord(item, lease);
    } finally {
      lease.stop();
    }
  }

  async function deliverAndRecord(item: ClaimedOutboxItem, lease: KeptLease): Promise<Outcome> {
    try {
      await o.deliver(item);
    } catch (error) {
      return fail(item, error);
    }
    try {
      if (!(await recordWithRetries(item, lease, { leaseMs: o.leaseMs, logger }, () => recordSent(item)))) {
        logger.warn({ outboxId: item.id }, 'outbox item delivered after its lease expired and was claimed again; it may be delivered twice');
      }
    } finally {
      await o.afterSent?.(item).catch((error: unknown) => {
        logger.error({ outboxId: item.id, err: safeErrorMessage(error) }, 'outbox after-sent step failed');
      });
    }
    logger.debug({ outboxId: item.id, kind: item.kind, attempts: item.attempts }, 'outbox item delivered');
    return 'sent';
  }

  /** Marks the item sent and runs `afterDelivered` in one transaction; false if the claim is stale. */
  async function recordSent(item: ClaimedOutboxItem): Promise<boolean> {
    const { transaction, afterDelivered } = o;
    if (!transaction || !afterDelivered) return outbox.markSent(item);
    try {
      return await transaction(async (tx) => {
        // A stale claim records nothing: the worker holding the item now runs the effects.
        if (!(await tx.outbox.markSent(item))) return false;
        await afterDelivered(tx, item);
        return true;
      });
    } catch (error) {
      // The message is out; only the after-delivery step failed and rolled back. Retrying the
      // item would send it again, so mark it sent on its own (its sealed payload is erased) and
      // report the missing step. If the database itself is gone this throws too, and the lease
      // expiry retries the item: at least once is then the only safe choice.
      logger.error({ outboxId: item.id, topic: item.topic, err: safeErrorMessage(error) }, 'outbox after-delivery step failed; item marked sent without it');
      return outbox.markSent(item);
    }
  }

  async function runOnce(): Promise<OutboxRunResult> {
    const items = await outbox.claimDue({ now: clock.now(), limit: o.batchSize, leaseMs: o.leaseMs, workerId });
    const result: OutboxRunResult = { claimed: items.length, sent: 0, retried: 0, failed: 0 };
    const outcomes = await Promise.allSettled(items.map(handle));
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') result[outcome.value] += 1;
      // Recording the outcome failed (database gone): the lease expires and the item is retried.
      else logger.warn({ err: safeErrorMessage(outcome.reason) }, 'could not record an outbox delivery outcome');
    }
    return result;
  }

  async function poll(): Promise<void> {
    let idleMs = o.pollIntervalMs;
    while (running) {
      try {
        const result = await runOnce();
        idleMs = o.pollIntervalMs;
        // A full batch means more is probably due: go on without waiting.
        if (result.claimed === o.batchSize) continue;
      } catch (error) {
        // Database unavailable: keep the process alive and back off the polling (up to 30 s).
        logger.warn({ err: safeErrorMessage(error) }, 'outbox poll failed');
        idleMs = Math.min(idleMs * 2, Math.max(30_000, o.pollIntervalMs));
      }
      if (running) await sleeper.sleep(idleMs);
    }
  }

  return {
    workerId,
    start() {
      if (running) return;
      running = true;
      loop = poll();
    },
    async stop() {
      running = false;
      sleeper.wake();
      await loop;
      loop = undefined;
    },
    runOnce,
    wake: () => sleeper.wake(),
  };
}
