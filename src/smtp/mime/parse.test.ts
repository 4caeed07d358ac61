import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SpooledAttachment } from '../../core/gateway/model.ts';
import {
  appleMail,
  docx,
  forwardedMail,
  innerMessage,
  mailWithAttachment,
  manyParts,
  nested,
  outlookMail,
  pdf,
  png,
  pseudoRandom,
  rawOf,
  sha256,
  thunderbirdMail,
} from '../../../test/fixtures/gateway/mime-fixtures.ts';
import { GatewayRefusal } from '../handler.ts';
import { defaultMimeLimits, type MimeLimits } from './limits.ts';
import { parseMail } from './parse.ts';

let spoolDir: string;
beforeEach(async () => {
  spoolDir = await mkdtemp(join(tmpdir(), 'mime-'));
});

const parse = (mail: Buffer, limits: Partial<MimeLimits> = {}) => parseMail(rawOf(mail), { spoolDir, limits: { ...defaultMimeLimits, ...limits } });

async function bytesOf(attachment: SpooledAttachment): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of attachment.read()) parts.push(p);
  return Buffer.concat(parts);
}

async function refusal(promise: Promise<unknown>): Promise<GatewayRefusal> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayRefusal);
  return error as GatewayRefusal;
}

describe('parseMail: real clients', () => {
  it('Outlook: headers, quoted-printable bodies, inline image of multipart/related, Word attachment', async () => {
    const mail = await parse(outlookMail);
    expect(mail).toMatchObject({
      messageId: 'AM0PR01MB1234@outlook.example',
      from: { address: 'juergen.mueller@kanzlei.example', name: 'Jürgen Müller' },
      to: ['sanne@klant.example'],
      cc: ['buero@kanzlei.example'],
      subject: 'AW: (Auto) Vertragsentwurf für Grüße',
      date: 'Mon, 30 Nov 2026 10:12:00 +0000',
      inReplyTo: 'abc@klant.example',
      references: ['first@klant.example', 'abc@klant.example'],
      language: 'de',
      secureHeader: true,
      signerCertificates: [],
    });
    expect(mail.text).toContain('Mit freundlichen Grüßen');
    expect(mail.html).toContain('<img src="cid:image001.png@01DB0000.12345670">');
    expect(mail.attachments.map((a) => ({ name: a.name, type: a.type, contentId: a.contentId, inline: a.inline, size: a.size }))).toEqual([
      { name: 'image001.png', type: 'image/png', contentId: 'image001.png@01DB0000.12345670', inline: true, size: png.length },
      { name: 'Vertragsentwurf.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', contentId: null, inline: false, size: docx.length },
    ]);
    expect(sha256(await bytesOf(mail.attachments[0]!))).toBe(sha256(png));
    expect(sha256(await bytesOf(mail.attachments[1]!))).toBe(sha256(docx));
    await mail.discard();
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('Thunderbird: UTF-8 8bit format=flowed, RFC 2231 file name, Dutch', async () => {
    const mail = await parse(thunderbirdMail);
    expect(mail.subject).toBe('Offerte [secure] voor de verbouwing – €12.500');
    expect(mail.from).toEqual({ address: 'eva@kantoor.example', name: 'Eva Jansen' });
    expect(mail.language).toBe('nl');
    expect(mail.secureHeader).toBe(false);
    expect(mail.text).toBe(
      'Beste Jan, hierbij de offerte voor de verbouwing van de keuken en de badkamer; graag ontvang ik je reactie vóór vrijdag.\n\n> Gequote regel loopt door.\n\nGroet, Eva',
    );
    expect(mail.html).toBeNull();
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ name: 'Offerte café.pdf', type: 'application/pdf', inline: false });
    expect(sha256(await bytesOf(mail.attachments[0]!))).toBe(sha256(pdf));
    await mail.discard();
  });

  it('Apple Mail: RFC 2231 continuations; the first html is the body, a later one an attachment', async () => {
    const mail = await parse(appleMail);
    // A soft line break followed by an empty line: the text ends with that line's break.
    expect(mail.text).toBe('Hallo, der Befund im Anhang.\r\n');
    expect(mail.html).toBe('<html><body>Hallo, der Befund im Anhang.</body></html>');
    expect(mail.language).toBeNull();
    expect(mail.attachments.map((a) => a.name)).toEqual(['Befund Dr. Müller – Laborübersicht 2026-11-30 (vorläufig).pdf', 'attachment-2.html']);
    expect(sha256(await bytesOf(mail.attachments[0]!))).toBe(sha256(pdf));
    await mail.discard();
  });

  it('a forwarded message/rfc822 is an .eml attachment, byte for byte', async () => {
    const mail = await parse(forwardedMail);
    expect(mail.text).toBe('Siehe unten.');
    expect(mail.attachments.map((a) => [a.name, a.type])).toEqual([
      ['Original.eml', 'message/rfc822'],
      ['attachment-2.eml', 'message/rfc822'],
    ]);
    // The inner message as written (the line break in front of the next boundary belongs to the boundary).
    const expected = innerMessage;
    expect((await bytesOf(mail.attachments[0]!)).equals(expected)).toBe(true);
    expect((await bytesOf(mail.attachments[1]!)).equals(expected)).toBe(true);
    await mail.discard();
  });

  it('an HTML-only mail gets a text derived from the HTML', async () => {
    const raw = Buffer.from('From: a@b.example\r\nSubject: x\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n<p>Gr\xfc\xdfe &amp; <b>Dank</b></p><p>\x80 5</p><script>x()</script>\r\n', 'latin1');
    const mail = await parse(raw);
    expect(mail.text).toBe('Grüße & Dank\n€ 5');
    expect(mail.html).toContain('Grüße');
  });

  it('a body over maxTextBytes is kept as an attachment instead', async () => {
    const long = 'Zeile mit Text.\r\n'.repeat(200);
    const raw = Buffer.from(`From: a@b.example\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${long}`);
    const mail = await parse(raw, { maxTextBytes: 1024 });
    expect(mail.text).toBe('');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ name: 'attachment-1.txt', type: 'text/plain', size: long.length });
    expect((await bytesOf(mail.attachments[0]!)).toString()).toBe(long);
    await mail.discard();
  });

  it('several text parts together stay within maxTextBytes; the part that would pass it is an attachment', async () => {
    const part = 'x'.repeat(600);
    const lines = ['From: a@b.example', 'Subject: s', 'Content-Type: multipart/mixed; boundary="t"', ''];
    for (let i = 0; i < 3; i++) lines.push('--t', 'Content-Type: text/plain', '', part);
    lines.push('--t--', '');
    const mail = await parse(Buffer.from(lines.join('\r\n')), { maxTextBytes: 1024 });
    expect(mail.text).toBe(part);
    expect(mail.attachments.map((a) => [a.name, a.size])).toEqual([
      ['attachment-1.txt', 600],
      ['attachment-2.txt', 600],
    ]);
    await mail.discard();
  });

  it('path components of a file name are dropped', async () => {
    const mail = await parse(mailWithAttachment(Buffer.from('x'), '../../etc/passwd'));
    expect(mail.attachments[0]!.name).toBe('passwd');
  });

  it('keeps attachment plaintext off the disk: the spool holds only ciphertext', async () => {
    const mail = await parse(thunderbirdMail);
    const files = await readdir(spoolDir);
    expect(files.length).toBe(1);
    for (const file of files) expect((await readFile(join(spoolDir, file))).includes('ATTACHMENT-SECRET-MARKER')).toBe(false);
    await mail.discard();
  });

  it('the header counts only as "1"', async () => {
    const make = (value: string): Buffer => Buffer.from(`From: a@b.example\r\nx-sealpost-SECURE: ${value}\r\nSubject: s\r\n\r\nbody\r\n`);
    expect((await parse(make('1'))).secureHeader).toBe(true);
    expect((await parse(make('0'))).secureHeader).toBe(false);
    expect((await parse(make('yes'))).secureHeader).toBe(false);
  });
});

