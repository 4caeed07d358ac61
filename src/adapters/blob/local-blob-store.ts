import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { link, mkdir, open, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SealpostError } from '../../core/errors.ts';
import type { BlobInfo, BlobStore, GetOptions, PutOptions } from '../../core/ports/blob-store.ts';
import { assertBlobKey, assertBlobPrefix } from './blob-key.ts';
import { abortableDownload, parseGetOptions, parsePutOptions, resolveRange } from './blob-options.ts';
import { TEMP_SUFFIX, fsyncDir, writeFileAtomically } from './atomic-file-write.ts';
import { readStreamFully } from './read-stream-fully.ts';

const optionsSchema = z.strictObject({
  /** Directory that holds `blobs/` and `tmp/`; created on first use. */
  root: z.string().min(1),
});

export type LocalBlobStoreOptions = z.input<typeof optionsSchema>;

export interface LocalBlobStore extends BlobStore {
  readonly kind: 'local';
  importFile(key: string, filePath: string, options?: { expectedBytes?: number }): Promise<BlobInfo>;
  /**
   * Removes temp files left by a crash. Call at start; `olderThanMs` protects uploads still running
   * in another process sharing the same root (default: one hour).
   */
  cleanup(options?: { olderThanMs?: number }): Promise<{ removed: number }>;
}

/** A blob file is `<segments>.blob`; segments never contain a dot, so a file can't shadow a directory. */
const BLOB_SUFFIX = '.blob';

/**
 * Read size for a blob stream: 1 MiB for large blobs (a 64 KiB default means 16,000 reads, buffers and
 * stream turns per GiB served), scaling down to Node's 64 KiB for small ones. A downloader counts what it
 * has handed to the socket in these steps and a resume may only re-fetch 1/8 of the file before that
 * (src/core/transfers/downloads.ts), so a step stays at 1/64 of what is read.
 */
function readChunkBytes(length: number): number {
  return Math.min(1024 * 1024, Math.max(64 * 1024, 2 ** Math.floor(Math.log2(Math.max(1, length / 64)))));
}

