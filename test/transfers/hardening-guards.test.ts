import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
