/**
 * OpenPGP encryption for the mail gateway (docs/gateway/formats.md), with openpgp v6. Integrity protection is always
 * on: openpgp v6 writes SEIPD v1 (with MDC) or, when every recipient key advertises it in its features, SEIPD v2
 * (AEAD, RFC 9580); the unprotected SED packet is never written. Expired, revoked and encryption-less keys are
 * refused before anything is encrypted.
 */
import * as openpgp from 'openpgp';
import { CryptoError, inputError } from '../errors.ts';
import { base64Lines } from './base64-lines.ts';

export interface PgpKeyInfo {
  /** Lower-case addresses from the key's user IDs, deduplicated. */
  emails: string[];
  /** The primary key's fingerprint, lower-case hex (v4: 40, v6: 64 digits). */
  fingerprint: string;
  /** When the key expires; null when it does not. */
  expires: Date | null;
  usableForEncryption: boolean;
  /** Why it is not usable (English, safe to show to an admin); null when usable. */
  problem: string | null;
}

export interface PgpEncryptOptions {
  /** The time keys must be valid at (default: now). */
  now?: Date;
}

async function readPublicKey(armored: string): Promise<openpgp.PublicKey> {
  let key: openpgp.Key;
  try {
    key = await openpgp.readKey({ armoredKey: armored });
  } catch (cause) {
    throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'not an armored OpenPGP key', { cause });
  }
  // A private key handed in by mistake: only its public part is ever used (or kept).
  return key.isPrivate() ? key.toPublic() : key;
}

function emailsOf(key: openpgp.PublicKey): string[] {
  const emails = key.users
    .map((user) => user.userID?.email ?? '')
    .map((email) => email.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(emails)];
}

async function keyProblem(key: openpgp.PublicKey, now: Date): Promise<string | null> {
  if (await key.isRevoked(undefined, undefined, now)) return 'the key is revoked';
  const expires = await key.getExpirationTime().catch(() => null);
  if (expires instanceof Date && expires <= now) return 'the key has expired';
  try {
    await key.getEncryptionKey(undefined, now);
  } catch {
    return 'the key has no valid encryption subkey (none, expired or revoked)';
  }
  return null;
}

/** What the directory and the delivery need to know about a key (no exception for an unusable one). */
export async function pgpKeyInfo(armored: string, now = new Date()): Promise<PgpKeyInfo> {
  const key = await readPublicKey(armored);
  const expiration = await key.getExpirationTime().catch(() => null);
  const problem = await keyProblem(key, now);
  return {
    emails: emailsOf(key),
    fingerprint: key.getFingerprint().toLowerCase(),
    expires: expiration instanceof Date ? expiration : null,
    usableForEncryption: problem === null,
    problem,
  };
}

/**
 * Encrypts `content` (an inner MIME entity) to every key: an ASCII-armored OpenPGP message (the form PGP/MIME
 * carries, RFC 3156), as UTF-8 bytes. Throws CryptoError SP_ERR_CRYPTO_KEY_UNUSABLE naming the key's fingerprint
 * when one is expired, revoked or has no encryption subkey: nothing is encrypted then.
 */
export async function pgpEncrypt(content: Uint8Array, armoredPublicKeys: string[], options: PgpEncryptOptions = {}): Promise<Uint8Array> {
  if (armoredPublicKeys.length === 0) throw inputError('no recipient key');
  const now = options.now ?? new Date();
  const keys = await Promise.all(armoredPublicKeys.map(readPublicKey));
  for (const key of keys) {
    const problem = await keyProblem(key, now);
    if (problem !== null) throw new CryptoError('SP_ERR_CRYPTO_KEY_UNUSABLE', `OpenPGP key ${key.getFingerprint()}: ${problem}`);
  }
  const message = await openpgp.createMessage({ binary: content, format: 'binary' });
  const config = { preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256 };
  const encrypted = await openpgp.encrypt({ message, encryptionKeys: keys, date: now, format: 'object', config });
  // The message was built from bytes, not a stream, so write() gives bytes (its declared type is a stream union).
  return armorMessage(encrypted.write() as Uint8Array);
}

/**
 * ASCII armor (RFC 4880 §6, RFC 9580 §6.2) written here: openpgp's armor takes seconds for a mail of tens of MB. No
 * armor headers (a Version or Comment tells an observer something and the reader nothing). The CRC-24 line is
 * written although RFC 9580 lets it go: GnuPG 2.2 cannot read armor without it (tested).
 */
function armorMessage(binary: Uint8Array): Uint8Array {
  const crc = crc24(binary);
  const checksum = Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
  return Buffer.concat([
    Buffer.from('-----BEGIN PGP MESSAGE-----\r\n\r\n', 'latin1'),
    base64Lines(binary),
    Buffer.from(`=${checksum}\r\n-----END PGP MESSAGE-----\r\n`, 'latin1'),
  ]);
}

const CRC24_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 16;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x800000 ? ((crc << 1) ^ 0x1864cfb) & 0xffffff : (crc << 1) & 0xffffff;
    table[byte] = crc;
  }
  return table;
})();

/** CRC-24 of RFC 4880 §6.1 (init 0xB704CE, generator 0x1864CFB), table-driven. */
export function crc24(data: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of data) crc = ((crc << 8) & 0xffffff) ^ CRC24_TABLE[((crc >> 16) ^ byte) & 0xff]!;
  return crc;
}
