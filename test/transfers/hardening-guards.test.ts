import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createRecipientKeys, encodeSecret, generateMessageIdentity, generateSecret, linkVerifierFor, openRecipientKeys } from '../../src/crypto/index.ts';
import { startApi, type ApiHarness } from './api-harness.ts';

// Issue #9 (hardening), HTTP layer and limits: each guard driven over real HTTP against a real embedded server.
describe('hardening guards', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ ORG_DOMAINS: 'praxis-muster.de' });
  });
  afterAll(() => api.close());

  it('sender login: a client over its failure limit cannot log in even with the right code, and gets no extra guess', async () => {
    const email = 'guesser@praxis-muster.de';
    const publicKey = (await api.signIn('key-holder@praxis-muster.de')).recipient;
    const statuses: number[] = [];
    let code = '';
    // Codes die after 5 wrong tries, so the guesser asks for fresh ones; 10 failures is the limit per address.
    for (let round = 0; round < 3; round += 1) {
      api.clock.advance(2 * 60 * 1000);
      expect((await api.call('POST', '/api/sender/verification-code', { body: { email } })).status).toBe(202);
      code = await api.mailedCode(email);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < (round < 2 ? 5 : 1); i += 1) {
        statuses.push((await api.call('POST', '/api/sender/sessions', { body: { email, code: wrong, publicKey } })).status);
      }
    }
    // Ten wrong guesses are compared; the eleventh is refused before any comparison.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    const right = await api.call('POST', '/api/sender/sessions', { body: { email, code, publicKey } });
    expect(right.status).toBe(429);
    expect(right.json.error.code).toBe('SP_ERR_RATE_LIMITED');
    expect(right.json.error.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('anonymous verification and login routes refuse a large body with 413 before parsing it', async () => {
    // 64 KiB of invalid JSON: parsed, it would be a 400 "bad JSON"; refused by size, it is a 413 that names the limit.
    const junk = `{"code":"${'x'.repeat(64 * 1024)}`;
    const rid = 'AAAAAAAAAAAAAAAAAAAAAA';
    for (const url of [`/api/r/${rid}/verify`, `/api/r/${rid}/code`, '/api/sender/sessions', '/api/sender/verification-code']) {
      const res = await api.call('POST', url, { headers: { 'content-type': 'application/json' }, raw: junk });
      expect(res.status, url).toBe(413);
      expect(res.json.error.code, url).toBe('SP_ERR_TOO_LARGE');
      expect(res.json.error.details.maxBytes, url).toBeLessThanOrEqual(8 * 1024);
    }
    // Routes that take large bodies ask who is calling first: no session, no reading of the body.
    const big = `{"manifest":"${'A'.repeat(1024 * 1024)}"}`;
    const anonymousSend = await api.call('POST', `/api/r/${rid}/replies/${rid}/send`, { headers: { 'content-type': 'application/json' }, raw: big });
    expect(anonymousSend.status).toBe(401);
  });
});

describe('client address behind a reverse proxy (TRUST_PROXY)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ ORG_DOMAINS: 'praxis-muster.de', TRUST_PROXY: '1' });
  });
  afterAll(() => api.close());

  const window = { now: new Date('2026-03-02T09:00:00.000Z'), windowMs: 60 * 60 * 1000 };

  it('one trusted hop: the address the proxy appended counts, not the left-most one the client wrote', async () => {
    // The proxy appends the address it saw (203.0.113.7); the client put 198.51.100.1 in front of it.
    const res = await api.call('POST', '/api/sender/verification-code', {
      body: { email: 'behind-proxy@praxis-muster.de' },
      headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' },
    });
    expect(res.status).toBe(202);
    expect(await api.runtime.repos.rateLimits.peek('client-code:203.0.113.7', window)).toBe(1);
    expect(await api.runtime.repos.rateLimits.peek('client-code:198.51.100.1', window)).toBe(0);
  });

  it('a client cannot escape the per-client limit by writing a new X-Forwarded-For each time', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) {
      const res = await api.call('POST', '/api/sender/verification-code', {
        body: { email: `rotate-${i}@praxis-muster.de` },
        headers: { 'x-forwarded-for': `198.51.100.${i + 10}, 203.0.113.99` },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(202));
    expect(statuses[30]).toBe(429);
  });
});

