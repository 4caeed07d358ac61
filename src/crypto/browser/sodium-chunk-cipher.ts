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

/** The few raw libsodium (Emscripten) exports used in place; 64-bit lengths are passed as (low, high) pairs. */
interface SodiumRaw {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _crypto_aead_chacha20poly1305_ietf_encrypt(c: number, clenP: null, m: number, mlen: number, mlenHi: 0, ad: null, adlen: 0, adlenHi: 0, nsec: null, npub: number, k: number): number;
  _crypto_aead_chacha20poly1305_ietf_decrypt(m: number, mlenP: null, nsec: null, c: number, clen: number, clenHi: 0, ad: null, adlen: 0, adlenHi: 0, npub: number, k: number): number;
}

/**
 * Seals/opens chunks in the caller's own buffer: `buf[0, length)` is the input and the output is written back over
 * it (a seal needs `length + 16` bytes of room). Returns the output length, or -1 if the tag does not verify. For
 * workers: nothing is allocated per chunk, so no dead buffers pile up between the worker's garbage collections.
 */
export type InPlaceChunk = (op: 'seal' | 'open', key: Uint8Array, nonce: Uint8Array, buf: Uint8Array, length: number) => number;

export async function loadSodiumInPlace(maxChunk: number): Promise<InPlaceChunk> {
  await loadSodiumChunkCipher();
  const m = await import('libsodium-wrappers');
  const raw = (m.default as unknown as { libsodium: SodiumRaw }).libsodium;
  const keyAt = raw._malloc(32);
  const nonceAt = raw._malloc(12);
  const inAt = raw._malloc(maxChunk + 16);
  const outAt = raw._malloc(maxChunk + 16);
  return (op, key, nonce, buf, length) => {
    if (key.length !== 32 || nonce.length !== 12 || length > maxChunk + 16 || buf.length < (op === 'seal' ? length + 16 : length)) {
      throw new CryptoError('SP_ERR_CRYPTO_INPUT', 'invalid chunk');
    }
    if (op === 'open' && length < 16) return -1;
    const heap = raw.HEAPU8; // read after the mallocs above: growing memory replaces the view
    heap.set(key, keyAt);
    heap.set(nonce, nonceAt);
    heap.set(buf.subarray(0, length), inAt);
    const rc =
      op === 'seal'
        ? raw._crypto_aead_chacha20poly1305_ietf_encrypt(outAt, null, inAt, length, 0, null, 0, 0, null, nonceAt, keyAt)
        : raw._crypto_aead_chacha20poly1305_ietf_decrypt(outAt, null, null, inAt, length, 0, null, 0, 0, nonceAt, keyAt);
    if (rc !== 0) return -1;
    const outLength = op === 'seal' ? length + 16 : length - 16;
    buf.set(heap.subarray(outAt, outAt + outLength));
    heap.fill(0, keyAt, keyAt + 32);
    return outLength;
  };
}
