import { concatBytes } from '../crypto/bytes.ts';

/**
 * Joins small pieces into writes of about `target` bytes. The crypto stream yields 64 KiB chunks (and, on Node, each
 * chunk's 16-byte tag as a piece of its own); written as they come, each is one socket or file write, and the tiny
 * ones cost as much as the large. One copy per piece buys a few large writes instead. Pieces of `target` bytes or
 * more pass through uncopied when nothing is waiting.
 */
export async function* coalesce(source: AsyncIterable<Uint8Array>, target = 1 << 20): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  for await (const piece of source) {
    if (size === 0 && piece.length >= target) {
      yield piece;
      continue;
    }
    parts.push(piece);
    size += piece.length;
    if (size >= target) {
      yield join(parts);
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield join(parts);
}

function join(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 && parts[0] ? parts[0] : concatBytes(...parts);
}
