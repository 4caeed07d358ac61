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
  /**
   * Present on backends that work synchronously: the streams then process every chunk of a source piece in one loop,
   * without a promise per chunk.
   */
  readonly sync?: SyncChunkCipher;
}

export interface SyncChunkCipher {
  /**
   * Seals one chunk: ciphertext || tag, as one or more parts in order. node:crypto hands the tag back apart from the
   * ciphertext, and joining them would cost an allocation and a copy per chunk (measured: 1.7× slower streams).
   */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): readonly Uint8Array[];
  /** Same contract as ChunkCipher.open, synchronously. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array;
}

function nobleOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array {
  try {
    return chacha20poly1305(key, nonce).decrypt(sealed);
  } catch (err) {
    throw decryptError('chunk authentication failed', err);
  }
}

export const nobleChunkCipher: ChunkCipher = {
  parallelism: 1,
  seal: (key, nonce, plaintext) => chacha20poly1305(key, nonce).encrypt(plaintext),
  open: nobleOpen,
  sync: {
    seal: (key, nonce, plaintext) => [chacha20poly1305(key, nonce).encrypt(plaintext)],
    open: nobleOpen,
  },
};
