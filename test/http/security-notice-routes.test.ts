import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultRuleSet } from '../../src/core/dlp/index.ts';
import { ruleSetSettingKey } from '../../src/core/dlp/rule-store.ts';
import { scanBodyLimitBytes, securityNoticeRoutes } from '../../src/http/routes/security-notice-routes.ts';
import { adminToken, authenticateSender, bearer, buildApp, openSqlite, senderToken, type TestDatabase } from './http-harness.ts';

const iban = 'DE89 3704 0044 0532 0130 00';
const invoiceDraft = {
  subject: 'Rechnung März',
  body: `Sehr geehrte Frau Berg,\nbitte überweisen Sie den Betrag auf ${iban}.\nMit freundlichen Grüßen`,
  to: ['buchhaltung@kunde-sued.de'],
  lang: 'de',
};

interface ErrorJson {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}
interface ScanJson {
  highestLevel: string | null;
  notices: Array<{ id: string; level: string; levelLabel: string; detector: string; title: string; where: string; why: string; action: string; evidence: string[] }>;
}

let store: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  store = await openSqlite();
  app = await buildApp([securityNoticeRoutes({ repos: store.repos, clock: store.clock, authenticateSender, adminToken })]);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});
beforeEach(async () => {
  await store.repos.settings.delete(ruleSetSettingKey);
});

async function putRules(body: unknown, token = adminToken) {
  return app.inject({ method: 'PUT', url: '/api/admin/security-notices/rules', headers: bearer(token), payload: body as object });
}

/** `null`: no Authorization header at all. */
async function scan(body: unknown, token: string | null = senderToken) {
  return app.inject({ method: 'POST', url: '/api/security-notices/scan', headers: token === null ? {} : bearer(token), payload: body as object });
}

describe('reading the rule set', () => {
  it('refuses a request without a token', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/security-notices/rules' });
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorJson>().error.code).toBe('SP_ERR_UNAUTHORIZED');
  });

  it('refuses a wrong token and a malformed Authorization header', async () => {
    for (const authorization of ['Bearer not-the-right-token-at-all', `Basic ${senderToken}`, `Bearer ${adminToken}x`]) {
      const res = await app.inject({ method: 'GET', url: '/api/security-notices/rules', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
  });

  it('gives a sender the built-in default when the organisation has saved nothing', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/security-notices/rules', headers: bearer(senderToken) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(defaultRuleSet)));
  });

  it('gives the admin token the same rule set', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/security-notices/rules', headers: bearer(adminToken) });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ version: number }>().version).toBe(1);
  });
});

