import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRuntime, type Runtime } from '../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/sealpost.js');

describe('the server in embedded mode', () => {
  let dir: string;
  let runtime: Runtime;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sp-server-'));
    runtime = await createRuntime(loadConfig({ env: { DATA_DIR: dir, PORT: '0' }, cwd: dir }), {
      logger: pino({ level: 'silent' }),
      version: 'test',
    });
    // A deliberately slow route, to prove graceful shutdown lets requests in flight finish.
    runtime.app.get('/test/slow', async () => {
      await new Promise((r) => setTimeout(r, 700));
      return { done: true };
    });
    base = (await runtime.start()).url;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers liveness and readiness with the database and blob store checked', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'shutdown', ok: true },
        { name: 'database', ok: true },
        { name: 'blobs', ok: true },
      ],
    });
  });

  it('sends a strict Content-Security-Policy and security headers on every response', async () => {
    for (const url of ['/', '/healthz', '/api/info', '/dev/mailbox', '/no-such-page']) {
      const res = await fetch(`${base}${url}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), url).toBe('no-referrer');
    }
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/readyz', '/api/transfers', '/api/transfers/{id}/send', '/api/r/{rid}/verify', '/api/dev/mailbox']),
    );
  });

  it('answers bad input with a stable error code and a safe message, never internals', async () => {
    const notFound = await fetch(`${base}/api/nope`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error: { code: 'SP_ERR_NOT_FOUND', message: 'Not found' } });

    const invalid = await fetch(`${base}/api/sender/verification-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not an address', extra: 1 }),
    });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { code: string; details: unknown[] } };
    expect(body.error.code).toBe('SP_ERR_VALIDATION');
    expect(body.error.details.length).toBeGreaterThan(0);

    const brokenJson = await fetch(`${base}/api/sender/verification-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(brokenJson.status).toBe(400);
    expect(JSON.stringify(await brokenJson.json())).not.toMatch(/at |node_modules|Unexpected end/);
  });

  it('catches mail in the dev mailbox and shows it as a page and as JSON', async () => {
    await fetch(`${base}/api/sender/verification-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'mailbox-test@example.org', lang: 'nl' }),
    });
    type Items = { items: Array<{ id: string; kind: string; mail: { subject: string; to: Array<{ address: string }> } }> };
    // The background worker may be the one delivering it: wait until the mailbox has it.
    const caught = await vi.waitFor(async () => {
      await runtime.worker.runOnce();
      const { items } = (await (await fetch(`${base}/api/dev/mailbox`)).json()) as Items;
      const found = items.find((i) => i.kind === 'mail' && i.mail.to[0]?.address === 'mailbox-test@example.org');
      if (!found) throw new Error('not caught yet');
      return found;
    }, { timeout: 20_000, interval: 50 });
    expect(caught?.mail.subject).toMatch(/code/i);
    const page = await fetch(`${base}/dev/mailbox`, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    const html = await page.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Entwickler-Postfach');
    expect(html).toContain(caught?.mail.subject ?? '???');
    expect(html).not.toMatch(/<script/i);
  });

  it('keeps the dev mailbox out of the data directory: caught mail lives in memory only', async () => {
    const address = `memory-only-${Date.now()}@example.org`;
    await fetch(`${base}/api/sender/verification-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: address, lang: 'en' }),
    });
    type Items = { items: Array<{ kind: string; mail: { to: Array<{ address: string }>; text: string } }> };
    const caught = await vi.waitFor(async () => {
      await runtime.worker.runOnce();
      const { items } = (await (await fetch(`${base}/api/dev/mailbox`)).json()) as Items;
      const found = items.find((i) => i.kind === 'mail' && i.mail.to[0]?.address === address);
      if (!found) throw new Error('not caught yet');
      return found;
    }, { timeout: 20_000, interval: 50 });
    const code = /\b(\d{6})\b/.exec(caught?.mail.text ?? '')?.[1];
    expect(code).toBeDefined();
    // Neither the address's mail text nor the code is in any file under DATA_DIR (database, WAL, anything).
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes.includes(caught?.mail.text.slice(0, 60) ?? '???'), file).toBe(false);
    }
    // And the page says plainly what it is for.
    const html = await (await fetch(`${base}/dev/mailbox`)).text();
    expect(html).toMatch(/only for trying Sealpost/);
    expect(html).toMatch(/lost when the server restarts/);
  });

  it('lets a request in flight finish when it shuts down, then refuses new connections', async () => {
    const slow = fetch(`${base}/test/slow`).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
    await new Promise((r) => setTimeout(r, 150));
    await runtime.stop();
    expect(await slow).toEqual({ status: 200, body: { done: true } });
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe('shutting down behind a load balancer', () => {
  it('turns readiness red at once and keeps answering during the drain, then stops accepting', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sp-drain-'));
    const runtime = await createRuntime(loadConfig({ env: { DATA_DIR: dir, PORT: '0' }, cwd: dir }), { logger: pino({ level: 'silent' }), version: 'test' });
    const base = (await runtime.start()).url;
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const stopped = runtime.stop({ drainMs: 1500 });
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: Array<{ name: string; ok: boolean }> }).checks).toContainEqual({ name: 'shutdown', ok: false, error: 'unavailable' });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      await stopped;
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('starting with a bad setup', () => {
  it('refuses an invalid configuration with the setting named and a non-zero exit', async () => {
    const error = (await run(process.execPath, [bin, 'serve'], { env: { ...process.env, PORT: 'eighty', SEALPOST_FOO: '1' } }).catch(
      (e: unknown) => e,
    )) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('PORT:');
    expect(error.stderr).toContain('SEALPOST_FOO: unknown setting');
  });

  it('exits non-zero with a clear message when the database cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'sp-nodb-'));
    const error = (await run(process.execPath, [bin, 'serve'], {
      env: { ...process.env, DATA_DIR: dir, PORT: '0', DATABASE_URL: `postgres://sealpost:hunter2@127.0.0.1:${port}/sealpost`, DEV_MAILBOX: 'true' },
      timeout: 30_000,
    }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/Cannot connect to PostgreSQL at postgres:\/\/sealpost@127\.0\.0\.1/);
    expect(error.stderr).not.toContain('hunter2');
    rmSync(dir, { recursive: true, force: true });
  });
});
