import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenIdRelyingParty } from '../../src/adapters/oidc/openid-client.ts';
import { createSecretSealer } from '../../src/cli/serve/server-keys.ts';
import { resolveSecretKey } from '../../src/config/secret-key.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { defaultSsoPolicy, type SsoContext } from '../../src/core/sso/context.ts';
import { setSsoConfig } from '../../src/core/sso/sso-config.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { startTestProvider, type ProviderBrowser, type TestAccount, type TestProvider } from '../sso-support/oidc-test-provider.ts';
import { PUBLIC_URL, startAccountWorld, type AccountWorld, type Signed } from './support/account-world.ts';

const DOMAIN = 'reauth-sso.example';
const NO_LOGOUT_DOMAIN = 'nologout-sso.example';

const accounts: Record<string, TestAccount> = {
  rosa: { sub: 'sub-rosa', email: `rosa@${DOMAIN}`, emailVerified: true, mfa: true },
  // The same person at the provider, logging in without a second factor, or reported as logged in ten minutes ago.
  'rosa-pwd-only': { sub: 'sub-rosa', email: `rosa@${DOMAIN}`, emailVerified: true, mfa: false },
  'rosa-earlier': { sub: 'sub-rosa', email: `rosa@${DOMAIN}`, emailVerified: true, mfa: true, authenticatedSecondsAgo: 600 },
  // Another provider account recreated onto Rosa's address.
  'rosa-twin': { sub: 'sub-rosa-recreated', email: `rosa@${DOMAIN}`, emailVerified: true, mfa: true },
  nina: { sub: 'sub-nina', email: `nina@${NO_LOGOUT_DOMAIN}`, emailVerified: true, mfa: true },
};

/**
 * A single sign-on user's session and the provider (docs/accounts.md, "Single sign-on"): re-authentication through
 * the provider with prompt=login / max_age=0 and an `auth_time` check, and RP-initiated logout. Against real
 * OpenID providers on loopback ports (one with, one without `end_session_endpoint`); SQLite and PostgreSQL.
 */
