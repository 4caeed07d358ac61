// Keyed digests for values the server must recognise but never store: verification codes and bearer
// tokens. HMAC-SHA-256 under a per-purpose key derived (HKDF) from the server's SECRET_KEY.
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from './bytes.ts';
import { inputError } from './errors.ts';

/** HMAC-SHA-256(HKDF-SHA-256(serverKey, info = purpose), message). `purpose` separates domains. */
export function keyedDigest(serverKey: Uint8Array, purpose: string, message: Uint8Array): Uint8Array {
  if (!(serverKey instanceof Uint8Array) || serverKey.length !== 32) throw inputError('server key must be 32 bytes');
  if (!purpose) throw inputError('purpose is required');
  const key = hkdf(sha256, serverKey, new Uint8Array(0), utf8(`sealpost v1 keyed digest: ${purpose}`), 32);
  const digest = hmac(sha256, key, message);
  key.fill(0);
  return digest;
}
