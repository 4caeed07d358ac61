// The page's chunk cipher for downloads and replies: libsodium WebAssembly in a batched worker pool, with fallbacks
// (src/crypto/browser/page-cipher.ts; measured in bench/crypto.ts).
import { createPageCipher, type PageCipher } from '../../../src/crypto/browser/page-cipher.ts';

export function createLazyCipher(): PageCipher {
  return createPageCipher();
}