describe('admin: replacing the rule set', () => {
  const custom = {
    version: 1,
    name: 'Praxis Nord',
    internalDomains: ['praxis-nord.de'],
    detectors: { iban: { enabled: true, level: 'warning', minCount: 1 } },
    custom: [{ kind: 'pattern', id: 'case-number', label: 'Aktenzeichen', pattern: 'AZ-\\d{6}', level: 'required' }],
  };

  it('refuses no token, a wrong token and a sender token', async () => {
    const none = await app.inject({ method: 'PUT', url: '/api/admin/security-notices/rules', payload: custom });
    expect(none.statusCode).toBe(401);
    expect((await putRules(custom, 'admin-token-but-not-the-configured-one-000')).statusCode).toBe(401);
    expect((await putRules(custom, senderToken)).statusCode).toBe(401);
    const read = await app.inject({ method: 'GET', url: '/api/admin/security-notices/rules', headers: bearer(senderToken) });
    expect(read.statusCode).toBe(401);
    expect(await store.repos.settings.get(ruleSetSettingKey)).toBeUndefined();
  });

  it('stores a valid set, returns it complete, and serves it to senders afterwards', async () => {
    const res = await putRules(custom);
    expect(res.statusCode).toBe(200);
    const saved = res.json<{ ruleSet: typeof defaultRuleSet; source: string; issues: unknown[] }>();
    expect(saved.source).toBe('stored');
    expect(saved.issues).toEqual([]);
    expect(saved.ruleSet.name).toBe('Praxis Nord');
    expect(saved.ruleSet.detectors.iban).toEqual({ enabled: true, level: 'warning', minCount: 1 });
    // Missing fields took the defaults.
    expect(saved.ruleSet.detectors.bsn).toEqual(defaultRuleSet.detectors.bsn);

    const forSender = await app.inject({ method: 'GET', url: '/api/security-notices/rules', headers: bearer(senderToken) });
    expect(forSender.json()).toEqual(saved.ruleSet);
    const forAdmin = await app.inject({ method: 'GET', url: '/api/admin/security-notices/rules', headers: bearer(adminToken) });
    expect(forAdmin.json()).toEqual(saved);
  });

  it('names the field of an invalid rule set and keeps the old one', async () => {
    await putRules(custom);
    const res = await putRules({ version: 1, detectors: { iban: { enabled: true, level: 'panic', minCount: 0 } } });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorJson>();
    expect(body.error.code).toBe('SP_ERR_VALIDATION');
    expect(body.error.details?.map((d) => d.path).sort()).toEqual(['/detectors/iban/level', '/detectors/iban/minCount']);
    expect(body.error.message).toContain('/detectors/iban/');
    const after = await app.inject({ method: 'GET', url: '/api/security-notices/rules', headers: bearer(senderToken) });
    expect(after.json<{ name: string }>().name).toBe('Praxis Nord');
  });

  it('refuses unknown fields, a wrong version, a bad domain and a body that is not a rule set', async () => {
    const cases: Array<[unknown, string]> = [
      [{ version: 1, detectors: { ibann: { enabled: true } } }, '/detectors'],
      [{ version: 2 }, '/version'],
      [{ version: 1, internalDomains: ['not a domain'] }, '/internalDomains/0'],
      [[1, 2, 3], '/'],
    ];
    for (const [body, path] of cases) {
      const res = await putRules(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<ErrorJson>().error.details?.map((d) => d.path), JSON.stringify(body)).toContain(path);
    }
    const empty = await app.inject({ method: 'PUT', url: '/api/admin/security-notices/rules', headers: bearer(adminToken) });
    expect(empty.statusCode).toBe(400);
    expect(await store.repos.settings.get(ruleSetSettingKey)).toBeUndefined();
  });

  it('refuses patterns that need a backtracking engine, match empty text or are too long', async () => {
    const rule = (pattern: string) => ({ version: 1, custom: [{ kind: 'pattern', id: 'p', label: 'P', pattern, level: 'warning' }] });
    for (const pattern of ['(\\w+)\\s+\\1', '(?=a)a+', '(?<!x)y', 'a*', 'a'.repeat(301)]) {
      const res = await putRules(rule(pattern));
      expect(res.statusCode, pattern).toBe(400);
      const issue = res.json<ErrorJson>().error.details?.[0];
      expect(issue?.path, pattern).toBe('/custom/0/pattern');
    }
    expect(await store.repos.settings.get(ruleSetSettingKey)).toBeUndefined();
  });

  it('runs a nested-quantifier pattern in linear time instead of hanging the scan', async () => {
    // (a+)+$ against "aaa…a!" takes exponential time in a backtracking engine; RE2 answers at once.
    const res = await putRules({ version: 1, custom: [{ kind: 'pattern', id: 'evil', label: 'Evil', pattern: '(a+)+$', level: 'warning' }] });
    expect(res.statusCode).toBe(200);
    const scanned = await scan({ subject: 'x', body: `${'a'.repeat(50_000)}!`, to: ['kollege@praxis-nord.de'] });
    expect(scanned.statusCode).toBe(200);
    expect(scanned.json<ScanJson>().notices.filter((n) => n.detector === 'customPattern')).toEqual([]);
  });

  it('tells the admin when the stored set no longer validates, while senders get the default', async () => {
    await store.repos.settings.set(ruleSetSettingKey, { version: 1, detectors: { iban: { enabled: 'yes' } } });
    const admin = await app.inject({ method: 'GET', url: '/api/admin/security-notices/rules', headers: bearer(adminToken) });
    expect(admin.statusCode).toBe(200);
    const body = admin.json<{ source: string; issues: Array<{ path: string }>; ruleSet: unknown }>();
    expect(body.source).toBe('invalid');
    expect(body.issues.map((i) => i.path)).toContain('/detectors/iban/enabled');
    expect(body.ruleSet).toEqual(JSON.parse(JSON.stringify(defaultRuleSet)));
    const sender = await app.inject({ method: 'GET', url: '/api/security-notices/rules', headers: bearer(senderToken) });
    expect(sender.json()).toEqual(JSON.parse(JSON.stringify(defaultRuleSet)));
  });

  it('reports "default" before anything is saved', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/admin/security-notices/rules', headers: bearer(adminToken) });
    expect(res.json<{ source: string }>().source).toBe('default');
  });
});

