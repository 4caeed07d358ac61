// ChaCha20-Poly1305 (IETF) from libsodium compiled to WebAssembly (the `libsodium-wrappers` package): 3–4× the
// pure-JS @noble path on one core, byte-identical output (test/crypto/browser.test.ts runs the committed vectors
// through it). Browser pages need CSP script-src 'wasm-unsafe-eval' (src/http/security-headers.ts) to compile it.
// Imported on demand: the module (~300 KB, most of it the WebAssembly binary) loads only where files are encrypted.
import type SodiumModule from 'libsodium-wrappers';
import type { ChunkCipher } from '../chunk-cipher.ts';
import { CryptoError, decryptError } from '../errors.ts';

type Sodium = typeof SodiumModule;

function sodiumCipher(sodium: Sodium): ChunkCipher {
  return {
    parallelism: 1,
    // libsodium copies inputs into its own heap, so views into the caller's buffers are fine.
    seal: (key, nonce, plaintext) => sodium.crypto_aead_chacha20poly1305_ietf_encrypt(plaintext, null, null, nonce, key),
    open(key, nonce, sealed) {
      try {
        return sodium.crypto_aead_chacha20poly1305_ietf_decrypt(null, sealed, null, nonce, key);
      } catch (err) {
        throw decryptError('chunk authentication failed', err);
      }
    },
  };
}

let loading: Promise<ChunkCipher> | undefined;

/**
 * The libsodium cipher on the calling thread, once its WebAssembly module is compiled. Rejects with
 * SP_ERR_CRYPTO_UNSUPPORTED where WebAssembly is unavailable or forbidden (callers then fall back to @noble).
 */
export function loadSodiumChunkCipher(): Promise<ChunkCipher> {
  loading ??= import('libsodium-wrappers')
    .then(async (m) => {
      await m.default.ready;
      return sodiumCipher(m.default);
    })
    .catch((err: unknown) => {
      loading = undefined;
      throw new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', 'WebAssembly ChaCha20-Poly1305 is not available', { cause: err });
    });
  return loading;
}
