import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isSealpostError, SealpostError } from '../../core/errors.ts';
import { guardSourceErrors, limitedChunks, throwIfAborted } from './blob-source.ts';

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
  return guardSourceErrors(source, () => writeFromSource(source, options));
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
  let size = 0;
  for await (const chunk of limitedChunks(source, options)) {
    size += chunk.byteLength;
    // write() may write less than asked; loop until the chunk is on disk.
    for (let offset = 0; offset < chunk.byteLength; ) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
  }
  return size;
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

function toBlobError(error: unknown, signal: AbortSignal | undefined): SealpostError {
  if (isSealpostError(error)) return error;
  if (signal?.aborted) return new SealpostError('SP_ERR_BLOB_ABORTED', { cause: error });
  // The errno code (ENOSPC, EIO, EDQUOT…) helps the admin; the path in the message stays in `cause`.
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return new SealpostError('SP_ERR_BLOB_WRITE', { details: { reason: code ?? 'unknown' }, cause: error });
}
