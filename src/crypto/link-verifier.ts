// Proof of possession of a link secret, for link-only recipients (docs/crypto.md §3.7). The recipient id travels in
// the link's path (and so in proxy and server logs); the secret stays in the #fragment. A link-only recipient presents
// a verifier derived from the secret, so the id alone opens nothing. The server stores only the verifier's digest and
// sees the verifier in transit: neither reveals the secret (HKDF is one-way) nor helps unwrap the message key.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, constantTimeEqual, lengthPrefixed, utf8 } from './bytes.ts';
import { inputError } from './errors.ts';
import { assertSecret } from './secrets.ts';

/** verifier = HKDF(linkSecret, salt="sealpost/v1/link-verifier", info="sealpost v1 link verifier" || lp(messageId) || lp(recipientId), 32). */
export function deriveLinkVerifier(options: { linkSecret: Uint8Array; messageId: string; recipientId: string }): Uint8Array {
  assertSecret(options.linkSecret, 'linkSecret');
  if (!options.messageId || !options.recipientId) throw inputError('messageId and recipientId are required');
  const info = concatBytes(utf8('sealpost v1 link verifier'), lengthPrefixed(utf8(options.messageId)), lengthPrefixed(utf8(options.recipientId)));
  return hkdf(sha256, options.linkSecret, utf8('sealpost/v1/link-verifier'), info, 32);
}

/** What the server stores: SHA-256("sealpost v1 link verifier digest" || verifier). */
export function linkVerifierDigest(verifier: Uint8Array): Uint8Array {
  if (!(verifier instanceof Uint8Array) || verifier.length !== 32) throw inputError('verifier must be 32 bytes');
  return sha256(concatBytes(utf8('sealpost v1 link verifier digest'), verifier));
}

/** Server-side check of a presented link verifier against the stored digest, in constant time. */
export function checkLinkVerifier(options: { presented: Uint8Array; storedDigest: Uint8Array }): boolean {
  if (!(options.presented instanceof Uint8Array) || options.presented.length !== 32) return false;
  return constantTimeEqual(linkVerifierDigest(options.presented), options.storedDigest);
}
