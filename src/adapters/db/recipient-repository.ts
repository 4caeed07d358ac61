import type { OutboxStatus } from '../../core/ports/outbox.ts';
import type { OutboxDeliveryState, RecipientRepository } from '../../core/ports/transfer-repositories.ts';
import type { RepositoryContext } from './repository-context.ts';
import { toDbTime } from './schema.ts';
import { rowToRecipient } from './transfer-rows.ts';

export function createRecipientRepository(ctx: RepositoryContext): RecipientRepository {
  const { db } = ctx;
  return {
    async get(id) {
      const row = await db.selectFrom('transferRecipients').selectAll().where('id', '=', id).executeTakeFirst();
      return row && rowToRecipient(row);
    },

    async listByTransfer(transferId) {
      const rows = await db.selectFrom('transferRecipients').selectAll().where('transferId', '=', transferId).orderBy('field', 'desc').orderBy('email').execute();
      return rows.map(rowToRecipient);
    },

    async setKeys(id, keys) {
      await db
        .updateTable('transferRecipients')
        .set({ serverShare: keys.serverShare, wrappedIdentity: keys.wrappedIdentity, codeVerifierDigest: keys.codeVerifierDigest, accountKey: keys.accountKey })
        .where('id', '=', id)
        .execute();
    },

    async replaceKeys(id, keys, verification) {
      const result = await db
        .updateTable('transferRecipients')
        .set({
          serverShare: keys.serverShare,
          wrappedIdentity: keys.wrappedIdentity,
          codeVerifierDigest: keys.codeVerifierDigest,
          accountKey: keys.accountKey,
          keyLostAt: null,
          ...(verification ? { method: verification.method, phone: verification.phone } : {}),
        })
        .where('id', '=', id)
        .where('recalledAt', 'is', null)
        .where((eb) =>
          eb.exists(
            eb.selectFrom('transfers').select('transfers.id').whereRef('transfers.id', '=', 'transferRecipients.transferId').where('transfers.status', '=', 'sent'),
          ),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async markNotified(id, at) {
      await db.updateTable('transferRecipients').set({ notifiedAt: toDbTime(at) }).where('id', '=', id).where('notifiedAt', 'is', null).execute();
    },

    async markVerified(id, at) {
      const iso = toDbTime(at);
      const result = await db
        .updateTable('transferRecipients')
        .set((eb) => ({ verifiedAt: iso, failedAttempts: 0, firstOpenedAt: eb.fn.coalesce('firstOpenedAt', eb.val(iso)) }))
        .where('id', '=', id)
        .where('recalledAt', 'is', null)
        // Recall and expiry null both; a row sent to a registered recipient's key never has a server share.
        .where('wrappedIdentity', 'is not', null)
        .where((eb) =>
          eb.exists(
            eb.selectFrom('transfers').select('transfers.id').whereRef('transfers.id', '=', 'transferRecipients.transferId').where('transfers.status', '=', 'sent'),
          ),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async reserveAttempt(id, { max, now }) {
      const row = await db
        .updateTable('transferRecipients')
        .set((eb) => ({ failedAttempts: eb('failedAttempts', '+', 1) }))
        .where('id', '=', id)
        .where('failedAttempts', '<', max)
        .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', toDbTime(now))]))
        .returning('failedAttempts')
        .executeTakeFirst();
      return row === undefined ? undefined : Number(row.failedAttempts);
    },

    async lockUntil(id, until) {
      await db.updateTable('transferRecipients').set({ lockedUntil: toDbTime(until), failedAttempts: 0 }).where('id', '=', id).execute();
    },

    async unlock(id, now) {
      const result = await db
        .updateTable('transferRecipients')
        .set({ lockedUntil: null, failedAttempts: 0 })
        .where('id', '=', id)
        .where('lockedUntil', '>', toDbTime(now))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async destroyKeys(transferId, options) {
      let query = db
        .updateTable('transferRecipients')
        .set({ serverShare: null, wrappedIdentity: null, codeVerifierDigest: null, ...(options.recalledAt ? { recalledAt: toDbTime(options.recalledAt) } : {}) })
        .where('transferId', '=', transferId);
      if (options.recipientId) query = query.where('id', '=', options.recipientId);
      await query.execute();
    },

    async notificationStates(topic, recipientIds) {
      const states = new Map<string, OutboxDeliveryState>();
      if (recipientIds.length === 0) return states;
      const rows = await db
        .selectFrom('outbox')
        .select(['ref', 'status', 'lastError'])
        .where('topic', '=', topic)
        .where('ref', 'in', recipientIds)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      for (const row of rows) if (row.ref) states.set(row.ref, { status: row.status as OutboxStatus, lastError: row.lastError });
      return states;
    },
  };
}
