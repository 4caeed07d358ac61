import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminRoutes, createAdminCheck } from '../../src/http/routes/admin-routes.ts';
import { adminToken, bearer, buildApp, openSqlite, senderToken, type TestDatabase } from './http-harness.ts';

interface OutboxJson {
  id: string;
  kind: string;
  topic: string | null;
  ref: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

let store: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openSqlite();
  app = await buildApp([adminRoutes({ repos: store.repos, clock: store.clock, adminToken })]);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});
beforeEach(async () => {
  await store.db.kysely.deleteFrom('outbox').execute();
});

const secretPayload = 'sealed:link-secret-that-must-never-be-shown';

/** Enqueues a mail and lets one delivery attempt fail for good, as the worker does after its last retry. */
async function failedMail(error: string): Promise<string> {
  const item = await store.repos.outbox.enqueue({ kind: 'mail', payload: secretPayload, topic: 'transfer.notification', ref: 'tr_123' });
  const [claimed] = await store.repos.outbox.claimDue({ now: store.clock.now(), limit: 1, leaseMs: 60_000, workerId: 'w1' });
  if (claimed?.id !== item.id) throw new Error('expected to claim the item');
  expect(await store.repos.outbox.markFailed(claimed, error, null)).toBe(true);
  return item.id;
}

function get(url: string, token: string | null = adminToken) {
  return app.inject({ method: 'GET', url, headers: token === null ? {} : bearer(token) });
}
function retry(id: string, token: string | null = adminToken) {
  return app.inject({ method: 'POST', url: `/api/admin/outbox/${id}/retry`, headers: token === null ? {} : bearer(token) });
}

describe('admin outbox', () => {
  it("lists a failed delivery with its status and last error, never its payload", async () => {
    // Not due yet, so the failing attempt below takes the mail.
    await store.repos.outbox.enqueue({ kind: 'sms', payload: 'sms payload', topic: 'transfer.code', notBefore: new Date(store.clock.now().getTime() + 3_600_000) });
    const id = await failedMail('SMTP 550 5.1.1 mailbox unavailable');

    const res = await get('/api/admin/outbox?status=failed');
    expect(res.statusCode).toBe(200);
    const { items } = res.json<{ items: OutboxJson[] }>();
    expect(items).toEqual([
      {
        id,
        kind: 'mail',
        topic: 'transfer.notification',
        ref: 'tr_123',
        status: 'failed',
        attempts: 1,
        nextAttemptAt: expect.any(String) as string,
        lastError: 'SMTP 550 5.1.1 mailbox unavailable',
        createdAt: store.clock.now().toISOString(),
        sentAt: null,
      },
    ]);
    expect(res.body).not.toContain('link-secret');
    expect(res.body).not.toContain('payload');

    const all = await get('/api/admin/outbox');
    expect(all.json<{ items: OutboxJson[] }>().items.map((i) => i.status).sort()).toEqual(['failed', 'queued']);
    expect(all.body).not.toContain('sms payload');
  });

  it('honours the limit, newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await store.repos.outbox.enqueue({ kind: 'mail', payload: 'p' })).id);
      store.clock.advance(1000);
    }
    const res = await get('/api/admin/outbox?limit=2');
    expect(res.json<{ items: OutboxJson[] }>().items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
  });

  it('retries a failed item: queued again, due now, attempts reset', async () => {
    const id = await failedMail('connect ECONNREFUSED 127.0.0.1:25');
    store.clock.advance(3_600_000);
    const res = await retry(id);
    expect(res.statusCode).toBe(200);
    expect(res.json<OutboxJson>()).toMatchObject({ id, status: 'queued', attempts: 0, nextAttemptAt: store.clock.now().toISOString() });
    const queued = await get('/api/admin/outbox?status=queued');
    expect(queued.json<{ items: OutboxJson[] }>().items.map((i) => i.id)).toEqual([id]);
    // The worker picks it up again.
    const [claimed] = await store.repos.outbox.claimDue({ now: store.clock.now(), limit: 5, leaseMs: 60_000, workerId: 'w2' });
    expect(claimed?.id).toBe(id);
    expect(claimed?.payload).toBe(secretPayload);
  });

  it('answers 409 for an item that is not failed and 404 for an unknown one', async () => {
    const queued = await store.repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
    const conflict = await retry(queued.id);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json<ErrorJson>().error).toMatchObject({ code: 'SP_ERR_CONFLICT', details: { status: 'queued' } });
    const missing = await retry('no-such-item');
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorJson>().error.code).toBe('SP_ERR_NOT_FOUND');
  });

  it('refuses an unknown status, a bad limit and unknown query parameters', async () => {
    for (const url of ['/api/admin/outbox?status=lost', '/api/admin/outbox?limit=0', '/api/admin/outbox?limit=5000', '/api/admin/outbox?payload=1']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json<ErrorJson>().error.code).toBe('SP_ERR_VALIDATION');
    }
  });

  it('refuses no token, a wrong token, a sender token and another scheme', async () => {
    const id = await failedMail('x');
    for (const token of [null, senderToken, `${adminToken}0`, adminToken.slice(0, -1)]) {
      expect((await get('/api/admin/outbox', token)).statusCode, String(token)).toBe(401);
      expect((await retry(id, token)).statusCode, String(token)).toBe(401);
    }
    const basic = await app.inject({ method: 'GET', url: '/api/admin/outbox', headers: { authorization: `Basic ${adminToken}` } });
    expect(basic.statusCode).toBe(401);
    expect(basic.json<ErrorJson>().error.code).toBe('SP_ERR_UNAUTHORIZED');
    expect((await store.repos.outbox.get(id))?.status).toBe('failed');
  });
});

describe('admin API off (no ADMIN_TOKEN)', () => {
  let off: FastifyInstance;
  beforeAll(async () => {
    off = await buildApp([adminRoutes({ repos: store.repos, clock: store.clock })]);
  });
  afterAll(async () => off?.close());

  it('answers 404, whatever the token, and changes nothing', async () => {
    const id = await failedMail('x');
    for (const headers of [{}, bearer(adminToken)]) {
      const list = await off.inject({ method: 'GET', url: '/api/admin/outbox', headers });
      expect(list.statusCode).toBe(404);
      expect(list.json<ErrorJson>().error.code).toBe('SP_ERR_NOT_FOUND');
      expect((await off.inject({ method: 'POST', url: `/api/admin/outbox/${id}/retry`, headers })).statusCode).toBe(404);
    }
    expect((await store.repos.outbox.get(id))?.status).toBe('failed');
  });
});

describe('admin token check', () => {
  it('accepts only the exact token, of any length or character set', () => {
    const check = createAdminCheck('ä-long admin token with spaces and ümlauts 0123456789');
    expect(check('ä-long admin token with spaces and ümlauts 0123456789')).toBe(true);
    expect(check('ä-long admin token with spaces and ümlauts 012345678')).toBe(false);
    expect(check('')).toBe(false);
    expect(check(undefined)).toBe(false);
  });
});
