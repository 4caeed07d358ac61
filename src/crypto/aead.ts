// XChaCha20-Poly1305 (@noble/ciphers) for every small wrapped value: 24-byte random nonces are safe to pick at random.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes, utf8 } from './bytes.ts';
import { decryptError } from './errors.ts';

export const XNONCE_SIZE = 24;

/** HKDF-SHA-256 with a fixed per-purpose salt so keys for different purposes never collide. */
export function deriveKey(ikm: Uint8Array, salt: string, info: Uint8Array): Uint8Array {
  return hkdf(sha256, ikm, utf8(salt), info, 32);
}

/** Returns nonce || ciphertext || tag. `nonce` is only passed by test-vector generation. */
export function sealX(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, nonce: Uint8Array = randomBytes(XNONCE_SIZE)): Uint8Array {
  return concatBytes(nonce, xchacha20poly1305(key, nonce, aad).encrypt(plaintext));
}

export function openX(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array, what: string): Uint8Array {
  if (sealed.length < XNONCE_SIZE + 16) throw decryptError(`${what} is truncated`);
  try {
    return xchacha20poly1305(key, sealed.subarray(0, XNONCE_SIZE), aad).decrypt(sealed.subarray(XNONCE_SIZE));
  } catch (err) {
    throw decryptError(`${what} does not open (wrong key or tampered)`, err);
  }
}
