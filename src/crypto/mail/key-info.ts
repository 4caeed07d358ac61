/**
 * The one reader of a recipient's S/MIME certificate and OpenPGP public key (docs/gateway/directory-keys.md,
 * docs/gateway/formats.md): the addresses it is for, its fingerprint, its validity period, its key algorithm and
 * whether — and if not, why not — the gateway can encrypt to it. The directory asks before it stores a key; the
 * S/MIME and OpenPGP encryptors (smime.ts, pgp.ts) ask again at encryption time, so both apply the same rules.
 * Parsing only: nothing here decides trust (an admin does) and nothing here encrypts. pkijs/asn1js parse the ASN.1,
 * node:crypto reads the public key; openpgp v6 reads OpenPGP keys.
 */
import { X509Certificate as NodeCertificate, createHash, type KeyObject } from 'node:crypto';
import type * as asn1js from 'asn1js';
import * as openpgp from 'openpgp';
import * as pkijs from 'pkijs';
import { CryptoError } from '../errors.ts';

const OID = {
  emailAddress: '1.2.840.113549.1.9.1',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  anyExtendedKeyUsage: '2.5.29.37.0',
  dhSinglePassStdDhSha256Kdf: '1.3.132.1.11.1',
  dhSinglePassStdDhSha384Kdf: '1.3.132.1.11.2',
} as const;

/** The curves S/MIME agrees keys on, with the KDF hash RFC 5753 pairs with each (SHA-256 for P-256, SHA-384 for P-384). */
export const SMIME_CURVES = {
  'prime256v1': { name: 'P-256', kdfOid: OID.dhSinglePassStdDhSha256Kdf, hash: 'sha256' },
  'secp384r1': { name: 'P-384', kdfOid: OID.dhSinglePassStdDhSha384Kdf, hash: 'sha384' },
} as const;

export const MIN_RSA_BITS = 2048;

const EXT = { keyUsage: '2.5.29.15', subjectAltName: '2.5.29.17', extKeyUsage: '2.5.29.37' } as const;
/** KeyUsage bits (RFC 5280 §4.2.1.3) as they sit in the first byte of the BIT STRING. */
const KEY_ENCIPHERMENT = 0x20;
const KEY_AGREEMENT = 0x08;

export interface CertificateInfo {
  /** SHA-256 of the DER encoding, lower-case hex. */
  fingerprint: string;
  /** Lower-case rfc822Name entries of the subject alternative name and the subject's emailAddress, deduplicated. */
  emails: string[];
  notBefore: Date;
  notAfter: Date;
  /** 'rsa-3072', 'ec-P-256', …; other key types as node names them ('ed25519'). */
  keyAlgorithm: string;
  /**
   * Why the certificate can never carry an S/MIME content-encryption key, whatever the date; null if it can.
   * key_algorithm: not RSA ≥ 2048 bits or EC on P-256/P-384.
   */
  encryptionProblem: null | 'key_algorithm' | 'key_usage' | 'extended_key_usage';
  /** Usable at the time asked for: encryptionProblem is null and the date lies within the validity period. */
  usableForEncryption: boolean;
  /** Why it is not usable at that time (English, safe to show to an admin); null when usable. */
  problem: string | null;
}

/** A certificate as the S/MIME encryptor needs it: the facts plus the parsed forms it builds the RecipientInfo from. */
export interface ParsedCertificate {
  der: Uint8Array;
  info: CertificateInfo;
  publicKey: KeyObject;
  pkijs: pkijs.Certificate;
}

const arrayBuffer = (view: Uint8Array): ArrayBuffer => view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;

/** Refuses values that are no plausible mailbox (a SAN may hold anything); the directory stores addresses lower-case. */
function normalisedEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/u.test(email) && email.length <= 254 ? email : null;
}

const uniqueEmails = (values: string[]): string[] => [...new Set(values.map(normalisedEmail).filter((e): e is string => e !== null))];

function extension<T>(cert: pkijs.Certificate, oid: string): T | undefined {
  return cert.extensions?.find((ext) => ext.extnID === oid)?.parsedValue as T | undefined;
}

