import { isSealpostError, SealpostError } from '../../core/errors.ts';

/** What every BlobStore put enforces while it reads its source (local disk and S3 alike). */
export interface SourceLimits {
  maxBytes?: number;
  expectedBytes?: number;
  signal?: AbortSignal;
}

/**
 * Yields the source's chunks, refusing a non-byte chunk, failing with SP_ERR_TOO_LARGE as soon as more than
 * `maxBytes`/`expectedBytes` arrived (before the chunk is handed on) and, at the end, with SP_ERR_VALIDATION
 * when fewer than `expectedBytes` came. Stops at once when the signal fires, even while the source stalls.
 */
export async function* limitedChunks(source: AsyncIterable<unknown>, limits: SourceLimits): AsyncGenerator<Uint8Array> {
  const { maxBytes, expectedBytes, signal } = limits;
  throwIfAborted(signal);
  const limit = Math.min(maxBytes ?? Infinity, expectedBytes ?? Infinity);
  let size = 0;
  for await (const chunk of abortable(source, signal)) {
    if (!(chunk instanceof Uint8Array)) {
      throw new SealpostError('SP_ERR_VALIDATION', { message: 'Blob data must be bytes' });
    }
    size += chunk.byteLength;
    if (size > limit) {
      throw new SealpostError('SP_ERR_TOO_LARGE', { details: { maxBytes, expectedBytes } });
    }
    yield chunk;
  }
  if (expectedBytes !== undefined && size !== expectedBytes) {
    throw new SealpostError('SP_ERR_VALIDATION', {
      message: 'The upload ended before the announced size',
      details: { reason: 'size-mismatch', expectedBytes, receivedBytes: size },
    });
  }
}

/**
 * Runs `work` with an 'error' listener on the source: a stream that errors before the work starts reading
 * it (while a temp file or a multipart upload is being created) must not crash the process with an
 * unhandled 'error' event; the iterator still reports the error.
 */
export async function guardSourceErrors<T>(source: unknown, work: () => Promise<T>): Promise<T> {
  const ignore = (): void => undefined;
  if (isEmitter(source)) source.on('error', ignore);
  try {
    return await work();
  } finally {
    if (isEmitter(source)) source.off('error', ignore);
  }
}

function isEmitter(value: unknown): value is NodeJS.EventEmitter {
  return typeof (value as { on?: unknown }).on === 'function' && typeof (value as { off?: unknown }).off === 'function';
}

/**
 * Iterates the source but stops as soon as the signal fires, even while the source is stalled
 * waiting for data (a hung client must not pin a temp file or a multipart upload). A failing source is
 * reported as an aborted upload: the bytes never arrived, which is not a storage fault.
 */
async function* abortable(source: AsyncIterable<unknown>, signal: AbortSignal | undefined): AsyncGenerator<unknown> {
  const iterator = source[Symbol.asyncIterator]();
  const aborted = signal ? abortPromise(signal) : undefined;
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        const pending = iterator.next();
        // If we stop waiting (abort), a later rejection of this read must not go unhandled.
        pending.catch(() => undefined);
        next = await (aborted ? Promise.race([pending, aborted.promise]) : pending);
      } catch (error) {
        if (isSealpostError(error) || signal?.aborted) throw error;
        throw new SealpostError('SP_ERR_BLOB_ABORTED', { details: { reason: 'source-failed' }, cause: error });
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    aborted?.dispose();
    // Tell a still-running source (e.g. a socket) that nobody reads it any more. Not awaited: the
    // return() of a stalled async generator only settles after its pending next(), maybe never.
    if (isDestroyable(source)) source.destroy();
    else void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

function isDestroyable(value: unknown): value is { destroy(): void } {
  return typeof (value as { destroy?: unknown }).destroy === 'function';
}

function abortPromise(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let onAbort = (): void => undefined;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(new SealpostError('SP_ERR_BLOB_ABORTED', { cause: signal.reason }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined); // the rejection is observed through Promise.race
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SealpostError('SP_ERR_BLOB_ABORTED', { cause: signal.reason });
}
