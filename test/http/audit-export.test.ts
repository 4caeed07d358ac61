import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audit, DEFAULT_ORG_ID, verifyAuditExport } from '../../src/core/audit/index.ts';
import { sha256Hex } from '../../src/crypto/index.ts';
import { adminRoutes } from '../../src/http/routes/admin-routes.ts';
import { securityNoticeRoutes } from '../../src/http/routes/security-notice-routes.ts';
import { adminToken, authenticateSender, bearer, buildApp, openSqlite, senderToken, type TestDatabase } from './http-harness.ts';

interface Entry {
  seq: number;
  action: string;
  actor: string;
  client: string | null;
  details: Record<string, unknown>;
}

let store: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openSqlite();
  app = await buildApp([adminRoutes({ repos: store.repos, clock: store.clock, adminToken }), securityNoticeRoutes({ repos: store.repos, clock: store.clock, authenticateSender, adminToken })]);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});
beforeEach(async () => {
  await store.db.kysely.deleteFrom('auditPending').execute();
  await store.db.kysely.deleteFrom('auditLog').execute();
  await store.db.kysely.deleteFrom('auditHeads').execute();
  await store.db.kysely.deleteFrom('settings').execute();
});

async function exported(query = ''): Promise<{ lines: string[]; entries: Entry[]; contentType: string | undefined }> {
  const res = await app.inject({ method: 'GET', url: `/api/admin/audit/export${query}`, headers: bearer(adminToken) });
  expect(res.statusCode).toBe(200);
  const lines = res.body.split('\n');
  expect(lines.pop()).toBe('');
  return { lines, entries: lines.map((l) => JSON.parse(l) as Entry), contentType: res.headers['content-type'] };
}

const putRules = (body: unknown) => app.inject({ method: 'PUT', url: '/api/admin/security-notices/rules', headers: bearer(adminToken), payload: body as object });

describe('audit of admin actions', () => {
  it('records a rule-set change with digests of the old and new set, committed with the change', async () => {
    expect((await putRules({ version: 1, name: 'First' })).statusCode).toBe(200);
    const stored = await store.repos.settings.get('dlp.ruleSet');
    expect((await putRules({ version: 1, name: 'Second' })).statusCode).toBe(200);
    const { entries } = await exported();
    expect(entries.map((e) => e.action)).toEqual(['policy.security_notice_rules_replaced', 'policy.security_notice_rules_replaced']);
    expect(entries[0]).toMatchObject({ actor: 'admin', client: '127.0.0.1', details: { name: 'First', before: null, after: sha256Hex(JSON.stringify(stored)) } });
    expect(entries[1]?.details).toMatchObject({ name: 'Second', before: sha256Hex(JSON.stringify(stored)) });
  });

  it('records nothing for a refused rule set', async () => {
    expect((await putRules({ version: 1, unknownField: true })).statusCode).toBe(400);
    expect((await exported()).entries).toEqual([]);
  });

  it('records a retried delivery, and nothing for one that could not be retried', async () => {
    const item = await store.repos.outbox.enqueue({ kind: 'mail', payload: 'p' });
    const [claimed] = await store.repos.outbox.claimDue({ now: store.clock.now(), limit: 1, leaseMs: 60_000, workerId: 'w1' });
    if (!claimed) throw new Error('expected to claim');
    await store.repos.outbox.markFailed(claimed, 'x', null);
    const retry = () => app.inject({ method: 'POST', url: `/api/admin/outbox/${item.id}/retry`, headers: bearer(adminToken) });
    expect((await retry()).statusCode).toBe(200);
    expect((await retry()).statusCode).toBe(409);
    expect((await exported()).entries).toMatchObject([{ action: 'admin.outbox_retried', actor: 'admin', details: { outboxId: item.id } }]);
  });
});

describe('GET /api/admin/audit/export', () => {
  it('streams JSON lines that verify, and from a given seq on', async () => {
    for (let i = 0; i < 1203; i += 1) await audit(store.repos, store.clock.now(), null, { action: 'file.downloaded', actor: 'system', details: { i } });
    const all = await exported();
    expect(all.contentType).toBe('application/x-ndjson; charset=utf-8');
    expect(all.lines).toHaveLength(1203);
    expect(await verifyAuditExport(all.lines)).toMatchObject({ ok: true, entries: 1203, org: DEFAULT_ORG_ID, head: { seq: 1203 } });
    const later = await exported('?after=1200');
    expect(later.entries.map((e) => e.seq)).toEqual([1201, 1202, 1203]);
    // A partial export checks on its own (links among its lines), and together with the earlier part as one.
    expect(await verifyAuditExport(later.lines)).toMatchObject({ ok: true, firstSeq: 1201 });
    expect((await verifyAuditExport([...all.lines.slice(0, 1200), ...later.lines])).ok).toBe(true);
  });

  it('refuses a bad query, no token or a sender token', async () => {
    for (const url of ['/api/admin/audit/export?after=-1', '/api/admin/audit/export?after=x', '/api/admin/audit/export?org=other']) {
      expect((await app.inject({ method: 'GET', url, headers: bearer(adminToken) })).statusCode, url).toBe(400);
    }
    expect((await app.inject({ method: 'GET', url: '/api/admin/audit/export' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/admin/audit/export', headers: bearer(senderToken) })).statusCode).toBe(401);
  });

  it('is described in the OpenAPI document as JSON lines behind the admin token', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, { get?: { security?: unknown; responses?: Record<string, { content?: Record<string, unknown> }> } }> }>();
    const get = doc.paths['/api/admin/audit/export']?.get;
    expect(get?.security).toEqual([{ bearerAuth: [] }]);
    // The body is a stream, so the content type is stated in the description rather than as a response schema.
    expect(JSON.stringify(get)).toContain('application/x-ndjson');
    expect(JSON.stringify(get)).toContain('docs/audit.md');
  });

  it('does not exist without ADMIN_TOKEN', async () => {
    const off = await buildApp([adminRoutes({ repos: store.repos, clock: store.clock })]);
    try {
      expect((await off.inject({ method: 'GET', url: '/api/admin/audit/export', headers: bearer(adminToken) })).statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });
});
