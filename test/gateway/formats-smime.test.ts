/**
 * S/MIME output (issue 14, docs/gateway/formats.md) against the real peer: what buildSmimeMail writes is opened by
 * `openssl cms -decrypt` for RSA (PKCS#1 v1.5 and OAEP) and EC (P-256, P-384) recipients made by `openssl req -x509`;
 * the inner MIME parses and the attachments are byte-exact. Refusals: expired, not yet valid, wrong key usage.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SealpostError } from '../../src/core/errors.ts';
import { certificateInfo } from '../../src/crypto/mail/key-info.ts';
import { certificatesFromPem, smimeEncrypt } from '../../src/crypto/mail/smime.ts';
import { buildSmimeMail } from '../../src/smtp/out/smime-mail.ts';
import { binaryBytes, discardSpooled, mailContent, opensslCertificate, run, spooledAttachment, tempDir, type CertificateFiles } from './format-fixtures.ts';

let dir: string;
let rsa2048: CertificateFiles;
let rsa3072: CertificateFiles;
let p256: CertificateFiles;
let p384: CertificateFiles;

beforeAll(async () => {
  dir = await tempDir('smime-');
  [rsa2048, rsa3072, p256, p384] = await Promise.all([
    opensslCertificate(dir, 'rsa2048', ['-newkey', 'rsa:2048'], 'rsa2048@example.org'),
    opensslCertificate(dir, 'rsa3072', ['-newkey', 'rsa:3072'], 'rsa3072@example.org', ['-addext', 'keyUsage=digitalSignature,keyEncipherment', '-addext', 'extendedKeyUsage=emailProtection']),
    opensslCertificate(dir, 'p256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'p256@example.org', ['-addext', 'keyUsage=digitalSignature,keyAgreement']),
    opensslCertificate(dir, 'p384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'p384@example.org'),
  ]);
});

afterAll(discardSpooled);

async function opensslDecrypt(mail: Uint8Array, recipient: CertificateFiles): Promise<Buffer> {
  const path = join(dir, `mail-${Math.random().toString(36).slice(2)}.eml`);
  await writeFile(path, mail);
  const out = `${path}.out`;
  await run('openssl', ['cms', '-decrypt', '-in', path, '-recip', recipient.cert, '-inkey', recipient.key, '-out', out]);
  return readFile(out);
}

async function unusable(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SealpostError);
  expect((error as SealpostError).code).toBe('SP_ERR_DELIVERY');
  expect((error as SealpostError).smtpCode).toBe(451);
  const details = (error as SealpostError).details as { reason: string; problem: string };
  expect(details.reason).toBe('recipient-key-unusable');
  return details.problem;
}

describe('S/MIME mail opened by openssl cms', () => {
  it.each([
    ['RSA 2048, PKCS#1 v1.5', () => rsa2048, 'pkcs1'],
    ['RSA 3072, RSAES-OAEP SHA-256', () => rsa3072, 'oaep-sha256'],
    ['EC P-256, ECDH + AES-256 wrap', () => p256, 'pkcs1'],
    ['EC P-384, ECDH + AES-256 wrap', () => p384, 'pkcs1'],
  ] as const)('%s: headers outside, the whole mail inside, attachments byte-exact', async (_label, recipient, rsaPadding) => {
    const report = binaryBytes(300_000, 3);
    const logo = binaryBytes(2_000, 9);
    const attachments = [
      await spooledAttachment(dir, report, { name: 'Befund Müller.pdf', type: 'application/pdf', contentId: null, inline: false }),
      await spooledAttachment(dir, logo, { name: 'logo.png', type: 'image/png', contentId: 'logo@praxis', inline: true }),
    ];
    const content = mailContent({ attachments, to: [recipient().cert.includes('rsa') ? 'rsa@example.org' : 'ec@example.org'] });
    const mail = await buildSmimeMail(content, [recipient().der], { rsaPadding, messageId: 'fixed-1@praxis.example' });

    const outer = await simpleParser(Buffer.from(mail));
    expect(outer.subject).toBe('Befund für Frau Müller – Größe ändern');
    expect(outer.messageId).toBe('<fixed-1@praxis.example>');
    expect(outer.inReplyTo).toBe('<earlier-1@example.org>');
    expect(outer.references).toEqual(['<first-0@example.org>', '<earlier-1@example.org>']);
    expect(outer.headers.get('content-type')).toMatchObject({ value: 'application/pkcs7-mime', params: { 'smime-type': 'enveloped-data', name: 'smime.p7m' } });
    expect(Buffer.from(mail).includes('Befund.')).toBe(false);
    expect(Buffer.from(mail).toString('latin1')).toMatch(/\r\nMIME-Version: 1\.0\r\n/);

    const inner = await simpleParser(await opensslDecrypt(mail, recipient()));
    expect(inner.subject).toBe('Befund für Frau Müller – Größe ändern');
    expect(inner.text).toContain('anbei der Befund.');
    expect(inner.html).toContain('anbei der Befund.');
    const pdf = inner.attachments.find((a) => a.filename === 'Befund Müller.pdf')!;
    expect(pdf.content.equals(report)).toBe(true);
    const image = inner.attachments.find((a) => a.filename === 'logo.png')!;
    expect(image.cid).toBe('logo@praxis');
    expect(image.related).toBe(true);
    expect(image.content.equals(logo)).toBe(true);
  });

  it('encrypts to several recipients in one EnvelopedData, each opens it with only their own key', async () => {
    const mail = await buildSmimeMail(mailContent({ html: null }), [rsa2048.der, p256.der, rsa3072.der]);
    for (const recipient of [rsa2048, p256, rsa3072]) {
      expect((await simpleParser(await opensslDecrypt(mail, recipient))).text).toContain('anbei der Befund.');
    }
  });

  it('carries the large-file links in the recipient\'s language, in text and escaped HTML', async () => {
    const links = [
      { name: 'Röntgen <Serie>.zip', size: 1_500_000_000, url: 'https://sealpost.example/m/abc#k=1&x=2' },
      { name: 'MRT.zip', size: 250_000_000, url: 'https://sealpost.example/m/def' },
    ];
    for (const [lang, heading, size] of [['de', '2 Dateien waren zu groß', '1,5 GB'], ['en', '2 files were too large', '1.5 GB']] as const) {
      const mail = await buildSmimeMail(mailContent({ links, lang }), [p256.der]);
      const inner = await simpleParser(await opensslDecrypt(mail, p256));
      expect(inner.text).toContain(heading);
      // Intl puts a no-break space between number and unit.
      expect(inner.text!.replace(/[\u00a0\u202f]/g, ' ')).toContain(`- Röntgen <Serie>.zip (${size})\n  https://sealpost.example/m/abc#k=1&x=2`);
      expect(inner.html).toContain(heading);
      expect(inner.html).toContain('<a href="https://sealpost.example/m/abc#k=1&amp;x=2">Röntgen &lt;Serie&gt;.zip</a>');
      expect(inner.html).not.toContain('<Serie>');
    }
  });

  it('writes the algorithms docs/gateway/formats.md names, as openssl prints them', async () => {
    const print = async (certificates: Uint8Array[], rsaPadding?: 'oaep-sha256') => {
      const path = join(dir, `print-${Math.random().toString(36).slice(2)}.p7m`);
      await writeFile(path, await smimeEncrypt(new TextEncoder().encode('x'), certificates, rsaPadding ? { rsaPadding } : {}));
      return (await run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', path])).stdout;
    };
    const rsaOnly = await print([rsa2048.der]);
    expect(rsaOnly).toMatch(/d\.envelopedData: \n\s+version: 0/);
    expect(rsaOnly).toContain('algorithm: rsaEncryption (1.2.840.113549.1.1.1)');
    expect(rsaOnly).toContain('algorithm: aes-256-cbc (2.16.840.1.101.3.4.1.42)');
    const oaep = await print([rsa3072.der], 'oaep-sha256');
    expect(oaep).toContain('rsaesOaep (1.2.840.113549.1.1.7)');
    expect(oaep).toMatch(/sha256/);
    const mixed = await print([rsa2048.der, p256.der, p384.der]);
    expect(mixed).toMatch(/d\.envelopedData: \n\s+version: 2/);
    expect(mixed).toContain('dhSinglePass-stdDH-sha256kdf-scheme (1.3.132.1.11.1)');
    expect(mixed).toContain('dhSinglePass-stdDH-sha384kdf-scheme (1.3.132.1.11.2)');
    expect(mixed).toContain('id-aes256-wrap');
    expect(mixed).toContain('ukm: <ABSENT>');
  });

  it('is not opened with a key it was not encrypted to, nor when truncated', async () => {
    const mail = await buildSmimeMail(mailContent(), [rsa2048.der]);
    await expect(opensslDecrypt(mail, rsa3072)).rejects.toThrow();
    const der = await smimeEncrypt(new TextEncoder().encode('Content-Type: text/plain\r\n\r\nsecret\r\n'), [p256.der]);
    const path = join(dir, 'truncated.p7m');
    await writeFile(path, der.subarray(0, der.length - 20));
    await expect(run('openssl', ['cms', '-decrypt', '-inform', 'DER', '-in', path, '-recip', p256.cert, '-inkey', p256.key])).rejects.toThrow();
  });
});

describe('S/MIME certificates', () => {
  it('reports addresses, validity, fingerprint and key algorithm as openssl sees them', async () => {
    const info = certificateInfo(rsa3072.der);
    const { stdout } = await run('openssl', ['x509', '-in', rsa3072.cert, '-noout', '-fingerprint', '-sha256', '-enddate']);
    expect(info.fingerprint).toBe(/Fingerprint=([0-9A-F:]+)/.exec(stdout)![1]!.replaceAll(':', '').toLowerCase());
    expect(info).toMatchObject({ emails: ['rsa3072@example.org'], keyAlgorithm: 'rsa-3072', usableForEncryption: true, problem: null });
    expect(info.notAfter.getTime()).toBe(new Date(/notAfter=(.+)/.exec(stdout)![1]!).getTime());
    const withSubjectEmail = await opensslCertificate(dir, 'both', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'San@Example.org',
      ['-subj', '/CN=both/emailAddress=subject@example.org']);
    expect(certificateInfo(withSubjectEmail.der)).toMatchObject({ emails: ['san@example.org', 'subject@example.org'], keyAlgorithm: 'ec-P-256' });
    expect(certificatesFromPem(`${await readFile(rsa2048.cert, 'utf8')}\n${await readFile(p256.cert, 'utf8')}`)).toHaveLength(2);
  });

  it('refuses an expired certificate', async () => {
    await run('openssl', ['req', '-new', '-key', rsa2048.key, '-subj', '/CN=old', '-out', join(dir, 'old.csr')]);
    await run('openssl', ['x509', '-req', '-in', join(dir, 'old.csr'), '-signkey', rsa2048.key, '-days', '-1', '-out', join(dir, 'old.pem')]);
    const der = certificatesFromPem(await readFile(join(dir, 'old.pem'), 'utf8'))[0]!;
    expect(certificateInfo(der)).toMatchObject({ usableForEncryption: false, problem: 'the certificate has expired' });
    expect(await unusable(buildSmimeMail(mailContent(), [der]))).toContain('the certificate has expired');
    // One bad certificate among good ones: nothing is encrypted.
    expect(await unusable(buildSmimeMail(mailContent(), [rsa2048.der, der]))).toContain('expired');
  });

  it('refuses a certificate that is not yet valid', async () => {
    const before = new Date(Date.now() - 86_400_000);
    expect(await unusable(buildSmimeMail(mailContent(), [p256.der], { now: before }))).toContain('not yet valid');
  });

  it('refuses certificates whose key usage excludes encryption', async () => {
    const signOnlyRsa = await opensslCertificate(dir, 'signrsa', ['-newkey', 'rsa:2048'], 'sign@example.org', ['-addext', 'keyUsage=digitalSignature,nonRepudiation']);
    expect(await unusable(buildSmimeMail(mailContent(), [signOnlyRsa.der]))).toContain('keyUsage excludes keyEncipherment');
    const signOnlyEc = await opensslCertificate(dir, 'signec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'sign@example.org', ['-addext', 'keyUsage=digitalSignature']);
    expect(await unusable(buildSmimeMail(mailContent(), [signOnlyEc.der]))).toContain('keyUsage excludes keyAgreement');
    const tlsOnly = await opensslCertificate(dir, 'tls', ['-newkey', 'rsa:2048'], 'tls@example.org', ['-addext', 'extendedKeyUsage=serverAuth']);
    expect(await unusable(buildSmimeMail(mailContent(), [tlsOnly.der]))).toContain('extendedKeyUsage excludes emailProtection');
    const small = await opensslCertificate(dir, 'small', ['-newkey', 'rsa:1024'], 'small@example.org');
    expect(await unusable(buildSmimeMail(mailContent(), [small.der]))).toContain('under 2048 bits');
    expect(await unusable(buildSmimeMail(mailContent(), [new Uint8Array([48, 3, 1, 1, 0])]))).toContain('not a DER X.509 certificate');
  });
});