function certificateEmails(cert: pkijs.Certificate): string[] {
  const san = extension<pkijs.AltName>(cert, EXT.subjectAltName)?.altNames ?? [];
  // GeneralName type 1 = rfc822Name; other name forms (otherName, X.400) are skipped, the subject's address may serve.
  const fromSan = san.filter((name) => name.type === 1).map((name) => String(name.value));
  const fromSubject = cert.subject.typesAndValues
    .filter((attribute) => attribute.type === OID.emailAddress)
    .map((attribute) => (attribute.value.valueBlock as { value?: unknown }).value)
    .filter((value): value is string => typeof value === 'string');
  return uniqueEmails([...fromSan, ...fromSubject]);
}

type Refusal = { code: NonNullable<CertificateInfo['encryptionProblem']>; text: string };

/**
 * S/MIME encryption wraps the content key to the certificate's public key: RSA key transport (keyEncipherment) or
 * ECDH key agreement (keyAgreement), as RFC 8550/8551 and the gateway support. An Ed25519/DSA key only signs. The
 * usage extensions restrict what the issuer allowed; absent, anything is allowed (RFC 5280 §4.2.1.3).
 */
function keyRefusal(cert: pkijs.Certificate, keyType: string, rsaBits: number | undefined, knownCurve: boolean): Refusal | null {
  if (keyType === 'rsa') {
    if ((rsaBits ?? 0) < MIN_RSA_BITS) return { code: 'key_algorithm', text: `RSA keys under ${MIN_RSA_BITS} bits are refused` };
  } else if (keyType === 'ec') {
    if (!knownCurve) return { code: 'key_algorithm', text: 'only EC keys on P-256 and P-384 are supported' };
  } else {
    return { code: 'key_algorithm', text: `keys of type ${keyType} cannot be encrypted to` };
  }
  const usage = extension<asn1js.BitString>(cert, EXT.keyUsage);
  if (usage) {
    const first = usage.valueBlock.valueHexView[0] ?? 0;
    if (keyType === 'rsa' && (first & KEY_ENCIPHERMENT) === 0) return { code: 'key_usage', text: 'keyUsage excludes keyEncipherment' };
    if (keyType === 'ec' && (first & KEY_AGREEMENT) === 0) return { code: 'key_usage', text: 'keyUsage excludes keyAgreement' };
  }
  const purposes = extension<pkijs.ExtKeyUsage>(cert, EXT.extKeyUsage)?.keyPurposes;
  if (purposes && !purposes.some((p) => p === OID.emailProtection || p === OID.anyExtendedKeyUsage)) {
    return { code: 'extended_key_usage', text: 'extendedKeyUsage excludes emailProtection' };
  }
  return null;
}

/** Parses one DER certificate, judged at `now`; throws CryptoError SP_ERR_CRYPTO_INPUT on anything that is not one. */
export function parseCertificate(der: Uint8Array, now: Date = new Date()): ParsedCertificate {
  let nodeCert: NodeCertificate;
  let cert: pkijs.Certificate;
  try {
    nodeCert = new NodeCertificate(der);
    cert = pkijs.Certificate.fromBER(arrayBuffer(der));
  } catch (cause) {
    throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'not a DER X.509 certificate', { cause });
  }
  const publicKey = nodeCert.publicKey;
  const details = publicKey.asymmetricKeyDetails ?? {};
  const keyType = publicKey.asymmetricKeyType ?? 'unknown';
  const curve = keyType === 'ec' ? SMIME_CURVES[details.namedCurve as keyof typeof SMIME_CURVES] : undefined;
  const keyAlgorithm = keyType === 'rsa' ? `rsa-${details.modulusLength ?? 0}` : keyType === 'ec' ? `ec-${curve?.name ?? details.namedCurve ?? '?'}` : keyType;
  const notBefore = cert.notBefore.value;
  const notAfter = cert.notAfter.value;
  const refusal = keyRefusal(cert, keyType, details.modulusLength, curve !== undefined);
  // The date first: "expired" is what an admin can act on (ask for a new certificate) before any key detail.
  const problem = now < notBefore ? 'the certificate is not yet valid' : now > notAfter ? 'the certificate has expired' : refusal?.text ?? null;
  const info: CertificateInfo = {
    fingerprint: createHash('sha256').update(der).digest('hex'),
    emails: certificateEmails(cert),
    notBefore,
    notAfter,
    keyAlgorithm,
    encryptionProblem: refusal?.code ?? null,
    usableForEncryption: problem === null,
    problem,
  };
  return { der, info, publicKey, pkijs: cert };
}