describe('scanning a draft on the server', () => {
  it('finds an IBAN and reports it in German with the value masked', async () => {
    const res = await scan(invoiceDraft);
    expect(res.statusCode).toBe(200);
    const body = res.json<ScanJson>();
    const notice = body.notices.find((n) => n.detector === 'iban');
    expect(notice).toMatchObject({ id: 'iban', level: 'advice', levelLabel: 'Hinweis', where: 'Nachricht, Zeile 2' });
    expect(notice?.title).toContain('IBAN');
    expect(notice?.evidence).toEqual(['DE•• •••• •••• •••• •••• 00']);
    expect(body.notices.find((n) => n.detector === 'externalRecipient')?.title).toContain('Empfänger');
    // The full account number never comes back, in any spelling.
    expect(res.body.replace(/\s/g, '')).not.toContain(iban.replace(/\s/g, '').slice(2, 20));
  });

  it('renders the same notice in Dutch and English', async () => {
    const nl = (await scan({ ...invoiceDraft, lang: 'nl' })).json<ScanJson>();
    const en = (await scan({ ...invoiceDraft, lang: 'en' })).json<ScanJson>();
    const de = (await scan(invoiceDraft)).json<ScanJson>();
    const titles = [nl, en, de].map((r) => r.notices.find((n) => n.detector === 'iban')?.why);
    expect(new Set(titles).size).toBe(3);
  });

  it("uses the organisation's stored rules and counts the sender's domain as internal", async () => {
    await putRules({ version: 1, detectors: { iban: { enabled: false, level: 'advice', minCount: 1 } } });
    const res = await scan({ ...invoiceDraft, to: ['kollegin@praxis-nord.de'] });
    expect(res.statusCode).toBe(200);
    expect(res.json<ScanJson>()).toEqual({ highestLevel: null, notices: [] });
  });

  it('checks attachment names and caller-extracted attachment text', async () => {
    const res = await scan({
      subject: 'Unterlagen',
      body: 'Anbei die Unterlagen.',
      to: ['info@kunde-sued.de'],
      attachments: [
        { name: 'rechnung.pdf.exe', size: 120_000 },
        { name: 'konto.txt', text: `Konto: ${iban}` },
      ],
      lang: 'en',
    });
    const body = res.json<ScanJson>();
    expect(body.highestLevel).toBe('required');
    expect(body.notices[0]?.detector).toBe('riskyAttachment');
    expect(body.notices.find((n) => n.detector === 'iban')?.where).toContain('konto.txt');
  });

  it('refuses a request without a sender token, with a wrong one, and with the admin token', async () => {
    for (const token of [null, 'wrong-token-wrong-token-wrong', adminToken]) {
      const res = await scan(invoiceDraft, token);
      expect(res.statusCode, String(token)).toBe(401);
      expect(res.json<ErrorJson>().error.code).toBe('SP_ERR_UNAUTHORIZED');
    }
  });

  it('refuses an anonymous request before reading a large body', async () => {
    const res = await scan({ ...invoiceDraft, body: 'x'.repeat(scanBodyLimitBytes + 10) }, null);
    expect(res.statusCode).toBe(401);
  });

  it('refuses invalid drafts naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ subject: 'x', body: 'y' }, '/to'],
      [{ ...invoiceDraft, to: ['not an address'] }, '/to/0'],
      [{ ...invoiceDraft, lang: 'fr' }, '/lang'],
      [{ ...invoiceDraft, attachments: [{ name: '' }] }, '/attachments/0/name'],
      [{ ...invoiceDraft, from: 'someone@else.de' }, '/'],
    ];
    for (const [body, path] of cases) {
      const res = await scan(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const err = res.json<ErrorJson>().error;
      expect(err.code).toBe('SP_ERR_VALIDATION');
      expect(err.details?.map((d) => d.path), JSON.stringify(body)).toContain(path);
    }
  });

  it('accepts drafts above the server-wide 1 MiB limit and refuses those above 5 MiB', async () => {
    const big = await scan({ ...invoiceDraft, body: `${invoiceDraft.body}\n${'Lorem ipsum dolor sit amet. '.repeat(80_000)}` });
    expect(big.statusCode).toBe(200);
    expect(big.json<ScanJson>().notices.some((n) => n.detector === 'iban')).toBe(true);
    const tooBig = await scan({ ...invoiceDraft, body: 'x'.repeat(scanBodyLimitBytes + 10) });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json<ErrorJson>().error.code).toBe('SP_ERR_TOO_LARGE');
  });

  it('works over a real socket', async () => {
    const live = await buildApp([securityNoticeRoutes({ repos: store.repos, clock: store.clock, authenticateSender })]);
    try {
      const address = await live.listen({ port: 0, host: '127.0.0.1' });
      const res = await fetch(`${address}/api/security-notices/scan`, {
        method: 'POST',
        headers: { ...bearer(senderToken), 'content-type': 'application/json' },
        body: JSON.stringify(invoiceDraft),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as ScanJson).notices.some((n) => n.detector === 'iban')).toBe(true);
    } finally {
      await live.close();
    }
  });
});

