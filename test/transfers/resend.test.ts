// A recipient's notification sent again, through the real HTTP API on SQLite and on PostgreSQL: the new material
// replaces the old (the old verifier and every stored copy of the old sealed values open nothing), the new link is
// mailed through the outbox (an undelivered earlier notification is withdrawn), audited; rate-limited per recipient
// and per sender; refused for someone else's message, a recalled or expired one. With it the sender may change the
// recipient's verification method or SMS number (within the allowed methods; a code sent the old way stops working). The client crypto is not needed
// here (the server never looks inside): the CLI and browser tests open a resent link for real.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openRecipientSecrets } from '../../src/core/transfers/recipient-secrets.ts';
import { accessCodeVerifierDigest, encodeSecret, generateSecret, toBase64Url } from '../../src/crypto/index.ts';
import { createTestPostgres, type TestPostgres } from '../db/postgres-harness.ts';
import { startApi, type ApiHarness } from './api-harness.ts';
import { sendFixture } from './transfer-fixture.ts';

const pg: TestPostgres | undefined = await createTestPostgres();
afterAll(async () => pg?.drop());

const secret = () => encodeSecret(generateSecret());

/** What a sender's client makes for a code-method recipient (random here: the server only stores it). */
function newMaterial() {
  const verifier = randomBytes(32);
  const body = { serverShare: secret(), wrappedIdentity: secret(), codeVerifierDigest: toBase64Url(accessCodeVerifierDigest(verifier)), linkSecret: secret() };
  return { body, verifier: toBase64Url(verifier) };
}

