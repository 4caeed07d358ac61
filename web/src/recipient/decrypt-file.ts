// One file of the message as a stream of authenticated plaintext: ciphertext streamed from the server, checked
// against the manifest slot (blob id, header hash, size) and decrypted chunk by chunk. Memory stays constant:
// the stream is pull-based, so nothing is fetched faster than the consumer (the disk) takes it.
import { decryptManifestBlob, toReadableStream, type ChunkCipher, type ManifestFile } from '../../../src/crypto/index.ts';
import { resumableBody } from '../../../src/cli/client/resumable-body.ts';
import type { RecipientApi } from './api.ts';

async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    onBytes(piece.length);
    yield piece;
  }
}

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
  const first = await api.fileResponse(slot.blobId, token, signal);
  // A connection that breaks mid-file resumes where it stopped (Range), so a limited download is not used up.
  const body = resumableBody((offset) => (offset === 0 ? Promise.resolve(first) : api.fileResponse(slot.blobId, token, signal, `bytes=${offset}-`)));
  const plain = decryptManifestBlob(body, { identity: options.identity, slot: options.slot, blobId: options.slot.blobId, cipher: options.cipher });
  return toReadableStream(counted(plain, options.onBytes));
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
