// src/crypto imports nothing from the rest of the project, so it carries its own error type.
// Edges map `code` to SealpostError / HTTP status; messages are safe to show and never contain secrets.

export type CryptoErrorCode =
  /** Authentication failed: tampered, truncated, swapped or wrong-key ciphertext. Nothing was released as valid. */
  | 'SP_ERR_DECRYPT'
  /** Malformed input: bad encoding, wrong length, unknown version byte, invalid options. */
  | 'SP_ERR_CRYPTO_INPUT'
  /** A blob or manifest decrypted fine but does not belong where it was found (id/header hash/message mismatch). */
  | 'SP_ERR_CRYPTO_BINDING'
  /** The platform lacks something we need (no WebCrypto CSPRNG, no Worker). */
  | 'SP_ERR_CRYPTO_UNSUPPORTED'
  /** A key log segment does not verify: broken chain, a rewritten entry, or it does not extend what was seen before. */
  | 'SP_ERR_KEY_LOG'
  /** A recipient's certificate or OpenPGP key cannot be encrypted to: expired, not yet valid, revoked, no encryption usage, unsupported algorithm. */
  | 'SP_ERR_CRYPTO_KEY_UNUSABLE';

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CryptoError';
    this.code = code;
  }
}

export function isCryptoError(value: unknown, code?: CryptoErrorCode): value is CryptoError {
  return value instanceof CryptoError && (code === undefined || value.code === code);
}

export function inputError(message: string): CryptoError {
  return new CryptoError('SP_ERR_CRYPTO_INPUT', message);
}

export function decryptError(message: string, cause?: unknown): CryptoError {
  return new CryptoError('SP_ERR_DECRYPT', message, cause === undefined ? undefined : { cause });
}
