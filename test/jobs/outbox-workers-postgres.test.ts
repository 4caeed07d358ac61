import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { systemClockForTests } from './system-clock.ts';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { createCaptureLogger } from './capture-logger.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

describe.skipIf(!pg)('outbox workers in several processes on one PostgreSQL', () => {
  it('two workers on two separate pools deliver N items exactly once in total', async () => {
    const [a, b] = await Promise.all([createDatabase({ url: pg!.url }), createDatabase({ url: pg!.url })]);
    try {
      await a.migrate();
      await b.migrate();
      const clock = systemClockForTests();
      const reposA = createRepositories(a, { clock });
      const reposB = createRepositories(b, { clock });
      const n = 200;
      for (let i = 0; i < n; i += 1) await (i % 2 ? reposA : reposB).outbox.enqueue({ kind: 'mail', payload: `item-${i}` });

      const deliveries: Array<{ worker: string; payload: string }> = [];
      let finish = (): void => undefined;
      const allDelivered = new Promise<void>((resolve) => (finish = resolve));
      const deliverAs = (worker: string) => async (item: { payload: string }) => {
        // Yield so both workers' claims and deliveries interleave.
        await new Promise((resolve) => setImmediate(resolve));
        deliveries.push({ worker, payload: item.payload });
        if (deliveries.length >= n) finish();
      };
      const logger = createCaptureLogger();
      const workers = [
        createOutboxWorker({ outbox: reposA.outbox, deliver: deliverAs('A'), clock, logger, workerId: 'A', batchSize: 5, pollIntervalMs: 5 }),
        createOutboxWorker({ outbox: reposB.outbox, deliver: deliverAs('B'), clock, logger, workerId: 'B', batchSize: 5, pollIntervalMs: 5 }),
      ];
      for (const worker of workers) worker.start();
      await allDelivered;
      await Promise.all(workers.map((worker) => worker.stop()));

      const payloads = deliveries.map((d) => d.payload);
      expect(payloads).toHaveLength(n);
      expect(new Set(payloads).size).toBe(n);
      expect(await reposA.outbox.list({ status: 'sent', limit: 1000 })).toHaveLength(n);
      expect(await reposB.outbox.list({ status: 'queued' })).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
