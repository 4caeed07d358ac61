// The gateway's transport with a real Debian Postfix: swaks → Postfix submission (content_filter) → gateway →
// Postfix re-injection → Maildir. The handler is injected: a pass-through, or one that fails.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system-clock.ts';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import type { GatewayHandler } from '../../src/smtp/handler.ts';
import { startGatewayListener, type GatewayListener } from '../../src/smtp/listener.ts';
import { createRelay, type Relay } from '../../src/smtp/relay.ts';
import { postfixAvailable, startPostfix, waitFor, type PostfixHarness } from './postfix-harness.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sealpost-gwt-'));
let pf: PostfixHarness;
let db: Database;
let repos: Repositories;
let relay: Relay;
let gateway: GatewayListener | undefined;
let calls = 0;
let failing = false;

const handler: GatewayHandler = {
  handle() {
    calls += 1;
    return failing ? Promise.reject(new Error('database unavailable')) : Promise.resolve({ action: 'relay' });
  },
};

async function startGateway(port: number, maxMessageBytes = 10 * 1024 * 1024): Promise<GatewayListener> {
  gateway = await startGatewayListener({
    host: '127.0.0.1',
    port,
    handler,
    relay,
    deliveries: repos.gatewayDeliveries,
    fingerprint: (env, sha) => `${JSON.stringify(env.rcptTo)}|${env.mailFrom}|${sha}`,
    spoolDir: join(dir, 'spool'),
    maxMessageBytes,
    maxHeaderBytes: 64 * 1024,
    maxConnections: 20,
    logger: pino({ level: 'silent' }),
  });
  return gateway;
}

/** A mail as a client writes it: complete headers (so Postfix adds none to it), 8-bit UTF-8, a 5000-byte line. */
function mailFile(marker: string): { path: string; bytes: Buffer } {
  const bytes = Buffer.from(
    'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=example.org; s=sel;\r\n' +
      '\th=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n' +
      '\tb=dGVzdA==\r\n' +
      `Message-ID: <${marker}@example.org>\r\n` +
      'Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n' +
      'From: Änne Müller <anne@example.org>\r\n' +
      'To: bob@example.net\r\n' +
      `Subject: Grüße ${marker}\r\n` +
      'MIME-Version: 1.0\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      'Content-Transfer-Encoding: 8bit\r\n' +
      '\r\n' +
      'Grüße aus Köln, ☃ und ✓.\r\n' +
      '.a line starting with a dot\r\n' +
      `${'x'.repeat(5000)}\r\n` +
      'trailing spaces   \r\n' +
      '\r\n' +
      'end\r\n',
  );
  const path = join(dir, `${marker}.eml`);
  // swaks ends the data with CRLF . CRLF after the file, adding its own line end: the file leaves out the last one.
  writeFileSync(path, bytes.subarray(0, bytes.length - 2));
  return { path, bytes };
}

async function swaks(port: number, file: string, to = 'bob@example.net'): Promise<string> {
  const { stdout } = await run('swaks', ['--server', `127.0.0.1:${port}`, '--from', 'anne@example.org', '--to', to, '--data', `@${file}`, '--hide-informational']);
  return stdout;
}

/**
 * Whether the delivered mail, after Postfix's own trace headers (Return-Path, Delivered-To, Received…), is the
 * original byte for byte. A Maildir file ends lines in LF (Postfix stores lines, not line endings), so the original's
 * CRLFs are compared as LF; every other byte (8-bit, the 5000-byte line, folding) must be identical.
 */
function endsWith(delivered: Buffer, crlfOriginal: Buffer): boolean {
  const original = Buffer.from(crlfOriginal.toString('latin1').replaceAll('\r\n', '\n'), 'latin1');
  return delivered.length >= original.length && delivered.subarray(delivered.length - original.length).equals(original);
}

const deliveredWith = (marker: string): Buffer[] => pf.delivered().filter((m) => m.includes(`<${marker}@example.org>`));

beforeAll(async () => {
  if (!postfixAvailable) return;
  pf = await startPostfix();
  db = await createDatabase({ sqliteFile: join(dir, 'gw.sqlite') });
  await db.migrate();
  repos = createRepositories(db, { clock: systemClock });
  relay = createRelay(pf.nextHopUrl);
}, 60_000);

