import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { DataStore } from '@tus/server';
import { S3StagingStore, type S3StagingStoreOptions } from '../adapters/blob/s3-staging-store.ts';
import { StagingFileStore } from '../adapters/blob/staging-file-store.ts';
import type { BlobStore } from '../core/ports/blob-store.ts';
import type { UploadTarget } from '../core/transfers/uploads.ts';

/** Where partial uploads wait (tus's data store), and how a finished one becomes its blob. */
export interface UploadStaging {
  datastore: DataStore;
  /** Stores the finished upload `uploadId` as the blob `target.blobKey` (exactly the declared size) and forgets it. */
  finish(target: UploadTarget, uploadId: string): Promise<void>;
  /** At start: removes what a killed process left on the local disk. */
  cleanup?(): Promise<void>;
  /**
   * Makes a staged upload whose every byte arrived, but whose process died before it was closed, ready for
   * `finish` (the object store's multipart upload completed). Under the upload's lock; a no-op where nothing is open.
   */
  completeInterrupted?(uploadId: string): Promise<void>;
}

/** Partial uploads on local disk (blobs on local disk): a finished one is moved (a rename on the same filesystem). */
export function localUploadStaging(blobs: BlobStore, options: { directory: string; expiryMs: number }): UploadStaging {
  const datastore = new StagingFileStore({ directory: options.directory, expirationPeriodInMilliseconds: options.expiryMs });
  return {
    datastore,
    async finish(target, uploadId) {
      const staged = path.join(options.directory, uploadId);
      if (blobs.importFile) {
        await blobs.importFile(target.blobKey, staged, { expectedBytes: target.file.size });
        // The data file has moved; drop the staging record (remove() would stop at the missing file).
        await datastore.configstore.delete(uploadId);
      } else {
        await blobs.put(target.blobKey, createReadStream(staged), { expectedBytes: target.file.size });
        await datastore.remove(uploadId);
      }
    },
  };
}

/**
 * Partial uploads in the object store (blobs in the object store): any server process resumes any upload. A
 * finished one is copied inside the object store to its blob key (never downloaded again), then the staging
 * objects are deleted.
 */
export function objectStoreUploadStaging(blobs: BlobStore, options: S3StagingStoreOptions): UploadStaging {
  const datastore = new S3StagingStore(options);
  return {
    datastore,
    async finish(target, uploadId) {
      const expectedBytes = target.file.size;
      if (blobs.importObject) {
        await blobs.importObject(target.blobKey, datastore.stagedObject(uploadId), { expectedBytes });
      } else {
        // A store without server-side copy (another bucket or provider): the bytes pass through once more.
        await blobs.put(target.blobKey, await datastore.read(uploadId), { expectedBytes });
      }
      await datastore.discardCompleted(uploadId);
    },
    async cleanup() {
      await datastore.removeLeftovers();
    },
    async completeInterrupted(uploadId) {
      await datastore.completeInterrupted(uploadId);
    },
  };
}

