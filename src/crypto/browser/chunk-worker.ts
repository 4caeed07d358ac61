// Module worker: seals/opens STREAM chunks with pure-JS ChaCha20-Poly1305. Chunks are independent (own nonce), so a
// pool of these scales encryption with the number of cores.
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';

interface Job {
  id: number;
  op: 'seal' | 'open';
  key: Uint8Array;
  nonce: Uint8Array;
  data: Uint8Array;
}

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<Job>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const { id, op, key, nonce, data } = event.data;
  try {
    const aead = chacha20poly1305(key, nonce);
    const out = op === 'seal' ? aead.encrypt(data) : aead.decrypt(data);
    scope.postMessage({ id, ok: true, data: out }, [out.buffer]);
  } catch {
    scope.postMessage({ id, ok: false }, []);
  }
};
