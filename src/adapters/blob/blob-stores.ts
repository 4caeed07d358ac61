import { SealpostError } from '../../core/errors.ts';
import { DATA_DIR_STORE, type BlobStore, type BlobStores } from '../../core/ports/blob-store.ts';

export interface BlobStoresOptions {
  /** The store new blobs go to, and its locator (src/adapters/blob/store-locator.ts). */
  current: { locator: string; store: BlobStore };
  /** Opens the store for an older locator; called once per locator, then cached. */
  open(locator: string): BlobStore;
}

/**
 * The registry of blob stores: the current one for writes, older ones (as recorded with each blob) opened on
 * first use for reads and deletes. A locator that cannot be opened fails that one request (fail closed): it
 * never falls back to another store.
 */
export function createBlobStores(options: BlobStoresOptions): BlobStores {
  const opened = new Map<string, BlobStore>([[options.current.locator, options.current.store]]);
  return {
    current: options.current.store,
    currentLocator: options.current.locator,
    open(locator) {
      const name = locator ?? DATA_DIR_STORE;
      let store = opened.get(name);
      if (!store) {
        try {
          store = options.open(name);
        } catch (error) {
          throw new SealpostError('SP_ERR_UNAVAILABLE', { message: 'A blob store recorded with this file cannot be opened', cause: error });
        }
        opened.set(name, store);
      }
      return store;
    },
  };
}
