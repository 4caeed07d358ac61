/**
 * Small secret keys that can be erased for good (crypto-shredding). Secrets the server must be able to
 * forget — recipients' server shares and wrapped keys, link secrets waiting in the outbox — are stored in
 * the database only sealed under such a key; destroying the key makes every copy of the sealed value
 * (old database pages, WAL, dead tuples, backups) useless. A database cannot promise that erasure itself.
 *
 * Deliberately tiny (put/get/destroy of 32-byte keys by id) so an object-store variant is easy. Every
 * server process must see the same store (like the blob store).
 */
export interface ErasableKeyStore {
  /** Stores `key` under `id` durably before returning; an earlier key under the same id is erased first. */
  put(id: string, key: Uint8Array): Promise<void>;
  /** The key, or undefined if it was destroyed (or never stored). */
  get(id: string): Promise<Uint8Array | undefined>;
  /** Erases the key for good. Idempotent: destroying a missing key succeeds. */
  destroy(id: string): Promise<void>;
}

/** Ids are short, file- and URL-safe names such as `recipient-<id>` or `outbox-<random>`. */
export const erasableKeyIdPattern = /^[A-Za-z0-9_-]{1,120}$/;
