import { randomBytes, toBase64Url } from '../../crypto/index.ts';

/**
 * Public ids (transfers, files, recipients) are 128 random bits: they appear in links and URLs, so
 * they must not be guessable or reveal order or volume.
 */
export function newPublicId(): string {
  // Never a leading '-': an id is typed or pasted on command lines (`sealpost status ID`), where it would read as an
  // option. Drawing again keeps every id uniformly random among the allowed ones.
  for (;;) {
    const id = toBase64Url(randomBytes(16));
    if (!id.startsWith('-')) return id;
  }
}

/** Bearer tokens for sender and recipient sessions: 256 random bits; stored only as a keyed digest. */
export function newToken(): string {
  return toBase64Url(randomBytes(32));
}
