// One encrypted file over tus (tus-js-client): tus asks our source for ciphertext ranges, which are encrypted on the
// fly from the File. Pausing aborts the request; resuming asks the server for its offset and continues there.
import { Upload } from 'tus-js-client';
import type { BlobEncryptor } from '../../../src/crypto/index.ts';
import { ApiError } from '../api/client.ts';
import { ciphertextSlice } from './ciphertext-slice.ts';

/** Ciphertext bytes per PATCH request: bounds memory (one slice at a time) and the work lost on a pause. */
export const UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;

export interface FileUpload {
  /** Resolves when the server has every byte. */
  done: Promise<void>;
  pause: () => void;
  resume: () => void;
}

function toApiError(error: Error): ApiError {
  const response = 'originalResponse' in error ? (error as { originalResponse: { getStatus(): number; getBody(): string } | null }).originalResponse : null;
  if (response) {
    try {
      const body = JSON.parse(response.getBody()) as { error?: { code?: string; message?: string } };
      return new ApiError(body.error?.code ?? 'SP_ERR_UNAVAILABLE', response.getStatus(), body.error?.message ?? 'upload failed');
    } catch {
      return new ApiError(response.getStatus() >= 500 ? 'SP_ERR_UNAVAILABLE' : 'SP_ERR_BLOB_ABORTED', response.getStatus(), 'upload failed');
    }
  }
  if (error instanceof ApiError) return error;
  return new ApiError('SP_ERR_NETWORK', 0, error.message);
}

export function startFileUpload(options: {
  token: string;
  fileId: string;
  file: Blob;
  plainSize: number;
  encryptor: BlobEncryptor;
  /** Ask the server for its offset first (part of the file may be there from before a reload). */
  resume: boolean;
  onProgress: (sent: number, total: number) => void;
  chunkSize?: number;
}): FileUpload {
  const total = options.encryptor.encryptedSize(options.plainSize);
  const base = `${location.origin}/api/uploads`;
  let upload: Upload | undefined;
  let resolveDone: () => void = () => undefined;
  let rejectDone: (e: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const make = (resume: boolean) =>
    new Upload(options.file, {
      endpoint: base,
      ...(resume ? { uploadUrl: `${base}/${options.fileId}` } : {}),
      uploadSize: total,
      metadata: { fileId: options.fileId },
      headers: { authorization: `Bearer ${options.token}` },
      chunkSize: options.chunkSize ?? UPLOAD_CHUNK_BYTES,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: false,
      fileReader: {
        openFile: () =>
          Promise.resolve({
            size: total,
            slice: async (start: number, end: number) => {
              const bytes = await ciphertextSlice(options.file, options.plainSize, options.encryptor, start, end);
              return { value: new Blob([bytes as Uint8Array<ArrayBuffer>]), done: start + bytes.length >= total };
            },
            close: () => undefined,
          }),
      },
      onShouldRetry: (error) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        // 4xx (except a locked upload still held by an interrupted request) will not heal by retrying.
        return status === 0 || status === 423 || status >= 500;
      },
      onProgress: (sent) => options.onProgress(sent, total),
      onError: (error) => rejectDone(toApiError(error)),
      onSuccess: () => resolveDone(),
    });
  upload = make(options.resume);
  upload.start();
  let started = options.resume;
  return {
    done,
    pause() {
      void upload?.abort(false);
      started = true;
    },
    resume() {
      // A fresh Upload that asks the server where to continue (HEAD), so nothing is sent twice.
      upload = make(started);
      upload.start();
    },
  };
}
