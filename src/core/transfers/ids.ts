import { randomBytes, toBase64Url } from '../../crypto/index.ts';

/**
 * Public ids (transfers, files, recipients) are 128 random bits: they appear in links and URLs, so
 * they must not be guessable or reveal order or volume.
 */
export function newPublicId(): string {
  return toBase64Url(randomBytes(16));
}

/** Bearer tokens for sender and recipient sessions: 256 random bits; stored only as a keyed digest. */
export function newToken(): string {
  return toBase64Url(randomBytes(32));
}
