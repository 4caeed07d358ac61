// Access codes: Argon2id stretches the code once; HKDF splits the result into a key part (mixed into the recipient
// wrap, never leaves the client) and a verifier (sent to the server, which stores only its SHA-256 digest).
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ARGON2_PARAMS, argon2idRaw, type Argon2Params } from './argon2.ts';
import { concatBytes, constantTimeEqual, lengthPrefixed, utf8 } from './bytes.ts';
import { inputError } from './errors.ts';

export interface StretchedAccessCode {
  /** 32 bytes, pass as `codeKey` to wrapMessageIdentity / unwrapMessageIdentity. Secret. */
  codeKey: Uint8Array;
  /** 32 bytes the client presents to the server on each attempt. Secret-ish: equivalent to one cracked code. */
  verifier: Uint8Array;
}

/** Unicode NFKC, surrounding whitespace removed; case is kept (codes are compared exactly as agreed). */
export function normalizeAccessCode(code: string): string {
  if (typeof code !== 'string') throw inputError('access code must be a string');
  const normalized = code.normalize('NFKC').trim();
  if (normalized.length === 0 || normalized.length > 256) throw inputError('access code must be 1..256 characters');
  return normalized;
}

/** Salt = first 16 bytes of SHA-256("sealpost v1 access-code salt" || lp(messageId) || lp(recipientId)). */
export function accessCodeSalt(messageId: string, recipientId: string): Uint8Array {
  if (!messageId || !recipientId) throw inputError('messageId and recipientId are required');
  return sha256(concatBytes(utf8('sealpost v1 access-code salt'), lengthPrefixed(utf8(messageId)), lengthPrefixed(utf8(recipientId)))).slice(0, 16);
}

export async function stretchAccessCode(options: {
  code: string;
  messageId: string;
  recipientId: string;
  params?: Argon2Params;
}): Promise<StretchedAccessCode> {
  const salt = accessCodeSalt(options.messageId, options.recipientId);
  const master = await argon2idRaw(utf8(normalizeAccessCode(options.code)), salt, options.params ?? ARGON2_PARAMS);
  const empty = new Uint8Array(0);
  const codeKey = hkdf(sha256, master, empty, utf8('sealpost v1 access-code key'), 32);
  const verifier = hkdf(sha256, master, empty, utf8('sealpost v1 access-code verifier'), 32);
  master.fill(0);
  return { codeKey, verifier };
}

/** What the server stores: SHA-256("sealpost v1 access-code verifier digest" || verifier). */
export function accessCodeVerifierDigest(verifier: Uint8Array): Uint8Array {
  if (!(verifier instanceof Uint8Array) || verifier.length !== 32) throw inputError('verifier must be 32 bytes');
  return sha256(concatBytes(utf8('sealpost v1 access-code verifier digest'), verifier));
}

/** Server-side check of a presented verifier against the stored digest, in constant time. */
export function checkAccessCodeVerifier(options: { presented: Uint8Array; storedDigest: Uint8Array }): boolean {
  if (!(options.presented instanceof Uint8Array) || options.presented.length !== 32) return false;
  return constantTimeEqual(accessCodeVerifierDigest(options.presented), options.storedDigest);
}

// The generator lives apart (no Argon2 or hashing), so the web app's first page can import it without them.
export { generateAccessCode } from './access-code-generator.ts';
