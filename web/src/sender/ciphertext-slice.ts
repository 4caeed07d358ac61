// Bytes [start, end) of the age file that `encryptor` makes of a browser File, computed on demand: chunk N depends
// only on the file key, payload nonce, N and plaintext N, so tus can ask for any range (first upload, retry or a
// resume after reload) and gets byte-identical data without the ciphertext ever being stored.
import { CHUNK_SIZE, SEALED_CHUNK_SIZE, encryptStream, type BlobEncryptor } from '../../../src/crypto/index.ts';

export async function ciphertextSlice(file: Blob, plainSize: number, encryptor: BlobEncryptor, start: number, end: number): Promise<Uint8Array> {
  const total = encryptor.encryptedSize(plainSize);
  const stop = Math.min(end, total);
  if (start < 0 || start > stop) throw new RangeError('invalid ciphertext range');
  const out = new Uint8Array(stop - start);
  let pos = start;
  const prefixLength = encryptor.prefix.length;
  if (pos < prefixLength) {
    const piece = encryptor.prefix.subarray(pos, Math.min(prefixLength, stop));
    out.set(piece, 0);
    pos += piece.length;
  }
  if (pos >= stop) return out;
  const chunk = Math.floor((pos - prefixLength) / SEALED_CHUNK_SIZE);
  let skip = pos - encryptor.chunkOffset(chunk);
  // Read to the end of the file: whether a chunk is the last one is decided by what follows it. We stop early.
  const source = plainSize === 0 ? [new Uint8Array(0)] : file.slice(chunk * CHUNK_SIZE, plainSize).stream();
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
    const n = Math.min(bytes.length, stop - pos);
    out.set(bytes.subarray(0, n), pos - start);
    pos += n;
    if (pos >= stop) break;
  }
  if (pos < stop) throw new Error('file ended early');
  return out;
}
