// Ciphertext of a local file as any byte range, computed on the fly: chunk N of an age file depends only on
// the file key, payload nonce, N and plaintext N, so an upload can start (or restart) at any offset without
// keeping the ciphertext anywhere. Memory stays constant whatever the file size.
import { createReadStream } from 'node:fs';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE, encryptStream, type BlobEncryptor } from '../../crypto/node.ts';

/** Yields exactly the bytes [start, end) of the age file that `encryptor` makes of `file` (`plainSize` bytes). */
export async function* ciphertextRange(options: {
  file: string;
  plainSize: number;
  encryptor: BlobEncryptor;
  start: number;
  end: number;
  onPlainRead?: (bytes: number) => void;
}): AsyncGenerator<Uint8Array> {
  const { encryptor, file, plainSize } = options;
  const total = encryptor.encryptedSize(plainSize);
  const end = Math.min(options.end, total);
  let pos = options.start;
  if (pos < 0 || pos > end) throw new RangeError('invalid ciphertext range');
  const prefixLength = encryptor.prefix.length;
  if (pos < prefixLength) {
    const piece = encryptor.prefix.subarray(pos, Math.min(prefixLength, end));
    pos += piece.length;
    yield piece;
  }
  if (pos >= end) return;
  const chunk = Math.floor((pos - prefixLength) / SEALED_CHUNK_SIZE);
  let skip = pos - encryptor.chunkOffset(chunk);
  const plainStart = chunk * CHUNK_SIZE;
  // An empty file still has one (empty) final chunk; createReadStream with start > end would throw.
  const source = plainSize === 0 ? [new Uint8Array(0)] : createReadStream(file, { start: plainStart, end: plainSize - 1, highWaterMark: 1 << 20 });
  const counted = options.onPlainRead ? countBytes(source, options.onPlainRead) : source;
  // Chunk 0 from encryptStream starts with the prefix; later chunks don't repeat it.
  let dropPrefix = chunk === 0;
  for await (const piece of encryptStream(counted, { encryptor, startChunk: chunk })) {
    if (dropPrefix) {
      dropPrefix = false;
      continue;
    }
    let bytes = piece;
    if (skip > 0) {
      const n = Math.min(skip, bytes.length);
      bytes = bytes.subarray(n);
      skip -= n;
    }
    if (bytes.length === 0) continue;
    if (pos + bytes.length >= end) {
      yield bytes.subarray(0, end - pos);
      return;
    }
    pos += bytes.length;
    yield bytes;
  }
}

async function* countBytes(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, count: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    count(piece.length);
    yield piece;
  }
}
