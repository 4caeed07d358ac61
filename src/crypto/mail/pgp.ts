/**
 * OpenPGP encryption for the mail gateway (docs/gateway/formats.md), with openpgp v6. Integrity protection is always
 * on: openpgp v6 writes SEIPD v1 (with MDC) or, when every recipient key advertises it in its features, SEIPD v2
 * (AEAD, RFC 9580); the unprotected SED packet is never written. Expired, revoked and encryption-less keys are
 * refused before anything is encrypted.
 */
import * as openpgp from 'openpgp';
import { CryptoError, inputError } from '../errors.ts';

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
  // No version or comment header: they tell an observer nothing useful and us nothing either.
  const config = { showVersion: false, showComment: false, preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256 };
  const encrypted = await openpgp.encrypt({ message, encryptionKeys: keys, date: now, format: 'object', config });
  return new TextEncoder().encode(encrypted.armor({ ...openpgp.config, ...config }));
}
