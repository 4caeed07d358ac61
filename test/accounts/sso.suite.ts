import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenIdRelyingParty } from '../../src/adapters/oidc/openid-client.ts';
import { createSecretSealer } from '../../src/cli/serve/server-keys.ts';
import type { Runtime } from '../../src/cli/serve/runtime.ts';
import { resolveSecretKey } from '../../src/config/secret-key.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { defaultSsoPolicy, type SsoContext } from '../../src/core/sso/context.ts';
import { setSsoConfig } from '../../src/core/sso/sso-config.ts';
import { startSsoSignIn } from '../../src/core/sso/sso-sign-in.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { startTestProvider, type TestAccount, type TestProvider } from '../sso-support/oidc-test-provider.ts';
import { PUBLIC_URL, startAccountWorld, type AccountWorld, type Signed } from './support/account-world.ts';

const DOMAIN = 'sso.example';

export const ssoTestAccounts: Record<string, TestAccount> = {
  anna: { sub: 'sub-anna', email: `anna@${DOMAIN}`, emailVerified: true, mfa: true },
  'anna-twin': { sub: 'sub-anna-recreated', email: `anna@${DOMAIN}`, emailVerified: true, mfa: true },
  bert: { sub: 'sub-bert', email: `bert@${DOMAIN}`, emailVerified: true, mfa: false },
  eve: { sub: 'sub-eve', email: 'eve@elsewhere.example', emailVerified: true, mfa: true },
  carl: { sub: 'sub-carl', email: `carl@${DOMAIN}`, emailVerified: false, mfa: true },
  dora: { sub: 'sub-dora', email: `dora@${DOMAIN}`, emailVerified: true, mfa: true },
  adam: { sub: 'sub-adam', email: `adam@${DOMAIN}`, emailVerified: true, mfa: true },
  olga: { sub: 'sub-olga', email: 'olga@other-sso.example', emailVerified: true, mfa: true },
};

