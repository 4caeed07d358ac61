// Uploads one encrypted file over tus (tus-js-client). The ciphertext is never stored: tus-js-client asks our
// file source for byte ranges and we encrypt them on the fly, so a retry or a resumed upload after a crash
// continues at the server's offset with byte-identical data.
import { Readable } from 'node:stream';
import { Upload, type DetailedError } from 'tus-js-client';
import { SealpostError } from '../../core/errors.ts';
import type { BlobEncryptor } from '../../crypto/node.ts';
import { errorFromBody } from './api-client.ts';
import { ciphertextRange } from './ciphertext-source.ts';

export interface UploadFileOptions {
  /** Server origin, e.g. https://sealpost.example.org */
  baseUrl: string;
  token: string;
  fileId: string;
  file: string;
  plainSize: number;
  encryptor: BlobEncryptor;
  /** Ask the server for its offset first (the upload may be partly there from an earlier run). */
  resume: boolean;
  /** Ciphertext bytes accepted so far (absolute). */
  onProgress?: (sent: number, total: number) => void;
  /** Testing/benchmarks: bytes per PATCH request; default: the whole rest of the file in one request. */
  chunkSize?: number;
}

function uploadError(error: Error | DetailedError): SealpostError {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response) {
    try {
      return errorFromBody(response.getStatus(), JSON.parse(response.getBody()) as Parameters<typeof errorFromBody>[1]);
    } catch {
      return errorFromBody(response.getStatus(), {});
    }
  }
  if (error instanceof SealpostError) return error;
  return new SealpostError('SP_ERR_UNAVAILABLE', { message: `Upload interrupted: ${error.message}. Run \`sealpost send --resume\` to continue.`, cause: error });
}

export function uploadFile(options: UploadFileOptions): Promise<void> {
  const total = options.encryptor.encryptedSize(options.plainSize);
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      // `upload` exists by now: fail() only runs from callbacks after construction.
      void upload.abort(false);
      reject(error instanceof Error ? uploadError(error) : new SealpostError('SP_ERR_INTERNAL', { cause: error }));
    };
    const fileReader = {
      openFile: () =>
        Promise.resolve({
          size: total,
          slice(start: number, end: number) {
            const stop = Math.min(end, total);
            const body = Readable.from(ciphertextRange({ file: options.file, plainSize: options.plainSize, encryptor: options.encryptor, start, end: stop }), { objectMode: false });
            // tus-js-client pipes this without forwarding errors; a read error (file changed or vanished) must end the upload.
            body.on('error', fail);
            Object.assign(body, { size: stop - start });
            return Promise.resolve({ value: body, done: stop >= total });
          },
          close: () => undefined,
        }),
    };
    const upload: Upload = new Upload(Buffer.alloc(0), {
      endpoint: `${options.baseUrl}/api/uploads`,
      ...(options.resume ? { uploadUrl: `${options.baseUrl}/api/uploads/${options.fileId}` } : {}),
      uploadSize: total,
      metadata: { fileId: options.fileId },
      headers: { authorization: `Bearer ${options.token}` },
      chunkSize: options.chunkSize ?? Number.POSITIVE_INFINITY,
      retryDelays: [0, 1000, 3000, 5000],
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: false,
      fileReader,
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        // 4xx (except a locked upload, held by a dying earlier writer) will not heal by retrying.
        return status === 0 || status === 423 || status >= 500;
      },
      onProgress: (sent, all) => options.onProgress?.(sent, all),
      onError: fail,
      onSuccess: () => {
        if (!failed) resolve();
      },
    });
    upload.start();
  });
}
