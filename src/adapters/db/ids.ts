import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48-bit Unix ms, then random bits. Ids sort by creation time, so "newest first"
 * needs no extra column, and inserts land at the end of the primary-key index. Within one
 * generator, ids are strictly increasing even inside one millisecond (12-bit counter in rand_a).
 */
export function createIdGenerator(now: () => number = Date.now): () => string {
  let lastMs = 0;
  let counter = 0;
  return () => {
    let ms = now();
    if (ms <= lastMs) {
      counter += 1;
      if (counter > 0xfff) {
        lastMs += 1;
        counter = 0;
      }
      ms = lastMs;
    } else {
      lastMs = ms;
      counter = 0;
    }
    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
