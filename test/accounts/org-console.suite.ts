import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditExport } from '../../src/core/audit/index.ts';
import { generateAgeKeyPair, randomBytes, toBase64Url } from '../../src/crypto/index.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { tinyPng } from '../support/tiny-png.ts';
import { startConsoleWorld, type ConsoleWorld, type Staff } from './org-console-world.ts';

const logoA = tinyPng(4, 4, [10, 20, 30]).toString('base64');
const logoB = tinyPng(5, 5, [200, 100, 50]).toString('base64');

/** A well-formed restore (the walks expect the route's refusal, not the schema's). */
const restoreBody = { toPublicKey: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq', restores: [{ id: 'x', wrapped: 'A'.repeat(64) }] };
/** A well-formed organisation-key rotation (the walks expect the route's refusal, not the schema's). */
const rotationBody = { previousPublicKey: 'age1d9c0smwx5t5z2xl7thdul4qj3pvur3vhsjk4408kagy6wz6gp5xsgdmjyh', publicKey: 'age1tr8ndl7y4a7mrnt3fu97m7xxhhr5cjjaqvtr4fpk5t56j2zmydssvwnh4v', wraps: [{ userId: 'none', publicKey: 'none', wrap: 'YWdl' }], codes: [] };

interface Delivery { id: string; recipient: string; status: string; attempts: number; lastError: string | null; topic: string }

/** The organisation admin's console API: one suite, run on SQLite and PostgreSQL. */
export function defineOrgConsoleSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`organisation console API on ${engine}`, () => {
    let w: ConsoleWorld;
    beforeAll(async () => {
      w = await startConsoleWorld(databaseUrl());
    });
    afterAll(async () => w?.close());

    /** Fails the undelivered invitation mail to `email` as a relay answering 5xx would (the worker is manual here). */
    async function failInvitationMail(userId: string, error = 'SMTP 550 mailbox unavailable'): Promise<string> {
      const claimed = await w.runtime.repos.outbox.claimDue({ now: w.clock.now(), limit: 100, leaseMs: 60_000, workerId: 'test' });
      const mine = claimed.find((c) => c.topic === 'account.invitation' && c.ref === userId);
      if (!mine) throw new Error('no invitation mail queued');
      for (const other of claimed.filter((c) => c !== mine)) await w.runtime.repos.outbox.markSent(other);
      await w.runtime.repos.outbox.markFailed(mine, error, null);
      return mine.id;
    }

    async function auditActions(as: Staff, query = ''): Promise<string[]> {
      const res = await w.inject('GET', `/api/org/audit?limit=200${query}`, { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: Array<{ action: string }> }>().items.map((i) => i.action);
    }

    it('walks every /api/org route as an admin of another organisation with its ids: nothing of it is read or changed', async () => {
      const a = await w.org('Walk A', 'walk-a.example');
      const b = await w.org('Walk B', 'walk-b.example');
      const memberB = await w.member(b.admin, 'm@walk-b.example');
      const failedB = await failInvitationMail(memberB.userId);
      const sessionB = (await w.inject('GET', '/api/org/sessions', { as: b.admin })).json<{ items: Array<{ id: string; userId: string }> }>().items.find((s) => s.userId === memberB.userId);
      expect((await w.inject('PUT', '/api/org/security-notices/rules', { as: b.admin, body: { version: 1, name: 'B rules' } })).statusCode).toBe(200);
      expect((await w.inject('PUT', '/api/org/logo', { as: b.admin, body: { png: logoB } })).statusCode).toBe(200);
      expect((await w.inject('PATCH', '/api/org/agreements', { as: b.admin, body: { trustedDomains: ['partner-of-walk-b.example'] } })).statusCode).toBe(200);
      expect((await w.inject('PUT', '/api/org/logo', { as: a.admin, body: { png: logoA } })).statusCode).toBe(200);
      // B keeps a recovery key, and memberB an archived key with its escrow: none of it may show or change.
      const recoveryB = (await generateAgeKeyPair({ postQuantum: false })).recipient;
      const escrowB = toBase64Url(randomBytes(120));
      expect((await w.inject('PUT', '/api/org/key-recovery', { as: b.admin, body: { policy: 'org-key', recoveryPublicKey: recoveryB } })).statusCode).toBe(200);
      for (const key of [await generateAgeKeyPair({ postQuantum: false }), await generateAgeKeyPair({ postQuantum: false })]) {
        const stored = await w.inject('PUT', '/api/account/personal-key', { as: memberB, body: { publicKey: key.recipient, wrappedByPassword: 'A'.repeat(64), wrappedByRecovery: [], escrow: escrowB, escrowRecipient: recoveryB } });
        expect(stored.statusCode, stored.body).toBe(204);
      }
      // B's recipient directory holds one address with a number.
      expect((await w.inject('POST', '/api/org/directory/import', { as: b.admin, body: { csv: 'email,method,phone\nclient-of-b@elsewhere.example,sms,+31 6 24681357\n' } })).json()).toEqual({ created: 1, updated: 0 });
      const [directoryB] = (await w.inject('GET', '/api/org/directory', { as: b.admin })).json<{ items: Array<{ id: string; updatedAt: string }> }>().items;
      const ids: Record<string, string> = { users: memberB.userId, sessions: sessionB?.id ?? 'none', deliveries: failedB, directory: directoryB?.id ?? 'none' };
      const bodies: Record<string, unknown> = {
        'POST /api/org/users': { email: 'intruder@walk-b.example' },
        'PATCH /api/org/users/:id': { disabled: true },
        'PATCH /api/org/settings': { name: 'Hijacked' },
        'PATCH /api/org/agreements': { maxExpiryDays: 3, defaultExpiryDays: 2 },
        'PUT /api/org/security-notices/rules': { version: 1, name: 'A rules' },
        'PUT /api/org/logo': { png: logoA },
        'PUT /api/org/sso': { issuer: 'https://idp.invalid', clientId: 'walk-a', clientSecret: 'walk-a-secret' },
        'PUT /api/org/key-recovery': { policy: 'loss' },
        'POST /api/org/users/:id/archived-keys/restore': restoreBody,
        'POST /api/org/directory/import': { csv: 'email,method\nclient-of-a@elsewhere.example,email\n' },
      };
      // A has no identity provider: its own (absent) configuration is all these routes reach. Setting one fails at
      // the discovery of an unreachable issuer, before anything is stored.
      // A directory import writes A's own directory only (checked below).
      const ownAbsent: Record<string, number> = { 'GET /api/org/sso': 404, 'PUT /api/org/sso': 400, 'DELETE /api/org/sso': 404, 'POST /api/org/directory/import': 200 };
      const routes = w.runtime.app.declaredRoutes.filter((r) => r.url.startsWith('/api/org/') && r.method !== 'HEAD');
      expect(routes.length).toBeGreaterThanOrEqual(18);
      const bSecrets: string[] = ['walk-b.example', 'partner-of-walk-b.example', memberB.userId, failedB, sessionB?.id ?? 'none', 'B rules', Buffer.from(logoB, 'base64').subarray(16, 41).toString('latin1'), recoveryB, escrowB, 'client-of-b', '24681357', '•• 57', directoryB?.id ?? 'none'];
      for (const route of routes) {
        const family = /^\/api\/org\/(\w+)/.exec(route.url)?.[1] ?? '';
        const url = route.url.replace(':id', ids[family] ?? 'none');
        const body = bodies[`${route.method} ${route.url}`];
        const res = await w.inject(route.method as 'GET', url, { as: a.admin, body });
        const label = `${route.method} ${route.url}`;
        if (ownAbsent[label] !== undefined) expect(res.statusCode, `${label}: ${res.body}`).toBe(ownAbsent[label]);
        else if (route.url.includes(':id')) expect(res.statusCode, label).toBe(404);
        else if (route.method === 'POST') expect(res.statusCode, label).toBe(400); // B's domain is not A's
        else expect(res.statusCode, `${label}: ${res.body}`).toBeLessThan(300);
        for (const secret of bSecrets) expect(res.body.includes(secret), `${label} shows ${secret}`).toBe(false);
      }
      // B is untouched: its name, rules, member, session and failed delivery.
      expect((await w.inject('GET', '/api/org/settings', { as: b.admin })).json()).toMatchObject({ name: 'Walk B' });
      expect((await w.inject('GET', '/api/org/agreements', { as: b.admin })).json()).toMatchObject({ maxExpiryDays: { value: 30, source: 'installation' }, trustedDomains: { value: ['partner-of-walk-b.example'], source: 'organisation' } });
      expect((await w.inject('GET', '/api/org/security-notices/rules', { as: b.admin })).json()).toMatchObject({ source: 'stored', ruleSet: { name: 'B rules' } });
      expect((await w.inject('GET', '/api/account/me', { as: memberB })).statusCode).toBe(200);
      expect((await w.inject('GET', '/api/org/deliveries', { as: b.admin })).json<{ items: Delivery[] }>().items.map((d) => d.id)).toEqual([failedB]);
      expect((await w.inject('GET', '/api/org/logo', { as: b.admin })).rawPayload.toString('base64')).toBe(logoB);
      expect((await w.inject('GET', '/api/org/key-recovery', { as: b.admin })).json()).toMatchObject({ policy: 'org-key', recoveryPublicKey: recoveryB, escrowed: 1, awaitingRestore: 1 });
      expect((await w.inject('GET', '/api/org/directory', { as: b.admin })).json()).toMatchObject({ total: 1, items: [{ id: directoryB?.id, email: 'client-of-b@elsewhere.example', method: 'sms', updatedAt: directoryB?.updatedAt }] });
      expect((await w.inject('GET', '/api/org/directory', { as: a.admin })).json()).toMatchObject({ total: 1, items: [{ email: 'client-of-a@elsewhere.example' }] });
      // A's own rules are A's: the PUT above stored them for A only.
      expect((await w.inject('GET', '/api/org/security-notices/rules', { as: a.admin })).json()).toMatchObject({ ruleSet: { name: 'A rules' } });
    });

    it('refuses a member on every admin route, and anonymous callers on every /api/org route', async () => {
      const o = await w.org('Member Org', 'member-org.example');
      const m = await w.member(o.admin, 'm@member-org.example');
      const routes = w.runtime.app.declaredRoutes.filter((r) => r.url.startsWith('/api/org/') && r.method !== 'HEAD');
      const openToStaff = new Set(['GET /api/org/branding', 'GET /api/org/security-notices/rules', 'GET /api/org/logo']);
      expect((await w.inject('PUT', '/api/org/logo', { as: o.admin, body: { png: logoA } })).statusCode).toBe(200);
      for (const route of routes) {
        const label = `${route.method} ${route.url}`;
        const url = route.url.replace(':id', m.userId);
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : route.url === '/api/org/users' ? { email: 'x@member-org.example' } : route.url.includes('rules') ? { version: 1 } : route.url.includes('logo') ? { png: logoA } : route.url === '/api/org/sso' ? { issuer: 'https://idp.invalid', clientId: 'x', clientSecret: 'y' } : route.url === '/api/org/key-recovery' ? { policy: 'loss' } : route.url.endsWith('/restore') ? restoreBody : route.url === '/api/org/directory/import' ? { csv: 'email,method\nx@elsewhere.example,email\n' } : route.url === '/api/org/directory/keys' ? { text: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n' } : route.url === '/api/org/org-key/rotation' ? rotationBody : {};
        const asMember = await w.inject(route.method as 'GET', url, { as: m, body });
        if (openToStaff.has(label)) expect(asMember.statusCode, label).toBe(200);
        else expect(asMember.json(), label).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
        expect((await w.inject(route.method as 'GET', url, { body })).statusCode, label).toBe(401);
      }
    });

    it('settings: validates colours (hex and contrast), support links, domains and timeouts; saves and audits', async () => {
      const { admin } = await w.org('Praxis Blau', 'blau.example');
      const patch = (body: unknown) => w.inject('PATCH', '/api/org/settings', { as: admin, body });
      const refused: Array<[unknown, string]> = [
        [{ colours: { background: 'blue', text: '#ffffff' } }, 'SP_ERR_VALIDATION'],
        [{ colours: { background: '#777777', text: '#888888' } }, 'SP_ERR_VALIDATION'],
        [{ support: { url: 'javascript:alert(1)' } }, 'SP_ERR_VALIDATION'],
        [{ support: { phone: '<script>' } }, 'SP_ERR_VALIDATION'],
        [{ domains: ['other.example'] }, 'SP_ERR_VALIDATION'],
        [{ domains: ['not a domain'] }, 'SP_ERR_VALIDATION'],
        [{ idleTimeoutMinutes: 600, absoluteTimeoutHours: 2 }, 'SP_ERR_VALIDATION'],
        [{ idleTimeoutMinutes: 1 }, 'SP_ERR_VALIDATION'],
        [{ name: '' }, 'SP_ERR_VALIDATION'],
        [{ unknown: true }, 'SP_ERR_VALIDATION'],
      ];
      for (const [body, code] of refused) expect((await patch(body)).json(), JSON.stringify(body)).toMatchObject({ error: { code } });
      const low = (await patch({ colours: { background: '#777777', text: '#888888' } })).json<{ error: { details: { field: string; ratio: number } } }>();
      expect(low.error.details).toMatchObject({ field: 'colours' });
      expect(low.error.details.ratio).toBeLessThan(4.5);
      const saved = await patch({ name: 'Praxis Blau GmbH', domains: ['blau.example', 'BLAU.de'], colours: { background: '#1A3D7C', text: '#FFFFFF' }, support: { email: 'Hilfe@blau.example', phone: '+49 30 1234567', url: 'https://blau.example/hilfe' }, idleTimeoutMinutes: 15, guestSendersAllowed: false });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ name: 'Praxis Blau GmbH', domains: ['blau.example', 'blau.de'], colours: { background: '#1a3d7c', text: '#ffffff' }, support: { email: 'hilfe@blau.example' }, idleTimeoutMinutes: 15, guestSendersAllowed: false });
      expect((await w.inject('GET', '/api/org/branding', { as: admin })).json()).toMatchObject({ name: 'Praxis Blau GmbH', support: { phone: '+49 30 1234567' } });
      expect((await patch({ support: null, colours: null })).json()).toMatchObject({ support: null, colours: null });
      const entries = (await w.inject('GET', '/api/org/audit?action=org.settings_changed', { as: admin })).json<{ items: Array<{ details: { fields: string[] } }> }>().items;
      expect(entries.map((e) => e.details.fields)).toEqual([['colours', 'support'], ['colours', 'domains', 'guestSendersAllowed', 'idleTimeoutMinutes', 'name', 'support']]);
    });

    it('logo: a small PNG is stored and served as image/png with nosniff; SVG, other bytes, oversize and huge images are refused; audited', async () => {
      const { admin } = await w.org('Logo Org', 'logo-org.example');
      const put = (png: string) => w.inject('PUT', '/api/org/logo', { as: admin, body: { png } });
      expect((await w.inject('GET', '/api/org/logo', { as: admin })).statusCode).toBe(404);
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
      expect((await put(svg)).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION', details: { field: 'logo' } } });
      expect((await put(Buffer.from('GIF89a-not-a-png-at-all-but-long-enough').toString('base64'))).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      expect((await put(tinyPng(2000, 1).toString('base64'))).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      expect((await put('not base64 !')).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      const big = Buffer.concat([tinyPng(), Buffer.alloc(110 * 1024)]).toString('base64');
      expect([400, 413]).toContain((await put(big)).statusCode);
      expect((await put(logoA)).json()).toEqual({ width: 4, height: 4 });
      const got = await w.inject('GET', '/api/org/logo', { as: admin });
      expect(got.headers).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff' });
      expect(String(got.headers['content-security-policy'])).toContain("default-src 'none'");
      expect(got.rawPayload.toString('base64')).toBe(logoA);
      expect((await w.inject('GET', '/api/org/branding', { as: admin })).json()).toMatchObject({ hasLogo: true });
      expect((await w.inject('DELETE', '/api/org/logo', { as: admin })).statusCode).toBe(204);
      expect((await w.inject('GET', '/api/org/logo', { as: admin })).statusCode).toBe(404);
      expect(await auditActions(admin, '&action=org.logo_changed')).toEqual(['org.logo_changed', 'org.logo_changed']);
    });

    it('invitations are mailed through the outbox; a failed one is listed and retried now (backoff reset, audited)', async () => {
      const { admin } = await w.org('Mail Org', 'mail-org.example');
      const invited = (await w.inject('POST', '/api/org/users', { as: admin, body: { email: 'new@mail-org.example', lang: 'de' } })).json<{ userId: string }>();
      const outboxId = await failInvitationMail(invited.userId);
      const list = (await w.inject('GET', '/api/org/deliveries', { as: admin })).json<{ items: Delivery[] }>().items;
      expect(list).toEqual([expect.objectContaining({ id: outboxId, recipient: 'new@mail-org.example', status: 'failed', attempts: 1, topic: 'account.invitation', lastError: 'SMTP 550 mailbox unavailable' })]);
      expect((await w.inject('POST', `/api/org/deliveries/${outboxId}/retry`, { as: admin })).statusCode).toBe(204);
      expect(await w.runtime.repos.outbox.get(outboxId)).toMatchObject({ status: 'queued', attempts: 0, lastError: null });
      expect((await w.inject('GET', '/api/org/deliveries', { as: admin })).json()).toEqual({ items: [] });
      expect(await auditActions(admin, '&action=admin.')).toEqual(['admin.outbox_retried']);
      // Delivered: nothing left to retry.
      const [claimed] = (await w.runtime.repos.outbox.claimDue({ now: w.clock.now(), limit: 100, leaseMs: 60_000, workerId: 't' })).filter((c) => c.id === outboxId);
      if (!claimed) throw new Error('expected to claim');
      await w.runtime.repos.outbox.markSent(claimed);
      expect((await w.inject('POST', `/api/org/deliveries/${outboxId}/retry`, { as: admin })).json()).toMatchObject({ error: { code: 'SP_ERR_CONFLICT' } });
      expect((await w.inject('POST', '/api/org/deliveries/nope/retry', { as: admin })).statusCode).toBe(404);
    });

    it('rules are per organisation: validated, audited in its chain, readable by its staff, the installation set untouched', async () => {
      const { admin } = await w.org('Rules Org', 'rules-org.example');
      const m = await w.member(admin, 'm@rules-org.example');
      const before = (await w.inject('GET', '/api/org/security-notices/rules', { as: m })).json<{ source: string }>();
      expect(before.source).toBe('default');
      expect((await w.inject('PUT', '/api/org/security-notices/rules', { as: admin, body: { version: 1, bogus: 1 } })).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      expect((await w.inject('PUT', '/api/org/security-notices/rules', { as: admin, body: { version: 1, name: 'Praxis' } })).statusCode).toBe(200);
      expect((await w.inject('GET', '/api/org/security-notices/rules', { as: m })).json()).toMatchObject({ source: 'stored', ruleSet: { name: 'Praxis' } });
      expect(await w.runtime.repos.settings.get('dlp.ruleSet')).toBeUndefined();
      expect(await auditActions(admin, '&action=policy.')).toEqual(['policy.security_notice_rules_replaced']);
    });

    it('sessions: an admin ends a session of their organisation; audited; users show their last sign-in', async () => {
      const { admin } = await w.org('Session Org', 'session-org.example');
      const pending = (await w.inject('POST', '/api/org/users', { as: admin, body: { email: 'later@session-org.example' } })).json<{ userId: string }>();
      const m = await w.member(admin, 'm@session-org.example');
      const users = (await w.inject('GET', '/api/org/users', { as: admin })).json<{ items: Array<{ id: string; lastSignInAt: string | null }> }>().items;
      expect(users.find((u) => u.id === pending.userId)?.lastSignInAt).toBeNull();
      expect(Date.parse(users.find((u) => u.id === m.userId)?.lastSignInAt ?? '')).toBeGreaterThan(w.clock.now().getTime() - 120_000);
      const sessions = (await w.inject('GET', '/api/org/sessions', { as: admin })).json<{ items: Array<{ id: string; userId: string }> }>().items;
      const target = sessions.find((s) => s.userId === m.userId);
      if (!target) throw new Error('no session');
      expect((await w.inject('DELETE', `/api/org/sessions/${target.id}`, { as: admin })).statusCode).toBe(204);
      expect((await w.inject('GET', '/api/account/me', { as: m })).statusCode).toBe(401);
      expect((await w.inject('DELETE', `/api/org/sessions/${target.id}`, { as: admin })).statusCode).toBe(404);
      expect(await auditActions(admin, '&action=org.session_revoked')).toEqual(['org.session_revoked']);
    });

    it('audit log: paged newest first with filters; the export needs a recent re-authentication and verifies', async () => {
      const { admin, orgId } = await w.org('Audit Org', 'audit-org.example');
      const m = await w.member(admin, 'm@audit-org.example');
      for (const disabled of [true, false, true, false]) expect((await w.inject('PATCH', `/api/org/users/${m.userId}`, { as: admin, body: { disabled } })).statusCode).toBe(200);
      const all = (await w.inject('GET', '/api/org/audit?limit=3', { as: admin })).json<{ items: Array<{ seq: number; action: string }>; nextBefore: number }>();
      expect(all.items.map((i) => i.action)).toEqual(['account.enabled', 'account.disabled', 'account.enabled']);
      const next = (await w.inject('GET', `/api/org/audit?limit=3&before=${all.nextBefore}`, { as: admin })).json<{ items: Array<{ seq: number }> }>();
      expect(next.items[0]?.seq).toBe((all.items[2]?.seq ?? 0) - 1);
      expect(await auditActions(admin, '&action=account.disabled')).toEqual(['account.disabled', 'account.disabled']);
      const byMember = await auditActions(admin, `&actor=${encodeURIComponent(m.email)}`);
      expect(byMember.length).toBeGreaterThan(0);
      expect(byMember).not.toContain('account.disabled');
      const future = new Date(w.clock.now().getTime() + 3_600_000).toISOString();
      expect(await auditActions(admin, `&from=${encodeURIComponent(future)}`)).toEqual([]);
      for (const bad of ['limit=0', 'limit=1000', 'action=DROP%20TABLE', 'from=yesterday', 'nonsense=1']) {
        expect((await w.inject('GET', `/api/org/audit?${bad}`, { as: admin })).json(), bad).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      }
      // Re-authentication: more than 10 minutes after sign-in the export is refused until the admin confirms again.
      w.clock.advance(11 * 60_000);
      expect((await w.inject('GET', '/api/org/audit/export', { as: admin })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      expect((await w.inject('POST', `/api/org/users/${m.userId}/reset-factor`, { as: admin })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      expect((await w.inject('POST', '/api/account/reauthenticate', { as: admin, body: { totp: totpCode(admin.secret, w.clock.now()) } })).statusCode).toBe(204);
      const exported = await w.inject('GET', '/api/org/audit/export', { as: admin });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const lines = exported.body.split('\n').filter(Boolean);
      expect(await verifyAuditExport(lines)).toMatchObject({ ok: true, org: orgId });
      expect(lines.at(-1)).toContain('"audit.exported"');
      expect((await w.inject('POST', `/api/org/users/${m.userId}/reset-factor`, { as: admin })).statusCode).toBe(200);
    });
  });
}