export function defineSsoSessionSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`single sign-on sessions on ${engine}`, () => {
    // The provider stamps `auth_time` with the real clock; ours starts there and moves only where a test says so.
    const clock = createManualClock(new Date());
    let w: AccountWorld;
    let idp: TestProvider;
    let plainIdp: TestProvider;
    let orgId: string;

    beforeAll(async () => {
      idp = await startTestProvider({ redirectUri: `${PUBLIC_URL}/sso/callback`, accounts });
      plainIdp = await startTestProvider({ redirectUri: `${PUBLIC_URL}/sso/callback`, accounts, logout: false });
      w = await startAccountWorld({ databaseUrl: databaseUrl(), clock, dirPrefix: 'sp-sso-session-' });
      const secretKey = resolveSecretKey({ dataDir: w.config.dataDir, ...(w.config.secretKey ? { secretKey: w.config.secretKey } : {}) });
      const ctx: SsoContext = { ...w.accounts, oidc: createOpenIdRelyingParty(), secretSealer: createSecretSealer(secretKey.key), sso: defaultSsoPolicy };
      orgId = (await createOrganisation(ctx, { name: `Reauth ${engine}`, domains: [DOMAIN], adminEmail: `admin@${DOMAIN}` }, null)).org.id;
      await setSsoConfig(ctx, orgId, { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret }, null, 'operator:test');
      const plain = await createOrganisation(ctx, { name: `No logout ${engine}`, domains: [NO_LOGOUT_DOMAIN], adminEmail: `admin@${NO_LOGOUT_DOMAIN}` }, null);
      await setSsoConfig(ctx, plain.org.id, { issuer: plainIdp.issuer, clientId: plainIdp.clientId, clientSecret: plainIdp.clientSecret }, null, 'operator:test');
    });
    afterAll(async () => {
      await w?.close();
      await idp?.close();
      await plainIdp?.close();
    });

    const inject: AccountWorld['inject'] = (method, url, opts) => w.inject(method, url, opts);

    /** Our callback's answer: where it redirects, and the session cookie when it signed in. */
    async function callback(url: URL): Promise<{ location: string; signed?: Signed }> {
      const res = await inject('GET', `${url.pathname}${url.search}`);
      expect(res.statusCode).toBe(303);
      const location = String(res.headers.location);
      if (location !== '/account/key-password') return { location };
      const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
      const me = await w.runtime.app.inject({ method: 'GET', url: '/api/account/me', headers: { cookie } });
      return { location, signed: { cookie, csrf: me.json<{ csrfToken: string }>().csrfToken } };
    }

    /** Signs in through /sso/start in `browser` (the provider keeps its session cookie there). */
    async function signIn(browser: ProviderBrowser, login: string): Promise<{ signed: Signed; prompted: boolean }> {
      const start = await inject('GET', `/sso/start?email=${encodeURIComponent(accounts[login]?.email ?? '')}`);
      const answer = await browser.signIn(String(start.headers.location), login);
      const { signed, location } = await callback(answer.callback);
      if (!signed) throw new Error(`sign-in failed: ${location}`);
      return { signed, prompted: answer.prompted };
    }

    /** The session's last confirmation, set back past the 10 minutes through the repository's table. */
    async function ageConfirmation(): Promise<void> {
      const past = new Date(clock.now().getTime() - 11 * 60_000).toISOString();
      await w.runtime.db.kysely.updateTable('staffSessions').set({ reauthenticatedAt: past }).execute();
    }

    async function startReauth(as: Signed, returnTo = '/account'): Promise<URL> {
      const res = await inject('POST', '/api/account/sso/reauthenticate', { as, body: { returnTo } });
      expect(res.statusCode, res.body).toBe(200);
      return new URL(res.json<{ url: string }>().url);
    }

    const newCodes = async (as: Signed) => (await inject('POST', '/api/account/recovery-codes', { as })).statusCode;

    async function lastFailure(): Promise<Record<string, unknown> | undefined> {
      return (await w.auditEntries(orgId)).filter((e) => e.action === 'account.reauthentication_failed').at(-1)?.details;
    }

    it('re-authenticates at the provider with prompt=login and max_age=0 (its session cookie does not answer), and marks the session', async () => {
      clock.set(new Date());
      const browser = idp.browser();
      const first = await signIn(browser, 'rosa');
      expect(first.prompted).toBe(true);
      // The threat: an ordinary request is answered from the provider's session cookie, nobody types anything.
      expect((await signIn(browser, 'rosa')).prompted).toBe(false);
      const as = first.signed;
      await ageConfirmation();
      expect(await newCodes(as)).toBe(403);
      expect((await inject('GET', '/api/account/reauthentication', { as })).json()).toEqual({ methods: ['provider'], recentUntil: null });

      const url = await startReauth(as, '/account');
      expect(url.origin).toBe(new URL(idp.issuer).origin);
      expect(url.searchParams.get('prompt')).toBe('login');
      expect(url.searchParams.get('max_age')).toBe('0');
      expect(url.searchParams.get('login_hint')).toBe(`rosa@${DOMAIN}`);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      const answer = await browser.signIn(url.href, 'rosa');
      expect(answer.prompted).toBe(true);
      // Back where it started, the same session (no new cookie), now confirmed.
      const back = await inject('GET', `${answer.callback.pathname}${answer.callback.search}`);
      expect(back.statusCode).toBe(303);
      expect(back.headers.location).toBe('/account?reauth=done');
      expect(back.headers['set-cookie']).toBeUndefined();
      expect(await newCodes(as)).toBe(200);
      expect((await inject('GET', '/api/account/reauthentication', { as })).json()).toEqual({ methods: ['provider'], recentUntil: new Date(clock.now().getTime() + 10 * 60_000).toISOString() });
      const confirmed = (await w.auditEntries(orgId)).filter((e) => e.action === 'account.reauthenticated').at(-1);
      expect(confirmed?.details).toMatchObject({ factor: 'sso' });
      // The flow was single use.
      expect((await callback(answer.callback)).location).toBe('/sign-in/sso?sso=failed');
    });

    it('refuses an auth_time from before the flow started, another subject, no second factor and an ended session; each audited, the session unconfirmed', async () => {
      clock.set(new Date());
      const { signed: as } = await signIn(idp.browser(), 'rosa');
      await ageConfirmation();
      const refused = async (login: string, prepare?: () => Promise<void> | void) => {
        const url = await startReauth(as, '/admin/people');
        await prepare?.();
        const { callback: back } = await idp.browser().signIn(url.href, login);
        expect((await callback(back)).location).toBe('/admin/people?reauth=failed');
        return lastFailure();
      };
      // A provider that answers with a ten-minute-old login: openid-client's max_age check refuses the token.
      expect(await refused('rosa-earlier')).toMatchObject({ factor: 'sso', reason: 'token' });
      expect(await newCodes(as)).toBe(403);
      // A login 2 minutes before the flow started (our clock ahead of the provider's by that much), within openid-client's
      // max_age tolerance of its own clock: our check against the flow's start refuses it.
      const realNow = new Date();
      clock.set(new Date(realNow.getTime() + 2 * 60_000));
      const stale = await refused('rosa', () => clock.set(realNow));
      expect(stale).toMatchObject({ reason: 'stale_authentication' });
      expect(await newCodes(as)).toBe(403);
      clock.set(new Date());
      expect(await refused('rosa-twin')).toMatchObject({ reason: 'subject_mismatch' });
      expect(await newCodes(as)).toBe(403);
      expect(await refused('rosa-pwd-only')).toMatchObject({ reason: 'no_mfa' });
      expect(await newCodes(as)).toBe(403);
      expect(await refused('rosa', async () => {
        expect((await inject('POST', '/api/account/sign-out', { as, body: {} })).statusCode).toBe(200);
      })).toMatchObject({ reason: 'session_ended' });
      expect((await inject('GET', '/api/account/me', { as })).statusCode).toBe(401);
    });

    it('starts a re-authentication only for a bound user of a session, to a page of the app', async () => {
      clock.set(new Date());
      const { signed: as } = await signIn(idp.browser(), 'rosa');
      for (const returnTo of ['https://evil.example/account', '//evil.example', '/account/../../x', '/send', '/account?next=x']) {
        expect((await inject('POST', '/api/account/sso/reauthenticate', { as, body: { returnTo } })).json(), returnTo).toMatchObject({ error: { code: 'SP_ERR_VALIDATION' } });
      }
      expect((await inject('POST', '/api/account/sso/reauthenticate', { body: { returnTo: '/account' } })).statusCode).toBe(401);
      // Without the CSRF header the session is not accepted (a cross-site page cannot start one).
      expect((await inject('POST', '/api/account/sso/reauthenticate', { headers: { cookie: as.cookie }, body: { returnTo: '/account' } })).statusCode).toBe(403);
      // A password user (the organisation's admin, enrolled by invitation) is pointed to the password and code.
      const admin = await w.enrol((await createOrganisation(w.accounts, { name: `Pw ${engine}`, domains: ['pw-sso.example'], adminEmail: 'pw@pw-sso.example' }, null)).invitationUrl);
      expect((await inject('GET', '/api/account/reauthentication', { as: admin })).json()).toMatchObject({ methods: ['password', 'code'] });
      expect((await inject('POST', '/api/account/sso/reauthenticate', { as: admin, body: { returnTo: '/account' } })).json()).toMatchObject({ error: { code: 'SP_ERR_NOT_FOUND' } });
      expect((await inject('POST', '/api/account/sign-out', { as: admin, body: {} })).statusCode).toBe(204);
    });

    it("signing out answers the provider's logout URL (client_id and post_logout_redirect_uri, no token), which ends the provider's session and comes back", async () => {
      clock.set(new Date());
      const browser = idp.browser();
      const { signed: as } = await signIn(browser, 'rosa');
      const out = await inject('POST', '/api/account/sign-out', { as, body: {} });
      expect(out.statusCode, out.body).toBe(200);
      expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
      const logout = new URL(out.json<{ providerSignOutUrl: string }>().providerSignOutUrl);
      const discovery = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json() as { end_session_endpoint: string };
      expect(`${logout.origin}${logout.pathname}`).toBe(discovery.end_session_endpoint);
      expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: idp.clientId, post_logout_redirect_uri: `${PUBLIC_URL}/sso/callback` });
      expect((await inject('GET', '/api/account/me', { as })).statusCode).toBe(401);
      // The provider accepts it (client and redirect registered), asks, signs out and sends the browser back.
      const back = await browser.signOut(logout.href);
      expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/sso/callback`);
      expect((await callback(back)).location).toBe('/sign-in/sso?sso=signedOut');
      // Its session is gone: the next sign-in in that browser asks again.
      expect((await signIn(browser, 'rosa')).prompted).toBe(true);
    });

    it('signing out everywhere ends every session and answers the logout URL too; without end_session_endpoint only our sign-out happens', async () => {
      clock.set(new Date());
      const one = (await signIn(idp.browser(), 'rosa')).signed;
      const two = (await signIn(idp.browser(), 'rosa')).signed;
      const out = await inject('POST', '/api/account/sign-out', { as: one, body: { everywhere: true } });
      expect(out.statusCode).toBe(200);
      expect(out.json<{ providerSignOutUrl: string }>().providerSignOutUrl.startsWith(`${idp.issuer}/`)).toBe(true);
      expect((await inject('GET', '/api/account/me', { as: two })).statusCode).toBe(401);
      const nina = (await signIn(plainIdp.browser(), 'nina')).signed;
      const plain = await inject('POST', '/api/account/sign-out', { as: nina, body: {} });
      expect(plain.statusCode).toBe(204);
      expect((await inject('GET', '/api/account/me', { as: nina })).statusCode).toBe(401);
    });
  });
}
