import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { SealpostError } from '../../src/core/errors.ts';
import type { ClaimedOutboxItem, OutboxRepository } from '../../src/core/ports/outbox.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.ts';
import type { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { createCaptureLogger } from './capture-logger.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-worker-'));
const clock = createManualClock();
let db: Database;
let repos: Repositories;

beforeAll(async () => {
  db = await createDatabase({ sqliteFile: join(dir, 'worker.db') });
  await db.migrate();
  repos = createRepositories(db, { clock });
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.kysely.deleteFrom('outbox').execute();
});

const fixedBackoff = (attempt: number): number => attempt * 1000;

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('outbox worker', () => {
  it('delivers due items once and erases their payload', async () => {
    const delivered: string[] = [];
    const worker = createOutboxWorker({
      outbox: repos.outbox,
      deliver: (item) => Promise.resolve(void delivered.push(item.payload)),
      clock,
      logger: createCaptureLogger(),
    });
    const a = await repos.outbox.enqueue({ kind: 'mail', payload: 'one' });
    await repos.outbox.enqueue({ kind: 'sms', payload: 'two' });
    expect(await worker.runOnce()).toEqual({ claimed: 2, sent: 2, retried: 0, failed: 0 });
    expect(delivered.sort()).toEqual(['one', 'two']);
    expect(await repos.outbox.get(a.id)).toMatchObject({ status: 'sent', payload: null });
    expect(await worker.runOnce()).toEqual({ claimed: 0, sent: 0, retried: 0, failed: 0 });
  });

  it('retries with backoff, stores a safe error, and gives up after maxAttempts (item stays visible)', async () => {
    const logger = createCaptureLogger();
    const worker = createOutboxWorker({
      outbox: repos.outbox,
      // An error whose message quotes the payload, as JSON.parse does.
      deliver: (item) => Promise.reject(new Error(`cannot handle ${item.payload}`)),
      clock,
      logger,
      maxAttempts: 3,
      backoff: fixedBackoff,
    });
    const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'TOPSECRET-link' });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    const afterFirst = await repos.outbox.get(item.id);
    expect(afterFirst).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Error (details withheld)', payload: 'TOPSECRET-link' });
    expect(afterFirst?.nextAttemptAt).toEqual(new Date(clock.now().getTime() + 1000));

    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    clock.advance(2000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await repos.outbox.list({ status: 'failed' })).toMatchObject([{ id: item.id, attempts: 3, lastError: 'Error (details withheld)' }]);
    clock.advance(86_400_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect(logger.text()).not.toContain('TOPSECRET');
  });

  it('gives up at once on a permanent error (SMTP 5xx)', async () => {
    const worker = createOutboxWorker({
      outbox: repos.outbox,
      deliver: () => Promise.reject(Object.assign(new Error('rejected'), { code: 'EENVELOPE', responseCode: 550, response: '550 no such user' })),
      clock,
      logger: createCaptureLogger(),
    });
    const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
    expect(await worker.runOnce()).toMatchObject({ failed: 1 });
    expect(await repos.outbox.get(item.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'EENVELOPE 550: 550 no such user' });
  });

  it('takes over the items of a worker that died mid-delivery once their lease expires', async () => {
    const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
    await repos.outbox.claimDue({ now: clock.now(), limit: 10, leaseMs: 60_000, workerId: 'died' });
    const delivered: ClaimedOutboxItem[] = [];
    const worker = createOutboxWorker({
      outbox: repos.outbox,
      deliver: (claimed) => Promise.resolve(void delivered.push(claimed)),
      clock,
      logger: createCaptureLogger(),
      workerId: 'survivor',
    });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(60_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(delivered.map((d) => [d.id, d.attempts, d.lockedBy])).toEqual([[item.id, 2, 'survivor']]);
  });

  it('a live worker extends its lease while it delivers: nobody takes the item over and it goes out once', async () => {
    const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
    const inDelivery = gate();
    const release = gate();
    const delivered: string[] = [];
    const slow = createOutboxWorker({
      outbox: repos.outbox,
      deliver: async (claimed) => {
        inDelivery.open();
        await release.promise;
        delivered.push(`slow:${claimed.attempts}`);
      },
      clock,
      logger: createCaptureLogger(),
      workerId: 'slow',
      leaseMs: 300,
    });
    const other = createOutboxWorker({
      outbox: repos.outbox,
      deliver: (claimed) => Promise.resolve(void delivered.push(`other:${claimed.attempts}`)),
      clock,
      logger: createCaptureLogger(),
      workerId: 'other',
      leaseMs: 300,
    });
    const t0 = clock.now().getTime();
    const running = slow.runOnce();
    await inDelivery.promise;
    clock.advance(200);
    // Sync point: the lease, first until t0 + 300, is extended (every 100 ms) to 300 ms past the manual clock.
    for (let i = 0; i < 500 && (await repos.outbox.get(item.id))?.lockedUntil?.getTime() !== t0 + 500; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    clock.advance(200);
    // Past the first lease: without the extension the other worker would send the item again here.
    expect(await other.runOnce()).toMatchObject({ claimed: 0 });
    release.open();
    expect(await running).toMatchObject({ claimed: 1, sent: 1 });
    expect(delivered).toEqual(['slow:1']);
    expect(await repos.outbox.get(item.id)).toMatchObject({ status: 'sent', payload: null });
  });

  it('retries recording a delivery the database refused while the claim holds: no second send', async () => {
    const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
    let refusals = 2;
    // The real repository, with its "mark sent" refused twice as a saturated pool refuses it.
    const busyOutbox: OutboxRepository = {
      ...repos.outbox,
      markSent: (claim) => (refusals-- > 0 ? Promise.reject(new SealpostError('SP_ERR_UNAVAILABLE')) : repos.outbox.markSent(claim)),
    };
    const delivered: number[] = [];
    const logger = createCaptureLogger();
    const worker = createOutboxWorker({ outbox: busyOutbox, deliver: (c) => Promise.resolve(void delivered.push(c.attempts)), clock, logger, leaseMs: 60_000 });
    expect(await worker.runOnce()).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(refusals).toBe(-1);
    expect(logger.entries.filter((e) => e.message === 'could not record an outbox delivery; retrying while the claim holds')).toHaveLength(2);
    expect(await repos.outbox.get(item.id)).toMatchObject({ status: 'sent', payload: null });
    clock.advance(60_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect(delivered).toEqual([1]);
  });

  it('stops retrying the record after a whole lease: the item is then sent again (the documented at-least-once case)', async () => {
    const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
    const gone: OutboxRepository = { ...repos.outbox, markSent: () => Promise.reject(new SealpostError('SP_ERR_UNAVAILABLE')) };
    const delivered: number[] = [];
    const logger = createCaptureLogger();
    const worker = createOutboxWorker({ outbox: gone, deliver: (c) => Promise.resolve(void delivered.push(c.attempts)), clock, logger, leaseMs: 600 });
    expect(await worker.runOnce()).toEqual({ claimed: 1, sent: 0, retried: 0, failed: 0 });
    expect(logger.entries.some((e) => e.message === 'could not record an outbox delivery outcome')).toBe(true);
    expect(await repos.outbox.get(item.id)).toMatchObject({ status: 'sending', attempts: 1 });
    clock.advance(60_000);
    const survivor = createOutboxWorker({ outbox: repos.outbox, deliver: (c) => Promise.resolve(void delivered.push(c.attempts)), clock, logger, leaseMs: 600 });
    expect(await survivor.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(delivered).toEqual([1, 2]);
  });

  it('wake() after an enqueue delivers without waiting for the poll interval', async () => {
    const arrived = gate();
    const late: { worker?: OutboxWorker } = {};
    const wakingRepos = createRepositories(db, { clock, onEnqueued: () => late.worker?.wake() });
    const worker = (late.worker = createOutboxWorker({
      outbox: wakingRepos.outbox,
      deliver: () => Promise.resolve(arrived.open()),
      clock,
      logger: createCaptureLogger(),
      pollIntervalMs: 3_600_000,
    }));
    worker.start();
    await wakingRepos.transaction(async (tx) => {
      await tx.outbox.enqueue({ kind: 'sms', payload: 'code' });
    });
    // Hangs (test timeout) if the wake-up is lost: the next poll is an hour away.
    await arrived.promise;
    await worker.stop();
  });

  it('stop() waits for deliveries in flight and then stops polling', async () => {
    const started = gate();
    const release = gate();
    let calls = 0;
    const worker = createOutboxWorker({
      outbox: repos.outbox,
      deliver: async () => {
        calls += 1;
        started.open();
        await release.promise;
      },
      clock,
      logger: createCaptureLogger(),
      pollIntervalMs: 5,
    });
    const item = await repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
    worker.start();
    await started.promise;
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(await repos.outbox.get(item.id)).toMatchObject({ status: 'sent' });
    await repos.outbox.enqueue({ kind: 'mail', payload: 'after stop' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(1);
  });

  it('survives an unavailable database: polls fail with SP_ERR_UNAVAILABLE, the loop keeps running, stop works', async () => {
    const broken = await createDatabase({ sqliteFile: join(dir, 'broken.db') });
    await broken.migrate();
    const brokenRepos = createRepositories(broken, { clock });
    await broken.close();
    const logger = createCaptureLogger();
    const worker = createOutboxWorker({ outbox: brokenRepos.outbox, deliver: () => Promise.resolve(), clock, logger, pollIntervalMs: 1 });
    await expect(worker.runOnce()).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    worker.start();
    while (logger.entries.filter((e) => e.message === 'outbox poll failed').length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await worker.stop();
  });

  it('rejects invalid options', () => {
    const base = { outbox: repos.outbox, deliver: () => Promise.resolve(), clock, logger: createCaptureLogger() };
    expect(() => createOutboxWorker({ ...base, batchSize: 0 })).toThrow();
    expect(() => createOutboxWorker({ ...base, extra: true } as never)).toThrow();
  });
});
