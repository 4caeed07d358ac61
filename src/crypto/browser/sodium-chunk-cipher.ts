// ChaCha20-Poly1305 (IETF) from libsodium compiled to WebAssembly (the `libsodium-wrappers` package): 3–4× the
// pure-JS @noble path on one core, byte-identical output (test/crypto/browser.test.ts runs the committed vectors
// through it). Browser pages need CSP script-src 'wasm-unsafe-eval' (src/http/security-headers.ts) to compile it.
import sodium from 'libsodium-wrappers';
import type { ChunkCipher } from '../chunk-cipher.ts';
import { CryptoError, decryptError } from '../errors.ts';

/** Seals one chunk: ciphertext || 16-byte tag. libsodium copies the input into its heap, so views are fine. */
export function sodiumSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return sodium.crypto_aead_chacha20poly1305_ietf_encrypt(plaintext, null, null, nonce, key);
}

/** Opens one chunk; throws CryptoError SP_ERR_DECRYPT if the tag does not verify. */
export function sodiumOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array {
  try {
    return sodium.crypto_aead_chacha20poly1305_ietf_decrypt(null, sealed, null, nonce, key);
  } catch (err) {
    throw decryptError('chunk authentication failed', err);
  }
}

let loading: Promise<ChunkCipher> | undefined;

/**
 * The libsodium cipher on the calling thread, once its WebAssembly module is compiled. Rejects with
 * SP_ERR_CRYPTO_UNSUPPORTED where WebAssembly is unavailable or forbidden (callers then fall back to @noble).
 */
export function loadSodiumChunkCipher(): Promise<ChunkCipher> {
  loading ??= sodium.ready.then(
    () => ({ parallelism: 1, seal: sodiumSeal, open: sodiumOpen }),
    (err: unknown) => {
      loading = undefined;
      throw new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', 'WebAssembly ChaCha20-Poly1305 is not available', { cause: err });
    },
  );
  return loading;
}
