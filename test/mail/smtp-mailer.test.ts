import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/adapters/mailer/smtp-mailer.ts';
import { renderMail } from '../../src/core/notifications/render.ts';
import type { Mailer, OutgoingMail } from '../../src/core/ports/mailer.ts';
import { expectCode } from '../blob/blob-store-conformance.ts';
import { parseRaw, startSmtpServer } from './smtp-test-server.ts';
import type { SmtpTestServer } from './smtp-test-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(...args: Parameters<typeof startSmtpServer>): Promise<SmtpTestServer> {
  const s = await startSmtpServer(...args);
  cleanups.push(s.close);
  return s;
}

function mailer(options: Parameters<typeof createSmtpMailer>[0]): Mailer {
  const m = createSmtpMailer(options);
  cleanups.push(async () => m.close?.());
  return m;
}

const base: OutgoingMail = {
  to: [{ name: 'Anna de Vries', address: 'anna@example.nl' }],
  subject: 'Vertrouwelijk bericht',
  text: 'Plain text body',
  html: '<p>HTML body</p>',
};

describe('SMTP mailer against a real SMTP server', () => {
  it('delivers a multipart/alternative mail with the configured sender', async () => {
    const smtp = await server();
    const m = mailer({ url: smtp.url, from: 'Sealpost <noreply@sealpost.example>' });
    expect(m.kind).toBe('smtp');
    await m.verify?.();
    const sent = await m.send({ ...base, headers: { 'Auto-Submitted': 'auto-generated' } });
    expect(sent.messageId).toMatch(/^<.+@.+>$/);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.mailFrom).toBe('noreply@sealpost.example');
    expect(mail?.rcptTo).toEqual(['anna@example.nl']);
    const { headers, body } = parseRaw(mail?.raw ?? '');
    const header = (name: string) => headers.filter(([n]) => n === name).map(([, v]) => v);
    expect(header('from')).toEqual(['Sealpost <noreply@sealpost.example>']);
    expect(header('to')).toEqual(['Anna de Vries <anna@example.nl>']);
    expect(header('auto-submitted')).toEqual(['auto-generated']);
    expect(header('content-type')[0]).toMatch(/^multipart\/alternative;/);
    expect(body).toContain('Content-Type: text/plain');
    expect(body).toContain('Plain text body');
    expect(body).toContain('Content-Type: text/html');
    expect(body).toContain('<p>HTML body</p>');
  });

  it('gives every attempt to deliver one mail the same Message-ID (a resend after a crash shows once), and refuses a key that could break the header', async () => {
    const smtp = await server();
    const m = mailer({ url: smtp.url, from: 'Sealpost <noreply@sealpost.example>' });
    const first = await m.send({ ...base, deliveryKey: 'outbox-7f3c9a' });
    const again = await m.send({ ...base, deliveryKey: 'outbox-7f3c9a' });
    const other = await m.send({ ...base, deliveryKey: 'outbox-other' });
    expect(first.messageId).toBe('<outbox-7f3c9a@sealpost.example>');
    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
    const ids = smtp.received.map((r) => parseRaw(r.raw).headers.filter(([n]) => n === 'message-id').map(([, v]) => v));
    expect(ids).toEqual([['<outbox-7f3c9a@sealpost.example>'], ['<outbox-7f3c9a@sealpost.example>'], ['<outbox-other@sealpost.example>']]);
    await expectCode(m.send({ ...base, deliveryKey: 'x>\r\nBcc: evil@attacker.test' }), 'SP_ERR_VALIDATION');
    expect(smtp.received).toHaveLength(3);
  });

  const injections: Array<[string, OutgoingMail]> = [
    ['subject', { ...base, subject: 'Hello\r\nBcc: evil@attacker.test' }],
    ['subject (bare LF)', { ...base, subject: 'Hello\nBcc: evil@attacker.test' }],
    ['subject (bare CR)', { ...base, subject: 'Hello\rBcc: evil@attacker.test' }],
    ['subject (NUL)', { ...base, subject: 'Hello\0' }],
    ['recipient name', { ...base, to: [{ name: 'Anna\r\nBcc: evil@attacker.test', address: 'anna@example.nl' }] }],
    ['recipient address', { ...base, to: [{ address: 'anna@example.nl\r\nBcc: evil@attacker.test' }] }],
    ['sender name', { ...base, from: { name: 'Bob\r\nBcc: evil@attacker.test', address: 'bob@sealpost.example' } }],
    ['reply-to address', { ...base, replyTo: { address: 'bob@sealpost.example\nBcc: evil@attacker.test' } }],
    ['extra header value', { ...base, headers: { 'X-Sealpost-Id': '1\r\nBcc: evil@attacker.test' } }],
    ['extra header name', { ...base, headers: { 'X-A\r\nBcc: evil@attacker.test\r\nX-B': '1' } }],
  ];

  it.each(injections)('refuses CR/LF/NUL in the %s and sends nothing', async (_field, mail) => {
    const smtp = await server();
    const m = mailer({ url: smtp.url, from: 'noreply@sealpost.example' });
    await expectCode(m.send(mail), 'SP_ERR_VALIDATION');
    expect(smtp.rcptAttempts).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('refuses extra headers that would replace structural ones, and address lists in one address', async () => {
    const smtp = await server();
    const m = mailer({ url: smtp.url, from: 'noreply@sealpost.example' });
    for (const name of ['Bcc', 'to', 'Content-Type', 'Subject', 'Reply-To']) {
      await expectCode(m.send({ ...base, headers: { [name]: 'evil@attacker.test' } }), 'SP_ERR_VALIDATION');
    }
    for (const address of ['anna@example.nl, evil@attacker.test', 'anna@example.nl;evil@attacker.test', '<evil@attacker.test>', 'anna']) {
      await expectCode(m.send({ ...base, to: [{ address }] }), 'SP_ERR_MAIL_INVALID');
    }
    expect(smtp.rcptAttempts).toEqual([]);
  });

  it('encodes hostile but printable names and subjects so they stay inside their header', async () => {
    const smtp = await server();
    const m = mailer({ url: smtp.url, from: 'noreply@sealpost.example' });
    await m.send({
      ...base,
      to: [{ name: '"Evil" <evil@attacker.test>, Bcc: evil2@attacker.test', address: 'anna@example.nl' }],
      replyTo: { name: 'Müller; <x@attacker.test>', address: 'bob@sealpost.example' },
      subject: 'Fw: =?utf-8?Q?Bcc:_evil@attacker.test?= — Grüße',
    });
    const [mail] = smtp.received;
    expect(smtp.rcptAttempts).toEqual(['anna@example.nl']);
    const { headers } = parseRaw(mail?.raw ?? '');
    const names = headers.map(([n]) => n);
    expect(names).not.toContain('bcc');
    expect(names.filter((n) => n === 'to')).toHaveLength(1);
    const to = headers.find(([n]) => n === 'to')?.[1] ?? '';
    // Exactly one angle-bracketed address remains outside the quoted/encoded display name.
    expect(to.replace(/"(?:[^"\\]|\\.)*"/g, '').replace(/=\?[^?]+\?[BQ]\?[^?]*\?=/gi, '').trim()).toBe('<anna@example.nl>');
  });

  it('reports a permanent refusal (5xx) with its reply code, not to be retried', async () => {
    const smtp = await server({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('5.1.1 User unknown'), { responseCode: 550 }));
      },
    });
    const error = await expectCode(mailer({ url: smtp.url, from: 'noreply@sealpost.example' }).send(base), 'SP_ERR_DELIVERY');
    expect((error as { details: unknown }).details).toMatchObject({ provider: 'smtp', retryable: false, responseCode: 550, smtpErrorCode: 'EENVELOPE' });
  });

  it('reports a temporary refusal (4xx) as retryable', async () => {
    const smtp = await server({
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 })));
      },
    });
    const error = await expectCode(mailer({ url: smtp.url, from: 'noreply@sealpost.example' }).send(base), 'SP_ERR_DELIVERY');
    expect((error as { details: unknown }).details).toMatchObject({ retryable: true, responseCode: 451, smtpErrorCode: 'EMESSAGE' });
  });

  it('reports a relay that is down as retryable, fails verify(), and recovers when it is back', async () => {
    const first = await startSmtpServer();
    const { port } = first;
    const m = mailer({ url: first.url, from: 'noreply@sealpost.example' });
    await m.send(base);
    await first.close();
    const error = await expectCode(m.send(base), 'SP_ERR_DELIVERY');
    expect((error as { details: unknown }).details).toMatchObject({ retryable: true });
    await expectCode(m.verify?.() ?? Promise.resolve(), 'SP_ERR_UNAVAILABLE');
    const again = await server({}, port);
    await m.send({ ...base, subject: 'after restart' });
    expect(again.received).toHaveLength(1);
    expect(again.received[0]?.raw).toContain('after restart');
  });

  it('rejects invalid options and an unusable MAIL_FROM', () => {
    expect(() => createSmtpMailer({ url: 'http://relay.example', from: 'noreply@sealpost.example' })).toThrow();
    expect(() => createSmtpMailer({ url: 'smtp://relay.example', from: 'noreply@sealpost.example', secure: true } as never)).toThrow();
    expect(() => createSmtpMailer({ url: 'smtp://relay.example', from: 'a@x.example, b@y.example' })).toThrow(
      expect.objectContaining({ code: 'SP_ERR_CONFIG_INVALID' }) as Error,
    );
    expect(() => createSmtpMailer({ url: 'smtp://relay.example', from: { name: 'x\r\nBcc: y@z.example', address: 'a@x.example' } })).toThrow(
      expect.objectContaining({ code: 'SP_ERR_CONFIG_INVALID' }) as Error,
    );
  });
});