/** What the directory and the delivery need to know about a certificate at `now` (no exception for an unusable one). */
export function certificateInfo(der: Uint8Array, now: Date = new Date()): CertificateInfo {
  return parseCertificate(der, now).info;
}

export interface PgpKeyInfo {
  /** The primary key's fingerprint, lower-case hex (40 characters for v4, 64 for v6 keys). */
  fingerprint: string;
  /** Lower-case addresses of the key's valid user IDs, deduplicated. */
  emails: string[];
  created: Date;
  /** When the primary key expires; null if it does not. */
  expires: Date | null;
  /** The key as given holds secret key material: the directory never stores such a key. */
  isPrivate: boolean;
  revoked: boolean;
  /** A subkey (or the primary key) can encrypt at the time asked for. */
  canEncrypt: boolean;
  /** Not revoked, not expired and able to encrypt at the time asked for. */
  usableForEncryption: boolean;
  /** Why it is not usable at that time (English, safe to show to an admin); null when usable. */
  problem: string | null;
  /** The public key alone, armored: what the directory stores (never the input as given). */
  publicArmored: string;
}

async function keyInfo(given: openpgp.Key, at: Date): Promise<PgpKeyInfo> {
  // A private key handed in by mistake: only its public part is ever used (or kept).
  const key = given.isPrivate() ? given.toPublic() : given;
  const emails: string[] = [];
  for (const user of key.users) {
    const id = user.userID;
    if (!id) continue;
    // A user ID's own self-signature must verify: an address appended by anyone else is not the holder's.
    const valid = await user.verify(at).then(() => true, () => false);
    if (valid && id.email) emails.push(id.email);
  }
  const expiration = await key.getExpirationTime().catch(() => null);
  const expires = expiration instanceof Date ? expiration : null;
  const revoked = await key.isRevoked(undefined, undefined, at).catch(() => true);
  const canEncrypt = await key.getEncryptionKey(undefined, at).then(() => true, () => false);
  const problem = revoked ? 'the key is revoked'
    : expires !== null && expires <= at ? 'the key has expired'
      : !canEncrypt ? 'the key has no valid encryption subkey (none, expired or revoked)' : null;
  return {
    fingerprint: key.getFingerprint().toLowerCase(),
    emails: uniqueEmails(emails),
    created: key.getCreationTime(),
    expires,
    isPrivate: given.isPrivate(),
    revoked,
    canEncrypt,
    usableForEncryption: problem === null,
    problem,
    publicArmored: key.armor(),
  };
}

async function readKeys(armored: string): Promise<openpgp.Key[]> {
  try {
    return await openpgp.readKeys({ armoredKeys: armored });
  } catch (cause) {
    throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'not an armored OpenPGP key', { cause });
  }
}

/**
 * Reads every key of one armored block (a block may hold several); validity is judged at `at`. Throws CryptoError
 * SP_ERR_CRYPTO_INPUT when the text is not an OpenPGP key block at all.
 */
export async function pgpKeysInfo(armored: string, at: Date = new Date()): Promise<PgpKeyInfo[]> {
  const keys = await readKeys(armored);
  return Promise.all(keys.map((k) => keyInfo(k, at)));
}

/**
 * The first key of an armored block as the OpenPGP encryptor needs it: the public key (a private key is reduced to
 * its public part) and its facts at `at`.
 */
export async function readPgpPublicKey(armored: string, at: Date = new Date()): Promise<{ key: openpgp.PublicKey; info: PgpKeyInfo }> {
  const [first] = await readKeys(armored);
  if (!first) throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'no OpenPGP key in the block');
  const key = first.isPrivate() ? first.toPublic() : first;
  return { key, info: await keyInfo(first, at) };
}

/** Reads the one key of an armored block (the first, if it holds several); no exception for an unusable key. */
export async function pgpKeyInfo(armored: string, at: Date = new Date()): Promise<PgpKeyInfo> {
  return (await readPgpPublicKey(armored, at)).info;
}
