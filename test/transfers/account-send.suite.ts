// Sending to a registered recipient (method `account`, docs/recipient-accounts.md) through the real HTTP API: the
// material is the message identity wrapped to the account key plus that key, the notification links to the inbox
// with no secret, the link routes refuse the row; a key that is not the account's current one is refused with 409
// SP_ERR_RECIPIENT_KEY_CHANGED, an address without an account with 409 (no_account), a server whose rules do not
// allow `account` with SP_ERR_AGREEMENT; after a password reset the row is marked lost and a resend wrapped to the
// new key restores it. One suite, run on SQLite and PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openRecipientSecrets } from '../../src/core/transfers/recipient-secrets.ts';
import {
  ARGON2_MIN, generateAgeKeyPair, generateMessageIdentity, generatePersonalKey, toBase64Url, unwrapIdentityWithPersonalKey, fromBase64Url,
  wrapIdentityToRecipient,
} from '../../src/crypto/index.ts';
import { startApi, type ApiHarness } from './api-harness.ts';

const PASSWORD = 'a long and unusual passphrase 7';

interface Registered { email: string; publicKey: string; identity: string }

export function defineAccountSendSuite(engine: string, env: () => Record<string, string> | undefined): void {
  describe(`sending to a registered recipient (${engine})`, () => {
    let api: ApiHarness;
    let strict: ApiHarness;
    let sender: { token: string };
    let round = 0;

    beforeAll(async () => {
      const e = env();
      if (!e) throw new Error('no database');
      api = await startApi({ DEV_MAILBOX: 'true', ...e });
      // An installation whose rules leave `account` out (the agreements check is the same for an organisation's).
      strict = await startApi({ DEV_MAILBOX: 'true', VERIFICATION_METHODS: 'sms,code,email' });
    });
    afterAll(async () => {
      await api?.close();
      await strict?.close();
    });
    beforeEach(async () => {
      round += 1;
      api.clock.advance(25 * 3600 * 1000);
      sender = await api.signIn(`dr.muster.${round}@praxis-muster.de`);
    });

    const mailsTo = async (address: string) => {
      await api.runtime.worker.runOnce();
      const { json } = await api.call('GET', '/api/dev/mailbox?limit=500');
      return (json.items as Array<{ kind: string; mail?: { to: Array<{ address: string }>; text: string } }>)
        .filter((i) => i.kind === 'mail' && i.mail?.to[0]?.address === address)
        .map((i) => i.mail?.text ?? '');
    };

    type MailItem = { id: string; kind: string; mail?: { to: Array<{ address: string }>; text: string } };
    const mailbox = async () => ((await api.call('GET', '/api/dev/mailbox?limit=500')).json.items as MailItem[]);

    /** Requests an e-mail code and reads it from the one new mail (mailbox ids are not in time order on every engine). */
    async function codeFor(email: string, purpose: 'register' | 'reset'): Promise<string> {
      await api.runtime.worker.runOnce();
      const seen = new Set((await mailbox()).map((m) => m.id));
      expect((await api.call('POST', '/api/recipient-account/code', { body: { email, lang: 'de', purpose } })).status).toBe(202);
      await api.runtime.worker.runOnce();
      const fresh = (await mailbox()).find((m) => !seen.has(m.id) && m.kind === 'mail' && m.mail?.to[0]?.address === email);
      const code = /\b(\d{6})\b/.exec(fresh?.mail?.text ?? '')?.[1];
      if (!code) throw new Error(`no code mailed to ${email}`);
      return code;
    }

    /** Proves the address by its mailed code and registers a key pair made "on the device". */
    async function register(email: string, postQuantum = false): Promise<Registered> {
      const code = await codeFor(email, 'register');
      const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN, postQuantum });
      const res = await api.call('POST', '/api/recipient-account/register', {
        body: { email, code, password: PASSWORD, publicKey: key.recipient, wrappedIdentity: toBase64Url(key.wrappedIdentity), lang: 'de' },
      });
      expect(res.status).toBe(201);
      return { email, publicKey: key.recipient, identity: key.identity };
    }

    async function reset(account: Registered): Promise<Registered> {
      const code = await codeFor(account.email, 'reset');
      const key = await generatePersonalKey({ password: `${PASSWORD} new`, params: ARGON2_MIN });
      const res = await api.call('POST', '/api/recipient-account/reset', {
        body: { email: account.email, code, password: `${PASSWORD} new`, publicKey: key.recipient, wrappedIdentity: toBase64Url(key.wrappedIdentity) },
      });
      expect(res.status).toBe(200);
      return { email: account.email, publicKey: key.recipient, identity: key.identity };
    }

    /** A message with no files to `email` on `account`; returns the ids and the message identity. */
    async function compose(email: string, h: ApiHarness = api, token = sender.token) {
      const created = await h.call('POST', '/api/transfers', { token, body: { recipients: [{ email, method: 'account' }], files: [] } });
      return created;
    }

    async function material(identity: string, transferId: string, rid: string, accountKey: string) {
      return { id: rid, wrappedIdentity: toBase64Url(await wrapIdentityToRecipient({ identity, recipient: accountKey, messageId: transferId })), accountKey };
    }

    const sendBody = (recipient: unknown) => ({
      manifest: Buffer.from('opaque manifest').toString('base64'), ownerWrappedIdentity: 'b3duZXI', recipients: [recipient], notify: true,
    });

    it('stores the identity wrapped to the account key, mails the inbox link with no secret, and refuses the link routes', async () => {
      const bob = await register(`bob.${round}@example.org`);
      const created = await compose(bob.email);
      expect(created.json).toMatchObject({ recipients: [{ method: 'account' }] });
      expect(created.status).toBe(201);
      const transferId = created.json.id as string;
      const rid = created.json.recipients[0].id as string;
      expect(created.json.recipients[0].method).toBe('account');
      const message = await generateMessageIdentity();
      const sent = await api.call('POST', `/api/transfers/${transferId}/send`, { token: sender.token, body: sendBody(await material(message.identity, transferId, rid, bob.publicKey)) });
      expect(sent.status).toBe(200);
      expect(sent.json.recipients[0]).toMatchObject({ method: 'account', keyLostAt: null });

      const mails = await mailsTo(bob.email);
      const notification = mails.find((m) => m.includes(`/inbox/m/${rid}`));
      expect(notification).toBeDefined();
      expect(notification).not.toContain('#');
      expect(notification).toContain('Sealpost-Posteingang');

      // Stored sealed, opened only with the recipient's erasable key: the account's identity opens it, bound to the message.
      const row = await api.runtime.repos.recipients.get(rid);
      expect(row?.serverShare).toBeNull();
      expect(row?.accountKey).toBe(bob.publicKey);
      const secrets = row && (await openRecipientSecrets(api.runtime.transfers.keys, row));
      const opened = await unwrapIdentityWithPersonalKey({ wrapped: fromBase64Url(secrets?.wrappedIdentity ?? ''), personalIdentity: bob.identity, messageId: transferId });
      expect(opened).toBe(message.identity);

      expect((await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: 'A'.repeat(43) } })).json.error.code).toBe('SP_ERR_VALIDATION');
      expect((await api.call('POST', `/api/r/${rid}/code`)).status).toBe(400);
    });

    it('sends to a post-quantum hybrid account key (age1pq1…) the same way', async () => {
      const pq = await register(`pq.${round}@example.org`, true);
      expect(pq.publicKey.startsWith('age1pq1')).toBe(true);
      const created = await compose(pq.email);
      const transferId = created.json.id as string;
      const rid = created.json.recipients[0].id as string;
      const message = await generateMessageIdentity();
      const sent = await api.call('POST', `/api/transfers/${transferId}/send`, { token: sender.token, body: sendBody(await material(message.identity, transferId, rid, pq.publicKey)) });
      expect(sent.status).toBe(200);
      const row = await api.runtime.repos.recipients.get(rid);
      const secrets = row && (await openRecipientSecrets(api.runtime.transfers.keys, row));
      expect(await unwrapIdentityWithPersonalKey({ wrapped: fromBase64Url(secrets?.wrappedIdentity ?? ''), personalIdentity: pq.identity, messageId: transferId })).toBe(message.identity);
    });

    it('refuses material for a key that is not the account key (409 SP_ERR_RECIPIENT_KEY_CHANGED), and material of another method', async () => {
      const bob = await register(`carol.${round}@example.org`);
      const created = await compose(bob.email);
      const transferId = created.json.id as string;
      const rid = created.json.recipients[0].id as string;
      const message = await generateMessageIdentity();
      const forged = await generateAgeKeyPair({ postQuantum: false });
      const stale = await api.call('POST', `/api/transfers/${transferId}/send`, { token: sender.token, body: sendBody(await material(message.identity, transferId, rid, forged.recipient)) });
      expect(stale.status).toBe(409);
      expect(stale.json.error.code).toBe('SP_ERR_RECIPIENT_KEY_CHANGED');
      // A key split (no account key) or an account key plus a server share is not what an `account` row takes.
      const split = await api.call('POST', `/api/transfers/${transferId}/send`, { token: sender.token, body: sendBody({ id: rid, serverShare: 'A'.repeat(43), wrappedIdentity: 'AAAA' }) });
      expect(split.status).toBe(400);
      const both = await api.call('POST', `/api/transfers/${transferId}/send`, { token: sender.token, body: sendBody({ ...(await material(message.identity, transferId, rid, bob.publicKey)), serverShare: 'A'.repeat(43) }) });
      expect(both.status).toBe(400);
      // Nothing was stored or mailed by the refusals; the right key goes through.
      expect((await api.runtime.repos.transfers.get(transferId))?.status).toBe('draft');
      const ok = await api.call('POST', `/api/transfers/${transferId}/send`, { token: sender.token, body: sendBody(await material(message.identity, transferId, rid, bob.publicKey)) });
      expect(ok.status).toBe(200);
    });

    it('refuses `account` for an address with no account (409 no_account), and where the rules do not allow it (SP_ERR_AGREEMENT)', async () => {
      const none = await compose(`nobody.${round}@example.org`);
      expect(none.status).toBe(409);
      expect(none.json.error).toMatchObject({ code: 'SP_ERR_CONFLICT', details: { reason: 'no_account' } });

      const guest = await strict.signIn(`dr.strict.${round}@praxis-muster.de`);
      const refused = await compose(`anyone.${round}@example.org`, strict, guest.token);
      expect(refused.status).toBe(403);
      expect(refused.json.error).toMatchObject({ code: 'SP_ERR_AGREEMENT', details: { rule: 'allowedMethods' } });
    });

    it('a resend may move a recipient who registered since onto `account`; it is not remembered as their method', async () => {
      const fay = `fay.${round}@example.org`;
      const created = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: [{ email: fay, method: 'email' }], files: [] } });
      const transferId = created.json.id as string;
      const rid = created.json.recipients[0].id as string;
      const secret = 'A'.repeat(43);
      expect((await api.call('POST', `/api/transfers/${transferId}/send`, { token: sender.token, body: sendBody({ id: rid, serverShare: secret, wrappedIdentity: 'AAAA', linkSecret: secret }) })).status).toBe(200);
      const registered = await register(fay);
      const message = await generateMessageIdentity();
      const { id: _id, ...material2 } = await material(message.identity, transferId, rid, registered.publicKey);
      const moved = await api.call('POST', `/api/transfers/${transferId}/recipients/${rid}/resend`, { token: sender.token, body: { ...material2, method: 'account' } });
      expect(moved.status).toBe(200);
      expect(moved.json.recipients[0]).toMatchObject({ method: 'account', keyLostAt: null });
      expect((await mailsTo(fay)).some((m) => m.includes(`/inbox/m/${rid}`))).toBe(true);
      const row = await api.runtime.repos.recipients.get(rid);
      expect(row).toMatchObject({ method: 'account', serverShare: null, codeVerifierDigest: null, accountKey: registered.publicKey });
      // The sender's memory for the address keeps the last method that is not `account` (registration decides that).
      const pref = await api.call('GET', `/api/sender/recipient-preferences?email=${encodeURIComponent(fay)}`, { token: sender.token });
      expect(pref.json.method).toBe('email');
    });

    it('asking about `account` at compose counts against the key lookups of the sender (600 an hour): then 429', async () => {
      const many = (batch: number) => Array.from({ length: 100 }, (_, i) => ({ email: `probe.${round}.${batch}.${i}@example.org`, method: 'account' }));
      for (let batch = 0; batch < 6; batch += 1) {
        const probed = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: many(batch), files: [] } });
        expect(probed.json.error.details.reason).toBe('no_account');
      }
      const over = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: many(6).slice(0, 1), files: [] } });
      expect(over.status).toBe(429);
      expect((await api.call('GET', `/api/recipient-keys/${encodeURIComponent(`x.${round}@example.org`)}`, { token: sender.token })).status).toBe(429);
    });

    it('after a reset the row is lost; a resend to the old key is refused, to the new key restores it and mails again', async () => {
      const dave = await register(`dave.${round}@example.org`);
      const created = await compose(dave.email);
      const transferId = created.json.id as string;
      const rid = created.json.recipients[0].id as string;
      const message = await generateMessageIdentity();
      expect((await api.call('POST', `/api/transfers/${transferId}/send`, { token: sender.token, body: sendBody(await material(message.identity, transferId, rid, dave.publicKey)) })).status).toBe(200);

      const renewed = await reset(dave);
      const lost = await api.call('GET', `/api/transfers/${transferId}`, { token: sender.token });
      expect(lost.json.recipients[0].keyLostAt).not.toBeNull();

      const resend = async (accountKey: string) =>
        api.call('POST', `/api/transfers/${transferId}/recipients/${rid}/resend`, { token: sender.token, body: { ...(await material(message.identity, transferId, rid, accountKey)), id: undefined } });
      const old = await resend(dave.publicKey);
      expect(old.status).toBe(409);
      expect(old.json.error.code).toBe('SP_ERR_RECIPIENT_KEY_CHANGED');

      const before = (await mailsTo(dave.email)).filter((m) => m.includes(`/inbox/m/${rid}`)).length;
      const restored = await resend(renewed.publicKey);
      expect(restored.status).toBe(200);
      expect(restored.json.recipients[0]).toMatchObject({ method: 'account', keyLostAt: null });
      expect((await mailsTo(dave.email)).filter((m) => m.includes(`/inbox/m/${rid}`))).toHaveLength(before + 1);
      const row = await api.runtime.repos.recipients.get(rid);
      expect(row?.accountKey).toBe(renewed.publicKey);
      const secrets = row && (await openRecipientSecrets(api.runtime.transfers.keys, row));
      expect(await unwrapIdentityWithPersonalKey({ wrapped: fromBase64Url(secrets?.wrappedIdentity ?? ''), personalIdentity: renewed.identity, messageId: transferId })).toBe(message.identity);

      await api.runtime.repos.audit.sealPending();
      const events = (await api.call('GET', `/api/transfers/${transferId}/audit`, { token: sender.token })).json.events as Array<{ action: string; details: Record<string, unknown> }>;
      expect(events.find((e) => e.action === 'transfer.notification_resent')?.details).toMatchObject({ method: 'account', keyRestored: true });
    });
  });
}
