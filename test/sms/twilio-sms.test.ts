import { afterEach, describe, expect, it } from 'vitest';
import { createTwilioSms } from '../../src/adapters/sms/twilio-sms.ts';
import { expectCode } from '../blob/blob-store-conformance.ts';
import { startRecordingServer } from './recording-http-server.ts';

const accountSid = `AC${'a1'.repeat(16)}`;
const apiKeySid = `SK${'b2'.repeat(16)}`;
const messagingServiceSid = `MG${'c3'.repeat(16)}`;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The network is closed here: a real HTTP server on 127.0.0.1 plays Twilio's Messages endpoint. */
async function fakeTwilio(...args: Parameters<typeof startRecordingServer>) {
  const s = await startRecordingServer(...args);
  closers.push(s.close);
  return s;
}

describe('Twilio SMS sender', () => {
  it('creates a Message resource the way the Twilio API expects', async () => {
    const twilio = await fakeTwilio(() => ({ status: 201, body: { sid: 'SM123', status: 'queued' } }));
    const sms = createTwilioSms({ accountSid, authToken: 'tok', from: '+3197010000000', baseUrl: twilio.url });
    expect(await sms.send({ to: '+31612345678', text: 'Code: 123 456 & more' })).toEqual({ providerId: 'SM123' });
    const [request] = twilio.requests;
    expect(request?.url).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from(`${accountSid}:tok`).toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      To: '+31612345678',
      Body: 'Code: 123 456 & more',
      From: '+3197010000000',
    });
  });

  it('authenticates with an API key and sends through a messaging service', async () => {
    const twilio = await fakeTwilio(() => ({ status: 201, body: { sid: 'SM9' } }));
    const sms = createTwilioSms({ accountSid, apiKeySid, authToken: 'secret', messagingServiceSid, baseUrl: `${twilio.url}/` });
    await sms.send({ to: '+447911123456', text: 'hi' });
    const [request] = twilio.requests;
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from(`${apiKeySid}:secret`).toString('base64')}`);
    expect(new URLSearchParams(request?.body).get('MessagingServiceSid')).toBe(messagingServiceSid);
    expect(new URLSearchParams(request?.body).has('From')).toBe(false);
  });

  it("keeps Twilio's error code and classifies retries", async () => {
    const twilio = await fakeTwilio();
    const sms = createTwilioSms({ accountSid, authToken: 'tok', from: 'Sealpost', baseUrl: twilio.url });
    twilio.setReply(() => ({ status: 400, body: { code: 21211, message: "The 'To' number +31612345678 is not valid.", status: 400 } }));
    const permanent = await expectCode(sms.send({ to: '+31612345678', text: 'x' }), 'SP_ERR_DELIVERY');
    expect((permanent as { details: unknown }).details).toEqual({
      provider: 'twilio', status: 400, retryable: false, reason: 'http-status', providerCode: 21211,
    });
    twilio.setReply(() => ({ status: 429, body: { code: 20429, message: 'Too Many Requests' } }));
    const throttled = await expectCode(sms.send({ to: '+31612345678', text: 'x' }), 'SP_ERR_DELIVERY');
    expect((throttled as { details: { retryable: boolean } }).details.retryable).toBe(true);
    twilio.setReply(() => ({ status: 503 }));
    const down = await expectCode(sms.send({ to: '+31612345678', text: 'x' }), 'SP_ERR_DELIVERY');
    expect((down as { details: unknown }).details).toEqual({ provider: 'twilio', status: 503, retryable: true, reason: 'http-status' });
  });

  it('never puts the auth token into an error', async () => {
    const twilio = await fakeTwilio(() => ({ status: 401, body: { code: 20003 } }));
    const error = await expectCode(
      createTwilioSms({ accountSid, authToken: 'very-secret-token', from: 'Sealpost', baseUrl: twilio.url }).send({ to: '+31612345678', text: 'x' }),
      'SP_ERR_DELIVERY',
    );
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('very-secret-token');
  });

  it('requires exactly one sender and well-formed ids', () => {
    expect(() => createTwilioSms({ accountSid, authToken: 't' })).toThrow();
    expect(() => createTwilioSms({ accountSid, authToken: 't', from: '+3197010000000', messagingServiceSid })).toThrow();
    expect(() => createTwilioSms({ accountSid: 'AC123', authToken: 't', from: 'Sealpost' })).toThrow();
    expect(() => createTwilioSms({ accountSid, authToken: 't', from: 'Sealpost', region: 'ie1' } as never)).toThrow();
  });
});
