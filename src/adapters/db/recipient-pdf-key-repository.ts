import type { RecipientPdfKeyRepository } from '../../core/ports/recipient-accounts.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime } from './schema.ts';

/** Registered recipients' sealed PDF password material (migration 0029): one row per account, replaced on change. */
export function createRecipientPdfKeyRepository(ctx: RepositoryContext): RecipientPdfKeyRepository {
  const { db } = ctx;
  return {
    async put(accountId, materialSealed, createdAt) {
      await db
        .insertInto('recipientPdfKeys')
        .values({ accountId, materialSealed, createdAt: toDbTime(createdAt) })
        .onConflict((oc) => oc.column('accountId').doUpdateSet({ materialSealed, createdAt: toDbTime(createdAt) }))
        .execute();
    },
    async get(accountId) {
      const row = await db.selectFrom('recipientPdfKeys').select(['materialSealed', 'createdAt']).where('accountId', '=', accountId).executeTakeFirst();
      return row && { materialSealed: row.materialSealed, createdAt: fromDbTime(row.createdAt) };
    },
    async delete(accountId) {
      const result = await db.deleteFrom('recipientPdfKeys').where('accountId', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}
