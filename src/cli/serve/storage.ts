import { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { createLocalBlobStore } from '../../adapters/blob/local-blob-store.ts';
import { createS3BlobStore } from '../../adapters/blob/s3-blob-store.ts';
import type { S3Location } from '../../adapters/blob/s3-config.ts';
import { createLocalKeyStore } from '../../adapters/keys/local-key-store.ts';
import { createS3KeyStore } from '../../adapters/keys/s3-key-store.ts';
import type { Config } from '../../config/config.ts';
import type { BlobStore } from '../../core/ports/blob-store.ts';
import type { ErasableKeyStore } from '../../core/ports/erasable-key-store.ts';
import { objectStoreLocation } from './blob-stores.ts';

/** The object store of STORAGE_URL, parsed once: one client for blobs, keys and lifecycle rules; staging reuses its config. */
export interface ObjectStore {
  location: S3Location;
  client: S3Client;
}

export interface Storage {
  blobs: BlobStore;
  keys: ErasableKeyStore;
  /** With STORAGE_URL only. */
  objectStore?: ObjectStore;
  close(): void;
}

/**
 * The blob store and the erasable key store, both on local disk (`DATA_DIR`) or both in the S3-compatible
 * store of `STORAGE_URL`, which every server process shares. At start the S3 variant refuses a versioned
 * bucket (destroyed keys would survive).
 */
export async function openStorage(config: Config, logger: Logger): Promise<Storage> {
  const location = objectStoreLocation(config);
  if (!location) {
    // Its temp files from a crash are removed at start by cleanUpAtStart (start-cleanup.ts), under a lease.
    const blobs = createLocalBlobStore({ root: config.blobs.root });
    return { blobs, keys: createLocalKeyStore({ dir: config.erasableKeys.dir }), close: () => undefined };
  }
  const client = new S3Client(location.client);
  try {
    const blobs = createS3BlobStore({ client, bucket: location.bucket, prefix: location.prefix });
    const keys = createS3KeyStore({ client, bucket: location.bucket, prefix: location.prefix });
    await keys.assertErasable();
    // Stale multipart uploads are aborted at start by cleanUpAtStart (start-cleanup.ts), under a lease.
    // Only non-secret parts: the URL may carry credentials.
    logger.info({ bucket: location.bucket, prefix: location.prefix, endpoint: location.client.endpoint }, 'object store opened');
    return { blobs, keys, objectStore: { location, client }, close: () => client.destroy() };
  } catch (error) {
    client.destroy();
    throw error;
  }
}
