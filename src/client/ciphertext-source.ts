// The ciphertext of a file as any byte range, computed on the fly from its plaintext (ciphertextRange in
// src/crypto): an upload can start, retry or resume at any offset and gets byte-identical data without the
// ciphertext ever being kept anywhere.
import { ciphertextRange as ciphertextRangeOf, type BlobEncryptor } from '../crypto/index.ts';
import { collectRange, type FileSource } from './file-source.ts';

/** Yields exactly the bytes [start, end) of the age file that `encryptor` makes of `file`. */
export function ciphertextRange(options: { file: FileSource; encryptor: BlobEncryptor; start: number; end: number }): AsyncGenerator<Uint8Array> {
  const { file, encryptor } = options;
  return ciphertextRangeOf({ encryptor, plainSize: file.size, start: options.start, end: options.end, openPlaintext: (plainStart) => file.read(plainStart) });
}

/** Bytes [start, end) (clipped to the ciphertext's end) in one buffer. */
export function ciphertextSlice(file: FileSource, encryptor: BlobEncryptor, start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
  const stop = Math.min(end, encryptor.encryptedSize(file.size));
  return collectRange(ciphertextRange({ file, encryptor, start, end: stop }), Math.max(0, stop - start));
}
