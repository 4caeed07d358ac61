import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { firstRunPageTexts } from '../../src/http/pages/first-run-page.ts';
import { catalogProblems } from '../../src/core/text/catalog-check.ts';
import { generateRecoveryKey, recoveryKeyFingerprint } from '../../src/crypto/index.ts';

let dir: string;
let runtime: Runtime;
const logLines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sp-first-run-'));
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString('utf8')), done()) });
  runtime = await createRuntime(loadConfig({ env: { DATA_DIR: dir, PORT: '0', PUBLIC_URL: 'https://sealpost.example' }, cwd: dir }), { logger: pino({ level: 'info' }, sink), version: 'test', manualJobs: true });
  await runtime.start();
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const remote = { remoteAddress: '203.0.113.9' };

describe('the first-run page', () => {
  it('has complete texts in de, nl and en', () => {
    for (const lang of ['de', 'nl'] as const) expect(catalogProblems(lang, firstRunPageTexts[lang], firstRunPageTexts.en)).toEqual([]);
  });

  it('is refused to a remote client without the setup token, and to a cross-site form post even from loopback', async () => {
    expect((await runtime.app.inject({ method: 'GET', url: '/setup', ...remote })).statusCode).toBe(403);
    expect((await runtime.app.inject({ method: 'GET', url: '/setup?token=wrong', ...remote })).statusCode).toBe(403);
    const cross = await runtime.app.inject({
      method: 'POST', url: '/setup', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      payload: form({ name: 'Evil', domains: 'evil.example', admin: 'x@evil.example' }),
    });
    expect(cross.statusCode).toBe(403);
    expect(await runtime.repos.organisations.count()).toBe(0);
  });

  it('creates the first organisation with the logged one-time token from anywhere, shows the invitation link in the asked language, then closes', async () => {
    const logged = logLines.map((l) => JSON.parse(l) as { setupUrl?: string }).find((l) => l.setupUrl)?.setupUrl ?? '';
    const token = new URL(logged).searchParams.get('token') ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const get = await runtime.app.inject({ method: 'GET', url: `/setup?token=${token}`, headers: { 'accept-language': 'nl' }, ...remote });
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain('Organisatie aanmaken');
    // What happens to earlier messages when someone loses every factor is asked here, as a required choice.
    expect(get.body).toMatch(/<input type="radio" id="kr-loss" name="keyRecovery" value="loss" required>/);
    const post = (fields: Record<string, string>, lang = 'en') =>
      runtime.app.inject({ method: 'POST', url: '/setup', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang }, payload: form({ token, name: 'Praxis', domains: 'praxis.example', admin: 'boss@praxis.example', ...fields }), ...remote });
    const bad = await post({ admin: 'boss@elsewhere.example', keyRecovery: 'loss' });
    expect(bad.statusCode).toBe(400);
    const unanswered = await post({});
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.body).toContain('Choose what happens to earlier messages');
    const mistyped = await post({ keyRecovery: 'key', recoveryPublicKey: 'age1notakey' });
    expect(mistyped.statusCode).toBe(400);
    expect(mistyped.body).toContain('age X25519 recipient');
    expect(await runtime.repos.organisations.count()).toBe(0);
    const { recipient } = await generateRecoveryKey();
    const created = await post({ keyRecovery: 'key', recoveryPublicKey: recipient }, 'de');
    expect(created.statusCode).toBe(201);
    expect(created.body).toContain('Die Organisation Praxis wurde angelegt.');
    expect(created.body).toContain(`wiederherstellbar mit dem Wiederherstellungsschlüssel ${recoveryKeyFingerprint(recipient)}`);
    const [org] = await runtime.repos.organisations.list();
    expect(await runtime.repos.keyRecovery.getPolicy(org?.id ?? '')).toMatchObject({ policy: 'org-key', recoveryPublicKey: recipient, chosenBy: 'operator:first-run' });
    expect(created.body).toMatch(/https:\/\/sealpost\.example\/#\/invitation\/[A-Za-z0-9_-]{43}/);
    expect((await runtime.app.inject({ method: 'GET', url: '/setup' })).statusCode).toBe(410);
    const again = await runtime.app.inject({ method: 'POST', url: '/setup', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ token, name: 'Second', domains: 'second.example', admin: 'a@second.example' }) });
    expect(again.statusCode).toBe(410);
    expect(await runtime.repos.organisations.count()).toBe(1);
  });
});