describe('uploads (/api/uploads) answer like every other route', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ ORG_DOMAINS: 'praxis-muster.de', PUBLIC_URL: 'https://sealpost.praxis-muster.de' });
  });
  afterAll(() => api.close());

  it('carry CSP, nosniff, no-store and HSTS, and allow no foreign origin', async () => {
    const sender = await api.signIn('upload-headers@praxis-muster.de');
    const created = await api.call('POST', '/api/transfers', {
      token: sender.token,
      body: { recipients: [{ email: 'patient@example.org', method: 'email' }], files: [{ size: 300 }] },
    });
    const fileId: string = created.json.files[0].id;
    const tus = { 'tus-resumable': '1.0.0', 'upload-length': '300', 'upload-metadata': `fileId ${Buffer.from(fileId).toString('base64')}` };
    const evil = 'https://evil.example';
    const responses = [
      await fetch(`${api.base}/api/uploads`, { method: 'OPTIONS', headers: { origin: evil, 'access-control-request-method': 'POST' } }),
      await fetch(`${api.base}/api/uploads`, { method: 'POST', headers: { ...tus, origin: evil } }),
      await fetch(`${api.base}/api/uploads`, { method: 'POST', headers: { ...tus, origin: evil, authorization: `Bearer ${sender.token}` } }),
      await fetch(`${api.base}/api/uploads/${fileId}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${sender.token}` } }),
    ];
    expect(responses.map((r) => r.status)).toEqual([204, 401, 201, 200]);
    for (const res of responses) {
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    // The server's own origin may still use CORS (e.g. the web app behind another port during development).
    const own = await fetch(`${api.base}/api/uploads`, { method: 'OPTIONS', headers: { origin: 'https://sealpost.praxis-muster.de' } });
    expect(own.headers.get('access-control-allow-origin')).toBe('https://sealpost.praxis-muster.de');
  });
});

describe('SMS toll fraud: code SMS per phone number, per sender and for the whole installation', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ ORG_DOMAINS: 'praxis-muster.de', SMS_CODES_PER_SENDER: '8', SMS_CODES_PER_HOUR: '12' });
  });
  afterAll(() => api.close());

  const secret = () => encodeSecret(generateSecret());

  /** A sent message (no files) to `count` SMS recipients, all given `phone` (or each its own number). */
  async function smsMessage(token: string, count: number, phone: (i: number) => string): Promise<string[]> {
    const recipients = Array.from({ length: count }, (_, i) => ({ email: `patient${i}-${Math.random().toString(36).slice(2)}@example.org`, method: 'sms', phone: phone(i) }));
    const created = await api.call('POST', '/api/transfers', { token, body: { recipients, files: [] } });
    expect(created.status).toBe(201);
    const ids: string[] = created.json.recipients.map((r: { id: string }) => r.id);
    const sent = await api.call('POST', `/api/transfers/${created.json.id}/send`, {
      token,
      body: {
        manifest: Buffer.from('sealed manifest').toString('base64'),
        ownerWrappedIdentity: secret(),
        recipients: ids.map((id) => ({ id, serverShare: secret(), wrappedIdentity: secret(), linkSecret: secret() })),
      },
    });
    expect(sent.status).toBe(200);
    // Deliver the notifications now, so the harness finds the next sign-in code on top of the mailbox.
    while ((await api.runtime.worker.runOnce()).claimed > 0);
    return ids;
  }

  it('one sender cannot pump SMS to one number: a minimum interval and an hourly cap per number, with Retry-After', async () => {
    const sender = await api.signIn('pump@praxis-muster.de');
    const ids = await smsMessage(sender.token, 7, () => '+31 6 12345678');
    const first = await api.call('POST', `/api/r/${ids[0]}/code`);
    expect(first.status).toBe(202);
    // Another recipient with the same number, seconds later: refused, with a clear wait.
    const res = await fetch(`${api.base}/api/r/${ids[1]}/code`, { method: 'POST' });
    expect(res.status).toBe(429);
    const body = (await res.json()) as { error: { code: string; details: { retryAfterSeconds: number } } };
    expect(body.error.code).toBe('SP_ERR_RATE_LIMITED');
    expect(body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(body.error.details.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(res.headers.get('retry-after')).toBe(String(body.error.details.retryAfterSeconds));
    // Spaced out, the number still gets no more than five an hour.
    const statuses: number[] = [];
    for (const id of ids.slice(1)) {
      api.clock.advance(61 * 1000);
      statuses.push((await api.call('POST', `/api/r/${id}/code`)).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 429, 429]);
  });

  it('one sender cannot spread the pumping over many numbers beyond SMS_CODES_PER_SENDER an hour', async () => {
    api.clock.advance(60 * 60 * 1000);
    const sender = await api.signIn('spread@praxis-muster.de');
    const ids = await smsMessage(sender.token, 10, (i) => `+49 151 123456${String(i).padStart(2, '0')}`);
    const statuses: number[] = [];
    for (const id of ids) statuses.push((await api.call('POST', `/api/r/${id}/code`)).status);
    expect(statuses).toEqual([...Array(8).fill(202), 429, 429]);
    // Another sender's recipients are not affected.
    const other = await api.signIn('other@praxis-muster.de');
    const [otherId] = await smsMessage(other.token, 1, () => '+49 151 99999999');
    expect((await api.call('POST', `/api/r/${otherId}/code`)).status).toBe(202);
  });

  it('many senders with many numbers stop at SMS_CODES_PER_HOUR for the installation, whatever each sender has left', async () => {
    api.clock.advance(60 * 60 * 1000);
    const statuses: number[] = [];
    for (const [s, who] of ['alpha', 'beta'].entries()) {
      const sender = await api.signIn(`${who}@praxis-muster.de`);
      const ids = await smsMessage(sender.token, 7, (i) => `+49 152 2${s}1234${String(i).padStart(2, '0')}`);
      for (const id of ids) statuses.push((await api.call('POST', `/api/r/${id}/code`)).status);
    }
    // Each sender is within its own 8 an hour; together they reach the installation's 12.
    expect(statuses).toEqual([...Array(12).fill(202), 429, 429]);
  });
});

