// Node-only fast path: OpenSSL's ChaCha20-Poly1305 through node:crypto (~20x the pure-JS speed). Browser code never
// imports this file; src/crypto/node.ts is its only entry.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { ChunkCipher } from '../chunk-cipher.ts';
import { decryptError } from '../errors.ts';

const TAG = 16;

export const nativeChunkCipher: ChunkCipher = {
  parallelism: 1,
  seal(key, nonce, plaintext) {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    const out = new Uint8Array(plaintext.length + TAG);
    const body = cipher.update(plaintext);
    out.set(body, 0);
    const fin = cipher.final();
    out.set(fin, body.length);
    out.set(cipher.getAuthTag(), plaintext.length);
    return out;
  },
  open(key, nonce, sealed) {
    if (sealed.length < TAG) throw decryptError('chunk is truncated');
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
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
