import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isSealpostError, SealpostError } from '../../core/errors.ts';

export interface AtomicWriteOptions {
  /** Directory for the temp file; must be on the same filesystem as `target` so rename is atomic. */
  tempDir: string;
  target: string;
  maxBytes?: number;
  expectedBytes?: number;
  signal?: AbortSignal;
}

export interface AtomicWriteResult {
  size: number;
  mtime: Date;
}

export const TEMP_SUFFIX = '.tmp';

/**
 * Streams `source` into a fresh temp file, fsyncs it, renames it over `target` and fsyncs the target
 * directory. Until the rename nothing is visible under `target`; on any failure the temp file is
 * removed. Two writers to the same target each have their own temp file, so the last complete
 * rename wins and a reader never sees a mix.
 */
export async function writeFileAtomically(
  source: AsyncIterable<unknown>,
  options: AtomicWriteOptions,
): Promise<AtomicWriteResult> {
  // A stream that errors before we start reading (we await mkdir/open first) must not crash the
  // process with an unhandled 'error' event; the iterator still reports the error to us.
  const ignore = (): void => undefined;
  if (isEmitter(source)) source.on('error', ignore);
  try {
    return await writeFromSource(source, options);
  } finally {
    if (isEmitter(source)) source.off('error', ignore);
  }
}

function isEmitter(value: unknown): value is NodeJS.EventEmitter {
  return typeof (value as { on?: unknown }).on === 'function' && typeof (value as { off?: unknown }).off === 'function';
}

async function writeFromSource(source: AsyncIterable<unknown>, options: AtomicWriteOptions): Promise<AtomicWriteResult> {
  const { signal } = options;
  throwIfAborted(signal);
  await mkdir(options.tempDir, { recursive: true });
  const tempPath = path.join(options.tempDir, `${randomBytes(16).toString('hex')}${TEMP_SUFFIX}`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(tempPath, 'wx', 0o600);
    const size = await copyInto(handle, source, options);
    await handle.sync();
    const { mtime } = await handle.stat();
    await handle.close();
    handle = undefined;
    throwIfAborted(signal);
    await renameIntoPlace(tempPath, options.target);
    return { size, mtime };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw toBlobError(error, signal);
  }
}

async function copyInto(handle: FileHandle, source: AsyncIterable<unknown>, options: AtomicWriteOptions): Promise<number> {
  const { maxBytes, expectedBytes, signal } = options;
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
    // write() may write less than asked; loop until the chunk is on disk.
    for (let offset = 0; offset < chunk.byteLength; ) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
  }
  if (expectedBytes !== undefined && size !== expectedBytes) {
    throw new SealpostError('SP_ERR_VALIDATION', {
      message: 'The upload ended before the announced size',
      details: { reason: 'size-mismatch', expectedBytes, receivedBytes: size },
    });
  }
  return size;
}

/**
 * Iterates the source but stops as soon as the signal fires, even while the source is stalled
 * waiting for data (a hung client must not pin the temp file). A failing source is reported as an
 * aborted upload: the bytes never arrived, which is not a storage fault.
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

async function renameIntoPlace(tempPath: string, target: string): Promise<void> {
  const dir = path.dirname(target);
  const created = await mkdir(dir, { recursive: true });
  try {
    await rename(tempPath, target);
  } catch (error) {
    // A concurrent delete may have pruned the (then empty) directory between mkdir and rename.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true });
    await rename(tempPath, target);
  }
  await fsyncDir(dir);
  // New directories are durable only once their own parents are synced too.
  if (created !== undefined) {
    const top = path.dirname(created);
    for (let d = path.dirname(dir); ; d = path.dirname(d)) {
      await fsyncDir(d);
      if (d === top || d === path.dirname(d)) break;
    }
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SealpostError('SP_ERR_BLOB_ABORTED', { cause: signal.reason });
}

function toBlobError(error: unknown, signal: AbortSignal | undefined): SealpostError {
  if (isSealpostError(error)) return error;
  if (signal?.aborted) return new SealpostError('SP_ERR_BLOB_ABORTED', { cause: error });
  // The errno code (ENOSPC, EIO, EDQUOT…) helps the admin; the path in the message stays in `cause`.
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new SealpostError('SP_ERR_BLOB_WRITE', { details: { reason: code ?? 'unknown' }, cause: error });
}
