import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/cli/serve/runtime.ts';
import type { AccountContext } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { ARGON2_MIN, generatePersonalKey, toBase64Url } from '../../src/crypto/index.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { GOOD_PASSWORD, PUBLIC_URL, startAccountWorld, type AccountWorld, type Method, type Signed } from './support/account-world.ts';

interface Staff extends Signed { email: string; secret: string; userId: string; orgId: string }

/** Personal access tokens and the CLI's device sign-in over the HTTP API: one suite, run on SQLite and PostgreSQL. */
export function definePersonalTokenSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`personal tokens and CLI sign-in on ${engine}`, () => {
    const clock = createManualClock(new Date());
    let w: AccountWorld;
    let runtime: Runtime;
    let accounts: AccountContext;

    beforeAll(async () => {
      w = await startAccountWorld({ databaseUrl: databaseUrl(), clock, dirPrefix: 'sp-tokens-' });
      ({ runtime, accounts } = w);
    });
    afterAll(async () => w?.close());

    /** A request as a staff session, with a personal token (Bearer), or anonymous. */
    const call = (method: Method, url: string, opts: { as?: Signed; token?: string; body?: unknown } = {}) =>
      w.inject(method, url, { ...(opts.as ? { as: opts.as } : {}), body: opts.body, headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {} });
    const signIn: AccountWorld['signIn'] = (email, secret) => w.signIn(email, secret);

    /** A new organisation with one enrolled, signed-in admin who stored a personal key. */
    async function newStaff(name: string): Promise<Staff> {
      const org = await createOrganisation(accounts, { name, domains: [`${name}.example`], adminEmail: `anna@${name}.example` }, null);
      const { cookie, csrf, secret } = await w.enrolAndSignIn(org.invitationUrl);
      const staff = { cookie, csrf, email: `anna@${name}.example`, secret, userId: org.adminUserId, orgId: org.org.id };
      const key = await generatePersonalKey({ password: GOOD_PASSWORD, params: ARGON2_MIN });
      expect((await call('PUT', '/api/account/personal-key', { as: staff, body: { publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: [] } })).statusCode).toBe(204);
      return staff;
    }

    async function createToken(as: Staff, body: Record<string, unknown> = { name: 'backup script' }): Promise<{ token: string; id: string; expiresAt: string | null }> {
      const res = await call('POST', '/api/account/tokens', { as, body });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      return res.json();
    }

    const auditOf: AccountWorld['auditEntries'] = (orgId) => w.auditEntries(orgId);

    it('a token is created after a recent re-authentication, shown once, stored as a digest, listed with last use, and works as the staff member on the send routes without CSRF', async () => {
      const anna = await newStaff('tok-a');
      clock.advance(11 * 60_000);
      const stale = await call('POST', '/api/account/tokens', { as: anna, body: { name: 'late' } });
      expect(stale.json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      expect((await call('POST', '/api/account/reauthenticate', { as: anna, body: { password: GOOD_PASSWORD } })).statusCode).toBe(204);
      const created = await createToken(anna, { name: 'backup script', expiresInDays: 30 });
      expect(created.token).toMatch(/^sppat_[A-Za-z0-9_-]{43}$/);
      const row = await runtime.db.kysely.selectFrom('personalTokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(created.token.slice(6));

      // Sending routes take it, without a cookie or CSRF header.
      const sent = await call('POST', '/api/transfers', { token: created.token, body: { recipients: [{ email: 'bob@elsewhere.example', field: 'to', method: 'none' }], files: [], notifyOnOpen: false } });
      expect(sent.statusCode, sent.body).toBe(201);
      const transfer = await runtime.repos.transfers.get(sent.json<{ id: string }>().id);
      expect(transfer).toMatchObject({ orgId: anna.orgId, senderUserId: anna.userId, senderEmail: anna.email });
      expect((await call('GET', '/api/transfers', { token: created.token })).json<{ items: unknown[] }>().items).toHaveLength(1);
      expect((await call('GET', '/api/account/personal-key', { token: created.token })).statusCode).toBe(200);

      const list = (await call('GET', '/api/account/tokens', { token: created.token })).json<{ items: Array<Record<string, unknown>> }>().items;
      expect(list).toEqual([expect.objectContaining({ id: created.id, name: 'backup script', scopes: ['send'], current: true, lastUsedAt: expect.any(String) as string, expiresAt: created.expiresAt })]);
      expect(JSON.stringify(list)).not.toContain(created.token);
      expect((await call('GET', '/api/account/tokens/current', { token: created.token })).json()).toMatchObject({ id: created.id, email: anna.email, orgId: anna.orgId, orgName: 'tok-a' });
      expect((await auditOf(anna.orgId)).map((a) => a.action)).toContain('account.token_created');
    });

    it('routes outside the scope refuse a token (audited); guest and recipient routes never take it; an unknown token is refused and audited', async () => {
      const anna = await newStaff('tok-scope');
      const { token } = await createToken(anna);
      for (const [method, url, body] of [
        ['GET', '/api/account/me', undefined], ['GET', '/api/account/sessions', undefined], ['POST', '/api/account/sign-out', {}],
        ['POST', '/api/account/tokens', { name: 'minted by a token' }], ['PUT', '/api/account/personal-key', { publicKey: 'age1x', wrappedByPassword: 'x'.repeat(40), wrappedByRecovery: [] }],
        ['POST', '/api/account/recovery-codes', undefined], ['POST', '/api/account/reauthenticate', { password: GOOD_PASSWORD }],
        ['GET', '/api/org/users', undefined], ['POST', `/api/org/users/${anna.userId}/reset-factor`, undefined],
        ['POST', '/api/cli/sign-in/lookup', { userCode: 'BCDF-GHJK' }], ['POST', '/api/cli/sign-in/approve', { userCode: 'BCDF-GHJK' }],
      ] as const) {
        const res = await call(method, url, { token, body });
        expect(res.json(), `${method} ${url}`).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      }
      expect((await auditOf(anna.orgId)).filter((a) => a.action === 'account.token_use_failed' && a.details.reason === 'scope').length).toBeGreaterThanOrEqual(11);
      expect((await call('GET', '/api/sender/me', { token })).statusCode).toBe(401);
      expect((await call('GET', `/api/r/${'a'.repeat(22)}`, { token })).statusCode).toBe(404);

      const unknown = await call('GET', '/api/transfers', { token: `sppat_${'A'.repeat(43)}` });
      expect(unknown.json()).toMatchObject({ error: { code: 'SP_ERR_UNAUTHORIZED', message: 'The personal access token is not valid' } });
      await runtime.repos.audit.sealPending();
      const failures = await runtime.db.kysely.selectFrom('auditLog').select(['body']).where('action', '=', 'account.token_use_failed').execute();
      expect(failures.some((f) => (JSON.parse(f.body) as { details?: { reason?: string } }).details?.reason === 'unknown')).toBe(true);
    });

    it('a revoked or expired token stops working at once (audited with its reason); the CLI may revoke its own token', async () => {
      const anna = await newStaff('tok-rev');
      const short = await createToken(anna, { name: 'one day', expiresInDays: 1 });
      const other = await createToken(anna, { name: 'other' });
      const self = await createToken(anna, { name: 'self' });
      expect((await call('GET', '/api/transfers', { token: short.token })).statusCode).toBe(200);
      clock.advance(24 * 3600_000 + 1000);
      expect((await call('GET', '/api/transfers', { token: short.token })).json()).toMatchObject({ error: { code: 'SP_ERR_UNAUTHORIZED', message: expect.stringMatching(/revoked or has expired/) as string } });

      const session = await signIn(anna.email, anna.secret);
      const as = { ...anna, ...session };
      expect((await call('DELETE', `/api/account/tokens/${other.id}`, { as })).statusCode).toBe(204);
      expect((await call('DELETE', `/api/account/tokens/${other.id}`, { as })).statusCode).toBe(404);
      expect((await call('GET', '/api/transfers', { token: other.token })).statusCode).toBe(401);
      expect((await call('DELETE', `/api/account/tokens/${self.id}`, { token: self.token })).statusCode).toBe(204);
      expect((await call('GET', '/api/account/tokens', { token: self.token })).statusCode).toBe(401);
      const listed = (await call('GET', '/api/account/tokens', { as })).json<{ items: Array<{ id: string }> }>().items.map((t) => t.id);
      expect(listed).toEqual([short.id]);

      const events = await auditOf(anna.orgId);
      expect(events.filter((e) => e.action === 'account.token_revoked').map((e) => e.details.reason)).toEqual(['user', 'self']);
      expect(events.filter((e) => e.action === 'account.token_use_failed').map((e) => e.details.reason)).toEqual(expect.arrayContaining(['expired', 'revoked']));
    });

    it("an admin's factor reset and disabling a user revoke the user's tokens", async () => {
      const admin = await newStaff('tok-adm');
      const invited = (await call('POST', '/api/org/users', { as: admin, body: { email: 'member@tok-adm.example' } })).json<{ invitationUrl: string; userId: string }>();
      const enrolled = await w.enrolAndSignIn(invited.invitationUrl);
      const member: Staff = { cookie: enrolled.cookie, csrf: enrolled.csrf, email: 'member@tok-adm.example', secret: enrolled.secret, userId: invited.userId, orgId: admin.orgId };
      const first = await createToken(member);
      expect((await call('GET', '/api/account/tokens', { token: first.token })).statusCode).toBe(200);
      const adminSession = { ...admin, ...(await signIn(admin.email, admin.secret)) };
      expect((await call('POST', `/api/org/users/${invited.userId}/reset-factor`, { as: adminSession })).statusCode).toBe(200);
      expect((await call('GET', '/api/account/tokens', { token: first.token })).statusCode).toBe(401);

      const reset = (await call('POST', `/api/org/users/${invited.userId}/reset-factor`, { as: adminSession })).json<{ invitationUrl: string }>();
      const reEnrolled = await w.enrolAndSignIn(reset.invitationUrl);
      const second = await createToken({ ...member, cookie: reEnrolled.cookie, csrf: reEnrolled.csrf, secret: reEnrolled.secret });
      expect((await call('GET', '/api/account/tokens', { token: second.token })).statusCode).toBe(200);
      expect((await call('PATCH', `/api/org/users/${invited.userId}`, { as: adminSession, body: { disabled: true } })).statusCode).toBe(200);
      expect((await call('GET', '/api/account/tokens', { token: second.token })).statusCode).toBe(401);
      const reasons = (await auditOf(admin.orgId)).filter((e) => e.action === 'account.token_revoked').map((e) => e.details.reason);
      expect(reasons).toEqual(['factor_reset', 'disabled']);
    });

    it("a token of organisation A reaches nothing of organisation B", async () => {
      const a = await newStaff('iso-tok-a');
      const b = await newStaff('iso-tok-b');
      const tokenA = await createToken(a);
      const tokenB = await createToken(b);
      const sentB = await call('POST', '/api/transfers', { token: tokenB.token, body: { recipients: [{ email: 'x@elsewhere.example', field: 'to', method: 'none' }], files: [], notifyOnOpen: false } });
      const idB = sentB.json<{ id: string }>().id;
      expect((await call('GET', '/api/transfers', { token: tokenA.token })).json<{ items: unknown[] }>().items).toEqual([]);
      for (const [method, url, body] of [
        ['GET', `/api/transfers/${idB}`, undefined], ['GET', `/api/transfers/${idB}/audit`, undefined], ['POST', `/api/transfers/${idB}/recall`, {}],
        ['POST', `/api/transfers/${idB}/send`, { recipients: [], notify: false }], ['DELETE', `/api/account/tokens/${tokenB.id}`, undefined],
      ] as const) {
        const res = await call(method, url, { token: tokenA.token, body });
        expect([400, 404], `${method} ${url}: ${res.body}`).toContain(res.statusCode);
      }
      expect((await call('GET', '/api/account/tokens', { token: tokenA.token })).json<{ items: Array<{ id: string }> }>().items.map((t) => t.id)).toEqual([tokenA.id]);
      expect((await call('GET', '/api/transfers', { token: tokenB.token })).json<{ items: Array<{ id: string }> }>().items.map((t) => t.id)).toEqual([idB]);
    });

    it('device sign-in: the CLI polls, the signed-in user types the code, re-authenticates and approves; the token comes once; wrong, denied and expired codes are refused', async () => {
      const anna = await newStaff('cli-flow');
      // The sign-in is older than the 10 minutes an approval may follow a confirmation by.
      clock.advance(11 * 60_000);
      const start = await call('POST', '/api/cli/sign-in', { body: { clientName: 'laptop\u001b[31m' } });
      expect(start.statusCode, start.body).toBe(201);
      const flow = start.json<{ deviceCode: string; userCode: string; verificationUrl: string; expiresIn: number; interval: number }>();
      expect(flow).toMatchObject({ verificationUrl: `${PUBLIC_URL}/cli/approve`, expiresIn: 600 });
      expect(flow.userCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
      expect((await call('POST', '/api/cli/sign-in/poll', { body: { deviceCode: flow.deviceCode } })).json()).toEqual({ status: 'pending' });

      expect((await call('POST', '/api/cli/sign-in/lookup', { as: anna, body: { userCode: 'BBBB-BBBB' } })).json()).toMatchObject({ error: { code: 'SP_ERR_NOT_FOUND', details: { reason: 'unknown_code' } } });
      expect((await call('POST', '/api/cli/sign-in/lookup', { body: { userCode: flow.userCode } })).statusCode).toBe(401);
      const typed = flow.userCode.toLowerCase().replace('-', ' ');
      const seen = (await call('POST', '/api/cli/sign-in/lookup', { as: anna, body: { userCode: typed } })).json<{ clientName: string; reauthenticationNeeded: boolean }>();
      expect(seen).toMatchObject({ clientName: 'laptop[31m', reauthenticationNeeded: true });
      expect((await call('POST', '/api/cli/sign-in/approve', { as: anna, body: { userCode: flow.userCode } })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      expect((await call('POST', '/api/account/reauthenticate', { as: anna, body: { totp: totpCode(anna.secret, clock.now()) } })).statusCode).toBe(204);
      expect((await call('POST', '/api/cli/sign-in/approve', { as: anna, body: { userCode: flow.userCode } })).statusCode).toBe(204);
      expect((await call('POST', '/api/cli/sign-in/deny', { as: anna, body: { userCode: flow.userCode } })).statusCode).toBe(404);

      const got = (await call('POST', '/api/cli/sign-in/poll', { body: { deviceCode: flow.deviceCode } })).json<{ status: string; token: string; name: string; email: string }>();
      expect(got).toMatchObject({ status: 'approved', name: 'CLI on laptop[31m', email: anna.email });
      expect((await call('GET', '/api/transfers', { token: got.token })).statusCode).toBe(200);
      expect((await call('POST', '/api/cli/sign-in/poll', { body: { deviceCode: flow.deviceCode } })).json()).toMatchObject({ error: { code: 'SP_ERR_GONE', details: { reason: 'used' } } });
      expect(JSON.stringify(await runtime.db.kysely.selectFrom('cliSignIns').selectAll().execute())).not.toContain(flow.userCode);

      const denied = (await call('POST', '/api/cli/sign-in', { body: { clientName: 'other' } })).json<{ deviceCode: string; userCode: string }>();
      expect((await call('POST', '/api/cli/sign-in/deny', { as: anna, body: { userCode: denied.userCode } })).statusCode).toBe(204);
      expect((await call('POST', '/api/cli/sign-in/poll', { body: { deviceCode: denied.deviceCode } })).json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN', details: { reason: 'denied' } } });

      const late = (await call('POST', '/api/cli/sign-in', { body: { clientName: 'slow' } })).json<{ deviceCode: string; userCode: string }>();
      clock.advance(10 * 60_000 + 1000);
      expect((await call('POST', '/api/cli/sign-in/lookup', { as: anna, body: { userCode: late.userCode } })).statusCode).toBe(404);
      expect((await call('POST', '/api/cli/sign-in/poll', { body: { deviceCode: late.deviceCode } })).json()).toMatchObject({ error: { code: 'SP_ERR_GONE', details: { reason: 'expired' } } });
      expect((await call('POST', '/api/cli/sign-in/poll', { body: { deviceCode: 'A'.repeat(43) } })).statusCode).toBe(404);

      const actions = (await auditOf(anna.orgId)).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['account.cli_sign_in_approved', 'account.cli_sign_in_denied', 'account.token_created']));
    });

    it('starting sign-ins is throttled per client', async () => {
      const results: number[] = [];
      for (let i = 0; i < 12; i++) results.push((await runtime.app.inject({ method: 'POST', url: '/api/cli/sign-in', remoteAddress: '203.0.113.9', payload: { clientName: 'x' } })).statusCode);
      expect(results.filter((s) => s === 201)).toHaveLength(10);
      expect(results.at(-1)).toBe(429);
    });
  });
}
