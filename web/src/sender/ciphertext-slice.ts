// Bytes [start, end) of the age file that `encryptor` makes of a browser File, computed on demand (see
// ciphertextRange in src/crypto): tus can ask for any range — first upload, retry or resume after a reload —
// and gets byte-identical data without the ciphertext ever being stored.
import { ciphertextRange, type BlobEncryptor } from '../../../src/crypto/index.ts';

export async function ciphertextSlice(file: Blob, plainSize: number, encryptor: BlobEncryptor, start: number, end: number): Promise<Uint8Array> {
  const stop = Math.min(end, encryptor.encryptedSize(plainSize));
  const out = new Uint8Array(Math.max(0, stop - start));
  let at = 0;
  for await (const piece of ciphertextRange({ encryptor, plainSize, start, end: stop, openPlaintext: (plainStart) => file.slice(plainStart, plainSize).stream() })) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
