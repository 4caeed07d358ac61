import { S3Client } from '@aws-sdk/client-s3';
import { parseStorageUrl } from '../../adapters/blob/s3-config.ts';
import { importStagedObject } from '../../adapters/blob/s3-server-side-copy.ts';
import type { Config } from '../../config/config.ts';
import type { BlobStore } from '../../core/ports/blob-store.ts';
import { localUploadStaging, objectStoreUploadStaging, type UploadStaging } from '../../http/upload-staging.ts';

/** Staging objects sit beside the blobs, under the installation's prefix, in a corner of their own. */
export const STAGING_KEY_PREFIX = 'upload-staging/';

/** Partial uploads wait where the blobs rest: on local disk, or in the object store (any process resumes them). */
export function createUploadStaging(config: Config, blobs: BlobStore): UploadStaging {
  const expiryMs = config.transfers.draftTtlHours * 3600 * 1000;
  const store = config.objectStore;
  if (!store) return localUploadStaging(blobs, { directory: config.uploads.stagingDir, expiryMs });
  const location = parseStorageUrl(store.url, { AWS_ACCESS_KEY_ID: store.accessKeyId, AWS_SECRET_ACCESS_KEY: store.secretAccessKey });
  return objectStoreUploadStaging(withServerSideImport(blobs, location), {
    s3: location.client,
    bucket: location.bucket,
    keyPrefix: location.prefix + STAGING_KEY_PREFIX,
    partDir: config.uploads.partDir,
    partDirMaxBytes: config.uploads.partDirMaxBytes,
    maxUploadBytes: config.transfers.maxFileBytes,
    expiryMs,
  });
}

/**
 * The S3 blob store (src/adapters/blob/s3-blob-store.ts) has no `importObject` yet; until it has, this gives it one
 * with the same object layout (`<prefix>blobs/<key>`, checked by test/http/upload-s3-two-processes.test.ts, which
 * reads the imported blob back through the store). It belongs in the store itself: see importStagedObject.
 */
function withServerSideImport(blobs: BlobStore, location: ReturnType<typeof parseStorageUrl>): BlobStore {
  if (blobs.importObject || blobs.kind !== 's3') return blobs;
  const client = new S3Client(location.client);
  return {
    ...blobs,
    async importObject(key, source, options) {
      await importStagedObject(client, source, { bucket: location.bucket, key: `${location.prefix}blobs/${key}` }, options.expectedBytes);
      const info = await blobs.stat(key);
      if (!info) throw new Error('the imported blob is not visible');
      return info;
    },
  };
}
