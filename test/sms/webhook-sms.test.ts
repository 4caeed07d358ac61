import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSms } from '../../src/adapters/sms/webhook-sms.ts';
import { expectCode } from '../blob/blob-store-conformance.ts';
import { startRecordingServer } from './recording-http-server.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function server(...args: Parameters<typeof startRecordingServer>) {
  const s = await startRecordingServer(...args);
  closers.push(s.close);
  return s;
}

describe('webhook SMS sender (against a real HTTP server on 127.0.0.1)', () => {
  it('POSTs exactly {to, text} as JSON with the bearer token', async () => {
    const hook = await server(() => ({ status: 202, body: { id: 'msg-7' } }));
    const sms = createWebhookSms({ url: `${hook.url}/sms?x=1`, token: 'secret-token' });
    expect(sms.kind).toBe('webhook');
    expect(await sms.send({ to: '+31612345678', text: 'Your code: 123456' })).toEqual({ providerId: 'msg-7' });
    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/sms?x=1');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer secret-token');
    expect(request?.body).toBe('{"to":"+31612345678","text":"Your code: 123456"}');
  });

  it('sends no Authorization header without a token and accepts an empty 2xx body', async () => {
    const hook = await server(() => ({ status: 204 }));
    expect(await createWebhookSms({ url: hook.url }).send({ to: '+4915112345678', text: 'hi' })).toEqual({});
    expect(hook.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('marks 4xx as permanent and 5xx, 429 and 408 as retryable', async () => {
    const hook = await server();
    const sms = createWebhookSms({ url: hook.url });
    for (const [status, retryable] of [[400, false], [401, false], [404, false], [408, true], [429, true], [500, true], [503, true]] as const) {
      hook.setReply(() => ({ status, body: { error: 'echo of +31612345678 and code 123456' } }));
      const error = await expectCode(sms.send({ to: '+31612345678', text: 'code 123456' }), 'SP_ERR_DELIVERY');
      expect((error as { details: unknown }).details).toEqual({ provider: 'webhook', status, retryable, reason: 'http-status' });
    }
  });

  it('reports an unreachable endpoint as a retryable network failure', async () => {
    const hook = await startRecordingServer();
    await hook.close();
    const error = await expectCode(createWebhookSms({ url: hook.url }).send({ to: '+31612345678', text: 'x' }), 'SP_ERR_DELIVERY');
    expect((error as { details: unknown }).details).toEqual({ provider: 'webhook', retryable: true, reason: 'network' });
  });

  it('gives up on an endpoint that never answers, as a retryable timeout', async () => {
    const silent = createServer(() => undefined); // accepts the request, never responds
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => { silent.closeAllConnections(); silent.close(() => resolve()); }));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const error = await expectCode(createWebhookSms({ url, timeoutMs: 200 }).send({ to: '+31612345678', text: 'x' }), 'SP_ERR_DELIVERY');
    expect((error as { details: unknown }).details).toEqual({ provider: 'webhook', retryable: true, reason: 'timeout' });
  });

  it('does not follow redirects, so the token never reaches another host', async () => {
    const elsewhere = await server();
    const hook = await server(() => ({ status: 307, headers: { location: `${elsewhere.url}/steal` } }));
    await expectCode(createWebhookSms({ url: hook.url, token: 't0k' }).send({ to: '+31612345678', text: 'x' }), 'SP_ERR_DELIVERY');
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('refuses invalid messages before any request is made', async () => {
    const hook = await server();
    const sms = createWebhookSms({ url: hook.url });
    await expectCode(sms.send({ to: '0612345678', text: 'x' }), 'SP_ERR_PHONE_INVALID');
    await expectCode(sms.send({ to: '+31612345678', text: '   ' }), 'SP_ERR_VALIDATION');
    await expectCode(sms.send({ to: '+31612345678', text: 'x'.repeat(1601) }), 'SP_ERR_VALIDATION');
    expect(hook.requests).toHaveLength(0);
  });

  it('rejects invalid options', () => {
    expect(() => createWebhookSms({ url: 'ftp://example.org/' })).toThrow();
    expect(() => createWebhookSms({ url: 'not a url' })).toThrow();
    expect(() => createWebhookSms({ url: 'https://example.org/', token: 'a\r\nX-Evil: 1' })).toThrow();
    expect(() => createWebhookSms({ url: 'https://example.org/', retries: 3 } as never)).toThrow();
  });
});
