// TOTP secrets at rest: sealed under the server's SECRET_KEY (kept outside the database) with the user id as
// associated data, so a database copy alone cannot generate codes and a sealed secret moved to another user's row
// does not open. Same construction as the outbox seal (outbox-seal.ts), with its own derived key and version byte.
import { deriveKey, openX, sealX } from './aead.ts';
import { concatBytes, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes.ts';
import { inputError } from './errors.ts';
import { assertSecret } from './secrets.ts';

export const TOTP_SEAL_VERSION = 0x06;

function keyAndAad(key: Uint8Array, userId: string) {
  assertSecret(key, 'server key');
  if (typeof userId !== 'string' || userId.length === 0) throw inputError('userId must be a non-empty string');
  return {
    k: deriveKey(key, 'sealpost/v1/totp-seal', utf8('sealpost v1 totp seal')),
    aad: concatBytes(Uint8Array.of(TOTP_SEAL_VERSION), utf8(userId)),
  };
}

/** base64url(0x06 || nonce(24) || XChaCha20-Poly1305(secret)), AAD = 0x06 || userId. `nonce` only for vectors. */
export function sealTotpSecret(options: { key: Uint8Array; userId: string; secret: string }, nonce?: Uint8Array): string {
  const { k, aad } = keyAndAad(options.key, options.userId);
  return toBase64Url(concatBytes(Uint8Array.of(TOTP_SEAL_VERSION), sealX(k, utf8(options.secret), aad, nonce)));
}

/** The base32 secret; SP_ERR_CRYPTO_* if the seal is not one, is for another user, or was made under another key. */
export function openTotpSecret(options: { key: Uint8Array; userId: string; sealed: string }): string {
  const bytes = fromBase64Url(options.sealed);
  if (bytes.length < 1 || bytes[0] !== TOTP_SEAL_VERSION) throw inputError('not a TOTP seal');
  const { k, aad } = keyAndAad(options.key, options.userId);
  return fromUtf8(openX(k, bytes.subarray(1), aad, 'TOTP seal'));
}
