import { createBlobStores } from '../../adapters/blob/blob-stores.ts';
import { createLocalBlobStore } from '../../adapters/blob/local-blob-store.ts';
import { parseStoreLocator, storeLocator } from '../../adapters/blob/store-locator.ts';
import type { Config } from '../../config/config.ts';
import { SealpostError } from '../../core/errors.ts';
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
