import { SealpostError } from '../errors.ts';
import { DATA_DIR_STORE, type BlobStores } from '../ports/blob-store.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { BlobLocation } from '../ports/transfer-repositories.ts';
import { blobKeyFor, expiryDay, keyExpiryDay } from '../transfers/blob-keys.ts';

/**
 * Before a message's expiry moves later: every blob whose key carries an earlier day than the new expiry's is copied
 * (in the store that holds it) to a key with the new day, the row switched, and the old copy deleted. Otherwise the
 * object store's lifecycle rule for the old day (src/core/transfers/blob-keys.ts) would delete content the sender
 * chose to keep. Returns how many blobs moved.
 *
 * Throws SP_ERR_CONFLICT when a file could not be switched although it is still there (another mover holds it, or an
 * interrupted move left an old copy to delete first): the caller must then not extend the expiry.
 */
export async function rekeyBlobsForExpiry(ctx: { repos: Repositories; blobs: BlobStores }, transfer: { id: string; expiresAt: Date }): Promise<number> {
  const day = expiryDay(transfer.expiresAt);
  let moved = 0;
  for (const file of await ctx.repos.files.listByTransfer(transfer.id)) {
    if (file.status !== 'complete' || !file.blobKey || file.deletedAt) continue;
    const current = keyExpiryDay(file.blobKey);
    if (current === undefined || current >= day) continue;
    const from: BlobLocation = { key: file.blobKey, store: file.blobStore ?? DATA_DIR_STORE };
    const to: BlobLocation = { key: blobKeyFor(transfer, file.id), store: from.store };
    const store = ctx.blobs.open(file.blobStore);
    // Inside the store where it can (no bytes through this process); else a put, all-or-nothing. Sizes are checked
    // either way, so a half copy is never switched to.
    if (store.copy) await store.copy(from.key, to.key, { expectedBytes: file.size });
    else await store.put(to.key, await store.get(from.key), { expectedBytes: file.size });
    if (!(await ctx.repos.files.switchBlob(file.id, from, to))) {
      await store.delete(to.key);
      // Deleted meanwhile (recall, sweep), or moved by someone else to a key that is late enough: nothing at risk.
      const now = await ctx.repos.files.get(file.id);
      if (now?.blobKey && !now.deletedAt && (keyExpiryDay(now.blobKey) ?? day) < day) {
        throw new SealpostError('SP_ERR_CONFLICT', { message: 'The files of this message are being moved right now; try again in a few minutes' });
      }
      continue;
    }
    await store.delete(from.key);
    await ctx.repos.files.forgetPreviousBlob(file.id);
    moved += 1;
  }
  return moved;
}