describe('SMTP mailer with STARTTLS', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sealpost-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  const key = readFileSync(keyFile, 'utf8');
  const cert = readFileSync(certFile, 'utf8');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a relay whose certificate it cannot verify (retryable) and trusts a configured CA', async () => {
    const smtp = await server({ key, cert });
    const untrusted = mailer({ url: smtp.url, from: 'noreply@sealpost.example', tls: { requireTls: true } });
    const error = await expectCode(untrusted.send(base), 'SP_ERR_DELIVERY');
    expect((error as { details: unknown }).details).toMatchObject({ retryable: true });
    expect(smtp.received).toEqual([]);
    const trusted = mailer({ url: smtp.url, from: 'noreply@sealpost.example', tls: { ca: cert, requireTls: true } });
    await trusted.verify?.();
    await trusted.send(base);
    expect(smtp.received).toHaveLength(1);
  });

  it('refuses to send in clear text when TLS is required but not offered', async () => {
    const smtp = await server();
    const m = mailer({ url: smtp.url, from: 'noreply@sealpost.example', tls: { requireTls: true } });
    await expectCode(m.send(base), 'SP_ERR_DELIVERY');
    expect(smtp.received).toEqual([]);
  });
});

describe('rendered notification through the SMTP mailer', () => {
  it('arrives as UTF-8 multipart/alternative with an encoded subject', async () => {
    const smtp = await server();
    const m = mailer({ url: smtp.url, from: 'Sealpost <noreply@sealpost.example>' });
    const rendered = renderMail('withdrawn', 'de', { senderName: 'Jürgen Müller', senderAddress: 'jm@praxis.example' });
    await m.send({ to: [{ address: 'anna@example.nl' }], subject: rendered.subject, text: rendered.text, html: rendered.html });
    const { headers, body } = parseRaw(smtp.received[0]?.raw ?? '');
    const subject = headers.find(([n]) => n === 'subject')?.[1] ?? '';
    expect(subject).toMatch(/^=\?UTF-8\?[BQ]\?/i);
    expect(headers.find(([n]) => n === 'content-type')?.[1]).toMatch(/^multipart\/alternative/);
    expect(body).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(body).toMatch(/Content-Type: text\/html; charset=utf-8/i);
  });
});
