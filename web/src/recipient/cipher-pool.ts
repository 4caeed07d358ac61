// The page's chunk cipher. Measured on 2 cores (bench/crypto.ts, test/web/recipient-large-download.test.ts), the
// Web Worker pool (src/crypto/browser) was slower than the pure-JS cipher on the page's own thread, because each
// 64 KiB chunk pays a round trip to a worker; so downloads and replies use the single-thread cipher. One chunk
// takes well under a millisecond, so the page stays responsive between chunks.
import { nobleChunkCipher, type ChunkCipher } from '../../../src/crypto/index.ts';

export function createLazyCipher(): { get(): ChunkCipher; close(): void } {
  return { get: () => nobleChunkCipher, close: () => undefined };
}
