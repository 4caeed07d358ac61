import type { TransferRepository } from '../../core/ports/transfer-repositories.ts';
import type { RepositoryContext } from './repository-context.ts';
import { toDbTime } from './schema.ts';
import { fileToRow, recipientToRow, rowToTransfer, transferToRow } from './transfer-rows.ts';

export function createTransferRepository(ctx: RepositoryContext): TransferRepository {
  const { db } = ctx;
  return {
    async create(transfer, files, recipients) {
      await db.insertInto('transfers').values(transferToRow(transfer)).execute();
      if (files.length > 0) await db.insertInto('transferFiles').values(files.map(fileToRow)).execute();
      if (recipients.length > 0) await db.insertInto('transferRecipients').values(recipients.map(recipientToRow)).execute();
    },

    async get(id) {
      const row = await db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
      return row && rowToTransfer(row);
    },

    async listBySender(senderEmail, options) {
      let query = db.selectFrom('transfers').selectAll();
      if (typeof options.senderUserId === 'string') query = query.where('senderUserId', '=', options.senderUserId);
      else query = query.where('senderEmail', '=', senderEmail);
      if (options.senderUserId === null) query = query.where('senderUserId', 'is', null);
      if (!options.includeReplies) query = query.where('parentTransferId', 'is', null);
      const rows = await query.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
      return rows.map(rowToTransfer);
    },

    async listReplies(parentTransferId) {
      const rows = await db.selectFrom('transfers').selectAll().where('parentTransferId', '=', parentTransferId).orderBy('createdAt').execute();
      return rows.map(rowToTransfer);
    },

    async listThread(rootId) {
      const rows = await db
        .selectFrom('transfers')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', rootId), eb('threadId', '=', rootId)]))
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      // The root first even when a follow-up was created in the same millisecond (the id alone would order them by chance).
      return rows.map(rowToTransfer).sort((a, b) => Number(b.id === rootId) - Number(a.id === rootId));
    },

    async markSent(id, data) {
      const result = await db
        .updateTable('transfers')
        .set({ status: 'sent', manifest: data.manifest, ownerWrappedIdentity: data.ownerWrappedIdentity, sentAt: toDbTime(data.sentAt) })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async markRecalled(id, at) {
      const result = await db
        .updateTable('transfers')
        .set({ status: 'recalled', recalledAt: toDbTime(at) })
        .where('id', '=', id)
        .where('status', '=', 'sent')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async setExpiry(id, { expiresAt, now }) {
      const result = await db
        .updateTable('transfers')
        .set({ expiresAt: toDbTime(expiresAt) })
        .where('id', '=', id)
        .where('status', '=', 'sent')
        .where('expiresAt', '>', toDbTime(now))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async expireDue(now, limit) {
      const rows = await db
        .updateTable('transfers')
        .set({ status: 'expired' })
        .where('id', 'in', (eb) =>
          eb.selectFrom('transfers').select('id').where('status', '=', 'sent').where('expiresAt', '<=', toDbTime(now)).limit(limit),
        )
        .where('status', '=', 'sent')
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async expireUnopened({ orgId, sentBefore, limit }) {
      const rows = await db
        .updateTable('transfers')
        .set({ status: 'expired' })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('transfers as t')
            .select('t.id')
            .where('t.status', '=', 'sent')
            .where('t.orgId', '=', orgId)
            .where('t.parentTransferId', 'is', null)
            .where('t.sentAt', '<=', toDbTime(sentBefore))
            .where((w) => w.not(w.exists(w.selectFrom('transferRecipients as r').select('r.id').whereRef('r.transferId', '=', 't.id').where('r.firstOpenedAt', 'is not', null))))
            .limit(limit),
        )
        .where('status', '=', 'sent')
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async listContentToDelete({ draftCutoff, limit }) {
      const rows = await db
        .selectFrom('transfers')
        .selectAll()
        .where('contentDeletedAt', 'is', null)
        .where((eb) =>
          eb.or([
            eb('status', 'in', ['recalled', 'expired']),
            eb.and([eb('status', '=', 'draft'), eb('createdAt', '<', toDbTime(draftCutoff))]),
          ]),
        )
        .orderBy('createdAt')
        .limit(limit)
        .execute();
      return rows.map(rowToTransfer);
    },

    async listRetired({ orgId, contentDeletedBefore, limit }) {
      const rows = await db
        .selectFrom('transfers as t')
        .select('t.id')
        .where('t.orgId', '=', orgId)
        .where('t.parentTransferId', 'is', null)
        .where('t.status', 'in', ['recalled', 'expired'])
        .where('t.contentDeletedAt', 'is not', null)
        .where('t.contentDeletedAt', '<=', toDbTime(contentDeletedBefore))
        // A reply whose content is still there keeps its message: the sweep deletes both once both are gone.
        .where((eb) => eb.not(eb.exists(eb.selectFrom('transfers as r').select('r.id').whereRef('r.parentTransferId', '=', 't.id').where('r.contentDeletedAt', 'is', null))))
        .orderBy('t.contentDeletedAt')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    async deleteRecords(id) {
      const replies = await db.selectFrom('transfers').select('id').where('parentTransferId', '=', id).execute();
      const family = [...replies.map((r) => r.id), id];
      const recipients = (await db.selectFrom('transferRecipients').select('id').where('transferId', 'in', family).execute()).map((r) => r.id);
      const files = (await db.selectFrom('transferFiles').select('id').where('transferId', 'in', family).execute()).map((r) => r.id);
      await db.deleteFrom('transferDownloads').where('transferId', 'in', family).execute();
      if (files.length > 0) await db.deleteFrom('downloadAllowances').where('fileId', 'in', files).execute();
      if (recipients.length > 0) await db.deleteFrom('verificationCodes').where('subject', 'in', recipients).execute();
      await db.deleteFrom('transferRecipients').where('transferId', 'in', family).execute();
      await db.deleteFrom('transferFiles').where('transferId', 'in', family).execute();
      // Replies first: they reference the message.
      if (replies.length > 0) await db.deleteFrom('transfers').where('parentTransferId', '=', id).execute();
      await db.deleteFrom('transfers').where('id', '=', id).execute();
    },

    async markContentDeleted(id, at) {
      await db.updateTable('transfers').set({ contentDeletedAt: toDbTime(at), manifest: null, ownerWrappedIdentity: null }).where('id', '=', id).execute();
    },

    async storageUsage(owner) {
      let query = db
        .selectFrom('transferFiles')
        .innerJoin('transfers', 'transfers.id', 'transferFiles.transferId')
        .select((eb) => [eb.fn.coalesce(eb.fn.sum('transferFiles.size'), eb.lit(0)).as('bytes'), eb.fn.count('transferFiles.id').as('files')])
        .where('transfers.status', 'in', ['draft', 'sent'])
        .where('transfers.contentDeletedAt', 'is', null);
      if ('senderEmail' in owner) query = query.where('transfers.senderEmail', '=', owner.senderEmail).where('transfers.parentTransferId', 'is', null);
      else if ('orgId' in owner) query = query.where('transfers.orgId', '=', owner.orgId).where('transfers.parentTransferId', 'is', null);
      else query = query.where('transfers.parentRecipientId', '=', owner.parentRecipientId);
      const row = await query.executeTakeFirst();
      return { bytes: Number(row?.bytes ?? 0), files: Number(row?.files ?? 0) };
    },

    async lockStorageOwner(owner) {
      const subject = 'senderEmail' in owner ? `sender:${owner.senderEmail}` : 'orgId' in owner ? `org:${owner.orgId}` : `reply:${owner.parentRecipientId}`;
      // An upsert takes the row's lock until the transaction ends; a parallel one for the same owner waits here.
      await db
        .insertInto('storageOwnerLocks')
        .values({ subject })
        .onConflict((oc) => oc.column('subject').doUpdateSet((eb) => ({ subject: eb.ref('excluded.subject') })))
        .execute();
    },
  };
}
