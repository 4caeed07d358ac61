// The one tus upload of the client core (tus-js-client): tus asks for ciphertext byte ranges, which are encrypted
// on the fly from the file source, so a retry, a pause or a resume after a crash or reload continues at the
// server's offset with byte-identical data. Pausing aborts the request; resuming asks the server (HEAD) where
// to continue, so nothing is sent twice.
import { Upload, type DetailedError } from 'tus-js-client';
import type { BlobEncryptor } from '../crypto/index.ts';
import { SealpostError } from '../core/errors.ts';
import { ApiError, errorFromBody, networkError, type ErrorBody } from './api-error.ts';
import { ciphertextRange } from './ciphertext-source.ts';
import type { FileSource } from './file-source.ts';

/** Waits between automatic retries of a failed request (ms). */
export const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000];

export interface UploadOptions {
  /** Server origin ('' in the web app: same origin). */
  baseUrl: string;
  /** A guest sender's or recipient's bearer token; '' when the caller is established otherwise (a staff session cookie). */
  token: string;
  /** Further request headers, e.g. the CSRF header of a staff session (browsers add the cookie themselves, same origin). */
  headers?: Record<string, string> | undefined;
  fileId: string;
  file: FileSource;
  encryptor: BlobEncryptor;
  /** Ask the server for its offset first (the upload may be partly there from an earlier run). */
  resume: boolean;
  /** Ciphertext bytes accepted so far (absolute) and the total. */
  onProgress?: (sent: number, total: number) => void;
  /** Bytes per PATCH request; default: what the file source serves well. */
  chunkSize?: number;
}

export interface FileUpload {
  /** Resolves when the server has every byte. */
  done: Promise<void>;
  pause(): void;
  resume(): void;
}

/** 4xx (except a locked upload, still held by an interrupted earlier request) will not heal by retrying. */
export function shouldRetry(status: number): boolean {
  return status === 0 || status === 423 || status >= 500;
}

function uploadError(error: Error | DetailedError): SealpostError {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response) {
    try {
      return errorFromBody(response.getStatus(), JSON.parse(response.getBody()) as ErrorBody);
    } catch {
      return errorFromBody(response.getStatus(), {});
    }
  }
  if (error instanceof SealpostError) return error;
  return networkError(`The upload was interrupted: ${error.message}`, error);
}

export function startUpload(options: UploadOptions): FileUpload {
  const { file, encryptor } = options;
  const total = encryptor.encryptedSize(file.size);
  const base = `${options.baseUrl}/api/uploads`;
  let settled = false;
  let resolveDone: () => void = () => undefined;
  let rejectDone: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  let upload: Upload | undefined;
  const fail = (error: unknown): void => {
    if (settled) return;
    settled = true;
    void upload?.abort(false);
    rejectDone(error instanceof Error ? uploadError(error) : new ApiError('SP_ERR_INTERNAL', 0, undefined, { cause: error }));
  };
  const fileReader = {
    openFile: () =>
      Promise.resolve({
        size: total,
        async slice(start: number, end: number) {
          const stop = Math.min(end, total);
          const value = await file.uploadBody(ciphertextRange({ file, encryptor, start, end: stop }), stop - start, fail);
          return { value, done: stop >= total };
        },
        close: () => undefined,
      }),
  };
  const make = (resume: boolean): Upload =>
    new Upload(new Blob([]), {
      endpoint: base,
      ...(resume ? { uploadUrl: `${base}/${options.fileId}` } : {}),
      uploadSize: total,
      metadata: { fileId: options.fileId },
      headers: { ...options.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      chunkSize: options.chunkSize ?? file.requestBytes,
      retryDelays: RETRY_DELAYS,
      // Nothing about the upload is written to local storage: the pipeline keeps its own state.
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: false,
      fileReader,
      onShouldRetry: (error) => shouldRetry(error.originalResponse?.getStatus() ?? 0),
      onProgress: (sent) => options.onProgress?.(sent, total),
      onError: fail,
      onSuccess: () => {
        if (settled) return;
        settled = true;
        resolveDone();
      },
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
      if (settled) return;
      upload = make(started);
      upload.start();
    },
  };
}
