// The download pipeline: one file of a message as authenticated plaintext, decrypted chunk by chunk as the
// ciphertext streams in (constant memory, pull-based), checked against its manifest slot (blob id, header hash,
// size). A broken connection resumes with a Range request, so a limited download is not used up. The shell
// decides where the plaintext goes (a temporary file renamed at the end, a browser download or ZIP) and must
// discard it when the stream errors (tampering, truncation).
import { decryptManifestBlob, type ChunkCipher, type ManifestFile } from '../crypto/index.ts';
import { resumableBody } from './resumable-body.ts';

async function* counted(source: AsyncIterable<Uint8Array>, onBytes: ((n: number) => void) | undefined): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    onBytes?.(piece.length);
    yield piece;
  }
}

/**
 * Fetches the ciphertext first, so an API error such as SP_ERR_WITHDRAWN is thrown here, before anything is saved,
 * then returns the plaintext. `open(offset)` requests the ciphertext from `offset` and throws the server's error.
 */
export async function openPlainFile(options: {
  open: (offset: number) => Promise<Response>;
  identity: string;
  slot: ManifestFile;
  cipher: ChunkCipher;
  /** Ciphertext bytes received. */
  onCiphertext?: ((n: number) => void) | undefined;
  /** Plaintext bytes released (authenticated). */
  onPlaintext?: ((n: number) => void) | undefined;
}): Promise<AsyncGenerator<Uint8Array>> {
  const first = await options.open(0);
  const body = resumableBody((offset) => (offset === 0 ? Promise.resolve(first) : options.open(offset)));
  const plain = decryptManifestBlob(counted(body, options.onCiphertext), { identity: options.identity, slot: options.slot, blobId: options.slot.blobId, cipher: options.cipher });
  return counted(plain, options.onPlaintext);
}
