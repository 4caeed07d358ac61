import type { S3Location } from '../../adapters/blob/s3-config.ts';
import type { Config } from '../../config/config.ts';
import type { BlobStore } from '../../core/ports/blob-store.ts';
import { localUploadStaging, objectStoreUploadStaging, type UploadStaging } from '../../http/upload-staging.ts';

/** Staging objects sit beside the blobs, under the installation's prefix, in a corner of their own. */
export const STAGING_KEY_PREFIX = 'upload-staging/';

/** Partial uploads wait where the blobs rest: on local disk, or in the object store (any process resumes them). */
export function createUploadStaging(config: Config, blobs: BlobStore, objectStore?: { location: S3Location }): UploadStaging {
  const expiryMs = config.transfers.draftTtlHours * 3600 * 1000;
  if (!objectStore) return localUploadStaging(blobs, { directory: config.uploads.stagingDir, expiryMs });
  const { location } = objectStore;
  // @tus/s3-store builds its own client from these settings (the same ones as the blob store's).
  return objectStoreUploadStaging(blobs, {
    s3: location.client,
    bucket: location.bucket,
    keyPrefix: location.prefix + STAGING_KEY_PREFIX,
    partDir: config.uploads.partDir,
    partDirMaxBytes: config.uploads.partDirMaxBytes,
    maxUploadBytes: config.transfers.maxFileBytes,
    expiryMs,
  });
}

