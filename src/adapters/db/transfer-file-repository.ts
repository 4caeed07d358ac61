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

    async markComplete(id, blobKey, at) {
      const result = await db
        .updateTable('transferFiles')
        .set({ status: 'complete', blobKey, completedAt: toDbTime(at) })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
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

    async countDownloads(fileId) {
      const row = await db.selectFrom('transferDownloads').select((eb) => eb.fn.countAll().as('n')).where('fileId', '=', fileId).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
