// Periodic sweeps take a database lease: two schedulers (as in two server processes) on one database
// never run the same sweep at the same time, and a crashed holder's lease runs out. Every job the server
// schedules does so, and so does the blob cleanup at start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { cleanUpAtStart } from '../../src/cli/serve/start-cleanup.ts';
import { createLocalBlobStore } from '../../src/adapters/blob/local-blob-store.ts';
import { createScheduler, type Scheduler } from '../../src/jobs/scheduler.ts';
import pino from 'pino';
import { createManualClock } from '../db/manual-clock.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';
import { createCaptureLogger } from './capture-logger.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-sweep-lease-'));
const pg = await createTestPostgres();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

function defineSuite(engine: string, open: () => Promise<Database>): void {
  describe(`sweep leases on ${engine}`, () => {
    const clock = createManualClock();
    let dbs: Database[] = [];
    let repos: Repositories[] = [];

    beforeAll(async () => {
      dbs = [await open(), await open()];
      for (const db of dbs) await db.migrate();
      repos = dbs.map((db) => createRepositories(db, { clock }));
    });
    afterAll(async () => {
      await Promise.all(dbs.map((db) => db.close()));
    });

    /** Two schedulers, each on its own connection (pool), sharing one job body and its counters. */
    function twoSchedulers(run: () => Promise<void>): Scheduler[] {
      return repos.map((r, i) => {
        const scheduler = createScheduler({ logger: createCaptureLogger(), leases: { repository: r.leases, holder: `process-${i}` } });
        scheduler.add({ name: 'transfer-sweep', intervalMs: 1, runAtStart: true, run });
        return scheduler;
      });
    }

    it('a sweep running in one process is skipped by the other; afterwards the other may run it', async () => {
      let active = 0;
      let maxActive = 0;
      let runs = 0;
      const started = gate();
      const release = gate();
      const [a, b] = twoSchedulers(async () => {
        active += 1;
        runs += 1;
        maxActive = Math.max(maxActive, active);
        if (runs === 1) {
          started.open();
          await release.promise;
        }
        active -= 1;
      });
      const first = a!.runNow('transfer-sweep');
      await started.promise;
      await b!.runNow('transfer-sweep');
      expect([runs, maxActive]).toEqual([1, 1]);
      release.open();
      await first;
      await b!.runNow('transfer-sweep');
      expect([runs, maxActive]).toEqual([2, 1]);
    });

    it('a crashed holder blocks the sweep only until its lease expires', async () => {
      let runs = 0;
      const [, b] = twoSchedulers(() => Promise.resolve(void (runs += 1)));
      expect(await repos[0]!.leases.acquire('sweep:transfer-sweep', 'crashed-process', 120_000)).toBe(true);
      await b!.runNow('transfer-sweep');
      expect(runs).toBe(0);
      clock.advance(120_000);
      await b!.runNow('transfer-sweep');
      expect(runs).toBe(1);
    });

    it('both schedulers looping: never two runs of the sweep at once', async () => {
      let active = 0;
      let maxActive = 0;
      let runs = 0;
      const enough = gate();
      const schedulers = twoSchedulers(async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
        active -= 1;
        runs += 1;
        if (runs >= 30) enough.open();
      });
      for (const scheduler of schedulers) scheduler.start();
      await enough.promise;
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
      expect(maxActive).toBe(1);
    });

    it('every job the server schedules, all looping in both schedulers: never two runs of one job at once', async () => {
      // The server's jobs (src/cli/serve/transfer-feature.ts): each takes its own lease `sweep:NAME`.
      const names = ['transfer-sweep', 'housekeeping', 'blob-expiry-rules'];
      const active = new Map(names.map((n) => [n, 0]));
      const maxActive = new Map(names.map((n) => [n, 0]));
      const runs = new Map(names.map((n) => [n, 0]));
      const enough = gate();
      const schedulers = repos.map((r, i) => {
        const scheduler = createScheduler({ logger: createCaptureLogger(), leases: { repository: r.leases, holder: `process-${i}` } });
        for (const name of names) {
          scheduler.add({
            name,
            intervalMs: 1,
            run: async () => {
              active.set(name, (active.get(name) ?? 0) + 1);
              maxActive.set(name, Math.max(maxActive.get(name) ?? 0, active.get(name) ?? 0));
              for (let k = 0; k < 3; k += 1) await new Promise((resolve) => setTimeout(resolve, 1));
              active.set(name, (active.get(name) ?? 0) - 1);
              runs.set(name, (runs.get(name) ?? 0) + 1);
              if (names.every((n) => (runs.get(n) ?? 0) >= 10)) enough.open();
            },
          });
        }
        return scheduler;
      });
      for (const scheduler of schedulers) scheduler.start();
      await enough.promise;
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
      expect(Object.fromEntries(maxActive)).toEqual({ 'transfer-sweep': 1, housekeeping: 1, 'blob-expiry-rules': 1 });
    });

    it('the blob cleanup at start runs in one process at a time: a second one skips it while the lease is held', async () => {
      const store = createLocalBlobStore({ root: join(dir, `blobs-${engine.length}`) });
      let cleanups = 0;
      const counting = { ...store, cleanup: async () => ((cleanups += 1), { removed: 0 }) };
      const logger = pino({ level: 'silent' });
      expect(await repos[0]!.leases.acquire('start:blob-cleanup', 'other-process', 120_000)).toBe(true);
      await cleanUpAtStart({ blobs: counting, leases: repos[1]!.leases, logger });
      expect(cleanups).toBe(0);
      await repos[0]!.leases.release('start:blob-cleanup', 'other-process');
      await cleanUpAtStart({ blobs: counting, leases: repos[1]!.leases, logger });
      expect(cleanups).toBe(1);
      // And it let go afterwards: the next start cleans again.
      await cleanUpAtStart({ blobs: counting, leases: repos[0]!.leases, logger });
      expect(cleanups).toBe(2);
    });
  });
}

defineSuite('SQLite (two connections on one file)', () => createDatabase({ sqliteFile: join(dir, 'sealpost.db') }));
if (pg) defineSuite('PostgreSQL (two pools)', () => createDatabase({ url: pg.url }));
