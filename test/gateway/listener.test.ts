import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { systemClock } from '../../src/adapters/clock/system-clock.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { GatewayRefusal, type GatewayHandler, type GatewayTransaction } from '../../src/smtp/handler.ts';
import { startGatewayListener, type GatewayListener } from '../../src/smtp/listener.ts';
import { createRelay, type Relay } from '../../src/smtp/relay.ts';
import { startCaptureServer } from './capture-server.ts';
import { rawSmtp } from './smtp-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-gwl-'));
const spoolDir = join(dir, 'spool');
let db: Database;
let repos: Repositories;
let next: Awaited<ReturnType<typeof startCaptureServer>>;
let relay: Relay;
let listener: GatewayListener | undefined;
const seen: GatewayTransaction[] = [];
let behaviour: 'relay' | 'throw' | 'refuse' | 'done' = 'relay';

const handler: GatewayHandler = {
  async handle(tx) {
    seen.push(tx);
    if (behaviour === 'throw') throw new Error('secret detail: database at 10.1.2.3 is down');
    if (behaviour === 'refuse') throw new GatewayRefusal(550, '5.7.1', 'You may not send through the gateway');
    if (behaviour === 'done') {
      for (const r of tx.envelope.rcptTo) await tx.markDone(r, 'pdf');
      return { action: 'done', recipients: tx.envelope.rcptTo.map((recipient) => ({ recipient, format: 'pdf' as const })) };
    }
    // Reads the spool once, as a real handler would, to prove it is readable and complete.
    let size = 0;
    for await (const piece of tx.message.read()) size += piece.length;
    expect(size).toBe(tx.message.size);
    return { action: 'relay' };
  },
};

beforeAll(async () => {
  db = await createDatabase({ sqliteFile: join(dir, 'gw.sqlite') });
  await db.migrate();
  repos = createRepositories(db, { clock: systemClock });
  next = await startCaptureServer();
  relay = createRelay(next.url);
});
afterAll(async () => {
  relay.close();
  await next.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await listener?.close({ graceMs: 1000 });
  listener = undefined;
  next.mails.length = 0;
  seen.length = 0;
  behaviour = 'relay';
});

async function start(limits: { maxMessageBytes?: number; maxHeaderBytes?: number } = {}): Promise<GatewayListener> {
  listener = await startGatewayListener({
    host: '127.0.0.1',
    port: 0,
    handler,
    relay,
    deliveries: repos.gatewayDeliveries,
    fingerprint: (env, sha) => `${env.mailFrom}|${env.rcptTo.join(',')}|${sha}`,
    spoolDir,
    maxMessageBytes: limits.maxMessageBytes ?? 10 * 1024 * 1024,
    maxHeaderBytes: limits.maxHeaderBytes ?? 4096,
    maxConnections: 5,
    logger: pino({ level: 'silent' }),
  });
  return listener;
}

function sampleMail(marker: string): Buffer {
  const long = 'L'.repeat(5000);
  return Buffer.concat([
    Buffer.from(
      'DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=s1;\r\n\th=from:to:subject; bh=abc=; b=def=\r\n' +
        'From: Änne <Anne@Example.org>\r\nTo: bob@example.net\r\nSubject: Grüße ' + marker + '\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
    ),
    Buffer.from('Grüße aus Köln — 8-bit body\r\n.leading dot line\r\n..two dots\r\n' + long + '\r\n\r\n \r\nend\r\n'),
  ]);
}

async function sendRaw(port: number, mail: Buffer, envelope = { from: 'Anne@Example.org', to: ['Bob@example.net'] }): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope, raw: mail });
  } finally {
    transport.close();
  }
}

