// One pool of crypto workers per page, created on first use: decrypting and encrypting files spreads STREAM chunks
// over the cores (src/crypto/browser). Falls back to the pure-JS cipher where workers are unavailable.
import { nobleChunkCipher, type ChunkCipher } from '../../../src/crypto/index.ts';
import { createWorkerPoolCipher } from '../../../src/crypto/browser/worker-pool-cipher.ts';

export function createLazyCipher(): { get(): ChunkCipher; close(): void } {
  let pool: ReturnType<typeof createWorkerPoolCipher> | undefined;
  let fallback = false;
  return {
    get() {
      if (fallback) return nobleChunkCipher;
      try {
        pool ??= createWorkerPoolCipher();
        return pool;
      } catch {
        fallback = true;
        return nobleChunkCipher;
      }
    },
    close() {
      pool?.close();
      pool = undefined;
    },
  };
}
