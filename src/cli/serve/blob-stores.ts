import { S3Client } from '@aws-sdk/client-s3';
import { createBlobStores } from '../../adapters/blob/blob-stores.ts';
import { createLocalBlobStore } from '../../adapters/blob/local-blob-store.ts';
import { createS3BlobStore } from '../../adapters/blob/s3-blob-store.ts';
import { parseStorageUrl, type S3Location } from '../../adapters/blob/s3-config.ts';
import { createS3ExpiryRules } from '../../adapters/blob/s3-expiry-rules.ts';
import { parseStoreLocator, storeLocator } from '../../adapters/blob/store-locator.ts';
import type { Config } from '../../config/config.ts';
import type { BlobExpiryRules } from '../../core/ports/blob-expiry-rules.ts';
import type { BlobStore, BlobStores } from '../../core/ports/blob-store.ts';

type StoreConfig = Pick<Config, 'blobs' | 'objectStore'>;

/** Object-store credentials: the URL's own, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (as configured). */
function credentialsEnv(config: StoreConfig): Record<string, string | undefined> {
  return { AWS_ACCESS_KEY_ID: config.objectStore?.accessKeyId, AWS_SECRET_ACCESS_KEY: config.objectStore?.secretAccessKey };
}

/** STORAGE_URL's bucket, prefix and client settings (with the configured credentials); undefined on local disk. */
export function objectStoreLocation(config: StoreConfig): S3Location | undefined {
  return config.objectStore ? parseStorageUrl(config.objectStore.url, credentialsEnv(config)) : undefined;
}

/**
 * Opens the store a STORAGE_URL or a recorded locator names: the local store in DATA_DIR (`local`), a local store
 * elsewhere (`file:///…`), or an S3 bucket. A locator carries no credentials: an older S3 store is opened with the
 * configured ones (docs/operations.md: switching stores).
 */
export function openBlobStore(urlOrLocator: string, config: StoreConfig): BlobStore {
  const target = parseStoreLocator(urlOrLocator);
  if (target.kind === 'local') return createLocalBlobStore({ root: target.root ?? config.blobs.root });
  const location = parseStorageUrl(target.url.href, credentialsEnv(config));
  return createS3BlobStore({ client: new S3Client(location.client), bucket: location.bucket, prefix: location.prefix });
}

/**
 * The registry for a config: new blobs go to STORAGE_URL's store (`current`, opened by the caller, or here);
 * blobs recorded elsewhere are read and deleted where they are.
 */
export function blobStoresFor(config: StoreConfig, current?: BlobStore): BlobStores {
  const url = config.objectStore?.url;
  const locator = storeLocator(url);
  return createBlobStores({ current: { locator, store: current ?? openBlobStore(url ?? locator, config) }, open: (other) => openBlobStore(other, config) });
}

/** With STORAGE_URL (S3): the bucket's expiry lifecycle rules, kept by a scheduled job; none on local disk. */
export function expiryRulesFor(objectStore: { location: S3Location; client: S3Client } | undefined): BlobExpiryRules | undefined {
  if (!objectStore) return undefined;
  const { location, client } = objectStore;
  // The S3 store keeps blobs under `<prefix>blobs/`.
  return createS3ExpiryRules({ client, bucket: location.bucket, prefix: `${location.prefix}blobs/` });
}
