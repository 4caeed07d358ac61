import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url, unwrapIdentityWithPrf, wrapIdentityWithPrf } from '../../src/crypto/index.ts';
import { PUBLIC_URL } from '../accounts/support/account-world.ts';
import { createSoftAuthenticator, type SoftCredential } from '../accounts/support/soft-authenticator.ts';
import { PASSWORD, startRecipientWorld, type RecipientWorld, type Registered } from './world.ts';

interface Ceremony { attemptId: string; options: { challenge: string; user: { id: string }; extensions?: { prf?: { eval: { first: string } } } } }
interface SignedIn { token: string; account: { email: string }; prf: { credentialId: string; salt: string; wrapped: string } }

/** Registered recipients' passkeys over the HTTP API with a software authenticator: one suite, SQLite and PostgreSQL. */
export function defineRecipientPasskeySuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`registered recipients' passkeys on ${engine}`, () => {
    const authenticator = createSoftAuthenticator('sealpost.example', PUBLIC_URL);
    let w: RecipientWorld;
    beforeAll(async () => {
      w = await startRecipientWorld(databaseUrl());
    });
    afterAll(async () => w?.close());
    let n = 0;
    const address = (name: string) => `${name}.${(n += 1)}@passkey.example`;
    const errorCode = (res: { json: () => unknown }) => (res.json() as { error?: { code?: string } }).error?.code;
    const auditOf = async (action: string) => (await w.defaultAudit()).filter((e) => e.action === action);

    /** Options, the authenticator's answer and the PRF wrap of the identity, as the inbox page makes them. */
    async function addPasskey(r: Registered, opts: { password?: string; wrap?: 'none' | 'bad' } = {}) {
      const begun = await w.call('POST', '/api/recipient-account/passkeys/registration-options', { token: r.token, body: opts.password ? { password: opts.password } : {} });
      if (begun.statusCode !== 200) return { status: begun.statusCode, code: errorCode(begun), credential: undefined };
      const { attemptId, options } = begun.json<Ceremony>();
      const { response, credential } = authenticator.register(options);
      const prfWrap = toBase64Url(wrapIdentityWithPrf({ identity: r.identity, prfOutput: authenticator.prf(credential, options.extensions!.prf!.eval.first), credentialId: fromBase64Url(credential.id) }));
      const body = { attemptId, response, name: 'Phone', ...(opts.wrap === 'none' ? {} : { prfWrap: opts.wrap === 'bad' ? `BQ${prfWrap.slice(2)}` : prfWrap }) };
      const done = await w.call('POST', '/api/recipient-account/passkeys', { token: r.token, body });
      return { status: done.statusCode, code: errorCode(done), credential, body: done.json<{ id: string }>() };
    }

    async function signIn(email: string, credential: SoftCredential, assert: Parameters<typeof authenticator.assert>[2] = {}, client?: string) {
      const begun = await w.call('POST', '/api/recipient-account/passkey/options', client ? { client } : {});
      expect(begun.statusCode, begun.body).toBe(200);
      const { attemptId, options } = begun.json<Ceremony>();
      const response = authenticator.assert(credential, options.challenge, assert);
      return w.call('POST', '/api/recipient-account/passkey/sign-in', { body: { email, attemptId, response }, ...(client ? { client } : {}) });
    }

    it('adds a passkey, signs in with it (no password), and the PRF wrap opens the identity on the device; audited', async () => {
      const r = await w.register(address('anna'));
      const added = await addPasskey(r);
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      const list = (await w.call('GET', '/api/recipient-account/passkeys', { token: r.token })).json<{ items: Array<{ id: string; name: string; lastUsedAt: string | null }> }>();
      expect(list.items).toMatchObject([{ id: added.credential!.id, name: 'Phone', lastUsedAt: null }]);
      const res = await signIn(r.email.toUpperCase(), added.credential!);
      expect(res.statusCode, res.body).toBe(200);
      const s = res.json<SignedIn>();
      expect(s.account.email).toBe(r.email);
      expect(s.prf.credentialId).toBe(added.credential!.id);
      const identity = unwrapIdentityWithPrf({ wrapped: fromBase64Url(s.prf.wrapped), prfOutput: authenticator.prf(added.credential!, s.prf.salt), credentialId: fromBase64Url(s.prf.credentialId) });
      expect(identity).toBe(r.identity);
      expect((await w.call('GET', '/api/recipient-account/inbox', { token: s.token })).statusCode).toBe(200);
      expect((await auditOf('recipient_account.passkey_added')).some((e) => e.details.credentialId === added.credential!.id)).toBe(true);
      expect((await auditOf('recipient_account.passkey_signed_in')).some((e) => e.details.credentialId === added.credential!.id && e.details.factor === 'passkey')).toBe(true);
    });

    it('refuses a registration without a PRF wrap or with a malformed one; nothing stored', async () => {
      const r = await w.register(address('noprf'));
      expect(await addPasskey(r, { wrap: 'none' })).toMatchObject({ status: 400, code: 'SP_ERR_VALIDATION' });
      expect(await addPasskey(r, { wrap: 'bad' })).toMatchObject({ status: 400, code: 'SP_ERR_VALIDATION' });
      expect((await w.call('GET', '/api/recipient-account/passkeys', { token: r.token })).json()).toEqual({ items: [] });
    });

    it('refuses a PRF output sent to the server, an answer for another origin (audited) and options fetched by another session', async () => {
      const r = await w.register(address('ceremony'));
      const begin = async () => (await w.call('POST', '/api/recipient-account/passkeys/registration-options', { token: r.token, body: {} })).json<Ceremony>();
      const finish = (body: object, token = r.token) => w.call('POST', '/api/recipient-account/passkeys', { token, body });
      const wrapOf = (credential: SoftCredential, salt: string) => toBase64Url(wrapIdentityWithPrf({ identity: r.identity, prfOutput: authenticator.prf(credential, salt), credentialId: fromBase64Url(credential.id) }));
      const leaked = await begin();
      const one = authenticator.register(leaked.options);
      const salt = leaked.options.extensions!.prf!.eval.first;
      const withOutput = { ...one.response, clientExtensionResults: { prf: { results: { first: toBase64Url(authenticator.prf(one.credential, salt)) } } } };
      expect(errorCode(await finish({ attemptId: leaked.attemptId, response: withOutput, name: 'Leak', prfWrap: wrapOf(one.credential, salt) }))).toBe('SP_ERR_VALIDATION');
      const elsewhere = await begin();
      const two = authenticator.register(elsewhere.options, 'https://evil.example');
      expect(errorCode(await finish({ attemptId: elsewhere.attemptId, response: two.response, name: 'Evil', prfWrap: wrapOf(two.credential, salt) }))).toBe('SP_ERR_VERIFICATION_FAILED');
      expect((await auditOf('recipient_account.passkey_registration_failed')).length).toBeGreaterThan(0);
      // A second session of the same account cannot finish what the first one started.
      const other = (await w.call('POST', '/api/recipient-account/sign-in', { body: { email: r.email, password: PASSWORD } })).json<{ token: string }>().token;
      const bound = await begin();
      const three = authenticator.register(bound.options);
      expect(errorCode(await finish({ attemptId: bound.attemptId, response: three.response, name: 'Other', prfWrap: wrapOf(three.credential, salt) }, other))).toBe('SP_ERR_VERIFICATION_FAILED');
      expect((await w.call('GET', '/api/recipient-account/passkeys', { token: r.token })).json()).toEqual({ items: [] });
      // The server's row holds the wrap, the PRF input and the public key: never a PRF output or the identity.
      const { credential } = await addPasskey(r);
      const dump = JSON.stringify(await w.runtime.db.kysely.selectFrom('recipientAccountPasskeys').selectAll().execute());
      expect(dump).not.toContain(toBase64Url(authenticator.prf(credential!, salt)));
      expect(dump).not.toContain(r.identity);
    });

    it('an older session needs the password to add or remove a passkey; a wrong one counts as a failed sign-in', async () => {
      const r = await w.register(address('stale'));
      const added = await addPasskey(r);
      w.clock.advance(11 * 60 * 1000);
      expect(await addPasskey(r)).toMatchObject({ status: 403, code: 'SP_ERR_REAUTH_REQUIRED' });
      expect(await addPasskey(r, { password: 'not the password at all' })).toMatchObject({ code: 'SP_ERR_SIGN_IN_FAILED' });
      expect((await auditOf('recipient_account.sign_in_failed')).some((e) => e.details.reason === 'reauth_password')).toBe(true);
      expect((await addPasskey(r, { password: PASSWORD })).status).toBe(201);
      const remove = (body: object, token = r.token) => w.call('DELETE', `/api/recipient-account/passkeys/${added.credential!.id}`, { token, body });
      expect(errorCode(await remove({}))).toBe('SP_ERR_REAUTH_REQUIRED');
      expect((await remove({ password: PASSWORD })).statusCode).toBe(204);
      expect(errorCode(await remove({ password: PASSWORD }))).toBe('SP_ERR_NOT_FOUND');
      expect((await auditOf('recipient_account.passkey_removed')).some((e) => e.details.credentialId === added.credential!.id)).toBe(true);
      expect(errorCode(await signIn(r.email, added.credential!))).toBe('SP_ERR_SIGN_IN_FAILED');
      expect((await w.call('GET', '/api/recipient-account/passkeys', { token: r.token })).json<{ items: unknown[] }>().items).toHaveLength(1);
    });

    it('refuses a wrong assertion: bad signature, no user verification, another handle, a used challenge, a cloned counter', async () => {
      const r = await w.register(address('wrong'));
      const { credential } = await addPasskey(r);
      const c = credential!;
      expect(errorCode(await signIn(r.email, c, { tamper: true }))).toBe('SP_ERR_SIGN_IN_FAILED');
      expect(errorCode(await signIn(r.email, c, { userVerified: false }))).toBe('SP_ERR_SIGN_IN_FAILED');
      expect(errorCode(await signIn(r.email, c, { userHandle: toBase64Url(new TextEncoder().encode('someone-else')) }))).toBe('SP_ERR_SIGN_IN_FAILED');
      expect(errorCode(await signIn(r.email, c, { origin: 'https://evil.example' }))).toBe('SP_ERR_SIGN_IN_FAILED');
      const begun = (await w.call('POST', '/api/recipient-account/passkey/options')).json<Ceremony>();
      const body = { email: r.email, attemptId: begun.attemptId, response: authenticator.assert(c, begun.options.challenge) };
      expect((await w.call('POST', '/api/recipient-account/passkey/sign-in', { body })).statusCode).toBe(200);
      expect(errorCode(await w.call('POST', '/api/recipient-account/passkey/sign-in', { body }))).toBe('SP_ERR_SIGN_IN_FAILED');
      expect(errorCode(await signIn(r.email, c, { counter: 1 }))).toBe('SP_ERR_SIGN_IN_FAILED');
      expect((await auditOf('recipient_account.passkey_clone_suspected')).some((e) => e.details.credentialId === c.id)).toBe(true);
      const reasons = (await auditOf('recipient_account.sign_in_failed')).map((e) => e.details.reason);
      expect(reasons).toEqual(expect.arrayContaining(['passkey', 'passkey_user_handle', 'passkey_challenge', 'passkey_counter']));
    });

    it("refuses another account's passkey for this address, and an unknown address, alike; the other account cannot remove it", async () => {
      const a = await w.register(address('owner'));
      const b = await w.register(address('other'));
      const { credential } = await addPasskey(a);
      const foreign = await signIn(b.email, credential!);
      expect(errorCode(foreign)).toBe('SP_ERR_SIGN_IN_FAILED');
      expect(errorCode(await signIn(address('nobody'), credential!))).toBe('SP_ERR_SIGN_IN_FAILED');
      expect((await auditOf('recipient_account.sign_in_failed')).some((e) => e.details.reason === 'passkey_foreign')).toBe(true);
      expect(errorCode(await w.call('DELETE', `/api/recipient-account/passkeys/${credential!.id}`, { token: b.token, body: {} }))).toBe('SP_ERR_NOT_FOUND');
      expect((await w.call('GET', '/api/recipient-account/passkeys', { token: a.token })).json<{ items: unknown[] }>().items).toHaveLength(1);
      // Without a session nothing is listed, added or removed.
      expect((await w.call('GET', '/api/recipient-account/passkeys')).statusCode).toBe(401);
    });

    it('a password reset makes a new key and deletes the passkeys, whose wraps hold the old one', async () => {
      const r = await w.register(address('reset'));
      const { credential } = await addPasskey(r);
      const code = (await w.code(r.email, 'reset'))!;
      const keys = await w.keyPair('a brand new passphrase 77');
      const res = await w.call('POST', '/api/recipient-account/reset', { body: { email: r.email, code, password: 'a brand new passphrase 77', publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity } });
      expect(res.statusCode, res.body).toBe(200);
      const token = res.json<{ token: string }>().token;
      expect((await w.call('GET', '/api/recipient-account/passkeys', { token })).json()).toEqual({ items: [] });
      expect(await w.runtime.db.kysely.selectFrom('recipientAccountPasskeys').selectAll().where('id', '=', credential!.id).execute()).toEqual([]);
      expect(errorCode(await signIn(r.email, credential!))).toBe('SP_ERR_SIGN_IN_FAILED');
      expect((await auditOf('recipient_account.reset')).some((e) => e.details.passkeysRemoved === 1)).toBe(true);
    });

    it('limits passkey sign-ins per address and per client before any check, sharing the password sign-in buckets', async () => {
      const r = await w.register(address('limits'));
      const { credential } = await addPasskey(r);
      // Ten attempts per address in the window, whichever the door: five with the password, five with the passkey.
      for (let i = 0; i < 5; i += 1) expect((await w.call('POST', '/api/recipient-account/sign-in', { body: { email: r.email, password: PASSWORD }, client: `203.0.113.${i + 10}` })).statusCode).toBe(200);
      for (let i = 0; i < 5; i += 1) expect((await signIn(r.email, credential!, {}, `203.0.113.${i + 20}`)).statusCode).toBe(200);
      const limited = await signIn(r.email, credential!, {}, '203.0.113.30');
      expect(errorCode(limited)).toBe('SP_ERR_RATE_LIMITED');
      w.clock.advance(16 * 60 * 1000);
      expect((await signIn(r.email, credential!, {}, '203.0.113.31')).statusCode).toBe(200);
      // Per client: 60 sign-ins across addresses, then refused; options requests count separately but alike.
      const client = '198.51.100.200';
      for (let i = 0; i < 60; i += 1) await w.call('POST', '/api/recipient-account/passkey/sign-in', { body: { email: address('spray'), attemptId: 'A'.repeat(43), response: { id: credential!.id, rawId: credential!.id, type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' }, clientExtensionResults: {} } }, client });
      expect(errorCode(await signIn(r.email, credential!, {}, client))).toBe('SP_ERR_RATE_LIMITED');
    });
  });
}
