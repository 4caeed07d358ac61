// The client core against a real HTTP server that is busy: it waits as the server asks and tries again, but
// never repeats what may have been done, never waits longer than it may, and stops waiting when cancelled.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient, type RetryNotice } from './api-client.ts';
import { parseRetryAfter, retryDelay } from './retry-policy.ts';

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };
const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server that gives `answers` in turn (the last one repeats) and records each request's method. */
async function busyServer(answers: Answer[]): Promise<{ baseUrl: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const answer = answers[Math.min(seen.length, answers.length - 1)] as Answer;
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const busy: Answer = { status: 503, headers: { 'retry-after': '1' }, body: { error: { code: 'SP_ERR_UNAVAILABLE', message: 'busy' } } };

describe('api client: a busy server', () => {
  it('waits the Retry-After time and asks again until the server answers (any method: a 503 did no work)', async () => {
    const { baseUrl, seen } = await busyServer([busy, busy, { status: 200, body: { ok: true } }]);
    const notices: RetryNotice[] = [];
    const api = createApiClient({ baseUrl, onRetry: (n) => notices.push(n) });
    await expect(api.request('POST', '/api/transfers', { body: { a: 1 } })).resolves.toEqual({ ok: true });
    expect(seen).toEqual(['POST /api/transfers', 'POST /api/transfers', 'POST /api/transfers']);
    expect(notices.map((n) => [n.status, n.delayMs, n.attempt, n.path])).toEqual([[503, 1000, 1, '/api/transfers'], [503, 1000, 2, '/api/transfers']]);
  });

  it('passes the error on at once when the server asks for a longer wait than the client may take', async () => {
    const { baseUrl, seen } = await busyServer([{ ...busy, headers: { 'retry-after': '600' } }]);
    const api = createApiClient({ baseUrl });
    await expect(api.request('GET', '/api/x')).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE', status: 503 });
    expect(seen).toHaveLength(1);
  });

  it('gives up after the policy’s retries with the server’s error', async () => {
    const { baseUrl, seen } = await busyServer([{ ...busy, headers: {} }]);
    const api = createApiClient({ baseUrl, retry: { maxRetries: 2, maxWaitMs: 1000, baseDelayMs: 10 } });
    await expect(api.request('GET', '/api/x')).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    expect(seen).toHaveLength(3);
  });

  it('repeats a read after a proxy’s 502, never a write (the upstream may have done it)', async () => {
    const bad: Answer = { status: 502, body: 'Bad Gateway' };
    const read = await busyServer([bad, { status: 200, body: { ok: 1 } }]);
    await expect(createApiClient({ baseUrl: read.baseUrl, retry: { maxRetries: 2, maxWaitMs: 100, baseDelayMs: 10 } }).request('GET', '/api/x')).resolves.toEqual({ ok: 1 });
    expect(read.seen).toHaveLength(2);
    const write = await busyServer([bad, { status: 200, body: { ok: 1 } }]);
    await expect(createApiClient({ baseUrl: write.baseUrl }).request('POST', '/api/x', { body: {} })).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE', status: 502 });
    expect(write.seen).toHaveLength(1);
  });

  it('stops waiting as soon as the caller cancels', async () => {
    const { baseUrl, seen } = await busyServer([{ ...busy, headers: { 'retry-after': '20' } }]);
    const controller = new AbortController();
    const api = createApiClient({ baseUrl, onRetry: () => controller.abort(new Error('cancelled by the user')) });
    await expect(api.request('GET', '/api/x', { signal: controller.signal })).rejects.toThrow('cancelled by the user');
    expect(seen).toHaveLength(1);
  });

  it('waits out a short rate limit, but shows a long one (sign-in attempts) to the user', async () => {
    const limited = (seconds: string): Answer => ({ status: 429, headers: { 'retry-after': seconds }, body: { error: { code: 'SP_ERR_RATE_LIMITED', message: 'slow down' } } });
    const short = await busyServer([limited('1'), { status: 200, body: {} }]);
    await expect(createApiClient({ baseUrl: short.baseUrl }).request('POST', '/api/x', { body: {} })).resolves.toEqual({});
    expect(short.seen).toHaveLength(2);
    const long = await busyServer([limited('900')]);
    await expect(createApiClient({ baseUrl: long.baseUrl }).request('POST', '/api/x', { body: {} })).rejects.toMatchObject({ status: 429 });
    expect(long.seen).toHaveLength(1);
  });
});

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backs off with full jitter, doubling, capped by the longest wait', () => {
    const policy = { maxRetries: 10, maxWaitMs: 3000, baseDelayMs: 500 };
    expect([0, 1, 2, 3].map((a) => retryDelay({ status: 503, retryAfter: null }, 'GET', a, policy, () => 1))).toEqual([500, 1000, 2000, 3000]);
    expect(retryDelay({ status: 500, retryAfter: null }, 'GET', 0, policy)).toBeUndefined();
    expect(retryDelay({ status: 404, retryAfter: '1' }, 'GET', 0, policy)).toBeUndefined();
  });
});
