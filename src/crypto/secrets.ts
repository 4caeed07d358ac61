// 256-bit secrets (link secret, server share, outbox key) and their text form: base64url, 43 characters, no padding.
import { fromBase64Url, randomBytes, toBase64Url } from './bytes.ts';
import { inputError } from './errors.ts';

export const SECRET_SIZE = 32;

export function generateSecret(): Uint8Array {
  return randomBytes(SECRET_SIZE);
}

export function encodeSecret(secret: Uint8Array): string {
  assertSecret(secret, 'secret');
  return toBase64Url(secret);
}

/** Strict: exactly 43 base64url characters decoding to 32 bytes, else SP_ERR_CRYPTO_INPUT. */
export function decodeSecret(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length !== 43) throw inputError('secret must be 43 base64url characters');
  return fromBase64Url(text);
}

export function assertSecret(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== SECRET_SIZE) throw inputError(`${name} must be 32 bytes`);
}