describe('with the admin API off (no ADMIN_TOKEN)', () => {
  let off: FastifyInstance;
  beforeAll(async () => {
    off = await buildApp([securityNoticeRoutes({ repos: store.repos, clock: store.clock, authenticateSender })]);
  });
  afterAll(async () => off?.close());

  it('answers 404 on the admin routes whatever the token', async () => {
    for (const method of ['GET', 'PUT'] as const) {
      for (const headers of [{}, bearer(adminToken), bearer(senderToken)]) {
        const res = await off.inject({ method, url: '/api/admin/security-notices/rules', headers, payload: method === 'PUT' ? { version: 1 } : undefined });
        expect(res.statusCode).toBe(404);
        expect(res.json<ErrorJson>().error.code).toBe('SP_ERR_NOT_FOUND');
      }
    }
    expect(await store.repos.settings.get(ruleSetSettingKey)).toBeUndefined();
  });

  it('does not accept a would-be admin token for reading the rules', async () => {
    expect((await off.inject({ method: 'GET', url: '/api/security-notices/rules', headers: bearer(adminToken) })).statusCode).toBe(401);
    expect((await off.inject({ method: 'GET', url: '/api/security-notices/rules', headers: bearer(senderToken) })).statusCode).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents the routes, including the rule-set format', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, Record<string, { description?: string }>> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/security-notices/rules', '/api/security-notices/scan', '/api/admin/security-notices/rules']),
    );
    expect(doc.paths['/api/security-notices/scan']?.post?.description).toContain('plaintext');
  });
});
