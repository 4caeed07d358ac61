import type { Config } from '../../config/config.ts';
import type { BlobStore } from '../../core/ports/blob-store.ts';
import { localUploadStaging, type UploadStaging } from '../../http/upload-staging.ts';

/** Partial uploads wait where the blobs rest: on local disk, or in the object store (any process resumes them). */
export function createUploadStaging(config: Config, blobs: BlobStore): UploadStaging {
  const expiryMs = config.transfers.draftTtlHours * 3600 * 1000;
  return localUploadStaging(blobs, { directory: config.uploads.stagingDir, expiryMs });
}
