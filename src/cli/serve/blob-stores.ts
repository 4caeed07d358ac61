import { S3Client } from '@aws-sdk/client-s3';
import { createBlobStores } from '../../adapters/blob/blob-stores.ts';
import { createLocalBlobStore } from '../../adapters/blob/local-blob-store.ts';
import { parseStorageUrl } from '../../adapters/blob/s3-config.ts';
import { createS3ExpiryRules } from '../../adapters/blob/s3-expiry-rules.ts';
import { parseStoreLocator, storeLocator } from '../../adapters/blob/store-locator.ts';
import type { Config } from '../../config/config.ts';
import { SealpostError } from '../../core/errors.ts';
import type { BlobExpiryRules } from '../../core/ports/blob-expiry-rules.ts';
import type { BlobStore, BlobStores } from '../../core/ports/blob-store.ts';

/** Opens the store a locator names: the local store in DATA_DIR, a local store elsewhere, or an S3 bucket. */
export function openBlobStore(locator: string, config: Pick<Config, 'blobs'>): BlobStore {
  const target = parseStoreLocator(locator);
  if (target.kind === 'local') return createLocalBlobStore({ root: target.root ?? config.blobs.root });
  throw new SealpostError('SP_ERR_UNAVAILABLE', { message: 'This build has no S3 blob store' });
}

/** The registry for a config: new blobs go to STORAGE_URL's store; blobs recorded elsewhere are read where they are. */
export function blobStoresFor(config: Pick<Config, 'blobs'>, storageUrl?: string): BlobStores {
  const locator = storeLocator(storageUrl);
  return createBlobStores({ current: { locator, store: openBlobStore(locator, config) }, open: (other) => openBlobStore(other, config) });
}

/** With STORAGE_URL (S3): the bucket's expiry lifecycle rules, kept by a scheduled job; none on local disk. */
export function expiryRulesFor(config: Pick<Config, 'objectStore'>): { rules: BlobExpiryRules; close(): void } | undefined {
  if (!config.objectStore) return undefined;
  const location = parseStorageUrl(config.objectStore.url, credentialsEnv(config.objectStore));
  const client = new S3Client(location.client);
  // The S3 store keeps blobs under `<prefix>blobs/`.
  return { rules: createS3ExpiryRules({ client, bucket: location.bucket, prefix: `${location.prefix}blobs/` }), close: () => client.destroy() };
}

function credentialsEnv(store: NonNullable<Config['objectStore']>): Record<string, string | undefined> {
  return { AWS_ACCESS_KEY_ID: store.accessKeyId, AWS_SECRET_ACCESS_KEY: store.secretAccessKey };
}
