// Issue 16: composes of one sender wait for each other on the sender's quota lock. Waiting inside a transaction holds
// a pooled connection, so with a busy sender the pool ran dry and every other request of the process timed out
// waiting for a connection (503 SP_ERR_UNAVAILABLE). Now the waiting happens in memory (owner turns): per sender at
// most one transaction of a process waits on the lock, and other requests keep their connections.
// Real PostgreSQL, a pool of 3, the sender's lock held by another session (as a compose of another process would).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, type TestPostgres } from '../db/postgres-harness.ts';
import { startApi, type ApiHarness } from './api-harness.ts';

const pgServer: TestPostgres | undefined = await createTestPostgres();
const poolSize = 3;

describe.skipIf(!pgServer)('quota lock contention on PostgreSQL (pool of 3)', () => {
  let api: ApiHarness;
  let other: pg.Client;

  beforeAll(async () => {
    if (!pgServer) throw new Error('no database');
    api = await startApi({ DATABASE_URL: pgServer.url, DEV_MAILBOX: 'true', DATABASE_POOL_SIZE: String(poolSize) });
    other = new pg.Client({ connectionString: pgServer.url });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await api?.close();
    await pgServer?.drop();
  });

  const draft = (token: string) =>
    api.call('POST', '/api/transfers', { token, body: { recipients: [{ email: 'patient@example.org', method: 'none' }], files: [{ size: 100 }] } });

  async function lockWaiters(): Promise<number> {
    const result = await pgServer?.admin(`select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`, [pgServer.name]);
    return Number(result?.rows[0]?.n ?? 0);
  }

  it('composes of a sender whose lock is taken wait without holding the pool; other requests go on', async () => {
    const busy = await api.signIn('busy-sender@praxis-muster.de');
    const calm = await api.signIn('calm-sender@praxis-muster.de');
    const key = 'sender:busy-sender@praxis-muster.de';
    await other.query('begin');
    await other.query(`insert into storage_owner_locks (subject) values ($1) on conflict (subject) do update set subject = excluded.subject`, [key]);
    const parallel = 6;
    const drafts = Array.from({ length: parallel }, () => draft(busy.token));
    // Sync point (not an assertion): all six arrived, either waiting on the lock or queued for their turn, or the
    // whole pool waits on the lock (as it did before the turns).
    const queued = () => api.runtime.transfers.ownerTurns?.waiting(key) ?? 0;
    for (let waiters = 0; ; waiters = await lockWaiters()) {
      if (waiters + queued() >= parallel || waiters >= poolSize) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await lockWaiters()).toBe(1);
    expect(queued()).toBe(parallel - 1);

    // Another sender composes (and the pool serves it) while the busy sender's lock is held.
    const calmDraft = await draft(calm.token);
    expect(calmDraft.status).toBe(201);

    await other.query('commit');
    const results = await Promise.all(drafts);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: parallel }, () => 201));
    expect(queued()).toBe(0);
  });
});
