// One STREAM chunk = one ChaCha20-Poly1305 call. Backends differ only in speed: pure JS (@noble/ciphers,
// everywhere), node:crypto (src/crypto/node/), a Web Worker pool (src/crypto/browser/). All produce the same bytes.
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { decryptError } from './errors.ts';

/**
 * Contract: seal/open must read their input before returning (a Worker pool copies it in postMessage) and must not
 * keep a reference to it; streams pass views into the caller's buffers to avoid copies.
 */
export interface ChunkCipher {
  /** Returns ciphertext || 16-byte tag. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** Returns plaintext, or throws CryptoError SP_ERR_DECRYPT if the tag does not verify. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** How many chunks a stream should keep in flight (1 for synchronous backends). */
  readonly parallelism: number;
}

export const nobleChunkCipher: ChunkCipher = {
  parallelism: 1,
  seal(key, nonce, plaintext) {
    return chacha20poly1305(key, nonce).encrypt(plaintext);
  },
  open(key, nonce, sealed) {
    try {
      return chacha20poly1305(key, nonce).decrypt(sealed);
    } catch (err) {
      throw decryptError('chunk authentication failed', err);
    }
  },
};
