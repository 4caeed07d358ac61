import type { Readable } from 'node:stream';
import { createContentDigest } from '../../crypto/node.ts';
import { SealpostError } from '../errors.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { BlobLocation, BlobToMove } from '../ports/transfer-repositories.ts';
import { blobKeyFor } from '../transfers/blob-keys.ts';

export interface MigrateBlobsOptions {
  repos: Repositories;
  /** Opens the store a recorded locator names (the sources). */
  open(locator: string | null): BlobStore;
  target: { locator: string; store: BlobStore };
  dryRun?: boolean;
  batchSize?: number;
  /** Stops between blobs and aborts the copy under way (its partial copy is never visible: puts are all-or-nothing). */
  signal?: AbortSignal;
  onProgress?(event: MigrateEvent): void;
}

export type MigrateEvent =
  | { kind: 'moved' | 'would-move'; fileId: string; bytes: number; from: BlobLocation; to: BlobLocation }
  /** Deleted or moved by someone else while we copied: nothing to do. */
  | { kind: 'skipped'; fileId: string; reason: 'deleted-meanwhile' }
  | { kind: 'failed'; fileId: string; reason: string }
  /** An earlier, interrupted run had switched the row but not yet deleted the old copy. */
  | { kind: 'old-copy-deleted' | 'old-copy-to-delete'; fileId: string; at: BlobLocation };

export interface MigrateResult {
  moved: number;
  bytes: number;
  skipped: number;
  failed: number;
  oldCopiesDeleted: number;
}

/**
 * Moves every blob not yet in the target store there: copy (with a key carrying its expiry day), read back and
 * compare SHA-256 with the source stream's, switch the row only if it still points at the source and is not
 * deleted, then delete the source. Resumable: switched rows are never copied again, and an old copy left by an
 * interruption after the switch is deleted first on the next run. The caller runs it under a lease (one mover).
 */
export async function migrateBlobs(options: MigrateBlobsOptions): Promise<MigrateResult> {
  const result: MigrateResult = { moved: 0, bytes: 0, skipped: 0, failed: 0, oldCopiesDeleted: 0 };
  result.oldCopiesDeleted = await deleteOldCopies(options);
  const limit = options.batchSize ?? 100;
  let after = '';
  for (;;) {
    const batch = await options.repos.files.listBlobsToMove({ target: options.target.locator, after, limit });
    for (const blob of batch) {
      options.signal?.throwIfAborted();
      await moveOne(options, blob, result);
      after = blob.id;
    }
    if (batch.length < limit) return result;
  }
}

async function deleteOldCopies(options: MigrateBlobsOptions): Promise<number> {
  let deleted = 0;
  for (;;) {
    const pending = await options.repos.files.listPreviousBlobs(100);
    if (options.dryRun) {
      for (const { id, previous } of pending) options.onProgress?.({ kind: 'old-copy-to-delete', fileId: id, at: previous });
      return pending.length;
    }
    for (const { id, previous } of pending) {
      options.signal?.throwIfAborted();
      await options.open(previous.store).delete(previous.key);
      await options.repos.files.forgetPreviousBlob(id);
      options.onProgress?.({ kind: 'old-copy-deleted', fileId: id, at: previous });
      deleted += 1;
    }
    if (pending.length < 100) return deleted;
  }
}

async function moveOne(options: MigrateBlobsOptions, blob: BlobToMove, result: MigrateResult): Promise<void> {
  const { target, repos, signal } = options;
  const to: BlobLocation = { key: blobKeyFor({ id: blob.transferId, expiresAt: blob.expiresAt }, blob.id), store: target.locator };
  if (options.dryRun) {
    options.onProgress?.({ kind: 'would-move', fileId: blob.id, bytes: blob.size, from: blob.from, to });
    result.moved += 1;
    result.bytes += blob.size;
    return;
  }
  const fail = (reason: string): void => {
    result.failed += 1;
    options.onProgress?.({ kind: 'failed', fileId: blob.id, reason });
  };
  const source = options.open(blob.from.store);
  let sourceHash: string;
  try {
    // No signal on the source: the put's signal stops the copy, and the copy then destroys the source. A
    // source with its own signal could error on an abort before the put had begun to read it.
    sourceHash = await copy(await source.get(blob.from.key), target.store, to.key, blob.size, signal);
  } catch (error) {
    signal?.throwIfAborted();
    if (await stillAt(repos, blob)) return fail(`the copy failed (${describe(error)})`);
    result.skipped += 1;
    return options.onProgress?.({ kind: 'skipped', fileId: blob.id, reason: 'deleted-meanwhile' });
  }
  let copyHash: string;
  try {
    copyHash = await hashOf(await target.store.get(to.key, signal ? { signal } : {}));
  } catch (error) {
    signal?.throwIfAborted();
    await target.store.delete(to.key).catch(() => undefined);
    return fail(`the copy could not be read back (${describe(error)})`);
  }
  if (copyHash !== sourceHash) {
    await target.store.delete(to.key);
    return fail('the copy read back differs from the source (SHA-256)');
  }
  if (!(await repos.files.switchBlob(blob.id, blob.from, to))) {
    // Deleted by a sweep (or moved) while we copied: our copy is nobody's.
    await target.store.delete(to.key);
    result.skipped += 1;
    return options.onProgress?.({ kind: 'skipped', fileId: blob.id, reason: 'deleted-meanwhile' });
  }
  await source.delete(blob.from.key);
  await repos.files.forgetPreviousBlob(blob.id);
  result.moved += 1;
  result.bytes += blob.size;
  options.onProgress?.({ kind: 'moved', fileId: blob.id, bytes: blob.size, from: blob.from, to });
}

/** Streams the source into the target (never buffered whole), hashing what passes; returns the SHA-256. */
async function copy(source: Readable, store: BlobStore, key: string, size: number, signal?: AbortSignal): Promise<string> {
  const digest = createContentDigest();
  // A generator: if the put gives up early, leaving the loop destroys the source stream.
  async function* hashing(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      digest.update(chunk as Buffer);
      yield chunk as Buffer;
    }
  }
  try {
    await store.put(key, hashing(), { expectedBytes: size, ...(signal ? { signal } : {}) });
  } finally {
    // A put that gave up before reading leaves the source unconsumed: destroyed, it can no longer raise an
    // error (an abort, a read failure) that nobody listens to.
    source.destroy();
  }
  return digest.hex();
}

async function hashOf(stream: Readable): Promise<string> {
  const digest = createContentDigest();
  for await (const chunk of stream) digest.update(chunk as Buffer);
  return digest.hex();
}

async function stillAt(repos: Repositories, blob: BlobToMove): Promise<boolean> {
  const file = await repos.files.get(blob.id);
  return Boolean(file && !file.deletedAt && file.blobKey === blob.from.key);
}

/** A stable code for the report, never an error message (it could quote a URL with credentials). */
function describe(error: unknown): string {
  return error instanceof SealpostError ? error.code : 'unexpected error';
}
