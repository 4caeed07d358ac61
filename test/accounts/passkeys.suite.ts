import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/cli/serve/runtime.ts';
import { defaultAccountPolicy, type AccountContext } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { deletePasskey } from '../../src/core/accounts/passkeys.ts';
import { authenticateStaff } from '../../src/core/accounts/staff-sessions.ts';
import { fromBase64Url, generateAgeKeyPair, toBase64Url, unwrapIdentityWithPrf, wrapIdentityWithPrf } from '../../src/crypto/index.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { GOOD_PASSWORD, PUBLIC_URL, signedOf, startAccountWorld, tokenOf, type AccountWorld, type Signed } from './support/account-world.ts';
import { createSoftAuthenticator, type SoftCredential } from './support/soft-authenticator.ts';

interface Options { attemptId: string; options: { challenge: string; user: { id: string }; allowCredentials?: unknown[]; extensions?: { prf?: { eval: { first: string } } }; rp?: { id: string } } }

/** Passkeys over the HTTP API with a software authenticator: one suite, run on SQLite and PostgreSQL. */
export function definePasskeySuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`passkeys on ${engine}`, () => {
    const clock = createManualClock(new Date());
    const authenticator = createSoftAuthenticator('sealpost.example', PUBLIC_URL);
    let w: AccountWorld;
    let runtime: Runtime;
    let accounts: AccountContext;

    beforeAll(async () => {
      w = await startAccountWorld({ databaseUrl: databaseUrl(), clock, dirPrefix: 'sp-passkeys-', env: { ACCOUNT_LOCKOUT_THRESHOLD: '3' } });
      ({ runtime, accounts } = w);
    });
    afterAll(async () => w?.close());

    const inject: AccountWorld['inject'] = (...args) => w.inject(...args);
    const auditActions: AccountWorld['auditEntries'] = (orgId) => w.auditEntries(orgId);

    /** A new organisation whose admin accepted the invitation and enrolled TOTP (the enrolment session, not signed in). */
    async function newStaff(domain: string): Promise<Signed & { email: string; secret: string; orgId: string; userId: string }> {
      const created = await createOrganisation(accounts, { name: `Org ${domain}`, domains: [domain], adminEmail: `admin@${domain}` }, null);
      const { cookie, csrf, secret } = await w.enrol(created.invitationUrl);
      return { cookie, csrf, email: `admin@${domain}`, secret, orgId: created.org.id, userId: created.adminUserId };
    }

    async function storeKey(as: Signed): Promise<{ identity: string; recipient: string }> {
      const pair = await generateAgeKeyPair({ postQuantum: false });
      const res = await inject('PUT', '/api/account/personal-key', { as, body: { publicKey: pair.recipient, wrappedByPassword: 'A'.repeat(64), wrappedByRecovery: [] } });
      expect(res.statusCode, res.body).toBe(204);
      return pair;
    }

    async function register(as: Signed, name: string, identity?: string): Promise<{ credential: SoftCredential; status: number; body: Record<string, unknown> }> {
      const begun = await inject('POST', '/api/account/passkeys/registration-options', { as });
      expect(begun.statusCode, begun.body).toBe(200);
      const { attemptId, options } = begun.json<Options & { options: { pubKeyCredParams: Array<{ alg: number }> } }>();
      // Classic signatures only: ML-DSA's would not fit the anonymous sign-in body limit.
      expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);
      const { response, credential } = authenticator.register(options);
      const prfWrap = identity && options.extensions?.prf
        ? toBase64Url(wrapIdentityWithPrf({ identity, prfOutput: authenticator.prf(credential, options.extensions.prf.eval.first), credentialId: fromBase64Url(credential.id) }))
        : undefined;
      const done = await inject('POST', '/api/account/passkeys', { as, body: { attemptId, response, name, ...(prfWrap ? { prfWrap } : {}) } });
      return { credential, status: done.statusCode, body: done.json() };
    }

    async function passwordless(credential: SoftCredential, opts: Parameters<typeof authenticator.assert>[2] = {}) {
      const { attemptId, options } = (await inject('POST', '/api/account/passkey/options', { body: { purpose: 'sign-in' } })).json<Options>();
      return inject('POST', '/api/account/passkey/sign-in', { body: { attemptId, response: authenticator.assert(credential, options.challenge, opts) } });
    }

    it('registers a passkey with a PRF wrap, signs in passwordless with it and unwraps the personal key from the answer', async () => {
      const staff = await newStaff('pk-a.example');
      const key = await storeKey(staff);
      const { credential, status, body } = await register(staff, 'Laptop', key.identity);
      expect(status).toBe(201);
      expect(body).toMatchObject({ id: credential.id, name: 'Laptop', prf: true, transports: ['internal'], lastUsedAt: null });
      // The options name nobody: no allowCredentials, the same PRF input for everyone, RP ID = PUBLIC_URL's host.
      const { options } = (await inject('POST', '/api/account/passkey/options', { body: { purpose: 'sign-in' } })).json<Options>();
      expect(options).toMatchObject({ rpId: 'sealpost.example', userVerification: 'required' });
      expect(options.extensions?.prf?.eval.first).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(options.allowCredentials ?? []).toEqual([]);
      clock.advance(1000);
      const signed = await passwordless(credential);
      expect(signed.statusCode, signed.body).toBe(200);
      const answer = signed.json<{ email: string; publicKey: string; prf: { salt: string; wrapped: string } }>();
      expect(answer).toMatchObject({ email: staff.email, publicKey: key.recipient, credentialId: credential.id });
      const identity = unwrapIdentityWithPrf({ wrapped: fromBase64Url(answer.prf.wrapped), prfOutput: authenticator.prf(credential, answer.prf.salt), credentialId: fromBase64Url(credential.id) });
      expect(identity).toBe(key.identity);
      expect(String(signed.headers['set-cookie'])).toMatch(/^__Host-sealpost=/);
      const me = await inject('GET', '/api/account/me', { as: signedOf(signed) });
      expect(me.json()).toMatchObject({ email: staff.email, enrolled: true });
      const listed = (await inject('GET', '/api/account/passkeys', { as: staff })).json<{ items: Array<{ id: string; lastUsedAt: string | null }> }>().items;
      expect(listed).toEqual([expect.objectContaining({ id: credential.id, lastUsedAt: clock.now().toISOString() })]);
      const actions = (await auditActions(staff.orgId)).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['account.passkey_added', 'account.signed_in']));
      // The server holds no PRF output: only the wrap, its salt and the credential.
      const row = await runtime.db.kysely.selectFrom('passkeys').selectAll().where('id', '=', credential.id).executeTakeFirstOrThrow();
      expect(Object.keys(row).sort()).toEqual(['counter', 'createdAt', 'id', 'keyWrappedByPrf', 'lastUsedAt', 'name', 'orgId', 'prfSalt', 'publicKey', 'transports', 'userId']);
    });

    it('keeps ceremony state on the server: single use, five minutes, bound to the session that asked and to its purpose', async () => {
      const staff = await newStaff('pk-b.example');
      const begun = (await inject('POST', '/api/account/passkeys/registration-options', { as: staff })).json<Options>();
      const { response } = authenticator.register(begun.options);
      // Another session of the same user cannot finish it.
      const other = signedOf(await inject('POST', '/api/account/sign-in', { body: { email: staff.email, password: GOOD_PASSWORD, totp: totpCode(staff.secret, clock.now()) } }));
      clock.advance(30_000);
      expect((await inject('POST', '/api/account/passkeys', { as: other, body: { attemptId: begun.attemptId, response, name: 'x' } })).json()).toMatchObject({ error: { code: 'SP_ERR_VERIFICATION_FAILED' } });
      // …and that try used it up: single use.
      expect((await inject('POST', '/api/account/passkeys', { as: staff, body: { attemptId: begun.attemptId, response, name: 'x' } })).json()).toMatchObject({ error: { code: 'SP_ERR_VERIFICATION_FAILED' } });
      // Expired after five minutes.
      const late = (await inject('POST', '/api/account/passkeys/registration-options', { as: staff })).json<Options>();
      clock.advance(5 * 60_000 + 1000);
      expect((await inject('POST', '/api/account/passkeys', { as: staff, body: { attemptId: late.attemptId, response: authenticator.register(late.options).response, name: 'x' } })).json()).toMatchObject({ error: { code: 'SP_ERR_VERIFICATION_FAILED' } });
      // A response for another origin or challenge is refused and audited.
      await inject('POST', '/api/account/reauthenticate', { as: staff, body: { password: GOOD_PASSWORD } });
      const wrongOrigin = (await inject('POST', '/api/account/passkeys/registration-options', { as: staff })).json<Options>();
      const refused = await inject('POST', '/api/account/passkeys', { as: staff, body: { attemptId: wrongOrigin.attemptId, response: authenticator.register(wrongOrigin.options, 'https://evil.example').response, name: 'x' } });
      expect(refused.json()).toMatchObject({ error: { code: 'SP_ERR_VERIFICATION_FAILED' } });
      expect((await auditActions(staff.orgId)).map((r) => r.action)).toContain('account.passkey_registration_failed');
      // A passwordless challenge is not a second-factor one, and a sign-in attempt is single use.
      const ok = await register(staff, 'Key');
      const { attemptId, options } = (await inject('POST', '/api/account/passkey/options', { body: { purpose: 'second-factor' } })).json<Options>();
      expect((await inject('POST', '/api/account/passkey/sign-in', { body: { attemptId, response: authenticator.assert(ok.credential, options.challenge) } })).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      const good = (await inject('POST', '/api/account/passkey/options', { body: { purpose: 'sign-in' } })).json<Options>();
      const assertion = authenticator.assert(ok.credential, good.options.challenge);
      expect((await inject('POST', '/api/account/passkey/sign-in', { body: { attemptId: good.attemptId, response: assertion } })).statusCode).toBe(200);
      expect((await inject('POST', '/api/account/passkey/sign-in', { body: { attemptId: good.attemptId, response: assertion } })).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      // Two answers to one attempt at the same moment: exactly one gets the challenge.
      const raced = (await inject('POST', '/api/account/passkey/options', { body: { purpose: 'sign-in' } })).json<Options>();
      const racedAssertion = authenticator.assert(ok.credential, raced.options.challenge);
      const both = await Promise.all([0, 1].map(() => inject('POST', '/api/account/passkey/sign-in', { body: { attemptId: raced.attemptId, response: racedAssertion } })));
      expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
      // The PRF output never reaches the server: a client that sends it is refused.
      const leaky = (await inject('POST', '/api/account/passkey/options', { body: { purpose: 'sign-in' } })).json<Options>();
      const leaked = { ...authenticator.assert(ok.credential, leaky.options.challenge), clientExtensionResults: { prf: { results: { first: 'AAAA' } } } };
      expect((await inject('POST', '/api/account/passkey/sign-in', { body: { attemptId: leaky.attemptId, response: leaked } })).statusCode).toBe(400);
    });

    it('needs a re-authentication within 10 minutes to add or remove a passkey; never removes the last second factor', async () => {
      const staff = await newStaff('pk-c.example');
      clock.advance(11 * 60_000);
      expect((await inject('GET', '/api/account/me', { as: staff })).statusCode).toBe(200);
      expect((await inject('POST', '/api/account/passkeys/registration-options', { as: staff })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      expect((await inject('POST', '/api/account/reauthenticate', { as: staff, body: { password: GOOD_PASSWORD } })).statusCode).toBe(204);
      const first = await register(staff, 'Phone');
      expect(first.status).toBe(201);
      // Re-authentication lapsing between options and finish is caught too.
      const begun = (await inject('POST', '/api/account/passkeys/registration-options', { as: staff })).json<Options>();
      clock.advance(4 * 60_000);
      await inject('GET', '/api/account/me', { as: staff });
      clock.advance(4 * 60_000);
      await inject('GET', '/api/account/me', { as: staff });
      clock.advance(3 * 60_000);
      expect((await inject('POST', '/api/account/passkeys', { as: staff, body: { attemptId: begun.attemptId, response: authenticator.register(begun.options).response, name: 'Late' } })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      expect((await inject('PATCH', `/api/account/passkeys/${first.credential.id}`, { as: staff, body: { name: 'Work phone' } })).statusCode).toBe(204);
      expect((await inject('DELETE', `/api/account/passkeys/${first.credential.id}`, { as: staff })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      await inject('POST', '/api/account/reauthenticate', { as: staff, body: { totp: totpCode(staff.secret, clock.now()) } });
      clock.advance(30_000);
      // Without TOTP this passkey would be the last factor: refused (core level: every session today has TOTP).
      const principal = await authenticateStaff(accounts, staff.cookie.split('=')[1]);
      await runtime.repos.users.update(staff.orgId, staff.userId, { totpEnrolledAt: null });
      await expect(deletePasskey(accounts, principal, first.credential.id, { clientAddress: null })).rejects.toMatchObject({ code: 'SP_ERR_CONFLICT' });
      await runtime.repos.users.update(staff.orgId, staff.userId, { totpEnrolledAt: clock.now() });
      expect((await inject('DELETE', `/api/account/passkeys/${first.credential.id}`, { as: staff })).statusCode).toBe(204);
      expect((await inject('GET', '/api/account/passkeys', { as: staff })).json()).toEqual({ items: [] });
      expect((await passwordless(first.credential)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      const actions = (await auditActions(staff.orgId)).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['account.passkey_added', 'account.passkey_renamed', 'account.passkey_removed']));
    });

    it('refuses a signature counter that goes back (a cloned authenticator) and audits it; bad signatures count towards the lockout', async () => {
      const staff = await newStaff('pk-d.example');
      const { credential } = await register(staff, 'Key');
      expect((await passwordless(credential, { counter: 5 })).statusCode).toBe(200);
      expect((await passwordless(credential, { counter: 3 })).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      expect((await passwordless(credential, { counter: 5 })).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      const clones = (await auditActions(staff.orgId)).filter((r) => r.action === 'account.passkey_clone_suspected');
      expect(clones).toHaveLength(2);
      expect(clones[0]?.details).toMatchObject({ credentialId: credential.id, storedCounter: 5, presentedCounter: 3 });
      // Two failures so far; a forged signature is the third: locked, and the user is told.
      expect((await passwordless(credential, { tamper: true, counter: 9 })).json()).toMatchObject({ error: { code: 'SP_ERR_ACCOUNT_LOCKED' } });
      expect((await passwordless(credential, { counter: 10 })).json()).toMatchObject({ error: { code: 'SP_ERR_ACCOUNT_LOCKED' } });
      expect((await auditActions(staff.orgId)).map((r) => r.action)).toContain('account.locked');
    });

    it('passwordless needs user verification and the registered user handle', async () => {
      const staff = await newStaff('pk-e.example');
      const { credential } = await register(staff, 'Key');
      expect((await passwordless(credential, { userVerified: false })).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      expect((await passwordless(credential, { userHandle: toBase64Url(new TextEncoder().encode('someone-else')) })).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      await runtime.repos.users.resetFailures(staff.userId);
      expect((await passwordless(credential)).statusCode).toBe(200);
    });

    it('a passkey is the second factor after the password, for its own user only', async () => {
      const a = await newStaff('pk-f.example');
      const b = await newStaff('pk-g.example');
      const ka = await register(a, 'A key');
      const kb = await register(b, 'B key');
      const withPasskey = async (email: string, credential: SoftCredential, password = GOOD_PASSWORD) => {
        const { attemptId, options } = (await inject('POST', '/api/account/passkey/options', { body: { purpose: 'second-factor' } })).json<Options>();
        expect(options.extensions).toBeUndefined();
        return inject('POST', '/api/account/sign-in', { body: { email, password, passkey: { attemptId, response: authenticator.assert(credential, options.challenge) } } });
      };
      expect((await withPasskey(a.email, ka.credential)).statusCode).toBe(200);
      expect((await withPasskey(a.email, kb.credential)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      expect((await withPasskey(a.email, ka.credential, 'wrong password entirely')).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      const factors = (await auditActions(a.orgId)).filter((r) => r.action === 'account.signed_in').map((r) => r.details);
      expect(factors.some((f) => f.factor === 'passkey')).toBe(true);
      // B cannot rename or remove A's passkey.
      await inject('POST', '/api/account/reauthenticate', { as: b, body: { password: GOOD_PASSWORD } });
      expect((await inject('PATCH', `/api/account/passkeys/${ka.credential.id}`, { as: b, body: { name: 'mine' } })).statusCode).toBe(404);
      expect((await inject('DELETE', `/api/account/passkeys/${ka.credential.id}`, { as: b })).statusCode).toBe(404);
    });

    it("an admin's factor reset clears the user's passkeys; replacing the personal key drops the PRF wraps", async () => {
      const admin = await newStaff('pk-h.example');
      const invited = (await inject('POST', '/api/org/users', { as: admin, body: { email: 'm@pk-h.example' } })).json<{ invitationUrl: string; userId: string }>();
      const accepted = await inject('POST', '/api/invitations/accept', { body: { token: tokenOf(invited.invitationUrl), password: GOOD_PASSWORD } });
      const member = signedOf(accepted);
      const { secret } = (await inject('POST', '/api/account/totp/setup', { as: member })).json<{ secret: string }>();
      await inject('POST', '/api/account/totp/confirm', { as: member, body: { code: totpCode(secret, clock.now()) } });
      clock.advance(30_000);
      const key = await storeKey(member);
      const { credential } = await register(member, 'Laptop', key.identity);
      expect((await inject('GET', '/api/account/passkeys', { as: member })).json()).toMatchObject({ items: [{ prf: true }] });
      await storeKey(member);
      expect((await inject('GET', '/api/account/passkeys', { as: member })).json()).toMatchObject({ items: [{ prf: false }] });
      expect((await passwordless(credential)).json()).toMatchObject({ prf: null });
      expect((await inject('POST', `/api/org/users/${invited.userId}/reset-factor`, { as: admin })).statusCode).toBe(200);
      expect(await runtime.repos.passkeys.listForUser(invited.userId)).toEqual([]);
      expect((await passwordless(credential)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      const actions = (await auditActions(admin.orgId)).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['account.passkey_prf_wraps_cleared', 'account.factor_reset']));
    });

    it('throttles passkey sign-ins per client like the password path', async () => {
      const staff = await newStaff('pk-i.example');
      const { credential } = await register(staff, 'Key');
      let last = 0;
      for (let i = 0; i < defaultAccountPolicy.signInsPerClient + 2 && last !== 429; i += 1) last = (await passwordless(credential, { tamper: true })).statusCode;
      expect(last).toBe(429);
      clock.advance(defaultAccountPolicy.signInWindowMs);
    });
  });
}