/** Single sign-on against a real OpenID provider on a loopback port, over the HTTP API: one suite, SQLite and PostgreSQL. */
export function defineSsoSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`single sign-on on ${engine}`, () => {
    const clock = createManualClock(new Date());
    let w: AccountWorld;
    let dir: string;
    let runtime: Runtime;
    let ctx: SsoContext;
    let idp: TestProvider;
    let orgId: string;

    beforeAll(async () => {
      idp = await startTestProvider({ redirectUri: `${PUBLIC_URL}/sso/callback`, accounts: ssoTestAccounts });
      w = await startAccountWorld({ databaseUrl: databaseUrl(), clock, dirPrefix: 'sp-sso-' });
      runtime = w.runtime;
      dir = w.config.dataDir;
      const secretKey = resolveSecretKey({ dataDir: w.config.dataDir, ...(w.config.secretKey ? { secretKey: w.config.secretKey } : {}) });
      ctx = { ...w.accounts, oidc: createOpenIdRelyingParty(), secretSealer: createSecretSealer(secretKey.key), sso: defaultSsoPolicy };
      const created = await createOrganisation(ctx, { name: `SSO Org ${engine}`, domains: [DOMAIN], adminEmail: `admin@${DOMAIN}` }, null);
      orgId = created.org.id;
      await setSsoConfig(ctx, orgId, { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }, null, 'operator:test');
    });
    afterAll(async () => {
      await w?.close();
      await idp?.close();
    });

    const inject: AccountWorld['inject'] = (...args) => w.inject(...args);
    const callbackPath = (url: URL) => `${url.pathname}${url.search}`;

    async function start(email: string): Promise<string> {
      const res = await inject('GET', `/sso/start?email=${encodeURIComponent(email)}`);
      expect(res.statusCode).toBe(303);
      const location = String(res.headers.location);
      expect(location.startsWith(idp.issuer)).toBe(true);
      return location;
    }

    /** Our callback's answer: a session (cookie and CSRF token) or the failure redirect. */
    async function callback(url: URL): Promise<Signed | { failed: string }> {
      const res = await inject('GET', callbackPath(url));
      expect(res.statusCode).toBe(303);
      if (res.headers.location !== '/account/key-password') return { failed: String(res.headers.location) };
      const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
      const me = await runtime.app.inject({ method: 'GET', url: '/api/account/me', headers: { cookie } });
      return { cookie, csrf: me.json<{ csrfToken: string }>().csrfToken };
    }

    async function signInAs(login: string, email = ssoTestAccounts[login]?.email ?? ''): Promise<Signed | { failed: string }> {
      return callback(await idp.signIn(await start(email), login));
    }

    async function lastRefusal(): Promise<Record<string, unknown> | undefined> {
      await runtime.repos.audit.sealPending();
      const rows = await runtime.db.kysely.selectFrom('auditLog').select(['body', 'action']).where('orgId', '=', orgId).where('action', '=', 'sso.refused').orderBy('seq').execute();
      const last = rows.map((r) => JSON.parse(r.body) as { details?: Record<string, unknown>; seq?: number }).at(-1);
      return last?.details;
    }

    it('requests code + PKCE S256 + state + nonce, provisions a member within the domains on first sign-in, binds iss+sub, and signs in again', async () => {
      const location = new URL(await start(`Anna@${DOMAIN}`));
      expect(location.searchParams.get('response_type')).toBe('code');
      expect(location.searchParams.get('code_challenge_method')).toBe('S256');
      expect(location.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(location.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/sso/callback`);
      const first = await callback(await idp.signIn(location.href, 'anna'));
      if ('failed' in first) throw new Error(JSON.stringify(await lastRefusal()));
      const me = (await inject('GET', '/api/account/me', { as: first })).json<Record<string, unknown>>();
      expect(me).toMatchObject({ email: `anna@${DOMAIN}`, roles: ['member'], enrolled: true, orgId });
      const users = (await runtime.repos.users.findByEmail(`anna@${DOMAIN}`)).filter((u) => u.orgId === orgId);
      expect(users).toHaveLength(1);
      expect(users[0]?.passwordHash).toBeNull();
      expect(await runtime.repos.sso.identityOfUser(users[0]?.id ?? '')).toMatchObject({ issuer: idp.issuer, subject: 'sub-anna' });
      // A full session: the enrolled-only routes answer (personal key not stored yet), and it signs in again.
      expect((await inject('GET', '/api/account/personal-key', { as: first })).json()).toMatchObject({ error: { code: 'SP_ERR_NOT_FOUND' } });
      const again = await signInAs('anna');
      expect('failed' in again).toBe(false);
      await runtime.repos.audit.sealPending();
      const actions = (await runtime.db.kysely.selectFrom('auditLog').select('action').where('orgId', '=', orgId).execute()).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['sso.configured', 'sso.started', 'sso.user_provisioned', 'sso.subject_bound', 'account.signed_in']));
    });

    it('an SSO user stores a personal key and gets recovery codes through the existing account API', async () => {
      const signed = await signInAs('anna');
      if ('failed' in signed) throw new Error(signed.failed);
      const codes = await inject('POST', '/api/account/recovery-codes', { as: signed });
      expect(codes.statusCode, codes.body).toBe(200);
      expect(codes.json<{ recoveryCodes: string[] }>().recoveryCodes).toHaveLength(10);
      const wrap = 'A'.repeat(60);
      const stored = await inject('PUT', '/api/account/personal-key', { as: signed, body: { publicKey: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq', wrappedByPassword: wrap, wrappedByRecovery: [wrap] } });
      expect(stored.statusCode, stored.body).toBe(204);
      expect((await inject('GET', '/api/account/personal-key', { as: signed })).json()).toMatchObject({ wrappedByPassword: wrap });
    });

    it('refuses an address outside the organisation’s domains, an unverified address, and a missing MFA claim; each audited', async () => {
      expect(await signInAs('eve', `eve@${DOMAIN}`)).toEqual({ failed: '/sign-in/sso?sso=failed' });
      expect(await lastRefusal()).toMatchObject({ reason: 'outside_domains' });
      expect(await signInAs('carl')).toEqual({ failed: '/sign-in/sso?sso=failed' });
      expect(await lastRefusal()).toMatchObject({ reason: 'no_verified_address' });
      expect(await signInAs('bert')).toEqual({ failed: '/sign-in/sso?sso=failed' });
      expect(await lastRefusal()).toMatchObject({ reason: 'no_mfa' });
      expect((await runtime.repos.users.findByEmail('eve@elsewhere.example'))).toHaveLength(0);
      expect((await runtime.repos.users.findByEmail(`bert@${DOMAIN}`))).toHaveLength(0);
    });

    it('accepts a provider without an MFA claim only when the operator explicitly accepted it', async () => {
      await setSsoConfig(ctx, orgId, { issuer: idp.issuer, clientId: idp.clientId, acceptWithoutMfa: true }, null, 'operator:test');
      try {
        expect('failed' in (await signInAs('bert'))).toBe(false);
      } finally {
        await setSsoConfig(ctx, orgId, { issuer: idp.issuer, clientId: idp.clientId, acceptWithoutMfa: false }, null, 'operator:test');
      }
      expect(await signInAs('bert')).toEqual({ failed: '/sign-in/sso?sso=failed' });
    });

    it('refuses a different subject for a bound address (account takeover guard), audited', async () => {
      expect('failed' in (await signInAs('anna'))).toBe(false);
      expect(await signInAs('anna-twin')).toEqual({ failed: '/sign-in/sso?sso=failed' });
      expect(await lastRefusal()).toMatchObject({ reason: 'subject_mismatch' });
    });

    it('refuses a replayed callback (state used up) and a code presented with another flow’s state (nonce and PKCE bound)', async () => {
      const url = await idp.signIn(await start(`anna@${DOMAIN}`), 'anna');
      expect('failed' in (await callback(url))).toBe(false);
      expect(await callback(url)).toEqual({ failed: '/sign-in/sso?sso=failed' });
      const a = await idp.signIn(await start(`anna@${DOMAIN}`), 'anna');
      const b = new URL(await start(`anna@${DOMAIN}`));
      const swapped = new URL(a);
      swapped.searchParams.set('state', b.searchParams.get('state') ?? '');
      expect(await callback(swapped)).toEqual({ failed: '/sign-in/sso?sso=failed' });
      expect(await lastRefusal()).toMatchObject({ reason: 'token' });
      const unknown = new URL(a);
      unknown.searchParams.set('state', 'x'.repeat(43));
      expect(await callback(unknown)).toEqual({ failed: '/sign-in/sso?sso=failed' });
    });

    it('refuses a disabled user', async () => {
      expect('failed' in (await signInAs('dora'))).toBe(false);
      const dora = (await runtime.repos.users.findByEmail(`dora@${DOMAIN}`))[0];
      await runtime.repos.users.update(orgId, dora?.id ?? '', { disabled: true });
      expect(await signInAs('dora')).toEqual({ failed: '/sign-in/sso?sso=failed' });
      expect(await lastRefusal()).toMatchObject({ reason: 'disabled' });
    });

    it('an unknown domain goes to the sign-in page with a message, without revealing anything about addresses', async () => {
      for (const email of ['nobody@unknown.example', 'not an address']) {
        const res = await inject('GET', `/sso/start?email=${encodeURIComponent(email)}`);
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toBe('/sign-in/sso?sso=unavailable');
      }
      // An unknown address in a known domain starts the flow like a known one: only the domain is looked at.
      expect(new URL(await start(`who-knows@${DOMAIN}`)).origin).toBe(new URL(idp.issuer).origin);
    });

    it('keeps the client secret sealed at rest and never returns it; the org admin API needs an admin with a recent sign-in', async () => {
      const sealed = await runtime.db.kysely.selectFrom('orgSso').select('clientSecretSealed').where('orgId', '=', orgId).executeTakeFirstOrThrow();
      expect(sealed.clientSecretSealed).toMatch(/^s4\./);
      expect(sealed.clientSecretSealed).not.toContain(idp.clientSecret);
      if (!databaseUrl()) {
        const files = readdirSync(dir).filter((f) => f.startsWith('sealpost.sqlite'));
        expect(files.length).toBeGreaterThan(0);
        // The database file and its WAL, byte for byte; the secret's own bytes must appear nowhere.
        for (const file of files) expect(readFileSync(join(dir, file)).includes(idp.clientSecret)).toBe(false);
      }
      const member = await signInAs('anna');
      if ('failed' in member) throw new Error(member.failed);
      expect((await inject('GET', '/api/org/sso', { as: member })).json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
      expect('failed' in (await signInAs('adam'))).toBe(false);
      const adam = (await runtime.repos.users.findByEmail(`adam@${DOMAIN}`))[0];
      await runtime.repos.users.update(orgId, adam?.id ?? '', { role: 'admin' });
      const admin = await signInAs('adam');
      if ('failed' in admin) throw new Error(admin.failed);
      const view = await inject('GET', '/api/org/sso', { as: admin });
      expect(view.json()).toMatchObject({ issuer: idp.issuer, clientId: idp.clientId, clientSecretSet: true, acceptWithoutMfa: false, enabled: true });
      expect(view.body).not.toContain(idp.clientSecret);
      expect(view.body).not.toContain('s4.');
      // The operator's flag is not the org admin's to set.
      expect((await inject('PUT', '/api/org/sso', { as: admin, body: { issuer: idp.issuer, clientId: idp.clientId, acceptWithoutMfa: true } })).statusCode).toBe(400);
      const unreachable = await inject('PUT', '/api/org/sso', { as: admin, body: { issuer: 'http://127.0.0.1:9/nothing', clientId: 'x', clientSecret: 'y' } });
      expect(unreachable.json()).toMatchObject({ error: { code: 'SP_ERR_SSO_ISSUER' } });
      // The stored secret follows only the same issuer and client id (else it would be sent to another token endpoint).
      expect((await inject('PUT', '/api/org/sso', { as: admin, body: { issuer: idp.issuer, clientId: 'another-client' } })).json()).toMatchObject({ error: { code: 'SP_ERR_VALIDATION', details: { field: 'clientSecret' } } });
      const put = await inject('PUT', '/api/org/sso', { as: admin, body: { issuer: idp.issuer, clientId: idp.clientId, mfaAcrValues: ['urn:example:mfa'] } });
      expect(put.json()).toMatchObject({ mfaAcrValues: ['urn:example:mfa'], clientSecretSet: true });
      clock.advance(11 * 60_000);
      expect((await inject('PUT', '/api/org/sso', { as: admin, body: { issuer: idp.issuer, clientId: idp.clientId } })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      const fresh = await signInAs('adam');
      if ('failed' in fresh) throw new Error(fresh.failed);
      expect((await inject('DELETE', '/api/org/sso', { as: fresh })).statusCode).toBe(204);
      expect((await inject('GET', `/sso/start?email=anna@${DOMAIN}`)).headers.location).toBe('/sign-in/sso?sso=unavailable');
      await setSsoConfig(ctx, orgId, { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }, null, 'operator:test');
    });

    it("an admin of another organisation sees and changes only their own organisation's provider", async () => {
      const other = await createOrganisation(ctx, { name: `Other ${engine}`, domains: ['other-sso.example'], adminEmail: 'boss@other-sso.example' }, null);
      await setSsoConfig(ctx, other.org.id, { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, mfaAcrValues: ['urn:other'] }, null, 'operator:test');
      expect('failed' in (await signInAs('olga'))).toBe(false);
      const olga = (await runtime.repos.users.findByEmail('olga@other-sso.example'))[0];
      expect(olga?.orgId).toBe(other.org.id);
      await runtime.repos.users.update(other.org.id, olga?.id ?? '', { role: 'admin' });
      const admin = await signInAs('olga');
      if ('failed' in admin) throw new Error(admin.failed);
      expect((await inject('GET', '/api/org/sso', { as: admin })).json()).toMatchObject({ mfaAcrValues: ['urn:other'] });
      expect((await inject('DELETE', '/api/org/sso', { as: admin })).statusCode).toBe(204);
      // The first organisation's provider is untouched.
      expect(await runtime.repos.sso.getConfig(orgId)).toMatchObject({ enabled: true, issuer: idp.issuer });
      expect(await runtime.repos.sso.getConfig(other.org.id)).toBeUndefined();
    });

    it('throttles sign-in starts per organisation, whichever clients they come from', async () => {
      const busy = await createOrganisation(ctx, { name: `Busy ${engine}`, domains: ['busy-sso.example'], adminEmail: 'a@busy-sso.example' }, null);
      await setSsoConfig(ctx, busy.org.id, { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }, null, 'operator:test');
      const small = { ...ctx, sso: { ...defaultSsoPolicy, startsPerOrg: 3 } };
      for (let i = 0; i < 3; i += 1) expect(await startSsoSignIn(small, { email: 'x@busy-sso.example' }, { clientAddress: `192.0.2.${i}` })).toBeInstanceOf(URL);
      await expect(startSsoSignIn(small, { email: 'x@busy-sso.example' }, { clientAddress: '192.0.2.99' })).rejects.toMatchObject({ code: 'SP_ERR_RATE_LIMITED' });
      // Another organisation under the same small limit is not affected.
      const calm = await createOrganisation(ctx, { name: `Calm ${engine}`, domains: ['calm-sso.example'], adminEmail: 'a@calm-sso.example' }, null);
      await setSsoConfig(ctx, calm.org.id, { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }, null, 'operator:test');
      expect(await startSsoSignIn(small, { email: 'x@calm-sso.example' }, { clientAddress: '192.0.2.100' })).toBeInstanceOf(URL);
    });

    it('throttles sign-in starts per client', async () => {
      let busy = 0;
      for (let i = 0; i < defaultSsoPolicy.startsPerClient + 2; i += 1) {
        const res = await inject('GET', `/sso/start?email=anna@${DOMAIN}`);
        if (res.headers.location === '/sign-in/sso?sso=busy') busy += 1;
      }
      expect(busy).toBeGreaterThan(0);
    });
  });
}
