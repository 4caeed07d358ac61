// A ChunkCipher that spreads chunks over a pool of module Web Workers. Pure JS ChaCha20-Poly1305 does ~90 MB/s per
// core; independent STREAM chunks let N workers approach N× that. Browser-only (needs Worker); bundlers resolve
// the worker from `new URL(..., import.meta.url)`.
import type { ChunkCipher } from '../chunk-cipher.ts';
import { CryptoError, decryptError } from '../errors.ts';

interface Pending {
  resolve: (data: Uint8Array) => void;
  reject: (err: Error) => void;
}

export interface WorkerPoolCipher extends ChunkCipher {
  /** Terminates the workers; later calls fail. */
  close(): void;
}

export function createWorkerPoolCipher(options: { size?: number; createWorker?: () => Worker } = {}): WorkerPoolCipher {
  if (typeof Worker === 'undefined') throw new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', 'Web Workers are not available');
  const size = options.size ?? Math.max(1, Math.min(8, globalThis.navigator?.hardwareConcurrency ?? 2));
  const make = options.createWorker ?? (() => new Worker(new URL('./chunk-worker.ts', import.meta.url), { type: 'module' }));
  const pending = new Map<number, Pending>();
  const workers: Worker[] = [];
  let nextId = 0;
  let closed = false;
  for (let i = 0; i < size; i++) {
    const w = make();
    w.onmessage = (event: MessageEvent<{ id: number; ok: boolean; data?: Uint8Array }>) => {
      const job = pending.get(event.data.id);
      if (job === undefined) return;
      pending.delete(event.data.id);
      if (event.data.ok && event.data.data) job.resolve(event.data.data);
      else job.reject(decryptError('chunk authentication failed'));
    };
    w.onerror = () => {
      for (const job of pending.values()) job.reject(new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', 'crypto worker failed'));
      pending.clear();
    };
    workers.push(w);
  }
  const run = (op: 'seal' | 'open', key: Uint8Array, nonce: Uint8Array, data: Uint8Array): Promise<Uint8Array> => {
    if (closed) return Promise.reject(new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', 'worker pool is closed'));
    const id = nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      // Round-robin is enough: chunks are equal-sized, so work per job is equal.
      (workers[id % size] as Worker).postMessage({ id, op, key, nonce, data });
    });
  };
  return {
    // Two chunks per worker keep each one busy while the next arrives.
    parallelism: size * 2,
    seal: (key, nonce, plaintext) => run('seal', key, nonce, plaintext),
    open: (key, nonce, sealed) => run('open', key, nonce, sealed),
    close() {
      closed = true;
      for (const w of workers) w.terminate();
      for (const job of pending.values()) job.reject(new CryptoError('SP_ERR_CRYPTO_UNSUPPORTED', 'worker pool is closed'));
      pending.clear();
    },
  };
}
