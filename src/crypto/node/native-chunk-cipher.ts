// Node-only fast path: OpenSSL's ChaCha20-Poly1305 through node:crypto (~20x the pure-JS speed). Browser code never
// imports this file; src/crypto/node.ts is its only entry.
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import type { ChunkCipher } from '../chunk-cipher.ts';
import { decryptError } from '../errors.ts';

const TAG = 16;

// Building a KeyObject from raw bytes on every call costs more than encrypting a 64 KiB chunk; a stream reuses one
// key array for all its chunks, so cache the KeyObject per array (weakly, so it dies with the stream).
// A Cipheriv cannot be re-keyed or given a new nonce, so one object per chunk is unavoidable (about 4 µs of ~35).
const keyObjects = new WeakMap<Uint8Array, KeyObject>();
function keyObject(key: Uint8Array): KeyObject {
  let k = keyObjects.get(key);
  if (k === undefined) {
    k = createSecretKey(key);
    keyObjects.set(key, k);
  }
  return k;
}

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);

/** One ChaCha20-Poly1305 seal as [ciphertext, tag], exactly as OpenSSL returns them: no join, no copy. */
function sealParts(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): [Uint8Array, Uint8Array] {
  const cipher = createCipheriv('chacha20-poly1305', keyObject(key), nonce, { authTagLength: TAG });
  const body = cipher.update(plaintext);
  cipher.final(); // empty for a stream cipher; computes the tag
  return [view(body), view(cipher.getAuthTag())];
}

function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array {
  if (sealed.length < TAG) throw decryptError('chunk is truncated');
  const decipher = createDecipheriv('chacha20-poly1305', keyObject(key), nonce, { authTagLength: TAG });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  const body = decipher.update(sealed.subarray(0, sealed.length - TAG));
  try {
    decipher.final();
  } catch (err) {
    // Never hand out `body`: it is unauthenticated.
    body.fill(0);
    throw decryptError('chunk authentication failed', err);
  }
  return view(body);
}

export const nativeChunkCipher: ChunkCipher = {
  parallelism: 1,
  seal(key, nonce, plaintext) {
    const [body, tag] = sealParts(key, nonce, plaintext);
    // allocUnsafe: both parts overwrite every byte, so skipping the zero-fill is safe and measurably faster.
    const out = Buffer.allocUnsafe(body.length + TAG);
    out.set(body, 0);
    out.set(tag, body.length);
    return view(out);
  },
  open,
  sync: { seal: sealParts, open },
};