/** Blobs on the local disk under `root`, written atomically (temp file, fsync, rename, fsync dir). */
export function createLocalBlobStore(options: LocalBlobStoreOptions): LocalBlobStore {
  const { root } = optionsSchema.parse(options);
  const blobDir = path.resolve(root, 'blobs');
  const tempDir = path.resolve(root, 'tmp');
  const fileOf = (key: string): string => path.join(blobDir, ...key.split('/')) + BLOB_SUFFIX;
  const info = (key: string, stats: Stats): BlobInfo => ({ key, size: stats.size, createdAt: stats.mtime });

  const store: LocalBlobStore = {
    kind: 'local',

    async put(key: string, data: Readable | AsyncIterable<Uint8Array>, putOptions?: PutOptions): Promise<BlobInfo> {
      assertBlobKey(key);
      const { maxBytes, expectedBytes, signal } = parsePutOptions(putOptions);
      const written = await writeFileAtomically(data, { tempDir, target: fileOf(key), maxBytes, expectedBytes, signal });
      return { key, size: written.size, createdAt: written.mtime };
    },

    async importFile(key: string, filePath: string, importOptions?: { expectedBytes?: number }): Promise<BlobInfo> {
      assertBlobKey(key);
      const target = fileOf(key);
      // fsync the data first, so the rename can never expose a file whose bytes are not on disk yet.
      const handle = await open(filePath, 'r+');
      let size: number;
      try {
        size = (await handle.stat()).size;
        if (importOptions?.expectedBytes !== undefined && size !== importOptions.expectedBytes) {
          throw new SealpostError('SP_ERR_VALIDATION', { details: { reason: 'size-mismatch', expected: importOptions.expectedBytes, got: size } });
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(filePath, target);
      } catch (error) {
        // Another filesystem: fall back to an atomic copy, then drop the source.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw new SealpostError('SP_ERR_BLOB_WRITE', { cause: error, details: { reason: (error as NodeJS.ErrnoException).code } });
        const { createReadStream } = await import('node:fs');
        const blob = await store.put(key, createReadStream(filePath), { expectedBytes: size });
        await unlink(filePath);
        return blob;
      }
      await fsyncDir(path.dirname(target));
      return info(key, await stat(target));
    },

    async get(key: string, getOptions?: GetOptions): Promise<Readable> {
      assertBlobKey(key);
      const { start, end, signal } = parseGetOptions(getOptions);
      // Open first and size the open file: a concurrent replace (rename) cannot change what we read.
      const handle = await open(fileOf(key), 'r').catch((error: unknown) => {
        throw notFoundOr(error);
      });
      try {
        const { size } = await handle.stat();
        const range = resolveRange(size, start, end);
        const length = range ? range.end - range.start + 1 : size;
        signal?.throwIfAborted();
        const stream = handle.createReadStream({ ...(range ?? { start: 0 }), highWaterMark: readChunkBytes(length) });
        // An empty range (empty blob, no range asked) still needs a stream that ends.
        return abortableDownload(stream, signal);
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async stat(key: string): Promise<BlobInfo | undefined> {
      assertBlobKey(key);
      try {
        return info(key, await stat(fileOf(key)));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async copy(from: string, to: string, { expectedBytes }: { expectedBytes: number }): Promise<BlobInfo> {
      assertBlobKey(from);
      assertBlobKey(to);
      const source = fileOf(from);
      const target = fileOf(to);
      const info = await stat(source).catch((error: unknown) => {
        throw isMissing(error) ? new SealpostError('SP_ERR_BLOB_NOT_FOUND', { cause: error }) : error;
      });
      if (info.size !== expectedBytes) throw new SealpostError('SP_ERR_BLOB_WRITE', { message: 'The blob is not the declared size', details: { expected: expectedBytes, got: info.size } });
      // A hard link: instant and atomic, the bytes are not read. Deleting either name (unlink) leaves the other.
      await unlink(target).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
      for (let attempt = 0; ; attempt += 1) {
        await mkdir(path.dirname(target), { recursive: true });
        try {
          await link(source, target);
          break;
        } catch (error) {
          // A concurrent delete may prune the new, still empty directory between mkdir and link: once more.
          if (!isMissing(error) || attempt > 0) throw new SealpostError('SP_ERR_BLOB_WRITE', { cause: error, details: { reason: (error as NodeJS.ErrnoException).code } });
        }
      }
      await fsyncDir(path.dirname(target));
      return { key: to, size: info.size, createdAt: info.mtime };
    },

    async delete(key: string): Promise<void> {
      assertBlobKey(key);
      const file = fileOf(key);
      try {
        await unlink(file);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      await pruneEmptyDirs(path.dirname(file), blobDir);
    },

    list(prefix: string): AsyncIterable<BlobInfo> {
      assertBlobPrefix(prefix);
      return listSorted(blobDir, prefix);
    },

    async check(): Promise<void> {
      const key = `health-check/${randomBytes(8).toString('hex')}`;
      const probe = randomBytes(32);
      try {
        await store.put(key, Readable.from([probe]));
        const back = await readStreamFully(await store.get(key));
        if (!back.equals(probe)) throw new Error('probe read back differs');
      } catch (error) {
        throw new SealpostError('SP_ERR_UNAVAILABLE', { message: 'The blob store is not writable', cause: error });
      } finally {
        await store.delete(key).catch(() => undefined);
      }
    },

    async cleanup({ olderThanMs = 3_600_000 } = {}): Promise<{ removed: number }> {
      await mkdir(tempDir, { recursive: true });
      let removed = 0;
      for (const name of await readdir(tempDir)) {
        if (!name.endsWith(TEMP_SUFFIX)) continue;
        const file = path.join(tempDir, name);
        const stats = await stat(file).catch(() => undefined);
        if (!stats || Date.now() - stats.mtimeMs < olderThanMs) continue;
        await unlink(file).catch(() => undefined);
        removed += 1;
      }
      return { removed };
    },
  };
  return store;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  // ENOTDIR: a path component is a file — cannot happen with our suffix, but it still means "missing".
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function notFoundOr(error: unknown): unknown {
  return isMissing(error) ? new SealpostError('SP_ERR_BLOB_NOT_FOUND', { cause: error }) : error;
}

/** Removes now-empty parent directories up to (not including) the blob root. */
async function pruneEmptyDirs(dir: string, stopAt: string): Promise<void> {
  for (let d = dir; d !== stopAt && d.startsWith(stopAt + path.sep); d = path.dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return; // not empty, already gone, or busy: any of these ends the pruning
    }
  }
}

/**
 * Lists blobs whose key starts with `prefix`, in byte order of the key (like S3). Sorting each
 * directory's entries as `name` (file) and `name/` (directory) yields global key order while walking.
 */
async function* listSorted(blobDir: string, prefix: string): AsyncGenerator<BlobInfo> {
  const baseKey = prefix.slice(0, prefix.lastIndexOf('/') + 1); // '' or 'a/b/'
  const startDir = path.join(blobDir, ...baseKey.split('/').filter(Boolean));
  yield* walk(startDir, baseKey, prefix);
}

async function* walk(dir: string, keyPrefix: string, wanted: string): AsyncGenerator<BlobInfo> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  const items = entries.flatMap((entry) => {
    if (entry.isDirectory()) return [{ sortKey: `${entry.name}/`, name: entry.name, dir: true }];
    if (entry.isFile() && entry.name.endsWith(BLOB_SUFFIX)) {
      return [{ sortKey: entry.name.slice(0, -BLOB_SUFFIX.length), name: entry.name, dir: false }];
    }
    return [];
  });
  items.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const item of items) {
    const key = keyPrefix + item.sortKey;
    // Skip subtrees and files that cannot match the prefix.
    if (!key.startsWith(wanted) && !wanted.startsWith(key)) continue;
    if (item.dir) {
      yield* walk(path.join(dir, item.name), key, wanted);
    } else if (key.startsWith(wanted)) {
      const stats = await stat(path.join(dir, item.name)).catch(() => undefined);
      if (stats) yield { key, size: stats.size, createdAt: stats.mtime }; // deleted meanwhile: skip
    }
  }
}
