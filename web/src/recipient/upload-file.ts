// Uploads one File encrypted over tus (tus-js-client), as the CLI does (src/cli/client/tus-upload.ts): the
// ciphertext is never stored anywhere; tus asks for byte ranges and we encrypt exactly those chunks of the File.
// Memory per request is bounded by the request size (a whole number of sealed chunks).
import { Upload } from 'tus-js-client';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE, chunkCount, type BlobEncryptor } from '../../../src/crypto/index.ts';
import { RecipientApiError } from './api.ts';

/** Ciphertext bytes per PATCH request: 128 sealed chunks (~8 MiB). */
export const UPLOAD_REQUEST_BYTES = 128 * SEALED_CHUNK_SIZE;

/** Exactly the bytes [start, end) of the age file `encryptor` makes of `file`. */
export async function ciphertextSlice(file: Blob, encryptor: BlobEncryptor, start: number, end: number): Promise<Uint8Array<ArrayBuffer>> {
  const total = encryptor.encryptedSize(file.size);
  const stop = Math.min(end, total);
  const out: Uint8Array<ArrayBuffer> = new Uint8Array(Math.max(0, stop - start));
  let pos = start;
  const prefix = encryptor.prefix;
  if (pos < prefix.length) {
    const piece = prefix.subarray(pos, Math.min(prefix.length, stop));
    out.set(piece, 0);
    pos += piece.length;
  }
  if (pos >= stop) return out;
  const chunks = chunkCount(file.size);
  const first = Math.floor((pos - prefix.length) / SEALED_CHUNK_SIZE);
  const lastChunk = Math.min(chunks - 1, Math.floor((stop - 1 - prefix.length) / SEALED_CHUNK_SIZE));
  const plain = new Uint8Array(await file.slice(first * CHUNK_SIZE, Math.min(file.size, (lastChunk + 1) * CHUNK_SIZE)).arrayBuffer());
  const sealed = await Promise.all(
    Array.from({ length: lastChunk - first + 1 }, (_, k) => {
      const i = first + k;
      const from = k * CHUNK_SIZE;
      return encryptor.encryptChunk(i, plain.subarray(from, Math.min(plain.length, from + CHUNK_SIZE)), i === chunks - 1);
    }),
  );
  for (const [k, bytes] of sealed.entries()) {
    const offset = encryptor.chunkOffset(first + k);
    const from = Math.max(pos, offset);
    const to = Math.min(stop, offset + bytes.length);
    if (to > from) out.set(bytes.subarray(from - offset, to - offset), from - start);
  }
  return out;
}

function uploadError(error: Error): RecipientApiError {
  const response = 'originalResponse' in error ? (error as { originalResponse: { getStatus(): number; getBody(): string } | null }).originalResponse : null;
  if (!response) return new RecipientApiError('SP_ERR_NETWORK', 0, undefined);
  try {
    const body = JSON.parse(response.getBody()) as { error?: { code?: string; details?: unknown } };
    return new RecipientApiError(body.error?.code ?? 'SP_ERR_UNAVAILABLE', response.getStatus(), body.error?.details);
  } catch {
    return new RecipientApiError('SP_ERR_UNAVAILABLE', response.getStatus(), undefined);
  }
}

export function uploadEncryptedFile(options: {
  token: string;
  fileId: string;
  file: Blob;
  encryptor: BlobEncryptor;
  /** Ciphertext bytes accepted so far and the total. */
  onProgress?: (sent: number, total: number) => void;
}): Promise<void> {
  const total = options.encryptor.encryptedSize(options.file.size);
  return new Promise<void>((resolve, reject) => {
    const fileReader = {
      openFile: () =>
        Promise.resolve({
          size: total,
          async slice(start: number, end: number) {
            const bytes = await ciphertextSlice(options.file, options.encryptor, start, end);
            // tus-js-client reads the length from `value.size`: a Blob has it (a Uint8Array has only `length`).
            return { value: new Blob([bytes]), size: bytes.length, done: start + bytes.length >= total };
          },
          close: () => undefined,
        }),
    };
    const upload = new Upload(new Blob([]), {
      endpoint: `${window.location.origin}/api/uploads`,
      uploadSize: total,
      metadata: { fileId: options.fileId },
      headers: { authorization: `Bearer ${options.token}` },
      chunkSize: UPLOAD_REQUEST_BYTES,
      retryDelays: [0, 1000, 3000, 5000],
      // Nothing about the upload is written to local storage.
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: false,
      fileReader,
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        return status === 0 || status === 423 || status >= 500;
      },
      onProgress: (sent, all) => options.onProgress?.(sent, all),
      onError: (error) => reject(uploadError(error)),
      onSuccess: () => resolve(),
    });
    upload.start();
  });
}
