// Node-only fast path: OpenSSL's ChaCha20-Poly1305 through node:crypto (~20x the pure-JS speed). Browser code never
// imports this file; src/crypto/node.ts is its only entry.
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import type { ChunkCipher } from '../chunk-cipher.ts';
import { decryptError } from '../errors.ts';

const TAG = 16;

// Building a KeyObject from raw bytes on every call costs more than encrypting a 64 KiB chunk; a stream reuses one
// key array for all its chunks, so cache the KeyObject per array (weakly, so it dies with the stream).
const keyObjects = new WeakMap<Uint8Array, KeyObject>();
function keyObject(key: Uint8Array): KeyObject {
  let k = keyObjects.get(key);
  if (k === undefined) {
    k = createSecretKey(key);
    keyObjects.set(key, k);
  }
  return k;
}

export const nativeChunkCipher: ChunkCipher = {
  parallelism: 1,
  seal(key, nonce, plaintext) {
    const cipher = createCipheriv('chacha20-poly1305', keyObject(key), nonce, { authTagLength: TAG });
    // allocUnsafe: every byte is overwritten below, so skipping the zero-fill is safe and measurably faster.
    const out = Buffer.allocUnsafe(plaintext.length + TAG);
    const body = cipher.update(plaintext);
    out.set(body, 0);
    const fin = cipher.final();
    out.set(fin, body.length);
    out.set(cipher.getAuthTag(), plaintext.length);
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  },
  open(key, nonce, sealed) {
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
    return new Uint8Array(body.buffer, body.byteOffset, body.length);
  },
};
