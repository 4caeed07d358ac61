// The chunk cipher a browser page uses for files: libsodium's WebAssembly ChaCha20-Poly1305, in a pool of workers
// (batched messages, see worker-pool-cipher.ts) so the page's own thread stays free for network and disk, or on the
// page's thread where workers cannot start. Falls back to pure-JS @noble where WebAssembly is unavailable. All
// produce the same bytes; measured in bench/crypto.ts.
import { nobleChunkCipher, type ChunkCipher } from '../chunk-cipher.ts';
import { loadSodiumChunkCipher } from './sodium-chunk-cipher.ts';
import { createWorkerPoolCipher, type WorkerPoolCipher } from './worker-pool-cipher.ts';

export interface PageCipher {
  /** The cipher to use now; workers are started on the first call, and after a worker failure this thread is used. */
  get(): ChunkCipher;
  /** Stops the workers (a later get() starts new ones). */
  close(): void;
}

/** libsodium on this thread once compiled; until then (or without WebAssembly) each call waits or uses @noble. */
function threadCipher(): () => ChunkCipher {
  let ready: ChunkCipher | undefined;
  const loading = loadSodiumChunkCipher().then(
    (c) => (ready = c),
    () => (ready = nobleChunkCipher),
  );
  const pending: ChunkCipher = {
    parallelism: 1,
    seal: async (key, nonce, plaintext) => {
      const copy = plaintext.slice(); // read before returning (ChunkCipher contract)
      return (await loading).seal(key.slice(), nonce.slice(), copy);
    },
    open: async (key, nonce, sealed) => {
      const copy = sealed.slice();
      return (await loading).open(key.slice(), nonce.slice(), copy);
    },
  };
  return () => ready ?? pending;
}

export function createPageCipher(options: { workers?: boolean } = {}): PageCipher {
  let thread: (() => ChunkCipher) | undefined;
  // Loaded only if needed: with workers, the page itself never compiles libsodium.
  const onThread = () => (thread ??= threadCipher())();
  let pool: WorkerPoolCipher | undefined;
  let noWorkers = options.workers === false;
  return {
    get() {
      if (noWorkers) return onThread();
      try {
        if (pool?.broken === true) throw new Error('worker pool failed');
        pool ??= createWorkerPoolCipher();
        return pool;
      } catch {
        noWorkers = true;
        return onThread();
      }
    },
    close() {
      pool?.close();
      pool = undefined;
    },
  };
}
