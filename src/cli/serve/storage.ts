import { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { createLocalBlobStore } from '../../adapters/blob/local-blob-store.ts';
import { createS3BlobStore } from '../../adapters/blob/s3-blob-store.ts';
import { parseStorageUrl } from '../../adapters/blob/s3-config.ts';
import { createLocalKeyStore } from '../../adapters/keys/local-key-store.ts';
import { createS3KeyStore } from '../../adapters/keys/s3-key-store.ts';
import type { Config } from '../../config/config.ts';
import type { BlobStore } from '../../core/ports/blob-store.ts';
import type { ErasableKeyStore } from '../../core/ports/erasable-key-store.ts';

export interface Storage {
  blobs: BlobStore;
  keys: ErasableKeyStore;
  close(): void;
}

/**
 * The blob store and the erasable key store, both on local disk (`DATA_DIR`) or both in the S3-compatible
 * store of `STORAGE_URL`, which every server process shares. At start the S3 variant refuses a versioned
 * bucket (destroyed keys would survive) and aborts multipart uploads a crashed process left behind.
 */
export async function openStorage(config: Config, logger: Logger): Promise<Storage> {
  if (!config.objectStore) {
    const blobs = createLocalBlobStore({ root: config.blobs.root });
    await blobs.cleanup();
    return { blobs, keys: createLocalKeyStore({ dir: config.erasableKeys.dir }), close: () => undefined };
  }
  const { url, accessKeyId, secretAccessKey } = config.objectStore;
  const location = parseStorageUrl(url, { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey });
  const client = new S3Client({
    ...location.client,
    // Fail fast when the store is unreachable. No idle timeout on sockets: a download to a slow recipient
    // pauses reading from S3 for as long as the recipient's line needs.
    requestHandler: { connectionTimeout: 5000 },
  });
  try {
    const blobs = createS3BlobStore({ client, bucket: location.bucket, prefix: location.prefix });
    const keys = createS3KeyStore({ client, bucket: location.bucket, prefix: location.prefix });
    await keys.assertErasable();
    const { removed } = await blobs.cleanup();
    if (removed > 0) logger.info({ removed }, 'aborted stale multipart uploads');
    // Only non-secret parts: the URL may carry credentials.
    logger.info({ bucket: location.bucket, prefix: location.prefix, endpoint: location.client.endpoint }, 'object store opened');
    return { blobs, keys, close: () => client.destroy() };
  } catch (error) {
    client.destroy();
    throw error;
  }
}
