/**
 * What the recipient directory needs to know about a recipient's S/MIME certificate or OpenPGP public key before it
 * stores it (docs/gateway/directory-keys.md): the addresses it is for, its fingerprint, its validity period and
 * whether it can encrypt at all. Parsing only: nothing here decides trust (an admin does), and nothing here
 * encrypts (src/crypto/mail/* of the gateway does).
 */
// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { createHash, createPublicKey } from 'node:crypto';
import {
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  X509Certificate,
} from '@peculiar/x509';
import * as openpgp from 'openpgp';

export interface CertificateInfo {
  /** SHA-256 of the DER encoding, lower-case hex. */
  fingerprint: string;
  /** Lower-case rfc822Name entries of the subject alternative name and the subject's emailAddress, deduplicated. */
  emails: string[];
  notBefore: Date;
  notAfter: Date;
  /** Why the certificate cannot carry an S/MIME content-encryption key, or null if it can. */
  encryptionProblem: null | 'key_algorithm' | 'key_usage' | 'extended_key_usage';
  subject: string;
}

const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
const EMAIL_ADDRESS_OID = '1.2.840.113549.1.9.1';

/** Refuses values that are no plausible mailbox (a SAN may hold anything); the directory stores addresses lower-case. */
function normalisedEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/u.test(email) && email.length <= 254 ? email : null;
}

function certificateEmails(cert: X509Certificate): string[] {
  const found: string[] = [];
  try {
    const san = cert.getExtension(SubjectAlternativeNameExtension);
    for (const name of san?.names.items ?? []) if (name.type === 'email') found.push(name.value);
  } catch {
    // A SAN with a name form the parser does not know (otherName, X.400): the subject's address may still serve.
  }
  found.push(...cert.subjectName.getField(EMAIL_ADDRESS_OID));
  return [...new Set(found.map(normalisedEmail).filter((e): e is string => e !== null))];
}

/**
 * S/MIME encryption wraps the content key to the certificate's public key: RSA key transport (keyEncipherment) or
 * ECDH key agreement (keyAgreement), as RFC 8550/8551 and the gateway support. An Ed25519/DSA key only signs. The
 * usage extensions restrict what the issuer allowed; absent, anything is allowed.
 */
function encryptionProblem(cert: X509Certificate): CertificateInfo['encryptionProblem'] {
  const type = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' }).asymmetricKeyType;
  const needed = type === 'rsa' ? KeyUsageFlags.keyEncipherment : type === 'ec' ? KeyUsageFlags.keyAgreement : null;
  if (needed === null) return 'key_algorithm';
  const usage = cert.getExtension(KeyUsagesExtension);
  if (usage && (usage.usages & needed) === 0) return 'key_usage';
  const extended = cert.getExtension(ExtendedKeyUsageExtension);
  if (extended && !extended.usages.some((u) => u === EMAIL_PROTECTION || u === ANY_EXTENDED_KEY_USAGE)) return 'extended_key_usage';
  return null;
}

/** Reads one DER certificate; throws on anything that is not one. */
export function certificateInfo(der: Uint8Array): CertificateInfo {
  const cert = new X509Certificate(Buffer.from(der));
  return {
    fingerprint: createHash('sha256').update(der).digest('hex'),
    emails: certificateEmails(cert),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    encryptionProblem: encryptionProblem(cert),
    subject: cert.subject,
  };
}

export interface PgpKeyInfo {
  /** The primary key's fingerprint, lower-case hex (40 characters for v4, 64 for v6 keys). */
  fingerprint: string;
  /** Lower-case addresses of the key's valid user IDs, deduplicated. */
  emails: string[];
  created: Date;
  /** When the primary key expires; null if it does not. */
  expires: Date | null;
  /** The key holds secret key material: such a key is never stored. */
  isPrivate: boolean;
  revoked: boolean;
  /** A subkey (or the primary key) can encrypt at `at`. */
  canEncrypt: boolean;
  /** The public key alone, armored: what the directory stores (never the input as given). */
  publicArmored: string;
}

async function keyInfo(key: openpgp.Key, at: Date): Promise<PgpKeyInfo> {
  const emails: string[] = [];
  for (const user of key.users) {
    const id = user.userID;
    if (!id) continue;
    // A user ID's own self-signature must verify: an address appended by anyone else is not the holder's.
    const valid = await user.verify(at).then(() => true, () => false);
    if (valid && id.email) emails.push(id.email);
  }
  const expiration = await key.getExpirationTime().catch(() => null);
  const revoked = await key.isRevoked(undefined, undefined, at).catch(() => true);
  const canEncrypt = await key.getEncryptionKey(undefined, at).then(() => true, () => false);
  const normalised = emails.map(normalisedEmail).filter((e): e is string => e !== null);
  return {
    fingerprint: key.getFingerprint().toLowerCase(),
    emails: [...new Set(normalised)],
    created: key.getCreationTime(),
    expires: expiration instanceof Date ? expiration : null,
    isPrivate: key.isPrivate(),
    revoked,
    canEncrypt,
    publicArmored: key.toPublic().armor(),
  };
}

/**
 * Reads every key of one armored block (a block may hold several); validity is judged at `at`. Throws when the text
 * is not an OpenPGP key block at all.
 */
export async function pgpKeysInfo(armored: string, at: Date): Promise<PgpKeyInfo[]> {
  const keys = await openpgp.readKeys({ armoredKeys: armored });
  return Promise.all(keys.map((k) => keyInfo(k, at)));
}

/** Reads the one key of an armored block (the first, if it holds several). */
export async function pgpKeyInfo(armored: string, at: Date = new Date()): Promise<PgpKeyInfo> {
  const [first] = await pgpKeysInfo(armored, at);
  if (!first) throw new Error('no OpenPGP key in the block');
  return first;
}