function resendSuite(engine: string, env: () => Record<string, string> | undefined): void {
  describe(`notification sent again (${engine})`, () => {
    let api: ApiHarness;
    let sender: { token: string };
    let other: { token: string };
    let round = 0;

    beforeAll(async () => {
      const e = env();
      if (!e) throw new Error('no database');
      // Link-only is not allowed here: changing a recipient to it is refused by the rule.
      api = await startApi({ DEV_MAILBOX: 'true', VERIFICATION_METHODS: 'sms,code,email', ...e });
    });
    afterAll(() => api?.close());
    beforeEach(async () => {
      round += 1;
      // A fresh day: the per-recipient and per-sender windows of earlier tests are over.
      api.clock.advance(25 * 3600 * 1000);
      sender = await api.signIn(`dr.muster.${round}@praxis-muster.de`);
      other = await api.signIn(`someone.else.${round}@praxis-muster.de`);
    });

    const resend = (transferId: string, rid: string, body: unknown, token = sender.token) =>
      api.call('POST', `/api/transfers/${transferId}/recipients/${rid}/resend`, { token, body });
    const mailsTo = async (address: string) => {
      await api.runtime.worker.runOnce();
      const { json } = await api.call('GET', '/api/dev/mailbox?limit=500');
      return (json.items as Array<{ kind: string; mail?: { to: Array<{ address: string }>; text: string } }>)
        .filter((i) => i.kind === 'mail' && i.mail?.to[0]?.address === address)
        .map((i) => i.mail?.text ?? '');
    };
    const auditOf = async (id: string) => {
      await api.runtime.repos.audit.sealPending();
      return (await api.call('GET', `/api/transfers/${id}/audit`, { token: sender.token })).json.events as Array<{ action: string; actor: string; recipientId: string | null; details: Record<string, unknown> }>;
    };

    it('replaces the key material: the old proof and old stored copies open nothing, the new link is mailed; audited', async () => {
      const sent = await sendFixture(api, sender, { recipients: [`a${round}@example.org`], sizes: [100], verify: false, notify: true });
      const address = `a${round}@example.org`;
      const rid = sent.recipientIds.get(address) ?? '';
      expect(await mailsTo(address)).toHaveLength(1);
      const before = await api.runtime.repos.recipients.get(rid);
      if (!before) throw new Error('fixture');

      const material = newMaterial();
      const res = await resend(sent.transferId, rid, material.body);
      expect(res.status).toBe(200);
      expect((res.json.recipients as Array<{ id: string; notification: unknown }>).find((r) => r.id === rid)?.notification).toEqual({ status: 'queued' });
      const mails = await mailsTo(address);
      expect(mails).toHaveLength(2);
      expect(mails.filter((m) => m.includes(`/r/${rid}#${material.body.linkSecret}`))).toHaveLength(1);

      // The old proof is refused, the new one releases the new share.
      expect((await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: sent.verifier } })).status).toBe(401);
      const verified = await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: material.verifier } });
      expect(verified.status).toBe(200);
      expect(verified.json.serverShare).toBe(material.body.serverShare);
      expect(verified.json.wrappedIdentity).toBe(material.body.wrappedIdentity);
      // A copy of the old row (a backup, an old page) no longer opens: its key was erased.
      await expect(openRecipientSecrets(api.runtime.transfers.keys, before).catch(() => undefined)).resolves.toBeUndefined();

      const events = (await auditOf(sent.transferId)).filter((e) => e.action === 'transfer.notification_resent');
      expect(events).toEqual([expect.objectContaining({ recipientId: rid, actor: `dr.muster.${round}@praxis-muster.de`, details: { method: 'code', unlocked: false } })]);
    });

    it('restores access for a locked-out recipient: the new link comes with a fresh set of tries', async () => {
      const address = `l${round}@example.org`;
      const sent = await sendFixture(api, sender, { recipients: [address], sizes: [100], verify: false });
      const rid = sent.recipientIds.get(address) ?? '';
      for (let i = 0; i < 10; i += 1) await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: toBase64Url(randomBytes(32)) } });
      expect((await api.call('GET', `/api/r/${rid}`)).json.state).toBe('locked');
      const material = newMaterial();
      const res = await resend(sent.transferId, rid, material.body);
      expect(res.status).toBe(200);
      expect((res.json.recipients as Array<{ id: string; state: string; lockedUntil: string | null }>).find((r) => r.id === rid)).toMatchObject({ lockedUntil: null });
      expect((await api.call('GET', `/api/r/${rid}`)).json.state).toBe('active');
      expect((await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: material.verifier } })).status).toBe(200);
      const events = (await auditOf(sent.transferId)).filter((e) => e.action === 'transfer.notification_resent');
      expect(events.map((e) => e.details)).toEqual([{ method: 'code', unlocked: true }]);
    });

    it('withdraws an earlier notification not yet delivered: only the new link goes out', async () => {
      const address = `b${round}@example.org`;
      const sent = await sendFixture(api, sender, { recipients: [address], sizes: [100], verify: false, notify: true });
      const rid = sent.recipientIds.get(address) ?? '';
      const material = newMaterial();
      expect((await resend(sent.transferId, rid, material.body)).status).toBe(200);
      const mails = await mailsTo(address);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toContain(`/r/${rid}#${material.body.linkSecret}`);
    });

    it('is limited per recipient (3 a day) and per sender (20 an hour); refused tries cost nothing', async () => {
      const addresses = Array.from({ length: 8 }, (_, i) => `c${i}.${round}@example.org`);
      const sent = await sendFixture(api, sender, { recipients: addresses, sizes: [100], verify: false });
      const ids = addresses.map((a) => sent.recipientIds.get(a) ?? '');
      // A request missing the verifier is refused before it counts.
      const { codeVerifierDigest: _omit, ...incomplete } = newMaterial().body;
      expect((await resend(sent.transferId, ids[0] ?? '', incomplete)).status).toBe(400);
      for (let i = 0; i < 3; i += 1) expect((await resend(sent.transferId, ids[0] ?? '', newMaterial().body)).status).toBe(200);
      const fourth = await resend(sent.transferId, ids[0] ?? '', newMaterial().body);
      expect(fourth.status).toBe(429);
      expect(fourth.json.error.code).toBe('SP_ERR_RATE_LIMITED');
      expect(fourth.json.error.details.retryAfterSeconds).toBeGreaterThan(0);
      // Other recipients still get theirs, until the sender has used 20 in the hour (the refused fourth did not count).
      let used = 3;
      for (const rid of ids.slice(1)) {
        for (let i = 0; i < 3 && used < 21; i += 1, used += 1) {
          const res = await resend(sent.transferId, rid, newMaterial().body);
          expect(res.status).toBe(used < 20 ? 200 : 429);
        }
      }
      expect((await auditOf(sent.transferId)).filter((e) => e.action === 'transfer.notification_resent')).toHaveLength(20);
    });

    /** New material for the SMS or e-mail method: no verifier digest (the code comes from the server). */
    const codeless = () => {
      const { codeVerifierDigest: _omit, ...rest } = newMaterial().body;
      return rest;
    };
    const smsCodeTo = async (phone: string) => {
      await api.runtime.worker.runOnce();
      const { json } = await api.call('GET', '/api/dev/mailbox?limit=500');
      const sms = (json.items as Array<{ kind: string; sms?: { to: string; text: string } }>).find((i) => i.kind === 'sms' && i.sms?.to === phone);
      return /\b(\d{6})\b/.exec(sms?.sms?.text ?? '')?.[1] ?? '';
    };

    it('changes the verification method with the new link: SMS to a new number, then e-mail; a code sent the old way stops working; audited, remembered', async () => {
      const address = `m${round}@example.org`;
      const sent = await sendFixture(api, sender, { recipients: [address], sizes: [100], verify: false });
      const rid = sent.recipientIds.get(address) ?? '';
      const toSms = await resend(sent.transferId, rid, { ...codeless(), method: 'sms', phone: '+49 151 2345 6789' });
      expect(toSms.status).toBe(200);
      expect((toSms.json.recipients as Array<{ id: string; method: string; maskedPhone: string | null }>).find((r) => r.id === rid)).toMatchObject({ method: 'sms', maskedPhone: expect.stringMatching(/89$/) });
      expect((await api.call('GET', `/api/r/${rid}`)).json.method).toBe('sms');
      expect((await api.runtime.repos.preferences.get(`dr.muster.${round}@praxis-muster.de`, address))?.method).toBe('sms');
      // The old access-code proof no longer counts.
      expect((await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: sent.verifier } })).status).toBe(401);

      // A code by SMS works with the new link; sent again without a change, a code already sent stays good.
      expect((await api.call('POST', `/api/r/${rid}/code`, {})).status).toBe(202);
      const first = await smsCodeTo('+4915123456789');
      expect((await resend(sent.transferId, rid, codeless())).status).toBe(200);
      expect((await api.call('POST', `/api/r/${rid}/verify`, { body: { code: first } })).status).toBe(200);

      // Changed to e-mail: an SMS code requested before opens nothing.
      api.clock.advance(2 * 60 * 1000);
      expect((await api.call('POST', `/api/r/${rid}/code`, {})).status).toBe(202);
      const second = await smsCodeTo('+4915123456789');
      expect(second).not.toBe(first);
      const toEmail = await resend(sent.transferId, rid, { ...codeless(), method: 'email' });
      expect(toEmail.status).toBe(200);
      expect((toEmail.json.recipients as Array<{ id: string; method: string; maskedPhone: string | null }>).find((r) => r.id === rid)).toMatchObject({ method: 'email', maskedPhone: null });
      expect((await api.call('POST', `/api/r/${rid}/verify`, { body: { code: second } })).status).toBe(401);

      const changes = (await auditOf(sent.transferId)).filter((e) => e.action === 'recipient.method_changed');
      expect(changes.map((e) => e.details)).toEqual([{ from: 'code', to: 'sms', phoneChanged: true }, { from: 'sms', to: 'email', phoneChanged: true }]);
      expect(JSON.stringify(changes)).not.toContain('2345');
    });

    it('refuses a method change the rules or the material do not allow, and counts none of them', async () => {
      const address = `n${round}@example.org`;
      const sent = await sendFixture(api, sender, { recipients: [address], sizes: [100], verify: false });
      const rid = sent.recipientIds.get(address) ?? '';
      const forbidden = await resend(sent.transferId, rid, { ...newMaterial().body, method: 'none' });
      expect(forbidden.status).toBe(403);
      const noPhone = await resend(sent.transferId, rid, { ...codeless(), method: 'sms' });
      expect(noPhone.status).toBe(400);
      expect(noPhone.json.error.details.reason).toBe('phone_missing');
      const phoneWithoutSms = await resend(sent.transferId, rid, { ...codeless(), method: 'email', phone: '+4915123456789' });
      expect(phoneWithoutSms.json.error.details.reason).toBe('phone_without_sms');
      expect((await resend(sent.transferId, rid, { ...codeless(), method: 'sms', phone: '12' })).status).toBe(400);
      // SMS needs no verifier digest, an access code does.
      expect((await resend(sent.transferId, rid, { ...newMaterial().body, method: 'sms', phone: '+4915123456789' })).status).toBe(400);
      expect((await api.call('GET', `/api/r/${rid}`)).json.method).toBe('code');
      for (let i = 0; i < 3; i += 1) expect((await resend(sent.transferId, rid, newMaterial().body)).status).toBe(200);
      expect((await auditOf(sent.transferId)).filter((e) => e.action === 'recipient.method_changed')).toEqual([]);
    });

    it("refuses someone else's message, another message's recipient, a recalled recipient or message, an expired one", async () => {
      const address = `d${round}@example.org`;
      const sent = await sendFixture(api, sender, { recipients: [address, `e${round}@example.org`], sizes: [100], verify: false });
      const elsewhere = await sendFixture(api, sender, { recipients: [`f${round}@example.org`], sizes: [100], verify: false });
      const rid = sent.recipientIds.get(address) ?? '';
      expect((await resend(sent.transferId, rid, newMaterial().body, other.token)).status).toBe(404);
      expect((await resend(elsewhere.transferId, rid, newMaterial().body)).status).toBe(404);
      const { linkSecret: _omit, ...noLink } = newMaterial().body;
      expect((await resend(sent.transferId, rid, noLink)).status).toBe(400);

      expect((await api.call('POST', `/api/transfers/${sent.transferId}/recall`, { token: sender.token, body: { recipientId: rid } })).status).toBe(200);
      const recalledOne = await resend(sent.transferId, rid, newMaterial().body);
      expect(recalledOne.status).toBe(409);
      expect(recalledOne.json.error.details.reason).toBe('recipient_recalled');
      expect((await api.call('GET', `/api/r/${rid}`)).json.state).toBe('withdrawn');

      const expiring = await sendFixture(api, sender, { recipients: [`g${round}@example.org`], sizes: [100], verify: false });
      const view = await api.call('GET', `/api/transfers/${expiring.transferId}`, { token: sender.token });
      const back = api.clock.now();
      api.clock.set(new Date(new Date(view.json.expiresAt as string).getTime() + 1000));
      expect((await resend(expiring.transferId, expiring.recipientIds.get(`g${round}@example.org`) ?? '', newMaterial().body)).status).toBe(410);
      api.clock.set(back);

      expect((await api.call('POST', `/api/transfers/${sent.transferId}/recall`, { token: sender.token, body: {} })).status).toBe(200);
      expect((await resend(sent.transferId, sent.recipientIds.get(`e${round}@example.org`) ?? '', newMaterial().body)).status).toBe(409);
      expect((await auditOf(sent.transferId)).filter((e) => e.action === 'transfer.notification_resent')).toEqual([]);
    });
  });
}

resendSuite('SQLite', () => ({}));
describe.skipIf(!pg)('on PostgreSQL', () => {
  resendSuite('PostgreSQL', () => pg && { DATABASE_URL: pg.url });
});