describe('gateway listener', () => {
  it('advertises 8BITMIME, SMTPUTF8, SIZE and XFORWARD, no AUTH or STARTTLS', async () => {
    const l = await start({ maxMessageBytes: 123456 });
    const c = await rawSmtp(l.port);
    const ehlo = await c.command('EHLO test\r\n');
    expect(ehlo).toContain('8BITMIME');
    expect(ehlo).toContain('SMTPUTF8');
    expect(ehlo).toContain('SIZE 123456');
    expect(ehlo).toContain('XFORWARD');
    expect(ehlo).not.toContain('AUTH');
    expect(ehlo).not.toContain('STARTTLS');
    expect(await c.command('MAIL FROM:<a@example.org> SIZE=200000\r\n')).toMatch(/^552 /);
    c.close();
  });

  it('relays a mail byte for byte with its original envelope, once per fingerprint, and leaves no spool file', async () => {
    const l = await start();
    const mail = sampleMail('one');
    await sendRaw(l.port, mail);
    expect(next.mails).toHaveLength(1);
    expect(next.mails[0]!.raw.equals(mail)).toBe(true);
    // smtp-server lower-cases the domain (case-insensitive); the local part keeps its case.
    expect(next.mails[0]!.from).toBe('Anne@example.org');
    expect(next.mails[0]!.to).toEqual(['Bob@example.net']);
    expect(seen[0]!.envelope).toMatchObject({ mailFrom: 'anne@example.org', rcptTo: ['bob@example.net'], remoteAddress: '127.0.0.1' });
    // Postfix sends the same mail again (its 250 was lost): accepted, not relayed twice, handler not asked.
    await sendRaw(l.port, mail);
    expect(next.mails).toHaveLength(1);
    expect(seen).toHaveLength(1);
    // Another recipient is another mail.
    await sendRaw(l.port, mail, { from: 'Anne@Example.org', to: ['carl@example.net'] });
    expect(next.mails).toHaveLength(2);
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('relays the null sender (a bounce) with MAIL FROM:<>', async () => {
    const l = await start();
    const c = await rawSmtp(l.port);
    await c.command('EHLO test\r\n');
    expect(await c.command('MAIL FROM:<>\r\n')).toMatch(/^250/);
    expect(await c.command('RCPT TO:<bob@example.net>\r\n')).toMatch(/^250/);
    expect(await c.command('DATA\r\n')).toMatch(/^354/);
    expect(await c.command('Subject: bounce\r\n\r\nbody\r\n.\r\n')).toMatch(/^250 2\.0\.0/);
    c.close();
    expect(next.mails[0]).toMatchObject({ from: '', to: ['bob@example.net'] });
  });

  it('answers 451 4.3.0 without details when the handler fails, and relays nothing; later the same mail goes through once', async () => {
    const l = await start();
    const mail = sampleMail('retry');
    behaviour = 'throw';
    const error = await sendRaw(l.port, mail).then(() => null, (e: unknown) => e as { responseCode: number; response: string });
    expect(error?.responseCode).toBe(451);
    expect(error?.response).toMatch(/^451 4\.3\.0 /);
    expect(error?.response).not.toContain('10.1.2.3');
    expect(next.mails).toHaveLength(0);
    behaviour = 'relay';
    await sendRaw(l.port, mail);
    await sendRaw(l.port, mail);
    expect(next.mails).toHaveLength(1);
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it("answers a GatewayRefusal with its own code, and 'done' records every recipient", async () => {
    const l = await start();
    behaviour = 'refuse';
    const error = await sendRaw(l.port, sampleMail('refuse')).then(() => null, (e: unknown) => e as { response: string });
    expect(error?.response).toBe('550 5.7.1 You may not send through the gateway');
    behaviour = 'done';
    await sendRaw(l.port, sampleMail('done'));
    expect(next.mails).toHaveLength(0);
    const fp = seen.at(-1)!.fingerprint;
    expect(await repos.gatewayDeliveries.isDone(fp, 'bob@example.net')).toBe(true);
    expect(await repos.gatewayDeliveries.isDone(fp, '*')).toBe(true);
    expect(await seen.at(-1)!.alreadyDone('bob@example.net')).toBe(true);
  });

  it('answers 451 when the next hop is down, and the mail is not recorded as delivered', async () => {
    const down = createRelay('smtp://127.0.0.1:1');
    listener = await startGatewayListener({
      host: '127.0.0.1', port: 0, handler, relay: down, deliveries: repos.gatewayDeliveries,
      fingerprint: (env, sha) => `down|${sha}`, spoolDir, maxMessageBytes: 1 << 20, maxHeaderBytes: 4096, maxConnections: 5, logger: pino({ level: 'silent' }),
    });
    const error = await sendRaw(listener.port, sampleMail('down')).then(() => null, (e: unknown) => e as { responseCode: number });
    expect(error?.responseCode).toBe(451);
    expect(await repos.gatewayDeliveries.isDone(`down|${seen[0]!.fingerprint.split('|')[1]}`, '*')).toBe(false);
    down.close();
  });

  describe('smuggling and limits over a raw socket', () => {
    async function transaction(port: number, body: string | Buffer): Promise<{ reply: string; after: string }> {
      const c = await rawSmtp(port);
      await c.command('EHLO test\r\n');
      await c.command('MAIL FROM:<a@example.org>\r\n');
      await c.command('RCPT TO:<b@example.net>\r\n');
      await c.command('DATA\r\n');
      const reply = await c.command(body);
      // The connection still speaks SMTP in step: the smuggled "command" never ran as one.
      const after = await c.command('RSET\r\n');
      c.close();
      return { reply, after };
    }

    it('<LF>.<CR><LF> does not end the data, and the mail carrying it is refused 554 5.6.0', async () => {
      const l = await start();
      const smuggled = 'Subject: x\r\n\r\nhello\n.\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<victim@example.net>\r\nDATA\r\nSubject: smuggled\r\n\r\nhi\r\n.\r\n';
      const { reply, after } = await transaction(l.port, smuggled);
      expect(reply).toBe('554 5.6.0 Bare LF or CR in the message; lines must end in CRLF (RFC 5321 2.3.8)');
      expect(after).toMatch(/^250/);
      expect(next.mails).toHaveLength(0);
      expect(seen).toHaveLength(0);
    });

    it('<CR><LF>.<LF> does not end the data either, and is refused', async () => {
      const l = await start();
      const smuggled = 'Subject: x\r\n\r\nhello\r\n.\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<victim@example.net>\r\nDATA\r\nSubject: smuggled\r\n\r\nhi\r\n.\r\n';
      const { reply, after } = await transaction(l.port, smuggled);
      expect(reply).toMatch(/^554 5\.6\.0 /);
      expect(after).toMatch(/^250/);
      expect(next.mails).toHaveLength(0);
    });

    it('refuses a bare LF and a bare CR anywhere', async () => {
      const l = await start();
      expect((await transaction(l.port, 'Subject: x\nX: y\r\n\r\nbody\r\n.\r\n')).reply).toMatch(/^554 5\.6\.0 /);
      expect((await transaction(l.port, 'Subject: x\r\n\r\nbo\rdy\r\n.\r\n')).reply).toMatch(/^554 5\.6\.0 /);
      expect(next.mails).toHaveLength(0);
    });

    it('refuses a header section over GATEWAY_MAX_HEADER_BYTES with 552 5.3.4', async () => {
      const l = await start({ maxHeaderBytes: 2048 });
      const { reply } = await transaction(l.port, `Subject: x\r\n${'X-Pad: aaaaaaaaaaaaaaaaaaaa\r\n'.repeat(100)}\r\nbody\r\n.\r\n`);
      expect(reply).toMatch(/^552 5\.3\.4 Header section exceeds 2048 bytes/);
      expect(next.mails).toHaveLength(0);
    });

    it('refuses a mail over GATEWAY_MAX_MESSAGE_BYTES while streaming with 552 5.3.4, and keeps no spool', async () => {
      const l = await start({ maxMessageBytes: 100_000 });
      const { reply } = await transaction(l.port, `Subject: x\r\n\r\n${'a'.repeat(998)}\r\n`.repeat(200) + '.\r\n');
      expect(reply).toMatch(/^552 5\.3\.4 Message exceeds the maximum size of 100000 bytes/);
      expect(next.mails).toHaveLength(0);
      expect(readdirSync(spoolDir)).toEqual([]);
    });
  });

  it('on close: a transaction in flight finishes, new commands get 421, then connections close', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const slow: GatewayHandler = {
      async handle() {
        entered();
        await gate;
        return { action: 'relay' };
      },
    };
    listener = await startGatewayListener({
      host: '127.0.0.1', port: 0, handler: slow, relay, deliveries: repos.gatewayDeliveries,
      fingerprint: (env, sha) => `slow|${sha}`, spoolDir, maxMessageBytes: 1 << 20, maxHeaderBytes: 4096, maxConnections: 5, logger: pino({ level: 'silent' }),
    });
    const busy = await rawSmtp(listener.port);
    const other = await rawSmtp(listener.port);
    await busy.command('EHLO a\r\n');
    await other.command('EHLO b\r\n');
    await busy.command('MAIL FROM:<a@example.org>\r\n');
    await busy.command('RCPT TO:<b@example.net>\r\n');
    await busy.command('DATA\r\n');
    const reply = busy.command('Subject: slow\r\n\r\nbody\r\n.\r\n');
    await inHandler;
    const closing = listener.close({ graceMs: 20_000 });
    listener = undefined;
    expect(await other.command('MAIL FROM:<a@example.org>\r\n')).toMatch(/^421/);
    release();
    expect(await reply).toMatch(/^250 2\.0\.0/);
    await closing;
    expect(next.mails.map((m) => m.raw.toString())).toEqual(['Subject: slow\r\n\r\nbody\r\n']);
    busy.close();
    other.close();
  });
});
