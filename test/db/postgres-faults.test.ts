import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { isSealpostError } from '../../src/core/errors.ts';
import { createCaptureLogger } from '../jobs/capture-logger.ts';
import { createManualClock } from './manual-clock.ts';
import { createTestPostgres } from './postgres-harness.ts';
import { createTcpProxy } from './tcp-proxy.ts';
import type { TcpProxy } from './tcp-proxy.ts';

const pg = await createTestPostgres();
afterAll(async () => pg?.drop());

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

function viaPort(url: string, port: number, password?: string): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  if (password) parsed.password = password;
  return parsed.toString();
}

/** Retries until `probe` resolves; a bounded loop, not a timing assertion. */
async function eventually(probe: () => Promise<unknown>, attempts = 200): Promise<void> {
  for (let i = 0; ; i += 1) {
    try {
      await probe();
      return;
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

describe.skipIf(!pg)('PostgreSQL faults', () => {
  it('an unreachable server fails start-up with a clear error that names it but not the password', async () => {
    const url = viaPort(pg!.url, await closedPort(), 'hunter2-secret');
    const failure: unknown = await createDatabase({ url, connectTimeoutMs: 2000 }).catch((error: unknown) => error);
    expect(isSealpostError(failure, 'SP_ERR_UNAVAILABLE')).toBe(true);
    const message = (failure as Error).message;
    expect(message).toMatch(/^Cannot connect to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/sp_test_\w+: .*ECONNREFUSED/);
    expect(message).not.toContain('hunter2');
  });

  it('a missing database fails start-up with a clear error', async () => {
    const url = new URL(pg!.url);
    url.pathname = '/sp_test_does_not_exist';
    await expect(createDatabase({ url: url.toString() })).rejects.toMatchObject({
      code: 'SP_ERR_UNAVAILABLE',
      message: expect.stringContaining('does not exist') as unknown,
    });
  });

  it('rejects a non-PostgreSQL URL as invalid configuration', async () => {
    await expect(createDatabase({ url: 'mysql://root@127.0.0.1/x' })).rejects.toMatchObject({ code: 'SP_ERR_CONFIG_INVALID' });
  });

  describe('the server goes away while running', () => {
    let proxy: TcpProxy;
    let db: Database;
    const logger = createCaptureLogger();

    beforeAll(async () => {
      const target = new URL(pg!.url);
      proxy = await createTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      db = await createDatabase({ url: viaPort(pg!.url, proxy.port), connectTimeoutMs: 2000, checkTimeoutMs: 2000, logger });
      await db.migrate();
    });
    afterAll(async () => {
      await db?.close();
      await proxy?.stop();
    });

    it('readiness turns red, queries throw SP_ERR_UNAVAILABLE, nothing crashes; it recovers when the server is back', async () => {
      const repos = createRepositories(db, { clock: createManualClock() });
      await repos.outbox.enqueue({ kind: 'mail', payload: 'before' });
      await db.check();

      await proxy.stop();
      await expect(db.check()).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
      await expect(repos.outbox.list()).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
      await expect(repos.transaction((tx) => tx.outbox.enqueue({ kind: 'sms', payload: 'during' }))).rejects.toMatchObject({
        code: 'SP_ERR_UNAVAILABLE',
      });

      await proxy.start();
      await eventually(() => db.check());
      expect((await repos.outbox.list()).length).toBe(1);
    });

    it('a server that goes silent (no answer, connection open) fails queries and readiness within their timeouts', async () => {
      const silent = await createTcpProxy({ host: new URL(pg!.url).hostname, port: Number(new URL(pg!.url).port || 5432) });
      const quiet = await createDatabase({ url: viaPort(pg!.url, silent.port), queryTimeoutMs: 1000, checkTimeoutMs: 500, connectTimeoutMs: 1000, logger });
      try {
        await quiet.check();
        silent.freeze();
        await expect(quiet.check()).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
        await expect(quiet.kysely.selectFrom('settings').selectAll().execute()).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
      } finally {
        await silent.stop();
        await quiet.close();
      }
    });

    it('connections killed by the server (pg_terminate_backend) do not crash the process', async () => {
      await db.check();
      await pg!.admin('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [pg!.name]);
      // The pool drops the dead connections (logged, not thrown) and opens new ones.
      await eventually(() => Promise.resolve(expect(logger.text()).toContain('database connection lost')));
      await eventually(() => db.check());
      // And the pool really works again: a write and a read on a fresh connection round-trip.
      await eventually(async () => {
        const key = `after-terminate-${Date.now()}`;
        await db.kysely.insertInto('settings').values({ key, value: '"back"', updatedAt: new Date().toISOString() }).execute();
        const rows = await db.kysely.selectFrom('settings').select('value').where('key', '=', key).execute();
        expect(rows).toEqual([{ value: '"back"' }]);
      });
    });
  });
});
