// A notification that can never be delivered must not fail silently: names that would break a mail header are
// refused at the API, and a notification the outbox gave up on shows in the sender's sent item (API and CLI).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationFailureLine } from '../../src/cli/commands/status.ts';
import { startSmtpServer, type SmtpTestServer } from '../mail/smtp-test-server.ts';
import { startApi, type ApiHarness } from './api-harness.ts';
import { sendFixture } from './transfer-fixture.ts';

describe('notification failures', () => {
  let api: ApiHarness;
  let smtp: SmtpTestServer;
  let sender: { token: string };

  beforeAll(async () => {
    // A real SMTP relay that refuses one mailbox permanently (550), as a real one does for an unknown user.
    smtp = await startSmtpServer({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('bounce')) return callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
        callback();
      },
    });
    // DEV_MAILBOX only catches SMS here (mail goes to the relay above).
    api = await startApi({ SMTP_URL: smtp.url, DEV_MAILBOX: 'true', MAIL_FROM: 'Sealpost <sealpost@sealpost.example.org>' });
    const email = 'dr.muster@praxis-muster.de';
    await api.call('POST', '/api/sender/verification-code', { body: { email } });
    await api.runtime.worker.runOnce();
    const code = /\b(\d{6})\b/.exec(smtp.received.at(-1)?.raw ?? '')?.[1];
    const { json } = await api.call('POST', '/api/sender/sessions', { body: { email, code, publicKey: 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p' } });
    sender = { token: json.token as string };
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  const sendWith = async (notification: Record<string, unknown>) => {
    const created = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: [{ email: 'p@example.org', method: 'code' }], files: [] } });
    const secret = 'A'.repeat(43);
    return api.call('POST', `/api/transfers/${created.json.id}/send`, {
      token: sender.token,
      body: {
        manifest: 'bWFuaWZlc3Q=',
        ownerWrappedIdentity: secret,
        recipients: [{ id: created.json.recipients[0].id, serverShare: secret, wrappedIdentity: secret, codeVerifierDigest: secret, linkSecret: secret }],
        notification,
      },
    });
  };

  it('refuses a sender name or subject that would break the mail header, before anything is queued', async () => {
    for (const notification of [
      { senderName: 'Dr. Muster\r\nBcc: victim@example.org' },
      { senderName: 'Dr.\u0000Muster' },
      { senderName: 'Dr. Muster\u2028' },
      { senderName: 'x'.repeat(121) },
      { subject: 'Befund\nfolgt' },
    ]) {
      const res = await sendWith(notification);
      expect(res.status, JSON.stringify(notification)).toBe(400);
      expect(res.json.error.code).toBe('SP_ERR_VALIDATION');
      expect(JSON.stringify(res.json.error.details)).toMatch(/notification\/(senderName|subject)/);
    }
    expect((await sendWith({ senderName: 'Praxis Dr. Müller-Lüdenscheidt', subject: 'Befund —\tMärz' })).status).toBe(200);
  });

  it('a notification the outbox gave up on shows as "not notified: delivery failed" with the reason', async () => {
    const sent = await sendFixture(api, sender, { recipients: ['bounce@example.org', 'ok@example.org'], sizes: [10], notify: true, verify: false });
    await api.runtime.worker.runOnce();
    const view = await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token });
    const byEmail = Object.fromEntries((view.json.recipients as Array<{ email: string; state: string; notification: unknown }>).map((r) => [r.email, r]));
    expect(byEmail['bounce@example.org']).toMatchObject({ state: 'pending', notification: { status: 'failed', reason: 'rejected' } });
    expect(byEmail['ok@example.org']).toMatchObject({ state: 'notified', notification: { status: 'sent' } });
    // The list shows it too, and `sealpost status` says it in words.
    const list = await api.call('GET', '/api/transfers', { token: sender.token });
    const item = (list.json.items as Array<{ id: string; recipients: Array<{ email: string; notification: unknown }> }>).find((i) => i.id === sent.transferId);
    expect(item?.recipients.find((r) => r.email === 'bounce@example.org')?.notification).toEqual({ status: 'failed', reason: 'rejected' });
    expect(notificationFailureLine(byEmail['bounce@example.org'] as never)).toBe(", not notified: delivery failed (the recipient's mail server refused the address)");
    // Without notify the server mails nothing, so there is nothing to report.
    const quiet = await sendFixture(api, sender, { recipients: ['bounce@example.org'], sizes: [10], verify: false });
    const quietView = await api.call('GET', `/api/transfers/${quiet.transferId}`, { token: sender.token });
    expect(quietView.json.recipients[0].notification).toBeNull();
  });

  it('a recall withdraws a notification the outbox gave up on: its payload and its erasable key are gone', async () => {
    const sent = await sendFixture(api, sender, { recipients: ['bounce-recall@example.org'], sizes: [10], notify: true, verify: false });
    await api.runtime.worker.runOnce();
    const recipientId = ((await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token })).json.recipients[0] as { id: string }).id;
    const failed = (await api.runtime.repos.outbox.list({ status: 'failed', limit: 1000 })).find((i) => i.ref === recipientId);
    if (!failed) throw new Error('the notification did not fail');
    const sealed = (await api.runtime.repos.outbox.get(failed.id))?.payload ?? '';
    const keyFile = path.join(api.dataDir, 'keys', `${sealed.split('.')[1]}.key`);
    // Kept for the admin to requeue, the link secret is still recoverable from the data directory: until the recall.
    expect(existsSync(keyFile)).toBe(true);
    const recalled = await api.call('POST', `/api/transfers/${sent.transferId}/recall`, { token: sender.token, body: {} });
    expect(recalled.status).toBe(200);
    expect(existsSync(keyFile)).toBe(false);
    expect(await api.runtime.repos.outbox.get(failed.id)).toMatchObject({ status: 'failed', payload: null, lastError: expect.stringMatching(/^SP_ERR_WITHDRAWN/) as unknown });
    expect(await api.runtime.repos.outbox.requeue(failed.id)).toBe(false);
    // Nothing left for the sender to act on: the recipient is recalled, not "not notified".
    const view = await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token });
    expect(view.json.recipients[0]).toMatchObject({ state: 'withdrawn', notification: null });
  });
});
