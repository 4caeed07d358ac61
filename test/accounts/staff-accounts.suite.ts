import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/cli/serve/runtime.ts';
import type { AccountContext } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { GOOD_PASSWORD, PUBLIC_URL, signedOf, startAccountWorld, tokenOf, type AccountWorld } from './support/account-world.ts';

/** Staff accounts over the HTTP API, end to end: one suite, run on SQLite and PostgreSQL. */
export function defineStaffAccountSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`staff accounts on ${engine}`, () => {
    const clock = createManualClock(new Date());
    let w: AccountWorld;
    let runtime: Runtime;
    let accounts: AccountContext;

    beforeAll(async () => {
      w = await startAccountWorld({ databaseUrl: databaseUrl(), clock, env: { ACCOUNT_LOCKOUT_THRESHOLD: '3' } });
      ({ runtime, accounts } = w);
    });
    afterAll(async () => w?.close());

    const inject: AccountWorld['inject'] = (...args) => w.inject(...args);
    const enrol: AccountWorld['enrol'] = (link) => w.enrol(link);
    const signIn: AccountWorld['signIn'] = (email, secret) => w.signIn(email, secret);

    it('invitation → password (NIST rules) → TOTP enrolment with QR → ten recovery codes → sign-in; cookie is __Host-, HttpOnly, Secure, SameSite=Strict', async () => {
      const { invitationUrl } = await createOrganisation(accounts, { name: 'Praxis A', domains: ['a.example'], adminEmail: 'anna@a.example' }, null);
      const lookup = await inject('POST', '/api/invitations/lookup', { body: { token: tokenOf(invitationUrl) } });
      expect(lookup.json()).toMatchObject({ orgName: 'Praxis A', email: 'anna@a.example' });
      for (const [bad, reason] of [['short pw 1', 'too_short'], ['password123456', 'common'], ['qwertyqwertyqwerty', 'common'], ['x'.repeat(129), 'too_long']] as const) {
        const refused = await inject('POST', '/api/invitations/accept', { body: { token: tokenOf(invitationUrl), password: bad } });
        expect(refused.json()).toMatchObject({ error: { code: 'SP_ERR_PASSWORD_POLICY', details: { reason } } });
      }
      const accepted = await inject('POST', '/api/invitations/accept', { body: { token: tokenOf(invitationUrl), password: GOOD_PASSWORD } });
      expect(accepted.statusCode).toBe(201);
      expect(String(accepted.headers['set-cookie'])).toMatch(/^__Host-sealpost=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
      // Single use.
      expect((await inject('POST', '/api/invitations/accept', { body: { token: tokenOf(invitationUrl), password: GOOD_PASSWORD } })).statusCode).toBe(404);
      const as = signedOf(accepted);
      // Not enrolled yet: only the enrolment routes accept the session.
      expect((await inject('GET', '/api/org/users', { as })).json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      const setup = await inject('POST', '/api/account/totp/setup', { as });
      const { secret, uri, qrSvg } = setup.json<{ secret: string; uri: string; qrSvg: string }>();
      expect(uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
      expect(qrSvg).toMatch(/^<svg/);
      expect((await inject('POST', '/api/account/totp/confirm', { as, body: { code: totpCode(secret, new Date(clock.now().getTime() - 300_000)) } })).statusCode).toBe(401);
      const confirmed = await inject('POST', '/api/account/totp/confirm', { as, body: { code: totpCode(secret, clock.now()) } });
      const codes = confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes;
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      // The same TOTP code is never accepted twice (replay).
      const replay = await inject('POST', '/api/account/sign-in', { body: { email: 'anna@a.example', password: GOOD_PASSWORD, totp: totpCode(secret, clock.now()) } });
      expect(replay.json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      clock.advance(30_000);
      const signed = await signIn('anna@a.example', secret);
      expect((await inject('GET', '/api/account/me', { as: signed })).json()).toMatchObject({ email: 'anna@a.example', roles: ['admin'], enrolled: true, orgName: 'Praxis A' });
      // Recovery codes: stored hashed, single use.
      const stored = await runtime.db.kysely.selectFrom('recoveryCodes').select('codeHash').execute();
      expect(stored.some((r) => codes.includes(r.codeHash))).toBe(false);
      const withCode = () => inject('POST', '/api/account/sign-in', { body: { email: 'anna@a.example', password: GOOD_PASSWORD, recoveryCode: codes[0] } });
      expect((await withCode()).json()).toMatchObject({ recoveryCodesLeft: 9 });
      expect((await withCode()).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
    });

    it('refuses cookie-authenticated state changes without the CSRF token, from another site, or from another origin', async () => {
      const { invitationUrl } = await createOrganisation(accounts, { name: 'CSRF Org', domains: ['csrf.example'], adminEmail: 'c@csrf.example' }, null);
      const user = await enrol(invitationUrl);
      const body = { email: 'new@csrf.example', role: 'member' };
      expect((await inject('POST', '/api/org/users', { headers: { cookie: user.cookie }, body })).json()).toMatchObject({ error: { code: 'SP_ERR_CSRF' } });
      expect((await inject('POST', '/api/org/users', { as: user, headers: { 'sec-fetch-site': 'cross-site' }, body })).json()).toMatchObject({ error: { code: 'SP_ERR_CSRF' } });
      expect((await inject('POST', '/api/org/users', { as: user, headers: { origin: 'https://evil.example' }, body })).json()).toMatchObject({ error: { code: 'SP_ERR_CSRF' } });
      expect((await inject('POST', '/api/org/users', { as: { ...user, csrf: 'x'.repeat(43) }, body })).json()).toMatchObject({ error: { code: 'SP_ERR_CSRF' } });
      expect((await inject('POST', '/api/org/users', { as: user, headers: { origin: PUBLIC_URL }, body })).statusCode).toBe(201);
    });

    it('ends sessions after the idle timeout and the absolute timeout; lists own sessions; signs out one and everywhere', async () => {
      const { invitationUrl } = await createOrganisation(accounts, { name: 'Idle Org', domains: ['idle.example'], adminEmail: 'i@idle.example' }, null);
      const user = await enrol(invitationUrl);
      const a = await signIn(user.email, user.secret);
      clock.advance(29 * 60_000);
      expect((await inject('GET', '/api/account/me', { as: a })).statusCode).toBe(200);
      clock.advance(30 * 60_000 + 1000);
      expect((await inject('GET', '/api/account/me', { as: a })).json()).toMatchObject({ error: { code: 'SP_ERR_UNAUTHORIZED' } });
      // Absolute: 12 hours even when active every 20 minutes.
      const b = await signIn(user.email, user.secret);
      for (let i = 0; i < 35; i += 1) {
        clock.advance(20 * 60_000);
        expect((await inject('GET', '/api/account/me', { as: b })).statusCode).toBe(200);
      }
      clock.advance(20 * 60_000);
      expect((await inject('GET', '/api/account/me', { as: b })).statusCode).toBe(401);

      const c = await signIn(user.email, user.secret);
      const d = await signIn(user.email, user.secret);
      const sessions = (await inject('GET', '/api/account/sessions', { as: c })).json<{ items: Array<{ id: string; current: boolean }> }>().items;
      const other = sessions.find((s) => !s.current);
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      expect((await inject('DELETE', `/api/account/sessions/${other?.id}`, { as: c })).statusCode).toBe(204);
      expect((await inject('GET', '/api/account/me', { as: d })).statusCode).toBe(401);
      const e = await signIn(user.email, user.secret);
      expect((await inject('POST', '/api/account/sign-out', { as: c, body: { everywhere: true } })).statusCode).toBe(204);
      expect((await inject('GET', '/api/account/me', { as: e })).statusCode).toBe(401);
      expect((await inject('GET', '/api/account/me', { as: c })).statusCode).toBe(401);
    });

    it('locks the account after the configured consecutive failures, tells the user, audits it; an admin unlocks', async () => {
      const { invitationUrl } = await createOrganisation(accounts, { name: 'Lock Org', domains: ['lock.example'], adminEmail: 'boss@lock.example' }, null);
      const admin = await enrol(invitationUrl);
      const adminSession = await signIn(admin.email, admin.secret);
      const invited = await inject('POST', '/api/org/users', { as: adminSession, body: { email: 'm@lock.example' } });
      const member = await enrol(invited.json<{ invitationUrl: string }>().invitationUrl);
      const wrong = () => inject('POST', '/api/account/sign-in', { body: { email: member.email, password: 'wrong password entirely', totp: '000000' } });
      expect((await wrong()).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      expect((await wrong()).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      expect((await wrong()).json()).toMatchObject({ error: { code: 'SP_ERR_ACCOUNT_LOCKED' } });
      const right = await inject('POST', '/api/account/sign-in', { body: { email: member.email, password: GOOD_PASSWORD, totp: totpCode(member.secret, clock.now()) } });
      expect(right.json()).toMatchObject({ error: { code: 'SP_ERR_ACCOUNT_LOCKED' } });
      const users = (await inject('GET', '/api/org/users', { as: adminSession })).json<{ items: Array<{ id: string; email: string; locked: boolean }> }>().items;
      const locked = users.find((u) => u.email === member.email);
      expect(locked?.locked).toBe(true);
      expect((await inject('PATCH', `/api/org/users/${locked?.id}`, { as: adminSession, body: { unlock: true } })).json()).toMatchObject({ locked: false });
      await signIn(member.email, member.secret);
      const orgId = (await inject('GET', '/api/account/me', { as: adminSession })).json<{ orgId: string }>().orgId;
      // Entries reach the chain once sealed (the sealer job is off in tests): auditEntries seals first.
      const actions = (await w.auditEntries(orgId)).map((r) => r.action);
      expect(actions.filter((a) => a === 'account.sign_in_failed')).toHaveLength(4);
      expect(actions).toEqual(expect.arrayContaining(['org.created', 'account.invited', 'account.totp_enrolled', 'account.locked', 'account.unlocked', 'account.signed_in']));
    });

    it('isolates organisations: an admin of A reaches nothing of B on any org route; a member reaches no admin route', async () => {
      const a = await createOrganisation(accounts, { name: 'Iso A', domains: ['iso-a.example'], adminEmail: 'admin@iso-a.example' }, null);
      const b = await createOrganisation(accounts, { name: 'Iso B', domains: ['iso-b.example'], adminEmail: 'admin@iso-b.example' }, null);
      const adminA = await enrol(a.invitationUrl);
      const adminB = await enrol(b.invitationUrl);
      const sa = await signIn(adminA.email, adminA.secret);
      const sb = await signIn(adminB.email, adminB.secret);
      const memberLink = (await inject('POST', '/api/org/users', { as: sb, body: { email: 'm@iso-b.example' } })).json<{ invitationUrl: string }>().invitationUrl;
      const memberB = await enrol(memberLink);
      const sm = await signIn(memberB.email, memberB.secret);
      const idB = b.adminUserId;
      // A's admin, on every org route, with B's ids and B's addresses.
      expect((await inject('GET', '/api/org/users', { as: sa })).json<{ items: Array<{ email: string }> }>().items.map((u) => u.email)).toEqual(['admin@iso-a.example']);
      expect((await inject('GET', '/api/org/sessions', { as: sa })).json<{ items: Array<{ userId: string }> }>().items.every((s) => s.userId === a.adminUserId)).toBe(true);
      expect((await inject('PATCH', `/api/org/users/${idB}`, { as: sa, body: { disabled: true } })).statusCode).toBe(404);
      expect((await inject('PATCH', `/api/org/users/${idB}`, { as: sa, body: { role: 'member' } })).statusCode).toBe(404);
      expect((await inject('PATCH', `/api/org/users/${idB}`, { as: sa, body: { unlock: true } })).statusCode).toBe(404);
      expect((await inject('POST', `/api/org/users/${idB}/reset-factor`, { as: sa })).statusCode).toBe(404);
      expect((await inject('POST', '/api/org/users', { as: sa, body: { email: 'intruder@iso-b.example' } })).statusCode).toBe(400);
      // A's own sessions list holds no session of B, and B's session cannot be ended by A.
      const bSessions = (await inject('GET', '/api/account/sessions', { as: sb })).json<{ items: Array<{ id: string }> }>().items;
      for (const s of bSessions) expect((await inject('DELETE', `/api/account/sessions/${s.id}`, { as: sa })).statusCode).toBe(404);
      expect((await inject('GET', '/api/account/me', { as: sb })).statusCode).toBe(200);
      // A member of B reaches no admin route.
      for (const [method, url] of [['GET', '/api/org/users'], ['GET', '/api/org/sessions'], ['POST', '/api/org/users'], ['PATCH', `/api/org/users/${idB}`], ['POST', `/api/org/users/${idB}/reset-factor`]] as const) {
        const res = await inject(method, url, { as: sm, body: method === 'GET' ? undefined : method === 'POST' && url === '/api/org/users' ? { email: 'x@iso-b.example' } : method === 'PATCH' ? { role: 'member' } : undefined });
        expect(res.json(), `${method} ${url}`).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      }
      // Every staff route refuses without a session.
      const staffRoutes = runtime.app.declaredRoutes.filter((r) => r.kinds.some((k) => k.startsWith('staff')) && r.method !== 'HEAD');
      expect(staffRoutes.length).toBeGreaterThan(10);
      for (const route of staffRoutes) {
        const res = await runtime.app.inject({ method: route.method as 'GET', url: route.url.replace(/:(\w+)/g, 'x') });
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      }
    });

    it('replacing the authenticator: the old one works until a code from the new one is confirmed, then only the new one', async () => {
      const org = await createOrganisation(accounts, { name: 'Replace Org', domains: ['replace.example'], adminEmail: 'p@replace.example' }, null);
      const user = await enrol(org.invitationUrl);
      const session = await signIn(user.email, user.secret);
      const setup = await inject('POST', '/api/account/totp/setup', { as: session });
      expect(setup.statusCode, setup.body).toBe(200);
      const next = setup.json<{ secret: string }>().secret;
      // Abandoned here: still enrolled, the session still works, and the old authenticator still signs in.
      expect((await inject('GET', '/api/account/me', { as: session })).json()).toMatchObject({ enrolled: true });
      expect((await inject('GET', '/api/account/sessions', { as: session })).statusCode).toBe(200);
      const withOld = await signIn(user.email, user.secret);
      expect((await inject('POST', '/api/account/sign-in', { body: { email: user.email, password: GOOD_PASSWORD } })).statusCode).toBe(401);
      // A code from the old secret does not confirm the new one; a code from the new one does.
      expect((await inject('POST', '/api/account/totp/confirm', { as: session, body: { code: totpCode(user.secret, clock.now()) } })).statusCode).toBe(401);
      clock.advance(30_000);
      const confirmed = await inject('POST', '/api/account/totp/confirm', { as: session, body: { code: totpCode(next, clock.now()) } });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes).toHaveLength(10);
      clock.advance(30_000);
      expect((await inject('POST', '/api/account/sign-in', { body: { email: user.email, password: GOOD_PASSWORD, totp: totpCode(user.secret, clock.now()) } })).statusCode).toBe(401);
      clock.advance(30_000);
      await signIn(user.email, next);
      expect((await inject('GET', '/api/account/me', { as: withOld })).statusCode).toBe(200);
    });

    it('an admin resets a second factor (sessions end, new invitation) and disables a user', async () => {
      const org = await createOrganisation(accounts, { name: 'Reset Org', domains: ['reset.example'], adminEmail: 'r@reset.example' }, null);
      const admin = await enrol(org.invitationUrl);
      const sa = await signIn(admin.email, admin.secret);
      const invited = (await inject('POST', '/api/org/users', { as: sa, body: { email: 'u@reset.example' } })).json<{ invitationUrl: string; userId: string }>();
      const user = await enrol(invited.invitationUrl);
      const su = await signIn(user.email, user.secret);
      const reset = await inject('POST', `/api/org/users/${invited.userId}/reset-factor`, { as: sa });
      expect(reset.statusCode).toBe(200);
      expect((await inject('GET', '/api/account/me', { as: su })).statusCode).toBe(401);
      const again = await enrol(reset.json<{ invitationUrl: string }>().invitationUrl);
      const su2 = await signIn(again.email, again.secret);
      expect((await inject('PATCH', `/api/org/users/${invited.userId}`, { as: sa, body: { disabled: true } })).json()).toMatchObject({ disabled: true });
      expect((await inject('GET', '/api/account/me', { as: su2 })).statusCode).toBe(401);
      const refused = await inject('POST', '/api/account/sign-in', { body: { email: again.email, password: GOOD_PASSWORD, totp: totpCode(again.secret, clock.now()) } });
      expect(refused.json()).toMatchObject({ error: { code: 'SP_ERR_ACCOUNT_DISABLED' } });
      // A wrong password on a disabled account says no more than on any other.
      const guessed = await inject('POST', '/api/account/sign-in', { body: { email: again.email, password: 'not the password at all', totp: '000000' } });
      expect(guessed.json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      expect((await inject('PATCH', `/api/org/users/${org.adminUserId}`, { as: sa, body: { disabled: true } })).statusCode).toBe(409);
    });
  });
}
