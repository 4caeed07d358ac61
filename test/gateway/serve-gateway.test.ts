// `sealpost serve` with GATEWAY_LISTEN, as a real process: the gateway starts with the server, and on SIGTERM it
// stops taking new commands (421), lets the mail in flight finish with an answer, and the process exits 0.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { freePort } from '../support/free-port.ts';
import { waitFor } from './postfix-harness.ts';
import { rawSmtp } from './smtp-client.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'sp-gw-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('config: GATEWAY_NEXT_HOP is required with GATEWAY_LISTEN, defaults are as documented', () => {
  expect(() => loadConfig({ env: { GATEWAY_LISTEN: '127.0.0.1:10025' }, cwd: dataDir })).toThrow(/GATEWAY_NEXT_HOP: required when GATEWAY_LISTEN is set/);
  expect(() => loadConfig({ env: { GATEWAY_LISTEN: 'localhost', GATEWAY_NEXT_HOP: 'smtp://127.0.0.1:10026' }, cwd: dataDir })).toThrow(/GATEWAY_LISTEN: must be host:port/);
  expect(() => loadConfig({ env: { GATEWAY_LISTEN: '127.0.0.1:10025', GATEWAY_NEXT_HOP: 'http://x' }, cwd: dataDir })).toThrow(/GATEWAY_NEXT_HOP: must be an smtp/);
  expect(loadConfig({ env: {}, cwd: dataDir }).gateway).toBeUndefined();
  const config = loadConfig({ env: { GATEWAY_LISTEN: '[::1]:10025', GATEWAY_NEXT_HOP: 'smtp://127.0.0.1:10026' }, cwd: dataDir });
  expect(config.gateway).toEqual({
    listen: { host: '::1', port: 10025 },
    nextHop: 'smtp://127.0.0.1:10026',
    subjectTags: ['(Auto)', '[secure]'],
    maxMessageBytes: 2 * 1024 ** 3,
    maxHeaderBytes: 256 * 1024,
    maxParts: 500,
    maxDepth: 20,
    parseTimeoutMs: 600_000,
    spoolDir: path.join(dataDir, 'data', 'gateway-spool'),
    maxConnections: 20,
  });
  expect(loadConfig({ env: { GATEWAY_LISTEN: '127.0.0.1:1', GATEWAY_NEXT_HOP: 'smtp://h:2', GATEWAY_SUBJECT_TAGS: ' [sicher] ,(Auto)' }, cwd: dataDir }).gateway?.subjectTags).toEqual(['[sicher]', '(Auto)']);
});

it('sealpost serve runs the gateway and stops it gracefully on SIGTERM', async () => {
  const [port, gatewayPort] = await Promise.all([freePort(), freePort()]);
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/sealpost.js'), 'serve'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', GATEWAY_LISTEN: `127.0.0.1:${gatewayPort}`, GATEWAY_NEXT_HOP: 'smtp://127.0.0.1:9' },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitFor(() => out.includes('"msg":"sealpost ready"') || child.exitCode !== null, 90_000, 'the server');
    expect(out).toContain(`gateway listening on 127.0.0.1:${gatewayPort}, next hop smtp://127.0.0.1:9`);
    expect(out).toContain(`gateway:  SMTP on 127.0.0.1:${gatewayPort}`);

    const busy = await rawSmtp(gatewayPort);
    const idle = await rawSmtp(gatewayPort);
    await busy.command('EHLO postfix\r\n');
    await idle.command('EHLO postfix\r\n');
    await busy.command('MAIL FROM:<a@example.org>\r\n');
    await busy.command('RCPT TO:<b@example.net>\r\n');
    expect(await busy.command('DATA\r\n')).toMatch(/^354/);
    busy.write('Subject: in flight\r\n\r\nfirst half\r\n');

    child.kill('SIGTERM');
    await waitFor(() => out.includes('shutting down'), 30_000, 'the shutdown to begin');
    // New commands are refused for now (Postfix keeps the mail and tries again later).
    expect(await idle.command('MAIL FROM:<a@example.org>\r\n')).toMatch(/^421 /);
    // The mail in flight is finished and answered: the placeholder handler fails closed, 451.
    expect(await busy.command('second half\r\n.\r\n')).toMatch(/^451 4\.3\.0 /);
    busy.close();
    idle.close();
    expect(await exited).toBe(0);
    expect(out).toContain('gateway stopped');
    expect(out).not.toContain('second half');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 120_000);
