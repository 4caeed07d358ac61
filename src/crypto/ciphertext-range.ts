// Any byte range of an age file, computed on demand: chunk N depends only on the file key, the payload
// nonce, N and plaintext chunk N, so an upload can start or restart at any offset (tus resume) and gets
// byte-identical data without the ciphertext being kept anywhere. Memory stays constant.
import type { BlobEncryptor } from './blob-encryptor.ts';
import { encryptStream } from './blob-stream.ts';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE } from './stream-format.ts';
import type { ByteSource } from './web-streams.ts';

export interface CiphertextRangeOptions {
  encryptor: BlobEncryptor;
  plainSize: number;
  /** Plaintext from byte `plainStart` to the end of the file (a file stream, a Blob slice, …). */
  openPlaintext(plainStart: number): ByteSource;
  /** Inclusive start, exclusive end, in ciphertext bytes. */
  start: number;
  end: number;
}

/** Yields exactly bytes [start, end) of the age file that `encryptor` makes of the plaintext. */
export async function* ciphertextRange(options: CiphertextRangeOptions): AsyncGenerator<Uint8Array> {
  const { encryptor, plainSize } = options;
  const end = Math.min(options.end, encryptor.encryptedSize(plainSize));
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
  // Read on to the end of the file: whether a chunk is the last one is decided by what follows it.
  // An empty file still has one (empty) final chunk.
  const source = plainSize === 0 ? [new Uint8Array(0)] : options.openPlaintext(chunk * CHUNK_SIZE);
  // Chunk 0 from encryptStream starts with the prefix; later chunks don't repeat it.
  let dropPrefix = chunk === 0;
  for await (const piece of encryptStream(source, { encryptor, startChunk: chunk })) {
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
  if (pos < end) throw new RangeError('the plaintext ended before the requested range');
}
