// One file of the message as a stream of authenticated plaintext, from the client core's download pipeline
// (src/client/download.ts): fetched, checked against the manifest slot and decrypted chunk by chunk. Memory stays
// constant: the stream is pull-based, so nothing is fetched faster than the consumer (the disk) takes it.
import { toReadableStream, type ChunkCipher, type ManifestFile } from '../../../src/crypto/index.ts';
import { openPlainFile } from '../../../src/client/download.ts';
import type { RecipientApi } from './api.ts';

/**
 * Fetches the ciphertext first (so an API error such as SP_ERR_WITHDRAWN is thrown here, before any saving starts),
 * then returns the plaintext stream; a broken connection is resumed with a Range request. The stream errors on tampering or truncation: consumers must then discard it.
 */
export async function openPlainStream(options: {
  api: RecipientApi;
  token: string;
  identity: string;
  slot: ManifestFile;
  cipher: ChunkCipher;
  /** Plaintext bytes released (authenticated). */
  onBytes: (n: number) => void;
  signal?: AbortSignal;
}): Promise<ReadableStream<Uint8Array>> {
  const { api, token, signal, slot } = options;
  const plain = await openPlainFile({
    open: (offset) => api.fileResponse(slot.blobId, token, signal, offset > 0 ? `bytes=${offset}-` : undefined),
    identity: options.identity, slot, cipher: options.cipher, onPlaintext: options.onBytes,
  });
  return toReadableStream(plain);
}

/** A stream produced lazily: `open` runs on the first pull, so a ZIP of many files fetches one file at a time. */
export function lazyStream(open: () => Promise<ReadableStream<Uint8Array>>): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        reader ??= (await open()).getReader();
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel(reason) {
      await reader?.cancel(reason);
    },
  });
}
