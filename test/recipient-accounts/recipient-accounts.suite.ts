import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlockPersonalKey } from '../../src/crypto/personal-key.ts';
import { fromBase64Url, keyLogEmailHash, verifyKeyLogSegment } from '../../src/crypto/index.ts';
import { openAccountMessageKey, unlockAccountIdentity } from '../../src/client/account-keys.ts';
import { createRecipientAccountApi } from '../../src/client/recipient-account-api.ts';
import { sweepAccountRows } from '../../src/core/accounts/retention.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { defineKeyLogChecks } from './key-log-checks.ts';
import { PASSWORD, startRecipientWorld, type RecipientWorld } from './world.ts';

/** Registered recipients (docs/recipient-accounts.md) over the HTTP API: one suite, run on SQLite and PostgreSQL. */
export function defineRecipientAccountSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`registered recipients on ${engine}`, () => {
    let w: RecipientWorld;
    beforeAll(async () => {
      w = await startRecipientWorld(databaseUrl());
    });
    afterAll(async () => w?.close());
    let n = 0;
    const address = (name: string) => `${name}.${(n += 1)}@client.example`;
    const errorCode = (res: { json: () => unknown }) => (res.json() as { error?: { code?: string } }).error?.code;

    it('registers with the mailed code: session, account view, key log entry, the key for senders, audited', async () => {
      const email = address('anna');
      const r = await w.register(email);
      const me = await w.call('GET', '/api/recipient-account/me', { token: r.token });
      expect(me.json()).toMatchObject({ account: { email, publicKey: r.publicKey, hasSecondFactor: false, lang: 'de' } });
      const sender = await w.guestToken('sender@elsewhere.example');
      const key = await w.call('GET', `/api/recipient-keys/${encodeURIComponent(email.toUpperCase())}`, { token: sender });
      expect(key.json()).toMatchObject({ registered: true, publicKey: r.publicKey });
      const { seq } = key.json<{ seq: number }>();
      const log = (await w.call('GET', `/api/key-log?after=${seq - 1}&limit=1`, { token: sender })).json<{ entries: Array<{ emailHash: string; publicKey: string; event: string }> }>();
      expect(log.entries).toMatchObject([{ seq, emailHash: keyLogEmailHash(email), publicKey: r.publicKey, event: 'registered' }]);
      expect((await w.call('GET', `/api/recipient-keys/${encodeURIComponent(address('nobody'))}`, { token: sender })).json()).toEqual({ registered: false });
      expect((await w.defaultAudit()).find((e) => e.action === 'recipient_account.registered' && e.details.keyLogSeq === seq)).toBeDefined();
      // Sign-in hands back the password-wrapped identity, which opens with the password on the device.
      const signedIn = await w.call('POST', '/api/recipient-account/sign-in', { body: { email, password: PASSWORD } });
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      const wrapped = signedIn.json<{ wrappedIdentity: string }>().wrappedIdentity;
      expect(await unlockPersonalKey({ wrappedIdentity: fromBase64Url(wrapped), password: PASSWORD })).toBe(r.identity);
    });

    it('a database thief finds no identity in clear: only the password-wrapped one, no session token, no code', async () => {
      const r = await w.register(address('thief'));
      const dump = JSON.stringify([
        await w.runtime.db.kysely.selectFrom('recipientAccounts').selectAll().execute(),
        await w.runtime.db.kysely.selectFrom('recipientAccountSessions').selectAll().execute(),
        await w.runtime.db.kysely.selectFrom('keyLog').selectAll().execute(),
        await w.runtime.db.kysely.selectFrom('verificationCodes').selectAll().execute(),
      ]);
      expect(dump).not.toContain(r.identity);
      expect(dump).not.toContain('AGE-SECRET-KEY');
      expect(dump).not.toContain(r.token);
      expect(dump).not.toContain(PASSWORD);
      expect(dump).toContain(r.wrappedIdentity);
    });

    it('register needs the right code: wrong, reused, expired and over-tried codes are refused; the account is made once', async () => {
      const email = address('codes');
      const keys = await w.keyPair();
      const body = (code: string) => ({ email, code, password: PASSWORD, publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity, lang: 'en' });
      const register = (code: string, client?: string) => w.call('POST', '/api/recipient-account/register', { body: body(code), ...(client ? { client } : {}) });
      const code = (await w.code(email, 'register'))!;
      const wrong = code === '000000' ? '111111' : '000000';
      expect(errorCode(await register(wrong))).toBe('SP_ERR_VERIFICATION_FAILED');
      // A weak password is refused before the code is tried (the code stays usable).
      expect(errorCode(await w.call('POST', '/api/recipient-account/register', { body: { ...body(code), password: 'short' } }))).toBe('SP_ERR_PASSWORD_POLICY');
      expect((await register(code)).statusCode).toBe(201);
      expect(errorCode(await register(code))).toBe('SP_ERR_VERIFICATION_FAILED');

      const late = address('late');
      const lateCode = (await w.code(late, 'register'))!;
      w.clock.advance(11 * 60 * 1000);
      expect(errorCode(await w.call('POST', '/api/recipient-account/register', { body: { ...body(lateCode), email: late } }))).toBe('SP_ERR_VERIFICATION_FAILED');

      // Five tries per code: after five wrong ones even the right code is void.
      const tried = address('tried');
      const triedCode = (await w.code(tried, 'register'))!;
      const other = triedCode === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i += 1) expect(errorCode(await w.call('POST', '/api/recipient-account/register', { body: { ...body(other), email: tried }, client: '203.0.113.5' }))).toBe('SP_ERR_VERIFICATION_FAILED');
      expect(errorCode(await w.call('POST', '/api/recipient-account/register', { body: { ...body(triedCode), email: tried }, client: '203.0.113.5' }))).toBe('SP_ERR_VERIFICATION_FAILED');
      expect(await w.runtime.repos.recipientAccounts.findByEmail(tried)).toBeUndefined();
      expect((await w.defaultAudit()).filter((e) => e.action === 'recipient_account.register_failed').length).toBeGreaterThanOrEqual(8);
    });

    it('answers a code request the same whether or not an account exists; mails a code only where it can be used', async () => {
      const registered = (await w.register(address('known'))).email;
      const unknown = address('unknown');
      const answers = await Promise.all([
        w.call('POST', '/api/recipient-account/code', { body: { email: registered, lang: 'en', purpose: 'register' } }),
        w.call('POST', '/api/recipient-account/code', { body: { email: unknown, lang: 'en', purpose: 'reset' } }),
        w.call('POST', '/api/recipient-account/code', { body: { email: registered, lang: 'en', purpose: 'reset' } }),
      ]);
      expect(answers.map((a) => [a.statusCode, a.body])).toEqual(Array(3).fill([202, JSON.stringify({ expiresInSeconds: 600 })]));
      // No code where it cannot be used: the owner of the address is told why instead.
      expect((await w.mailsTo(unknown)).map((m) => m.subject)).toEqual(['There is no Sealpost inbox for this address']);
      expect((await w.mailsTo(unknown))[0]?.text).not.toMatch(/\b\d{6}\b/);
      // The registered address got its first registration code, then (in the account's language, German) the notice
      // that it has an inbox already and the reset code.
      const subjects = (await w.mailsTo(registered)).map((m) => m.subject).sort();
      expect(subjects).toEqual(['Ihr Code zum Zurücksetzen des Passworts Ihres Sealpost-Postfachs', 'Sie haben bereits ein Sealpost-Postfach', 'Your code to set up your Sealpost inbox']);
      // The code mail comes in the language asked for.
      const de = address('sprache');
      await w.call('POST', '/api/recipient-account/code', { body: { email: de, lang: 'de', purpose: 'register' } });
      expect((await w.mailsTo(de))[0]?.subject).toBe('Ihr Code zum Einrichten Ihres Sealpost-Postfachs');
    });

    it('sign-in: a wrong password and an unknown address get the same answer; both are audited', async () => {
      const r = await w.register(address('signin'));
      const wrong = await w.call('POST', '/api/recipient-account/sign-in', { body: { email: r.email, password: 'not the password at all' } });
      const unknown = await w.call('POST', '/api/recipient-account/sign-in', { body: { email: address('ghost'), password: PASSWORD } });
      expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
      expect(wrong.json()).toEqual(unknown.json());
      expect(errorCode(wrong)).toBe('SP_ERR_SIGN_IN_FAILED');
      const reasons = (await w.defaultAudit()).filter((e) => e.action === 'recipient_account.sign_in_failed').map((e) => e.details.reason);
      expect(reasons).toEqual(expect.arrayContaining(['password', 'unknown']));
      // Signed out, the token is refused.
      expect((await w.call('POST', '/api/recipient-account/sign-out', { token: r.token })).statusCode).toBe(204);
      expect((await w.call('GET', '/api/recipient-account/me', { token: r.token })).statusCode).toBe(401);
    });

    it('TOTP: enrolled with a first code, then required at sign-in; a wrong or replayed code is refused', async () => {
      const r = await w.register(address('totp'));
      const setup = (await w.call('POST', '/api/recipient-account/totp', { token: r.token })).json<{ secret: string; otpauthUri: string }>();
      expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      expect(errorCode(await w.call('POST', '/api/recipient-account/totp/confirm', { token: r.token, body: { code: '000000' } }))).toBe('SP_ERR_VERIFICATION_FAILED');
      const first = totpCode(setup.secret, w.clock.now());
      expect((await w.call('POST', '/api/recipient-account/totp/confirm', { token: r.token, body: { code: first } })).statusCode).toBe(204);
      expect((await w.call('GET', '/api/recipient-account/me', { token: r.token })).json()).toMatchObject({ account: { hasSecondFactor: true } });
      expect(errorCode(await w.call('POST', '/api/recipient-account/totp', { token: r.token }))).toBe('SP_ERR_CONFLICT');

      const signIn = (totp?: string) => w.call('POST', '/api/recipient-account/sign-in', { body: { email: r.email, password: PASSWORD, ...(totp ? { totp } : {}) } });
      expect(errorCode(await signIn())).toBe('SP_ERR_SECOND_FACTOR_REQUIRED');
      expect(errorCode(await signIn(first))).toBe('SP_ERR_SIGN_IN_FAILED');
      w.clock.advance(30_000);
      expect((await signIn(totpCode(setup.secret, w.clock.now()))).statusCode).toBe(200);
      // Without the password, the second factor is never mentioned.
      expect(errorCode(await w.call('POST', '/api/recipient-account/sign-in', { body: { email: r.email, password: 'wrong password here' } }))).toBe('SP_ERR_SIGN_IN_FAILED');
      const sealed = await w.runtime.repos.recipientAccounts.findByEmail(r.email);
      expect(sealed?.totpSecret).not.toContain(setup.secret);
      w.clock.advance(30_000);
    });

    it('limits sign-ins per address and code requests per client', async () => {
      const r = await w.register(address('limited'));
      const tries = [];
      for (let i = 0; i < 11; i += 1) tries.push(await w.call('POST', '/api/recipient-account/sign-in', { body: { email: r.email, password: 'wrong password here' }, client: `192.0.2.${i + 1}` }));
      expect(tries.slice(0, 10).map(errorCode)).toEqual(Array(10).fill('SP_ERR_SIGN_IN_FAILED'));
      expect(errorCode(tries[10]!)).toBe('SP_ERR_RATE_LIMITED');
      // The right password from a new client is throttled too while the window lasts.
      expect(errorCode(await w.call('POST', '/api/recipient-account/sign-in', { body: { email: r.email, password: PASSWORD }, client: '192.0.2.99' }))).toBe('SP_ERR_RATE_LIMITED');

      const codes = [];
      for (let i = 0; i < 31; i += 1) codes.push(await w.call('POST', '/api/recipient-account/code', { body: { email: address('many'), lang: 'en', purpose: 'register' }, client: '2001:db8:1:2::' + String(i + 1) }));
      expect(codes.slice(0, 30).every((c) => c.statusCode === 202)).toBe(true);
      expect(errorCode(codes[30]!)).toBe('SP_ERR_RATE_LIMITED');
      // Per address: the sixth code in an hour is refused, from any client.
      const one = address('one');
      for (let i = 0; i < 5; i += 1) expect((await w.call('POST', '/api/recipient-account/code', { body: { email: one, lang: 'en', purpose: 'register' }, client: `198.18.0.${i + 1}` })).statusCode).toBe(202);
      expect(errorCode(await w.call('POST', '/api/recipient-account/code', { body: { email: one, lang: 'en', purpose: 'register' }, client: '198.18.1.1' }))).toBe('SP_ERR_RATE_LIMITED');
      w.clock.advance(60 * 60 * 1000);
    });

    it('tells each sender with live messages once that the address registered', async () => {
      const email = address('dana');
      await w.message('s5@sender.example', [{ email }]);
      await w.message('s5@sender.example', [{ email }]);
      await w.message('s6@sender.example', [{ email }, { email: address('other') }]);
      await w.register(email);
      const registeredMails = async (to: string) => (await w.mailsTo(to)).filter((m) => m.subject === `${email} now receives secure messages without a code`);
      expect((await registeredMails('s5@sender.example')).length).toBe(1);
      expect((await registeredMails('s6@sender.example')).length).toBe(1);
    });

    it("inbox lists only this address's live messages; open works only for its own account rows", async () => {
      const anna = await w.register(address('inbox-anna'));
      const ben = await w.register(address('inbox-ben'));
      const sent = await w.message('s1@sender.example', [{ email: anna.email, accountKey: anna.publicKey }, { email: ben.email, accountKey: ben.publicKey }], { notifyOnOpen: true });
      const linked = await w.message('s2@sender.example', [{ email: anna.email }]);
      const recalled = await w.message('s2@sender.example', [{ email: anna.email, accountKey: anna.publicKey }]);
      await w.runtime.repos.transfers.markRecalled(recalled.transfer.id, w.clock.now());
      await w.message('s3@sender.example', [{ email: address('stranger') }]);
      const [annaRow, benRow] = sent.recipients;

      const inbox = (await w.call('GET', '/api/recipient-account/inbox', { token: anna.token })).json<{ items: Array<{ recipientId: string; opensWith: string; senderEmail: string; state: string }> }>();
      expect(inbox.items.map((i) => [i.recipientId, i.opensWith, i.senderEmail, i.state]).sort()).toEqual(
        [[annaRow!.id, 'account', 's1@sender.example', 'active'], [linked.recipients[0]!.id, 'link', 's2@sender.example', 'active']].sort(),
      );

      const open = (rid: string, token = anna.token) => w.call('POST', `/api/recipient-account/messages/${rid}/open`, { token });
      expect(errorCode(await open(benRow!.id))).toBe('SP_ERR_NOT_FOUND');
      expect((await open(linked.recipients[0]!.id)).json()).toMatchObject({ error: { code: 'SP_ERR_CONFLICT', details: { reason: 'not_account' } } });
      expect(errorCode(await open(recalled.recipients[0]!.id))).toBe('SP_ERR_WITHDRAWN');
      expect((await open(annaRow!.id, 'spra_' + 'x'.repeat(43))).statusCode).toBe(401);

      const opened = await open(annaRow!.id);
      expect(opened.statusCode, opened.body).toBe(200);
      const release = opened.json<{ token: string; wrappedIdentity: string; serverShare?: string; transferId: string; manifest: string }>();
      expect(release).toMatchObject({ wrappedIdentity: sent.wrapped[0], transferId: sent.transfer.id, manifest: 'bWFuaWZlc3Q=' });
      // The device: the identity from sign-in's wrap and the password, then the message key from the open's answer.
      const signedIn = (await w.call('POST', '/api/recipient-account/sign-in', { body: { email: anna.email, password: PASSWORD } })).json<{ wrappedIdentity: string }>();
      expect(await openAccountMessageKey(release, await unlockAccountIdentity(signedIn.wrappedIdentity, PASSWORD))).toBe(sent.messageIdentity);
      expect(release.serverShare).toBeUndefined();
      // The recipient session is the one the existing recipient routes take (an unknown file is "not found", not "unauthorised").
      expect((await w.call('GET', `/api/r/${annaRow!.id}/files/${'A'.repeat(22)}`, { token: release.token })).statusCode).toBe(404);
      expect((await w.call('GET', `/api/r/${annaRow!.id}/files/${'A'.repeat(22)}`)).statusCode).toBe(401);
      // Bookkeeping as for a verification: first open stamped, the sender told, audited with the method.
      expect((await w.runtime.repos.recipients.get(annaRow!.id))?.firstOpenedAt).toEqual(w.clock.now());
      expect((await w.mailsTo('s1@sender.example')).map((m) => m.subject)).toContain(`${anna.email} has opened your secure message`);
      expect((await w.defaultAudit()).find((e) => e.action === 'recipient.key_released' && e.details.method === 'account')).toBeDefined();
    });

    it('reset: new key, the old key\'s rows are lost and listed, each sender told once, old sessions ended', async () => {
      const carla = await w.register(address('reset-carla'));
      const a = await w.message('s7@sender.example', [{ email: carla.email, accountKey: carla.publicKey }]);
      const b = await w.message('s7@sender.example', [{ email: carla.email, accountKey: carla.publicKey }]);
      const c = await w.message('s8@sender.example', [{ email: carla.email, accountKey: carla.publicKey }]);
      const link = await w.message('s8@sender.example', [{ email: carla.email }]);
      const code = (await w.code(carla.email, 'reset'))!;
      const keys = await w.keyPair('a brand new passphrase 77');
      const body = { email: carla.email, code, password: 'a brand new passphrase 77', publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity };
      // Four wrong tries; the right code on its fifth and last try still works.
      for (let i = 0; i < 4; i += 1) {
        expect(errorCode(await w.call('POST', '/api/recipient-account/reset', { body: { ...body, code: code === '000000' ? '111111' : '000000' }, client: '203.0.113.77' }))).toBe('SP_ERR_VERIFICATION_FAILED');
      }
      const res = await w.call('POST', '/api/recipient-account/reset', { body, client: '203.0.113.77' });
      expect(res.statusCode, res.body).toBe(200);
      const reset = res.json<{ token: string; account: { publicKey: string }; lost: Array<{ recipientId: string; senderEmail: string }> }>();
      expect(reset.account.publicKey).toBe(keys.publicKey);
      expect(reset.lost.map((l) => l.recipientId).sort()).toEqual([a, b, c].map((m) => m.recipients[0]!.id).sort());
      expect((await w.call('GET', '/api/recipient-account/me', { token: carla.token })).statusCode).toBe(401);
      const items = (await w.call('GET', '/api/recipient-account/inbox', { token: reset.token })).json<{ items: Array<{ recipientId: string; opensWith: string }> }>().items;
      expect(Object.fromEntries(items.map((i) => [i.recipientId, i.opensWith]))).toEqual({
        [a.recipients[0]!.id]: 'lost', [b.recipients[0]!.id]: 'lost', [c.recipients[0]!.id]: 'lost', [link.recipients[0]!.id]: 'link',
      });
      expect((await w.runtime.repos.recipients.get(a.recipients[0]!.id))?.keyLostAt).toEqual(w.clock.now());
      expect((await w.call('POST', `/api/recipient-account/messages/${a.recipients[0]!.id}/open`, { token: reset.token })).json()).toMatchObject({ error: { details: { reason: 'key_lost' } } });
      const lostMails = async (to: string) => (await w.mailsTo(to)).filter((m) => m.subject === `${carla.email} can no longer open your secure message`);
      expect((await lostMails('s7@sender.example')).map((m) => /(\d+) messages you sent them can/.exec(m.text)?.[1])).toEqual(['2']);
      expect((await lostMails('s8@sender.example')).length).toBe(1);
      // The new password signs in; the code was spent.
      expect((await w.call('POST', '/api/recipient-account/sign-in', { body: { email: carla.email, password: 'a brand new passphrase 77' } })).statusCode).toBe(200);
      expect(errorCode(await w.call('POST', '/api/recipient-account/reset', { body }))).toBe('SP_ERR_VERIFICATION_FAILED');
      expect((await w.defaultAudit()).find((e) => e.action === 'recipient_account.reset' && e.details.lost === 3 && e.details.secondFactor === false)).toBeDefined();
    });

    it('reset asks for the second factor once enrolled, without spending the e-mail code', async () => {
      const r = await w.register(address('reset-totp'));
      const { secret } = (await w.call('POST', '/api/recipient-account/totp', { token: r.token })).json<{ secret: string }>();
      expect((await w.call('POST', '/api/recipient-account/totp/confirm', { token: r.token, body: { code: totpCode(secret, w.clock.now()) } })).statusCode).toBe(204);
      w.clock.advance(30_000);
      const code = (await w.code(r.email, 'reset'))!;
      const keys = await w.keyPair();
      const body = { email: r.email, code, password: PASSWORD, publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity };
      expect(errorCode(await w.call('POST', '/api/recipient-account/reset', { body }))).toBe('SP_ERR_SECOND_FACTOR_REQUIRED');
      expect(errorCode(await w.call('POST', '/api/recipient-account/reset', { body: { ...body, totp: '000000' } }))).toBe('SP_ERR_VERIFICATION_FAILED');
      const ok = await w.call('POST', '/api/recipient-account/reset', { body: { ...body, totp: totpCode(secret, w.clock.now()) } });
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await w.defaultAudit()).find((e) => e.action === 'recipient_account.reset' && e.details.secondFactor === true)).toBeDefined();
      w.clock.advance(30_000);
    });

    it('locks sign-in for an hour after 20 consecutive failures (answered like a wrong password); a reset lifts it', async () => {
      const r = await w.register(address('locked'));
      const attempt = (password: string, client: string) => w.call('POST', '/api/recipient-account/sign-in', { body: { email: r.email, password }, client });
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < 10; i += 1) expect(errorCode(await attempt('wrong password here', `192.0.2.${round * 10 + i + 1}`))).toBe('SP_ERR_SIGN_IN_FAILED');
        w.clock.advance(15 * 60 * 1000);
      }
      expect(errorCode(await attempt(PASSWORD, '192.0.2.200'))).toBe('SP_ERR_SIGN_IN_FAILED');
      expect((await w.defaultAudit()).filter((e) => e.action === 'recipient_account.locked' && e.details.accountId !== undefined).length).toBeGreaterThanOrEqual(1);
      const code = (await w.code(r.email, 'reset'))!;
      const keys = await w.keyPair();
      expect((await w.call('POST', '/api/recipient-account/reset', { body: { email: r.email, code, password: PASSWORD, publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity } })).statusCode).toBe(200);
      expect((await attempt(PASSWORD, '192.0.2.201')).statusCode).toBe(200);
    });

    it('appends from parallel registrations form one unbroken chain; the routes are in the OpenAPI document', async () => {
      const before = (await w.runtime.repos.keyLog.head())?.seq ?? 0;
      // Codes one after the other (the dev mailbox is read after each), then five registrations at once.
      const ready = [];
      for (let i = 0; i < 5; i += 1) {
        const email = address('parallel');
        ready.push({ email, code: (await w.code(email, 'register'))!, ...(await w.keyPair()) });
      }
      const results = await Promise.all(ready.map((r) => w.call('POST', '/api/recipient-account/register', { body: { email: r.email, code: r.code, password: PASSWORD, publicKey: r.publicKey, wrappedIdentity: r.wrappedIdentity, lang: 'en' } })));
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
      const all = await w.runtime.repos.keyLog.list({ after: 0, limit: 1000 });
      expect(verifyKeyLogSegment(null, all)?.seq).toBe(before + 5);
      const doc = (await w.inject('GET', '/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
      for (const path of ['/api/recipient-account/code', '/api/recipient-account/register', '/api/recipient-account/sign-in', '/api/recipient-account/inbox', '/api/recipient-account/messages/{rid}/open', '/api/recipient-account/reset', '/api/key-log', '/api/recipient-keys/{email}']) {
        expect(doc.paths[path], path).toBeDefined();
      }
    });

    it('accepts a post-quantum hybrid key (age1pq1…) and refuses what is no age recipient', async () => {
      const email = address('pq');
      const code = (await w.code(email, 'register'))!;
      const keys = await w.keyPair(PASSWORD, true);
      expect(keys.publicKey.startsWith('age1pq1')).toBe(true);
      const body = { email, code, password: PASSWORD, publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity, lang: 'nl' };
      expect(errorCode(await w.call('POST', '/api/recipient-account/register', { body: { ...body, publicKey: 'AGE-SECRET-KEY-1QQQ' } }))).toBe('SP_ERR_VALIDATION');
      const res = await w.call('POST', '/api/recipient-account/register', { body });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ account: { publicKey: keys.publicKey, lang: 'nl' } });
    });

    it('the typed client core drives the whole flow: code, register, me, TOTP, inbox, open, sign-out', async () => {
      const client = createRecipientAccountApi(w.apiClient());
      const email = address('typed');
      expect(await client.requestCode({ email, lang: 'en', purpose: 'register' })).toEqual({ expiresInSeconds: 600 });
      const code = /\b(\d{6})\b/.exec((await w.mailsTo(email)).at(-1)!.text)![1]!;
      const keys = await w.keyPair();
      const session = await client.register({ email, code, password: PASSWORD, publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity, lang: 'en' });
      expect((await client.me(session.token)).account).toEqual({ ...session.account, pdfPassword: false });
      const setup = await client.startTotp(session.token);
      await client.confirmTotp(session.token, totpCode(setup.secret, w.clock.now()));
      w.clock.advance(30_000);
      await expect(client.signIn({ email, password: PASSWORD })).rejects.toMatchObject({ code: 'SP_ERR_SECOND_FACTOR_REQUIRED', status: 401 });
      const signedIn = await client.signIn({ email, password: PASSWORD, totp: totpCode(setup.secret, w.clock.now()) });
      const sent = await w.message('typed@sender.example', [{ email, accountKey: keys.publicKey }]);
      const { items } = await client.inbox(signedIn.token);
      expect(items).toMatchObject([{ recipientId: sent.recipients[0]!.id, opensWith: 'account' }]);
      const release = await client.open(signedIn.token, items[0]!.recipientId);
      expect(await openAccountMessageKey(release, await unlockAccountIdentity(signedIn.wrappedIdentity, PASSWORD))).toBe(sent.messageIdentity);
      await client.signOut(signedIn.token);
      await expect(client.inbox(signedIn.token)).rejects.toMatchObject({ code: 'SP_ERR_UNAUTHORIZED' });
      // The registration's session ends after 12 hours, and the account cleanup then deletes its row.
      const live = async () => (await w.runtime.db.kysely.selectFrom('recipientAccountSessions').select('tokenHash').where('tokenHash', '=', w.runtime.transfers.secrets.digest('token', session.token)).execute()).length;
      w.clock.advance(11 * 3600 * 1000);
      await sweepAccountRows({ repos: w.runtime.repos, clock: w.clock });
      expect(await live()).toBe(1);
      w.clock.advance(3600 * 1000 + 1000);
      await expect(client.me(session.token)).rejects.toMatchObject({ code: 'SP_ERR_UNAUTHORIZED' });
      expect((await sweepAccountRows({ repos: w.runtime.repos, clock: w.clock })).recipientAccountSessions).toBeGreaterThan(0);
      expect(await live()).toBe(0);
    });

    defineKeyLogChecks(() => w, address);
  });
}
