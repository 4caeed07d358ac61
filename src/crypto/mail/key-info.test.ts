import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificate, makePgpKey } from '../../../test/support/key-material.ts';
import { isCryptoError } from '../errors.ts';
import { certificateInfo, pgpKeyInfo, pgpKeysInfo, readPgpPublicKey } from './key-info.ts';

/** A self-signed certificate with openssl's own key arguments (key sizes and curves the test support does not make). */
function opensslCertificate(keyArgs: string[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'sp-keyinfo-'));
  try {
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', ...keyArgs, '-nodes', '-keyout', join(dir, 'key.pem'), '-out', cert, '-days', '30', '-subj', '/CN=t',
      '-addext', 'subjectAltName=email:t@example.org'], { stdio: 'pipe' });
    return new Uint8Array(execFileSync('openssl', ['x509', '-in', cert, '-outform', 'DER']));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('certificateInfo (certificates made by openssl)', () => {
  it('reads addresses from the SAN and the subject, the fingerprint of the DER, the validity; RSA and EC can encrypt', () => {
    const ec = makeCertificate({ sanEmails: ['Ann@Example.org', 'ann.alt@example.org'], subjectEmail: 'ann@example.org', days: 30 });
    const info = certificateInfo(ec.der);
    expect(info.emails).toEqual(['ann@example.org', 'ann.alt@example.org']);
    expect(info.fingerprint).toBe(createHash('sha256').update(ec.der).digest('hex'));
    expect(info.encryptionProblem).toBeNull();
    expect(info.notAfter.getTime() - info.notBefore.getTime()).toBe(30 * 86_400_000);
    expect(certificateInfo(makeCertificate({ key: 'rsa', sanEmails: ['r@example.org'] }).der).encryptionProblem).toBeNull();
  });

  it('names why a certificate cannot encrypt: a signing-only algorithm, key usage, extended key usage', () => {
    expect(certificateInfo(makeCertificate({ key: 'ed25519', sanEmails: ['e@example.org'] }).der).encryptionProblem).toBe('key_algorithm');
    expect(certificateInfo(makeCertificate({ key: 'rsa', keyUsage: 'digitalSignature', sanEmails: ['e@example.org'] }).der).encryptionProblem).toBe('key_usage');
    expect(certificateInfo(makeCertificate({ keyUsage: 'digitalSignature,keyEncipherment', sanEmails: ['e@example.org'] }).der).encryptionProblem).toBe('key_usage');
    expect(certificateInfo(makeCertificate({ extendedKeyUsage: 'clientAuth', sanEmails: ['e@example.org'] }).der).encryptionProblem).toBe('extended_key_usage');
    expect(certificateInfo(makeCertificate({ extendedKeyUsage: 'emailProtection', sanEmails: ['e@example.org'] }).der).encryptionProblem).toBeNull();
  });

  it('reads the dates openssl ca wrote; a certificate without any address has none; garbage throws', () => {
    const old = certificateInfo(makeCertificate({ sanEmails: ['o@example.org'], startDate: '20200101000000Z', endDate: '20210101000000Z' }).der);
    expect([old.notBefore.toISOString(), old.notAfter.toISOString()]).toEqual(['2020-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z']);
    expect(certificateInfo(makeCertificate().der).emails).toEqual([]);
    expect(() => certificateInfo(new TextEncoder().encode('not a certificate'))).toThrow();
  });

  it('names the key algorithm; refuses RSA under 2048 bits and curves other than P-256/P-384 as key_algorithm', () => {
    expect(certificateInfo(makeCertificate({ sanEmails: ['e@example.org'] }).der)).toMatchObject({ keyAlgorithm: 'ec-P-256', usableForEncryption: true, problem: null });
    expect(certificateInfo(makeCertificate({ key: 'rsa', sanEmails: ['r@example.org'] }).der).keyAlgorithm).toBe('rsa-2048');
    expect(certificateInfo(makeCertificate({ key: 'ed25519', sanEmails: ['e@example.org'] }).der)).toMatchObject({ keyAlgorithm: 'ed25519', usableForEncryption: false, problem: 'keys of type ed25519 cannot be encrypted to' });
    expect(certificateInfo(opensslCertificate(['-newkey', 'rsa:1024']))).toMatchObject({ keyAlgorithm: 'rsa-1024', encryptionProblem: 'key_algorithm', problem: 'RSA keys under 2048 bits are refused' });
    expect(certificateInfo(opensslCertificate(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384']))).toMatchObject({ keyAlgorithm: 'ec-P-384', encryptionProblem: null });
    expect(certificateInfo(opensslCertificate(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521']))).toMatchObject({ encryptionProblem: 'key_algorithm', problem: 'only EC keys on P-256 and P-384 are supported' });
    expect(certificateInfo(makeCertificate({ keyUsage: 'digitalSignature', sanEmails: ['e@example.org'] }).der).problem).toBe('keyUsage excludes keyAgreement');
  });

  it('judges usability at the date asked for; the date problem comes first; garbage is a CryptoError', () => {
    const der = makeCertificate({ sanEmails: ['o@example.org'], startDate: '20200101000000Z', endDate: '20210101000000Z' }).der;
    expect(certificateInfo(der)).toMatchObject({ encryptionProblem: null, usableForEncryption: false, problem: 'the certificate has expired' });
    expect(certificateInfo(der, new Date('2020-06-01T00:00:00Z'))).toMatchObject({ usableForEncryption: true, problem: null });
    expect(certificateInfo(der, new Date('2019-06-01T00:00:00Z')).problem).toBe('the certificate is not yet valid');
    const oldSigningOnly = makeCertificate({ key: 'ed25519', sanEmails: ['o@example.org'], startDate: '20200101000000Z', endDate: '20210101000000Z' }).der;
    expect(certificateInfo(oldSigningOnly)).toMatchObject({ encryptionProblem: 'key_algorithm', problem: 'the certificate has expired' });
    let error: unknown;
    try {
      certificateInfo(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]));
    } catch (e) {
      error = e;
    }
    expect(isCryptoError(error, 'SP_ERR_CRYPTO_INPUT')).toBe(true);
  });
});

describe('pgpKeyInfo (keys made by gpg)', () => {
  it('reads the fingerprint, the addresses of every user ID, the expiry and the encryption subkey', async () => {
    const key = makePgpKey({ userIds: ['Ann <Ann@Example.org>', 'Ann Work <ann@work.example>'], expire: '1y' });
    const info = await pgpKeyInfo(key.publicArmored);
    expect(info).toMatchObject({ fingerprint: key.fingerprint, emails: ['ann@example.org', 'ann@work.example'], isPrivate: false, revoked: false, canEncrypt: true });
    expect(info.expires!.getTime() - info.created.getTime()).toBeGreaterThan(360 * 86_400_000);
    expect(info.publicArmored).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
  });

  it('a key without expiry has none; a signing-only key cannot encrypt; a secret key says so and exports only its public part', async () => {
    const rsa = makePgpKey({ userIds: ['<rsa@example.org>'], algo: 'rsa2048', expire: 'never' });
    const info = await pgpKeyInfo(rsa.publicArmored);
    expect(info).toMatchObject({ emails: ['rsa@example.org'], expires: null, canEncrypt: true });
    expect((await pgpKeyInfo(makePgpKey({ userIds: ['<s@example.org>'], usage: 'sign' }).publicArmored)).canEncrypt).toBe(false);
    const secret = await pgpKeyInfo(rsa.secretArmored);
    expect(secret.isPrivate).toBe(true);
    expect(secret.publicArmored).not.toContain('PRIVATE');
  });

  it('gives the verdict and its reason; the encryptor gets the public part of a secret key; garbage is a CryptoError', async () => {
    const rsa = makePgpKey({ userIds: ['<v@example.org>'], algo: 'rsa2048', expire: 'never' });
    expect(await pgpKeyInfo(rsa.publicArmored)).toMatchObject({ usableForEncryption: true, problem: null });
    const signOnly = await pgpKeyInfo(makePgpKey({ userIds: ['<s@example.org>'], usage: 'sign' }).publicArmored);
    expect(signOnly).toMatchObject({ usableForEncryption: false, problem: 'the key has no valid encryption subkey (none, expired or revoked)' });
    const old = makePgpKey({ userIds: ['<old@example.org>'], expire: '1y', fakedTime: '20200101T000000' });
    expect(await pgpKeyInfo(old.publicArmored)).toMatchObject({ usableForEncryption: false, problem: 'the key has expired' });
    const read = await readPgpPublicKey(rsa.secretArmored);
    expect(read.key.isPrivate()).toBe(false);
    expect(read.info).toMatchObject({ fingerprint: rsa.fingerprint, isPrivate: true, usableForEncryption: true });
    const error = await readPgpPublicKey('hello').catch((e: unknown) => e);
    expect(isCryptoError(error, 'SP_ERR_CRYPTO_INPUT')).toBe(true);
  });

  it('an expired key (made in 2020 for a year) cannot encrypt now, but could then', async () => {
    const old = makePgpKey({ userIds: ['<old@example.org>'], expire: '1y', fakedTime: '20200101T000000' });
    expect(await pgpKeyInfo(old.publicArmored)).toMatchObject({ canEncrypt: false });
    expect((await pgpKeyInfo(old.publicArmored)).expires!.toISOString().slice(0, 4)).toBe('2020');
    expect(await pgpKeyInfo(old.publicArmored, new Date('2020-06-01T00:00:00Z'))).toMatchObject({ canEncrypt: true });
  });

  it('reads the first of two armored blocks only (the importer splits them); garbage throws', async () => {
    const a = makePgpKey({ userIds: ['<a@example.org>'] });
    const b = makePgpKey({ userIds: ['<b@example.org>'] });
    const both = await pgpKeysInfo(`${a.publicArmored}\n${b.publicArmored}`, new Date());
    // Two separate armored blocks: openpgp reads the first block only, so the importer splits blocks itself.
    expect(both.map((k) => k.fingerprint)).toEqual([a.fingerprint]);
    await expect(pgpKeyInfo('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n')).rejects.toThrow();
  });
});
