/**
 * The gateway's MIME parser as the gateway runs it: in the worker pool (src/smtp/mime/parse-in-worker.ts), with
 * S/MIME mails made by openssl, a 200 MB attachment under a 64 MB worker heap, refusals and a worker killed on timeout.
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SpooledAttachment, SpooledBytes } from '../../src/core/gateway/model.ts';
import { GatewayRefusal } from '../../src/smtp/handler.ts';
import { defaultMimeLimits } from '../../src/smtp/mime/limits.ts';
import { createParsePool, type ParsePool } from '../../src/smtp/mime/parse-in-worker.ts';
import { docx, manyParts, outlookMail, pdf, png, rawOf, sha256, thunderbirdMail } from '../fixtures/gateway/mime-fixtures.ts';

let pool: ParsePool;
let spoolDir: string;
let work: string;

beforeAll(async () => {
  pool = createParsePool({ size: 2, maxHeapMb: 64 });
  work = await mkdtemp(join(tmpdir(), 'mime-worker-'));
  spoolDir = join(work, 'spool');
});
afterAll(async () => {
  await pool.close();
});

async function digest(attachment: SpooledAttachment): Promise<{ sha: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of attachment.read()) {
    hash.update(piece);
    size += piece.length;
  }
  return { sha: hash.digest('hex'), size };
}

describe('MIME parse in the worker pool', () => {
  it('parses real client mails byte-exact, many at once on a pool of two', async () => {
    const runs = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const mail = await pool.parse(rawOf(i % 2 === 0 ? outlookMail : thunderbirdMail, 65536), { spoolDir, limits: defaultMimeLimits });
        const digests = await Promise.all(mail.attachments.map(digest));
        await mail.discard();
        return { subject: mail.subject, digests: digests.map((d) => d.sha) };
      }),
    );
    for (const [i, run] of runs.entries()) {
      if (i % 2 === 0) expect(run).toEqual({ subject: 'AW: (Auto) Vertragsentwurf für Grüße', digests: [sha256(png), sha256(docx)] });
      else expect(run).toEqual({ subject: 'Offerte [secure] voor de verbouwing – €12.500', digests: [sha256(pdf)] });
    }
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('passes a limit refusal through as GatewayRefusal, and the pool keeps working', async () => {
    const error = await pool.parse(rawOf(manyParts(30)), { spoolDir, limits: { ...defaultMimeLimits, maxParts: 10 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRefusal);
    expect(error).toMatchObject({ code: 554, enhanced: '5.6.0' });
    const mail = await pool.parse(rawOf(thunderbirdMail), { spoolDir, limits: defaultMimeLimits });
    expect(mail.attachments).toHaveLength(1);
    await mail.discard();
  });

  it('kills a parse that exceeds its time limit (451), removes its spool files and replaces the worker', async () => {
    let release: () => void = () => undefined;
    const hang = new Promise<void>((resolve) => (release = resolve));
    const head = Buffer.from('From: a@b.example\r\nSubject: s\r\nContent-Type: application/octet-stream; name=x.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n' + 'QUJD'.repeat(5000) + '\r\n');
    const stuck: SpooledBytes = {
      size: head.length * 2,
      async *read() {
        yield head;
        await hang;
      },
    };
    const timeoutDir = join(work, 'timeout');
    const running = pool.parse(stuck, { spoolDir: timeoutDir, limits: { ...defaultMimeLimits, timeoutMs: 1500 } });
    const error = await running.catch((e: unknown) => e);
    release();
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(GatewayRefusal);
    expect((error as Error).message).toMatch(/longer than 1500 ms/);
    // The attachment's spool file was created before the worker died; its key died with the worker, the file goes.
    await vi.waitFor(async () => expect(await readdir(timeoutDir)).toEqual([]));
    const mail = await pool.parse(rawOf(outlookMail), { spoolDir, limits: defaultMimeLimits });
    expect(mail.attachments).toHaveLength(2);
    await mail.discard();
  });

  it('parses a 200 MB attachment within a 64 MB worker heap, decoded byte-exact', { timeout: 300_000 }, async () => {
    const total = 200 * 1024 * 1024;
    const plainHash = createHash('sha256');
    // Fast incompressible bytes: an AES-CTR keystream.
    const keystream = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
    const head = Buffer.from('From: a@kanzlei.example\r\nTo: b@partner.example\r\nSubject: (Auto) Scan\r\nContent-Type: multipart/mixed; boundary="big"\r\n\r\n--big\r\nContent-Type: text/plain\r\n\r\nDer Scan.\r\n--big\r\nContent-Type: application/pdf; name="scan.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n');
    const tail = Buffer.from('\r\n--big--\r\n');
    const block = 57 * 1150;
    const raw: SpooledBytes = {
      size: 0,
      async *read() {
        yield head;
        for (let at = 0; at < total; at += block) {
          const plain = keystream.update(Buffer.alloc(Math.min(block, total - at)));
          plainHash.update(plain);
          yield Buffer.from(plain.toString('base64').replace(/.{76}/g, '$&\r\n'));
        }
        yield tail;
      },
    };
    const mail = await pool.parse(raw, { spoolDir, limits: { ...defaultMimeLimits, timeoutMs: 280_000 } });
    expect(pool.lastHeapUsedBytes).toBeLessThan(64 * 1024 * 1024);
    expect(mail.text).toBe('Der Scan.');
    expect(mail.attachments).toHaveLength(1);
    expect(await digest(mail.attachments[0]!)).toEqual({ sha: plainHash.digest('hex'), size: total });
    console.info(`200 MB attachment: worker heap at the end ${(pool.lastHeapUsedBytes / 1048576).toFixed(1)} MiB (limit 64 MiB)`);
    await mail.discard();
  });
});

describe('S/MIME signed mails made by openssl', () => {
  let certDer: Buffer;
  const entity = Buffer.from(
    'Content-Type: multipart/mixed; boundary="in"\r\n\r\n--in\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSigniert und vertraulich.\r\n--in\r\nContent-Type: application/pdf; name="vertrag.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      pdf.toString('base64').replace(/.{76}/g, '$&\r\n') +
      '\r\n--in--\r\n',
  );

  beforeAll(async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(work, 'k.pem'), '-out', join(work, 'c.pem'), '-days', '30', '-subj', '/CN=Anna/emailAddress=anna@kanzlei.example', '-addext', 'subjectAltName=email:anna@kanzlei.example'], { stdio: 'ignore' });
    certDer = execFileSync('openssl', ['x509', '-in', join(work, 'c.pem'), '-outform', 'DER']);
    await writeFile(join(work, 'entity.eml'), entity);
  });

  function sign(extra: string[]): Buffer {
    const out = join(work, `signed-${extra.join('')}.eml`);
    execFileSync('openssl', ['cms', '-sign', '-in', join(work, 'entity.eml'), '-signer', join(work, 'c.pem'), '-inkey', join(work, 'k.pem'), '-from', 'Anna <anna@kanzlei.example>', '-to', 'b@partner.example', '-subject', 'Vertrag (Auto)', '-out', out, ...extra]);
    return execFileSync('cat', [out]);
  }

  for (const [label, flags] of [
    ['detached (multipart/signed)', []],
    ['opaque (application/pkcs7-mime signed-data)', ['-nodetach']],
    ['opaque, streamed BER (-stream)', ['-nodetach', '-stream']],
  ] as const) {
    it(`${label}: the signed content is the mail, the certificate is harvested`, async () => {
      const signed = sign([...flags]);
      const mail = await pool.parse(rawOf(signed), { spoolDir, limits: defaultMimeLimits });
      expect(mail.subject).toBe('Vertrag (Auto)');
      expect(mail.from).toEqual({ address: 'anna@kanzlei.example', name: 'Anna' });
      expect(mail.text.trim()).toBe('Signiert und vertraulich.');
      expect(mail.attachments.map((a) => a.name)).toEqual(['vertrag.pdf']);
      expect((await digest(mail.attachments[0]!)).sha).toBe(sha256(pdf));
      expect(mail.signerCertificates.map((c) => Buffer.from(c).toString('hex'))).toEqual([certDer.toString('hex')]);
      await mail.discard();
    });
  }

  it('the spool holds no plaintext of a signed attachment', async () => {
    const mail = await pool.parse(rawOf(sign([])), { spoolDir, limits: defaultMimeLimits });
    const files = await readdir(spoolDir);
    expect(files).toHaveLength(1);
    for (const file of files) expect((await readFile(join(spoolDir, file))).includes('ATTACHMENT-SECRET-MARKER')).toBe(false);
    await mail.discard();
  });
});