afterAll(async () => {
  await gateway?.close({ graceMs: 1000 });
  relay?.close();
  await db?.close();
  await pf?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

afterEach(async () => {
  failing = false;
  await gateway?.close({ graceMs: 1000 });
  gateway = undefined;
});

describe.skipIf(!postfixAvailable)('gateway transport with a real Postfix', () => {
  it('passes a mail through byte for byte (8-bit UTF-8, a 5000-byte line, a DKIM-Signature), once', async () => {
    await startGateway(pf.gatewayPort);
    const { path, bytes } = mailFile('pass');
    calls = 0;
    await swaks(pf.submissionPort, path);
    await waitFor(() => deliveredWith('pass').length > 0, 30_000, `delivery\n${pf.log()}`);
    const [delivered] = deliveredWith('pass');
    expect(endsWith(delivered!, bytes), delivered!.toString('utf8').slice(0, 2000)).toBe(true);
    expect(calls).toBe(1);
    expect(await pf.queue()).toEqual([]);
  });

  it('mail arriving on the inbound port never reaches the gateway', async () => {
    await startGateway(pf.gatewayPort);
    const { path, bytes } = mailFile('inbound');
    calls = 0;
    await swaks(pf.inboundPort, path);
    await waitFor(() => deliveredWith('inbound').length > 0, 30_000, 'inbound delivery');
    expect(endsWith(deliveredWith('inbound')[0]!, bytes)).toBe(true);
    expect(calls).toBe(0);
  });

  it('handler error → 451: the mail stays deferred in Postfix and nothing is delivered; fixed + flush → delivered once', async () => {
    await startGateway(pf.gatewayPort);
    failing = true;
    calls = 0;
    const { path, bytes } = mailFile('fail');
    await swaks(pf.submissionPort, path);
    await waitFor(async () => (await pf.queue()).some((m) => m.queue_name === 'deferred'), 30_000, 'deferral');
    const [queued] = await pf.queue();
    expect(queued!.recipients[0]!.delay_reason).toMatch(/451 4\.3\.0 Temporary gateway problem/);
    expect(queued!.recipients[0]!.delay_reason).not.toContain('database unavailable');
    expect(deliveredWith('fail')).toEqual([]);
    failing = false;
    await pf.flush();
    await waitFor(() => deliveredWith('fail').length > 0, 30_000, 'delivery after flush');
    await waitFor(async () => (await pf.queue()).length === 0, 30_000, 'empty queue');
    expect(deliveredWith('fail')).toHaveLength(1);
    expect(endsWith(deliveredWith('fail')[0]!, bytes)).toBe(true);
  });

  it('gateway down → Postfix defers and nothing leaves; gateway back + flush → delivered', async () => {
    const { path } = mailFile('down');
    await swaks(pf.submissionPort, path);
    await waitFor(async () => (await pf.queue()).some((m) => m.queue_name === 'deferred'), 30_000, 'deferral');
    expect((await pf.queue())[0]!.recipients[0]!.delay_reason).toMatch(/connect to 127\.0\.0\.1\[127\.0\.0\.1\]:\d+: Connection refused/);
    expect(deliveredWith('down')).toEqual([]);
    await startGateway(pf.gatewayPort);
    await pf.flush();
    await waitFor(() => deliveredWith('down').length > 0, 30_000, `delivery after restart\n${pf.log().slice(-2000)}`);
    await waitFor(async () => (await pf.queue()).length === 0, 30_000, 'empty queue');
    expect(deliveredWith('down')).toHaveLength(1);
  });

  it('Postfix re-sends a mail whose 250 was lost: the gateway answers 250 without relaying again', async () => {
    // A proxy in front of the gateway cuts the first connection right when the gateway's "250 … relayed" comes.
    const inner = await startGateway(0);
    let cut = false;
    const sockets = new Set<Socket>();
    const proxy: Server = createServer((client) => {
      const upstream = connect(inner.port, '127.0.0.1');
      sockets.add(client).add(upstream);
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => {
        if (!cut && chunk.toString('latin1').includes('Ok: relayed')) {
          cut = true;
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(chunk);
      });
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(pf.gatewayPort, '127.0.0.1', resolve));
    try {
      calls = 0;
      const { path } = mailFile('dup');
      await swaks(pf.submissionPort, path);
      await waitFor(() => cut && deliveredWith('dup').length > 0, 30_000, 'the first relay');
      await waitFor(async () => (await pf.queue()).some((m) => m.queue_name === 'deferred'), 30_000, 'deferral after the lost reply');
      await pf.flush();
      await waitFor(async () => (await pf.queue()).length === 0, 30_000, 'the re-send accepted');
      expect(deliveredWith('dup')).toHaveLength(1);
      expect(calls).toBe(1);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('a mail over GATEWAY_MAX_MESSAGE_BYTES bounces to the sender with a 5xx reason and is not delivered', async () => {
    await startGateway(pf.gatewayPort, 100 * 1024);
    const path = join(dir, 'big.eml');
    writeFileSync(path, `Message-ID: <big@example.org>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nFrom: anne@example.org\r\nTo: bob@example.net\r\nSubject: big\r\n\r\n${`${'y'.repeat(998)}\r\n`.repeat(200)}`);
    await swaks(pf.submissionPort, path);
    await waitFor(() => pf.delivered().some((m) => m.includes('Undelivered Mail Returned to Sender') && m.includes('<big@example.org>')), 30_000, `bounce\n${pf.log().slice(-2000)}`);
    const bounce = pf.delivered().find((m) => m.includes('Undelivered Mail Returned to Sender') && m.includes('<big@example.org>'))!.toString('utf8');
    // Postfix reads the limit from the gateway's SIZE and bounces before sending (the streaming limit: listener.test.ts).
    expect(bounce).toContain('Status: 5.3.4');
    expect(bounce).toMatch(/exceeds size limit 102400 of\s+server 127\.0\.0\.1/);
    expect(pf.delivered().filter((m) => m.includes('Subject: big') && !m.includes('Undelivered'))).toEqual([]);
  });
});
