import { DATA_DIR_STORE } from '../../core/ports/blob-store.ts';
import type { TransferFileRepository } from '../../core/ports/transfer-repositories.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime } from './schema.ts';
import { rowToFile } from './transfer-rows.ts';

export function createTransferFileRepository(ctx: RepositoryContext): TransferFileRepository {
  const { db } = ctx;
  return {
    async get(id) {
      const row = await db.selectFrom('transferFiles').selectAll().where('id', '=', id).executeTakeFirst();
      return row && rowToFile(row);
    },

    async listByTransfer(transferId) {
      return (await db.selectFrom('transferFiles').selectAll().where('transferId', '=', transferId).orderBy('slot').execute()).map(rowToFile);
    },

    async markComplete(id, blob, at) {
      const result = await db
        .updateTable('transferFiles')
        .set({ status: 'complete', blobKey: blob.key, blobStore: blob.store, completedAt: toDbTime(at) })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async listBlobsToMove({ target, after, limit }) {
      const rows = await db
        .selectFrom('transferFiles')
        .innerJoin('transfers', 'transfers.id', 'transferFiles.transferId')
        .select(['transferFiles.id', 'transferFiles.transferId', 'transferFiles.size', 'transferFiles.blobKey', 'transferFiles.blobStore', 'transfers.expiresAt'])
        .where('transferFiles.status', '=', 'complete')
        .where('transferFiles.blobKey', 'is not', null)
        .where('transferFiles.deletedAt', 'is', null)
        .where((eb) => eb(eb.fn.coalesce('transferFiles.blobStore', eb.val(DATA_DIR_STORE)), '<>', target))
        .where('transferFiles.id', '>', after)
        .orderBy('transferFiles.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        transferId: r.transferId,
        size: Number(r.size),
        from: { key: r.blobKey ?? '', store: r.blobStore ?? DATA_DIR_STORE },
        expiresAt: fromDbTime(r.expiresAt) ?? new Date(0),
      }));
    },

    async switchBlob(id, from, to) {
      const result = await db
        .updateTable('transferFiles')
        .set({ blobKey: to.key, blobStore: to.store, previousBlobKey: from.key, previousBlobStore: from.store })
        .where('id', '=', id)
        .where('blobKey', '=', from.key)
        .where((eb) => eb(eb.fn.coalesce('blobStore', eb.val(DATA_DIR_STORE)), '=', from.store))
        .where('deletedAt', 'is', null)
        .where('previousBlobStore', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async listPreviousBlobs(limit) {
      const rows = await db
        .selectFrom('transferFiles')
        .select(['id', 'previousBlobKey', 'previousBlobStore'])
        .where('previousBlobStore', 'is not', null)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, previous: { key: r.previousBlobKey ?? '', store: r.previousBlobStore ?? DATA_DIR_STORE } }));
    },

    async forgetPreviousBlob(id) {
      await db.updateTable('transferFiles').set({ previousBlobKey: null, previousBlobStore: null }).where('id', '=', id).execute();
    },

    async markDeleted(transferId, at) {
      await db.updateTable('transferFiles').set({ deletedAt: toDbTime(at) }).where('transferId', '=', transferId).where('deletedAt', 'is', null).execute();
    },

    async recordDownload(download) {
      const file = await db.selectFrom('transferFiles').select('transferId').where('id', '=', download.fileId).executeTakeFirstOrThrow();
      await db
        .insertInto('transferDownloads')
        .values({ id: ctx.newId(), transferId: file.transferId, fileId: download.fileId, recipientId: download.recipientId, at: toDbTime(download.at) })
        .execute();
    },

    async listDownloads(transferId) {
      const rows = await db.selectFrom('transferDownloads').selectAll().where('transferId', '=', transferId).orderBy('at').orderBy('id').execute();
      return rows.map((r) => ({ fileId: r.fileId, recipientId: r.recipientId, at: fromDbTime(r.at) }));
    },

    async startDownload({ fileId, recipientId }, { max, claimId, until }) {
      // An upsert whose update only happens below the limit: the row lock makes it atomic on PostgreSQL, the
      // single writer on SQLite. No row back = the limit was reached.
      const row = await db
        .insertInto('downloadAllowances')
        .values({ fileId, recipientId, started: 1, servedTo: 0, activeId: claimId, activeUntil: toDbTime(until) })
        .onConflict((oc) =>
          oc
            .columns(['fileId', 'recipientId'])
            .doUpdateSet((eb) => ({
              started: eb('downloadAllowances.started', '+', 1),
              servedTo: 0,
              activeId: eb.ref('excluded.activeId'),
              activeUntil: eb.ref('excluded.activeUntil'),
            }))
            .where('downloadAllowances.started', '<', max),
        )
        .returning('started')
        .executeTakeFirst();
      return row !== undefined;
    },

    async resumeDownload({ fileId, recipientId }, { start, overlap, claimId, now, until }) {
      const row = await db
        .updateTable('downloadAllowances')
        .set({ activeId: claimId, activeUntil: toDbTime(until) })
        .where('fileId', '=', fileId)
        .where('recipientId', '=', recipientId)
        .where((eb) => eb.or([eb('activeId', 'is', null), eb('activeUntil', '<=', toDbTime(now))]))
        .where('servedTo', '<=', start + overlap)
        .returning('servedTo')
        .executeTakeFirst();
      if (row) return { ok: true, servedTo: Number(row.servedTo) };
      // Only to explain the refusal (a retry may succeed when another response still holds the lease).
      const current = await db.selectFrom('downloadAllowances').select(['activeId', 'activeUntil']).where('fileId', '=', fileId).where('recipientId', '=', recipientId).executeTakeFirst();
      const busy = current?.activeId != null && current.activeUntil !== null && current.activeUntil > toDbTime(now);
      return { ok: false, reason: busy ? 'busy' : 'refused' };
    },

    async downloadProgress({ fileId, recipientId }, { claimId, servedTo, until }) {
      const result = await db
        .updateTable('downloadAllowances')
        .set((eb) => ({
          servedTo: eb.case().when('servedTo', '<', servedTo).then(servedTo).else(eb.ref('servedTo')).end(),
          activeId: until ? claimId : null,
          activeUntil: until ? toDbTime(until) : null,
        }))
        .where('fileId', '=', fileId)
        .where('recipientId', '=', recipientId)
        .where('activeId', '=', claimId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
