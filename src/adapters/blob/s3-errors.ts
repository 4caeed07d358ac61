import { isSealpostError, SealpostError } from '../../core/errors.ts';

interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The HTTP status S3 answered with, or undefined when no answer came (refused, reset, timed out). */
export function s3Status(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

export function isS3NotFound(error: unknown): boolean {
  const name = (error as SdkError | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || s3Status(error) === 404;
}

/**
 * An object-store failure as a SealpostError: no answer or a 5xx/503-slowdown means the store is unavailable
 * (SP_ERR_UNAVAILABLE, retry later); any other refusal is a storage fault (SP_ERR_BLOB_WRITE). The SDK's
 * message (it may name the bucket and endpoint) stays in `cause`; `reason` is the S3 error name only.
 */
export function toStoreError(error: unknown, signal?: AbortSignal): SealpostError {
  if (isSealpostError(error)) return error;
  if (signal?.aborted) return new SealpostError('SP_ERR_BLOB_ABORTED', { cause: error });
  const status = s3Status(error);
  const reason = (error as SdkError | undefined)?.name ?? (error as SdkError | undefined)?.code ?? 'unknown';
  if (status === undefined || status >= 500) {
    return new SealpostError('SP_ERR_UNAVAILABLE', { message: 'The object store is not reachable', details: { reason }, cause: error });
  }
  return new SealpostError('SP_ERR_BLOB_WRITE', { details: { reason }, cause: error });
}