describe('link-only recipients: the id is neither enough nor logged', () => {
  let api: ApiHarness;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    api = await startApi({ ORG_DOMAINS: 'praxis-muster.de' }, { logger: pino({ level: 'info' }, sink) });
  });
  afterAll(() => api.close());

  /** A sent link-only message, key material made as the CLI and the web app make it. */
  async function linkOnlyMessage(options: { withVerifier: boolean }) {
    const sender = await api.signIn(`link-only-${options.withVerifier}@praxis-muster.de`);
    const created = await api.call('POST', '/api/transfers', { token: sender.token, body: { recipients: [{ email: 'patient@example.org', method: 'none' }], files: [] } });
    const transferId: string = created.json.id;
    const recipientId: string = created.json.recipients[0].id;
    const { identity } = await generateMessageIdentity();
    const keys = await createRecipientKeys({ identity, messageId: transferId, recipientId, linkOnly: options.withVerifier });
    const sent = await api.call('POST', `/api/transfers/${transferId}/send`, {
      token: sender.token,
      body: { manifest: Buffer.from('sealed').toString('base64'), ownerWrappedIdentity: encodeSecret(generateSecret()), recipients: [keys] },
    });
    return { sent, transferId, recipientId, keys, identity };
  }

  it('needs proof of the link secret; the recipient id alone opens nothing', async () => {
    const { sent, transferId, recipientId, keys, identity } = await linkOnlyMessage({ withVerifier: true });
    expect(sent.status).toBe(200);
    // Someone who read the id in a log (or a proxy's access log) but never saw the link's #fragment:
    const idOnly = await api.call('POST', `/api/r/${recipientId}/verify`, { body: {} });
    expect(idOnly.status).toBe(401);
    expect(idOnly.json.error.code).toBe('SP_ERR_VERIFICATION_FAILED');
    expect(idOnly.json.serverShare).toBeUndefined();
    const otherSecret = linkVerifierFor({ linkSecret: encodeSecret(generateSecret()), messageId: transferId, recipientId });
    expect((await api.call('POST', `/api/r/${recipientId}/verify`, { body: { verifier: otherSecret } })).status).toBe(401);
    // The holder of the link derives the verifier from its #fragment and opens the message.
    const verifier = linkVerifierFor({ linkSecret: keys.linkSecret, messageId: transferId, recipientId });
    const opened = await api.call('POST', `/api/r/${recipientId}/verify`, { body: { verifier } });
    expect(opened.status).toBe(200);
    expect(openRecipientKeys({ wrappedIdentity: opened.json.wrappedIdentity, linkSecret: keys.linkSecret, serverShare: opened.json.serverShare, messageId: transferId, recipientId })).toBe(identity);
  });

  it('a client that sends no link verifier for a link-only recipient is refused (the message would open by id)', async () => {
    const { sent } = await linkOnlyMessage({ withVerifier: false });
    expect(sent.status).toBe(400);
    expect(sent.json.error.message).toMatch(/link verifier .* is missing/);
  });

  it('request logs carry no recipient, message or file ids and no query values', async () => {
    const { recipientId, transferId } = await linkOnlyMessage({ withVerifier: true });
    await api.call('GET', `/api/r/${recipientId}`);
    await (await fetch(`${api.base}/r/${recipientId}`)).text();
    await api.call('GET', `/api/sender/recipient-preferences?email=patient%40example.org`);
    const requestLines = logLines.filter((l) => l.includes('"req"'));
    expect(requestLines.some((l) => l.includes('/api/r/:id'))).toBe(true);
    for (const line of logLines) {
      expect(line).not.toContain(recipientId);
      expect(line).not.toContain(transferId);
      expect(line).not.toContain('patient%40example.org');
    }
  });
});