describe('parseMail: limits and broken mail', () => {
  it('refuses too many parts with 554 5.6.0', async () => {
    await expect(parse(manyParts(10), { maxParts: 11 })).resolves.toBeTruthy();
    const error = await refusal(parse(manyParts(11), { maxParts: 11 }));
    expect([error.code, error.enhanced]).toEqual([554, '5.6.0']);
    expect(error.message).toMatch(/more than 11 MIME parts/);
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('refuses nesting deeper than maxDepth with 554 5.6.0', async () => {
    await expect(parse(nested(5), { maxDepth: 5 })).resolves.toMatchObject({ text: 'deep inside' });
    const error = await refusal(parse(nested(6), { maxDepth: 5 }));
    expect([error.code, error.enhanced]).toEqual([554, '5.6.0']);
  });

  it('refuses a header block over maxHeaderBytes with 552 5.3.4', async () => {
    const big = Buffer.from(`From: a@b.example\r\n${'X-Filler: '.padEnd(900, 'x')}\r\n`.repeat(1) + `${'X-More: y\r\n'.repeat(300)}Subject: s\r\n\r\nbody\r\n`);
    const error = await refusal(parse(big, { maxHeaderBytes: 2048 }));
    expect([error.code, error.enhanced]).toEqual([552, '5.3.4']);
    // The same header size within a part, not only the mail's own header block.
    const inPart = mailWithAttachment(Buffer.from('x')).toString().replace('Content-Transfer-Encoding: base64', `${'X-Part: z\r\n'.repeat(300)}Content-Transfer-Encoding: base64`);
    expect((await refusal(parse(Buffer.from(inPart), { maxHeaderBytes: 2048 }))).code).toBe(552);
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('a truncated mail is parsed as far as it goes (the attachment is what arrived)', async () => {
    const whole = mailWithAttachment(pseudoRandom(30_000));
    const mail = await parse(whole.subarray(0, 20_000));
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.size).toBeLessThan(30_000);
    await mail.discard();
  });

  it('a mail that cannot be read is a plain Error (451), and leaves no spool file', async () => {
    const mail = mailWithAttachment(pseudoRandom(100_000));
    const failing = {
      size: mail.length,
      async *read() {
        yield mail.subarray(0, 50_000);
        throw new Error('spool file is truncated');
      },
    };
    const error = await parseMail(failing, { spoolDir, limits: defaultMimeLimits }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(GatewayRefusal);
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('an opaque-signed part that is no SignedData is a plain Error', async () => {
    const raw = Buffer.from('From: a@b.example\r\nSubject: s\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n');
    const error = await parse(raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(GatewayRefusal);
  });

  it('an abort signal stops the parse', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = parseMail(rawOf(outlookMail), { spoolDir, limits: defaultMimeLimits, signal: controller.signal });
    await expect(run).rejects.toThrow();
    expect(await readdir(spoolDir)).toEqual([]);
  });
});
